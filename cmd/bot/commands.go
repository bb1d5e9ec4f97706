package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/nmi-factbot/nmibot/adapters/httpapi"
	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/conversations"
	"github.com/nmi-factbot/nmibot/intents"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// langFlag is a --lang flag: "", "fr" or "en".
type langFlag knowledge.Lang

func (l *langFlag) String() string { return string(*l) }

func (l *langFlag) Set(s string) error {
	switch knowledge.Lang(s) {
	case knowledge.French, knowledge.English, "auto", "":
		if s == "auto" {
			s = ""
		}
		*l = langFlag(s)
		return nil
	}
	return fmt.Errorf("want fr, en or auto, got %q", s)
}

// maxLine is the longest line read from standard input; longer ones are answered as too long.
const maxLine = 1 << 20

func runAsk(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := newFlags("ask", stdout)
	asJSON := fs.Bool("json", false, "print one JSON object per answer")
	var lang langFlag
	fs.Var(&lang, "lang", "reply language when the question does not tell: fr, en or auto")
	if err := parse(fs, args); err != nil {
		return err
	}
	eng, err := answers.Default()
	if err != nil {
		return err
	}
	print := func(a answers.Answer) error {
		if *asJSON {
			b, err := json.Marshal(a)
			if err != nil {
				return fmt.Errorf("encode answer: %w", err)
			}
			_, err = fmt.Fprintf(stdout, "%s\n", b)
			return err
		}
		_, err := fmt.Fprint(stdout, a.String())
		return err
	}
	if fs.NArg() > 0 {
		return print(eng.Answer(answers.Question{Text: strings.Join(fs.Args(), " "), Lang: knowledge.Lang(lang)}))
	}
	// Batch mode: one question a line, one answer each, in order.
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	w := bufio.NewWriter(stdout)
	stdout = w
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := print(eng.Answer(answers.Question{Text: sc.Text(), Lang: knowledge.Lang(lang)})); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	return w.Flush()
}

func runChat(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := newFlags("chat", stdout)
	asJSON := fs.Bool("json", false, "read one message a line, print one JSON object a line (no prompt)")
	var lang langFlag
	fs.Var(&lang, "lang", "reply language when the question does not tell: fr, en or auto")
	if err := parse(fs, args); err != nil {
		return err
	}
	eng, err := answers.Default()
	if err != nil {
		return err
	}
	// Follow-ups ("et en 2019 ?", "source ?", "in English please") refer to the previous question.
	dlg := &answers.Dialogue{Engine: eng, Store: conversations.NewMemory(1, conversations.DefaultTTL)}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	if *asJSON {
		// One conversation for the session, named as the HTTP API names its own.
		id := answers.NewConversationID()
		w := bufio.NewWriter(stdout)
		for sc.Scan() {
			if err := ctx.Err(); err != nil {
				return err
			}
			a, err := dlg.Reply(ctx, "terminal:"+id, answers.Question{Text: sc.Text(), Lang: knowledge.Lang(lang), Channel: "terminal"})
			if err != nil {
				return err
			}
			b, err := json.Marshal(httpapi.Reply{Answer: a, Conversation: id})
			if err != nil {
				return fmt.Errorf("encode answer: %w", err)
			}
			fmt.Fprintf(w, "%s\n", b)
			if err := w.Flush(); err != nil {
				return err
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("read messages: %w", err)
		}
		return nil
	}
	fmt.Fprintln(stdout, "NMI fact bot — posez une question / ask a question (Ctrl-D to quit).")
	for {
		fmt.Fprint(stdout, "> ")
		if !sc.Scan() {
			fmt.Fprintln(stdout)
			return sc.Err()
		}
		if ctx.Err() != nil {
			return nil
		}
		q := strings.TrimSpace(sc.Text())
		if q == "quit" || q == "exit" {
			return nil
		}
		a, err := dlg.Reply(ctx, "terminal", answers.Question{Text: q, Lang: knowledge.Lang(lang), Channel: "terminal"})
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, a)
	}
}

// exportedIntent is one intent as `bot intents --json` writes it, for comparison with other
// engines on the same data.
type exportedIntent struct {
	ID      string            `json:"id"`
	Phrases knowledge.Phrases `json:"phrases"`
	Answer  knowledge.Text    `json:"answer"`
}

func runIntents(_ context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := newFlags("intents", stdout)
	asJSON := fs.Bool("json", false, "print the intents as a JSON array")
	if err := parse(fs, args); err != nil {
		return err
	}
	b, err := knowledge.Default()
	if err != nil {
		return err
	}
	out := make([]exportedIntent, 0, len(b.Facts))
	for _, f := range b.Facts {
		out = append(out, exportedIntent{ID: f.ID, Phrases: f.Questions, Answer: f.Current().Answer})
	}
	if !*asJSON {
		for _, in := range out {
			fmt.Fprintf(stdout, "%s\t%s\n", in.ID, firstOf(in.Phrases.FR))
		}
		return nil
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func firstOf(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

func runCheck(_ context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := newFlags("check", stdout)
	if err := parse(fs, args); err != nil {
		return err
	}
	b, err := knowledge.Default()
	if err != nil {
		return err
	}
	var values, cites, phrases, events int
	for _, f := range b.Facts {
		values += len(f.Values)
		for _, v := range f.Values {
			cites += len(v.Citations)
		}
		phrases += len(f.Questions.FR) + len(f.Questions.EN)
		if !f.Date.IsZero() {
			events++
		}
	}
	fmt.Fprintf(stdout, "fact base OK: %d sources, %d facts (%d dated events, %d with values over time), %d values, %d citations verbatim, %d example questions\n",
		len(b.Sources), len(b.Facts), events, countChanged(b), values, cites, phrases)
	if _, err := answers.New(b); err != nil {
		return err
	}
	return nil
}

func countChanged(b *knowledge.Base) int {
	n := 0
	for _, f := range b.Facts {
		if f.Changed() {
			n++
		}
	}
	return n
}

// runExplain prints what the matcher understood of a question: for maintainers tuning the
// lexicon and the facts' phrasings.
func runExplain(_ context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := newFlags("explain", stdout)
	var lang langFlag
	fs.Var(&lang, "lang", "language hint: fr, en or auto")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"want a question"}
	}
	eng, err := answers.Default()
	if err != nil {
		return err
	}
	r := eng.Matcher().Match(strings.Join(fs.Args(), " "), knowledge.Lang(lang))
	parts := r.Parts
	if len(parts) == 0 {
		parts = []intents.Result{r}
	}
	fmt.Fprintf(stdout, "lang %s (sure %v)\n", r.Lang, r.LangSure)
	for i, p := range parts {
		if len(parts) > 1 {
			fmt.Fprintf(stdout, "-- question %d: %q\n", i+1, p.Text)
		}
		fmt.Fprintf(stdout, "asks %q, type %q, yes/no %v, time %+v\nentities %q, subjects %q, context %q, attributes %q, concepts %q\nterms %q\nunknown %q\n",
			p.Asks, p.Type, p.YesNo, p.Time, p.Entities, p.Subjects, p.Context, p.Attributes, p.Concepts, p.Terms, p.Unknown)
		if !p.Supported {
			fmt.Fprintf(stdout, "not supported: no fact gives this of %q\n", p.Subjects)
		}
		for _, m := range p.Matches {
			fmt.Fprintf(stdout, "%.3f %s fits=%v covers=%v (%s)\n", m.Confidence, m.ID, m.Fits, m.Covers, m.Phrase)
		}
	}
	return nil
}

// runCoverage lists the sentences of the sources that no fact cites, so a maintainer sees what
// the bot cannot answer yet, and prints the share of substantive sentences covered.
func runCoverage(_ context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := newFlags("coverage", stdout)
	all := fs.Bool("all", false, "also list the sentences that are not substantive (captions, contacts, headings)")
	if err := parse(fs, args); err != nil {
		return err
	}
	b, err := knowledge.Default()
	if err != nil {
		return err
	}
	var n, covered int
	for _, s := range b.Sentences() {
		if !s.Substantive {
			if *all {
				fmt.Fprintf(stdout, "-  %s:%d: (not substantive) %s\n", s.Source.File, s.Line, s.Text)
			}
			continue
		}
		n++
		if b.Covered(s) {
			covered++
			continue
		}
		fmt.Fprintf(stdout, "✗  %s:%d: %s\n", s.Source.File, s.Line, s.Text)
	}
	fmt.Fprintf(stdout, "%d of %d substantive sentences cited by a fact (%.1f%%)\n", covered, n, 100*float64(covered)/float64(max(n, 1)))
	return nil
}

// runTimeline prints the dated events of the fact base in order, each with its source and line.
func runTimeline(_ context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := newFlags("timeline", stdout)
	from := fs.String("from", "1900", "first year or month (YYYY or YYYY-MM)")
	to := fs.String("to", "2099", "last year or month (YYYY or YYYY-MM)")
	var lang langFlag
	fs.Var(&lang, "lang", "language: fr or en (default: the one bot ask replies in when a question does not tell)")
	if err := parse(fs, args); err != nil {
		return err
	}
	f, err := knowledge.ParseDate(*from)
	if err != nil {
		return usageError{"--from: " + err.Error()}
	}
	t, err := knowledge.ParseDate(*to)
	if err != nil {
		return usageError{"--to: " + err.Error()}
	}
	eng, err := answers.Default()
	if err != nil {
		return err
	}
	// No text to tell a language by: the matcher says which one bot ask would reply in.
	l := eng.Matcher().Language("", knowledge.Lang(lang))
	b := eng.Base()
	events := b.EventsIn(f, t)
	for _, ev := range events {
		c := ev.Current().Citations[0]
		fmt.Fprintf(stdout, "%-18s %s\n%18s [%s:%d]\n", ev.Date.Format(l), ev.Current().Answer.In(l), "", c.Source.File, c.Line)
	}
	fmt.Fprintf(stdout, "%d events\n", len(events))
	return nil
}
