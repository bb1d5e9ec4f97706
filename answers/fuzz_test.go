package answers

import (
	"testing"
	"unicode/utf8"
)

// FuzzAnswer feeds the engine arbitrary questions: no panic, always a reply, and an answer is
// always backed by a citation. Run long with: go test ./answers -fuzz FuzzAnswer -fuzztime 10m
func FuzzAnswer(f *testing.F) {
	for _, s := range []string{
		"Qui commande la NMI ?", "Que s'est-il passé en mars 2019 ?", "what happened before 2004",
		"Qui commandait la NMI en 2019 ?", "combien d'alliés avant 2018", "entre 2030 et 2040",
		"", "\x00", "\xff", "😀🚀", "**x**", "<script>",
	} {
		f.Add(s)
	}
	e := mustEngine(f)
	f.Fuzz(func(t *testing.T, s string) {
		a := e.Answer(Question{Text: s})
		if a.Text == "" || !utf8.ValidString(a.Text) {
			t.Errorf("Answer(%q).Text = %q", s, a.Text)
		}
		if a.Answered && len(a.Citations) == 0 {
			t.Errorf("Answer(%q) answered without citation", s)
		}
		if a.Answered != (a.Kind == KindFact || a.Kind == KindPassage) {
			t.Errorf("Answer(%q): answered %v, kind %q", s, a.Answered, a.Kind)
		}
		if a.Citations == nil || a.Suggestions == nil {
			t.Errorf("Answer(%q) has a nil list", s)
		}
	})
}
