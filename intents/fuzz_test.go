package intents

import (
	"testing"
	"unicode/utf8"
)

// FuzzMatch feeds the matcher arbitrary text: it must never panic, and what it returns must stay
// within its contract. Run long with: go test ./intents -fuzz FuzzMatch -fuzztime 10m
func FuzzMatch(f *testing.F) {
	for _, s := range []string{
		"Quand la NMI a-t-elle été lancée ?", "qd la nmi a ete lancee", "who commnds the nato mision in irak",
		"que s'est-il passé entre 2015 et 2017 ?", "le 1er mars 2016", "15 000 officiers", "où ou",
		"\xff\xfe", "😀", "<b>x</b> _*[", "ntm-i", "l'", "'''", "2015-2017-2019", "de juillet 2018 à",
	} {
		f.Add(s)
	}
	m := mustMatcher(f)
	f.Fuzz(func(t *testing.T, s string) {
		r := m.Match(s, "")
		if !utf8.ValidString(r.Question) {
			t.Errorf("Question %q is not valid UTF-8", r.Question)
		}
		if r.Lang != French && r.Lang != English {
			t.Errorf("Lang = %q", r.Lang)
		}
		if len(r.Matches) > MaxMatches {
			t.Errorf("%d matches", len(r.Matches))
		}
		for i, x := range r.Matches {
			if x.Confidence < 0 || x.Confidence > 1.0001 {
				t.Errorf("confidence %v out of [0, 1]", x.Confidence)
			}
			if i > 0 && x.Confidence > r.Matches[i-1].Confidence {
				t.Errorf("matches out of order: %+v", r.Matches)
			}
		}
		if r.Time != nil && (!r.Time.From.Valid() || !r.Time.To.Valid() || r.Time.To.Before(r.Time.From)) {
			t.Errorf("time %+v is not a valid span", r.Time)
		}
		m.Suggest(s, French, 3)
	})
}
