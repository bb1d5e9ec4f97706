package answers

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"github.com/nmi-factbot/nmibot/knowledge"
	"github.com/nmi-factbot/nmibot/seeds"
)

// benchQuestions mix what people ask: plain, typos, time, out of scope.
var benchQuestions = []string{
	"Quand la NMI a-t-elle été lancée ?",
	"who commnds the nato mision in irak",
	"Qui commandait la NMI en 2019 ?",
	"Que s'est-il passé en décembre 2008 ?",
	"Combien de personnes la NTM-I a-t-elle formées ?",
	"What's the weather in Baghdad today?",
	"awacs",
	"Quelle est la capitale de la France ?",
}

// BenchmarkAnswer is one question end to end: normalise, match, compose.
func BenchmarkAnswer(b *testing.B) {
	for _, scale := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("facts=x%d", scale), func(b *testing.B) {
			e := scaledEngine(b, scale)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				e.Answer(Question{Text: benchQuestions[i%len(benchQuestions)]})
			}
		})
	}
}

// BenchmarkAnswerKinds splits the cost by what the question gets: a fact, the timeline, a
// refusal, or the closest passage of the sources.
func BenchmarkAnswerKinds(b *testing.B) {
	e := scaledEngine(b, 1)
	for _, tt := range []struct{ name, q string }{
		{"fact", "Qui commande la NMI ?"},
		{"timeline", "Que s'est-il passé en décembre 2008 ?"},
		{"declined", "What is the price of bitcoin?"},
		{"passage", "défis communs menaces capacités"},
	} {
		b.Run(tt.name, func(b *testing.B) {
			e.Answer(Question{Text: tt.q}) // builds the lazy indexes (passages, speller), as a first question does
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				e.Answer(Question{Text: tt.q})
			}
		})
	}
}

// BenchmarkAnswerLongWords asks questions that are one new word of 500 letters each, the longest
// read, so that no cache of corrections helps: bad input costs about what a question costs.
func BenchmarkAnswerLongWords(b *testing.B) {
	e := scaledEngine(b, 1)
	e.Answer(Question{Text: "Qui comande la NMI ?"}) // builds the lazy indexes, as a first question does
	const letters = "qwertyuiopasdfghjklzxcvbnm"
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		w := []byte(strings.Repeat(letters, 20)[:500])
		for n, j := i, 0; n > 0; n, j = n/26, j+1 {
			w[j] = letters[n%26] // a word never asked before
		}
		i++
		e.Answer(Question{Text: string(w)})
	}
}

// BenchmarkStartup is what the binary does before its first answer: load and validate the fact
// base (every quote against its seed), then index it.
func BenchmarkStartup(b *testing.B) {
	for _, scale := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("facts=x%d", scale), func(b *testing.B) {
			data := scaledData(b, scale)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				base, err := knowledge.Load(data, seeds.FS)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := New(base); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func scaledEngine(tb testing.TB, scale int) *Engine {
	tb.Helper()
	base, err := knowledge.Load(scaledData(tb, scale), seeds.FS)
	if err != nil {
		tb.Fatal(err)
	}
	e, err := New(base)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// scaledData is the embedded fact base with each fact copied scale times. Each copy's questions
// carry a word of their own, so the vocabulary grows with the base as it would with new facts.
func scaledData(tb testing.TB, scale int) fs.FS {
	tb.Helper()
	src := knowledge.Data()
	out := fstest.MapFS{}
	for _, name := range []string{"sources.yaml", "entities.yaml", "attributes.yaml"} {
		b, err := fs.ReadFile(src, name)
		if err != nil {
			tb.Fatal(err)
		}
		out[name] = &fstest.MapFile{Data: b}
	}
	files, _ := fs.Glob(src, "facts/*.yaml")
	for _, name := range files {
		b, err := fs.ReadFile(src, name)
		if err != nil {
			tb.Fatal(err)
		}
		var facts []map[string]any
		if err := yaml.Unmarshal(b, &facts); err != nil {
			tb.Fatal(err)
		}
		var all []map[string]any
		for copyN := range scale {
			for _, f := range facts {
				c := map[string]any{}
				for k, v := range f {
					c[k] = v
				}
				if copyN > 0 {
					c["id"] = fmt.Sprintf("%s-x%d", f["id"], copyN)
					qs := f["questions"].(map[string]any)
					nq := map[string]any{}
					for lang, list := range qs {
						var l []any
						for _, q := range list.([]any) {
							l = append(l, fmt.Sprintf("%s synth%d", strings.TrimSuffix(q.(string), " ?"), copyN))
						}
						nq[lang] = l
					}
					c["questions"] = nq
				}
				all = append(all, c)
			}
		}
		nb, err := yaml.Marshal(all)
		if err != nil {
			tb.Fatal(err)
		}
		out[name] = &fstest.MapFile{Data: nb}
	}
	// The questions people asked, under each copy of their fact too.
	b, err := fs.ReadFile(src, "asked.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	var asked map[string]map[string][]string
	if err := yaml.Unmarshal(b, &asked); err != nil {
		tb.Fatal(err)
	}
	all := map[string]map[string][]string{}
	for id, byLang := range asked {
		for copyN := range scale {
			key, suffix := id, ""
			if copyN > 0 {
				key, suffix = fmt.Sprintf("%s-x%d", id, copyN), fmt.Sprintf(" synth%d", copyN)
			}
			qs := map[string][]string{}
			for lang, list := range byLang {
				for _, q := range list {
					qs[lang] = append(qs[lang], q+suffix)
				}
			}
			all[key] = qs
		}
	}
	nb, err := yaml.Marshal(all)
	if err != nil {
		tb.Fatal(err)
	}
	out["asked.yaml"] = &fstest.MapFile{Data: nb}
	return out
}

// BenchmarkAnswerSets answers every question of the project's question sets, in the styles people
// write (context, paraphrase, texting, yes/no, several questions, traps): the figure to compare
// with another engine on the same questions, per question.
func BenchmarkAnswerSets(b *testing.B) {
	e := mustEngine(b)
	var qs []string
	files, _ := filepath.Glob(filepath.Join("testdata", "*.jsonl"))
	for _, f := range files {
		for _, it := range readJSONL[item](b, f) {
			qs = append(qs, it.Q)
		}
	}
	for _, q := range qs {
		e.Answer(Question{Text: q}) // builds the lazy indexes, as first questions do
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		e.Answer(Question{Text: qs[i%len(qs)]})
	}
}
