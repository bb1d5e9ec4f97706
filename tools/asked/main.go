// Command asked writes knowledge/asked.yaml: the in-scope questions of the project's question
// sets, each under the fact that answers it, so that the matcher learns the ways people really
// ask (context, paraphrase, texting, yes/no) from them.
//
// A question goes under the fact the engine answered it from when that answer is right by the
// set's own check, else under the one fact whose answer holds every word the set requires (with
// several, the one citing the sentence the writer named); a question answered "no", one asking
// several things, and one no fact can be told for are left out.
// The engine it asks is built without asked.yaml, so that what it learnt does not label itself.
//
//	go run ./tools/asked -o knowledge/asked.yaml answers/testdata/*.jsonl
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/internal/questionset"
	"github.com/nmi-factbot/nmibot/knowledge"
)

func main() {
	out := flag.String("o", "knowledge/asked.yaml", "where to write the questions")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./tools/asked [-o knowledge/asked.yaml] SET.jsonl...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	b, stats, err := run(flag.Args())
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "asked:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "asked: %d questions under %d facts (%d from right answers, %d from the required words); %d left out\n",
		stats.right+stats.words, stats.facts, stats.right, stats.words, stats.left)
}

type stats struct{ right, words, left, facts int }

// phrases are one fact's questions, by language, as asked.yaml writes them.
type phrases struct {
	FR []string `yaml:"fr,omitempty"`
	EN []string `yaml:"en,omitempty"`
}

func run(paths []string) ([]byte, stats, error) {
	var st stats
	base, err := knowledge.Default()
	if err != nil {
		return nil, st, err
	}
	for _, f := range base.Facts {
		f.Asked = knowledge.Phrases{}
	}
	e, err := answers.New(base)
	if err != nil {
		return nil, st, err
	}
	byFact := map[string]*phrases{}
	seen := map[string]bool{}
	for _, path := range paths {
		items, err := questionset.Read[questionset.Item](path)
		if err != nil {
			return nil, st, err
		}
		for _, it := range items {
			if it.Q == "" || !it.InScope || it.Style == "multi_part" || seen[it.Q] {
				continue
			}
			seen[it.Q] = true
			id, right := label(e, base, it)
			switch {
			case id == "":
				st.left++
				continue
			case right:
				st.right++
			default:
				st.words++
			}
			p := byFact[id]
			if p == nil {
				p = &phrases{}
				byFact[id] = p
			}
			if it.Lang == string(knowledge.French) {
				p.FR = append(p.FR, it.Q)
			} else {
				p.EN = append(p.EN, it.Q)
			}
		}
	}
	st.facts = len(byFact)
	ids := make([]string, 0, len(byFact))
	for id := range byFact {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var doc yaml.Node
	doc.Kind = yaml.MappingNode
	for _, id := range ids {
		var v yaml.Node
		if err := v.Encode(byFact[id]); err != nil {
			return nil, st, err
		}
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: id}, &v)
	}
	var buf bytes.Buffer
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	fmt.Fprintf(&buf, "# Questions people asked, each under the fact that answers it: the in-scope questions of the\n")
	fmt.Fprintf(&buf, "# question sets, as typed. Written by go run ./tools/asked; do not edit by hand. From:\n")
	for _, line := range wrap(strings.Join(names, " "), 96) {
		fmt.Fprintf(&buf, "#   %s\n", line)
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, st, err
	}
	return buf.Bytes(), st, enc.Close()
}

// label returns the fact that answers it, and whether the engine's answer from it was right; ""
// when none can be told.
func label(e *answers.Engine, base *knowledge.Base, it questionset.Item) (id string, right bool) {
	for _, g := range it.Must {
		if len(g) > 0 && !slices.ContainsFunc(g, func(alt string) bool { return !negative[questionset.Fold(alt)] }) {
			// A question answered "no" puts forward what the fact does not say: its words
			// would count for a "yes".
			return "", false
		}
	}
	a := e.Answer(answers.Question{Text: it.Q})
	if _, ok := base.Fact(a.Intent); ok && a.Answered && a.Kind == answers.KindFact && string(a.Lang) == it.Lang &&
		len(questionset.Missing(a.Text, it.Must)) == 0 {
		return a.Intent, true
	}
	// The yes or no of a yes/no question is no word of a fact.
	var words [][]string
	for _, g := range it.Must {
		if !slices.ContainsFunc(g, func(alt string) bool { return yesNo[questionset.Fold(alt)] }) {
			words = append(words, g)
		}
	}
	if len(words) == 0 {
		return "", false
	}
	// Of the facts whose answer holds the words, the one citing the sentence the writer named
	// when there are several.
	var found, cited []string
	for _, f := range base.Facts {
		var text []string
		for _, v := range f.Values {
			text = append(text, v.Answer.In(knowledge.Lang(it.Lang)))
		}
		if len(questionset.Missing(strings.Join(text, " "), words)) == 0 {
			found = append(found, f.ID)
			if citesEvidence(f, it) {
				cited = append(cited, f.ID)
			}
		}
	}
	switch {
	case len(found) == 1:
		return found[0], false
	case len(cited) == 1:
		return cited[0], false
	}
	return "", false
}

// citesEvidence reports whether one of the fact's quotes and the item's evidence overlap: one
// holds the other, or they share a run of evidenceRun words.
func citesEvidence(f *knowledge.Fact, it questionset.Item) bool {
	if it.Evidence == "" {
		return false
	}
	ev := questionset.Fold(it.Evidence)
	for _, v := range f.Values {
		for _, c := range v.Citations {
			if c.Source == nil || c.Source.File != it.Doc {
				continue
			}
			q := questionset.Fold(c.Quote)
			if strings.Contains(q, ev) || strings.Contains(ev, q) || shareRun(strings.Fields(q), strings.Fields(ev), evidenceRun) {
				return true
			}
		}
	}
	return false
}

// evidenceRun is how many words in a row a quote and the evidence share to be the same passage.
const evidenceRun = 5

// shareRun reports whether a and b have n words in a row in common.
func shareRun(a, b []string, n int) bool {
	runs := map[string]bool{}
	for i := 0; i+n <= len(a); i++ {
		runs[strings.Join(a[i:i+n], " ")] = true
	}
	for j := 0; j+n <= len(b); j++ {
		if runs[strings.Join(b[j:j+n], " ")] {
			return true
		}
	}
	return false
}

var (
	yesNo    = map[string]bool{"oui": true, "non": true, "yes": true, "no": true}
	negative = map[string]bool{"non": true, "no": true}
)

// wrap cuts s at spaces into lines of at most n bytes.
func wrap(s string, n int) []string {
	var out []string
	for len(s) > n {
		i := strings.LastIndexByte(s[:n], ' ')
		if i <= 0 {
			break
		}
		out, s = append(out, s[:i]), s[i+1:]
	}
	return append(out, s)
}
