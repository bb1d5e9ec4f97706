package intents

import (
	"bytes"
	"os"
	"testing"

	"github.com/nmi-factbot/nmibot/intents/internal/thesaurus"
)

// thesaurus.yaml is generated from lexicon.yaml and Debian's LibreOffice thesauri; .ci/run
// installs them (mythes-fr, mythes-en-us), so CI checks the table is up to date.
func TestThesaurusIsUpToDate(t *testing.T) {
	for _, f := range []string{thesaurus.DefaultFR, thesaurus.DefaultEN} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("cannot check thesaurus.yaml: %v (install Debian's mythes-fr and mythes-en-us)", err)
		}
	}
	want, err := thesaurus.FromFiles("lexicon.yaml", thesaurus.DefaultFR, thesaurus.DefaultEN)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, thesaurusYAML) {
		t.Errorf("thesaurus.yaml is not what lexicon.yaml and the thesauri make: run go generate ./intents")
	}
}

func TestThesaurusWordsAreConcepts(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct{ q, attr string }{
		{"who's the top dog of NMI?", "head"},     // English, from WordNet
		{"qui est le gérant de la NMI ?", "head"}, // French, from the LibreOffice thesaurus
	}
	for _, tt := range tests {
		if r := m.Match(tt.q, ""); !contains(r.Attributes, tt.attr) {
			t.Errorf("Match(%q).Attributes = %q, want %q", tt.q, r.Attributes, tt.attr)
		}
	}
}
