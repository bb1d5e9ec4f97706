package knowledge

import (
	"strings"
	"testing"
)

// sentence returns the sentence of the embedded sources that starts with prefix, white space
// aside.
func sentence(tb testing.TB, b *Base, prefix string) Sentence {
	tb.Helper()
	for _, s := range b.Sentences() {
		if strings.HasPrefix(squash(s.Text).text, prefix) {
			return s
		}
	}
	tb.Fatalf("no sentence of the sources starts with %q", prefix)
	return Sentence{}
}

// Only page furniture is not substantive: a sentence that states something counts, however it
// starts.
func TestSubstantive(t *testing.T) {
	b := mustLoad(t)
	tests := []struct {
		name   string
		prefix string // the sentence of the sources that starts so
		want   bool
	}{
		// Prose, whatever its first word.
		{"a sentence opening with Par ailleurs", "Par ailleurs, l'OTAN complète", true},
		{"a sentence opening with Par la suite", "Par la suite, en août", true},
		{"the first sentence of 003, behind its date stamp", "date 2023-08 La décision a été prise par le Conseil", true},
		{"the quote opening 004, behind its date stamp", `date 2018-02 "Nous venons de nous accorder`, true},
		{"a sentence the page leaves without its period", "Au sommet de Bruxelles, en juillet 2018, les dirigeants des pays de l’Alliance ont lancé", true},
		{"a chronology entry", "22 juin 2004 : Dans une lettre", true},
		{"a short chronology entry", "25 mai 2017 : L’OTAN rejoint la coalition", true},
		// Page furniture.
		{"the update stamp", "Mis à jour le:", false},
		{"a photo caption", "Le secrétaire général de l'OTAN Jens Stoltenberg rencontre", false},
		{"a byline", "Par Belga", false},
		{"a credit", "*Source : Le Soir", false},
		{"a contact line", "**Tél. :", false},
		{"a markdown heading", "## Mission OTAN en Iraq", false},
		{"a heading", "Coopération pratique", false},
		{"a heading that asks", "Quels buts ?", false},
		{"a navigation line", "afficher la chronologie", false},
		{"a name under a portrait", "Lieutenant-général Per Pugholm Olsen", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s := sentence(t, b, tt.prefix); s.Substantive != tt.want {
				t.Errorf("%s:%d: %q substantive = %v, want %v", s.Source.File, s.Line, s.Text, s.Substantive, tt.want)
			}
		})
	}
	// A line as short as a heading that ends on its period states something.
	if !substantive("L’OTAN rejoint la coalition.", true) {
		t.Errorf("substantive(%q) = false, want true", "L’OTAN rejoint la coalition.")
	}
}

// The update stamp is one unit of the page: its date is not cut at "Mar.".
func TestUpdateStampIsOneSentence(t *testing.T) {
	b := mustLoad(t)
	if s := sentence(t, b, "Mis à jour"); squash(s.Text).text != "Mis à jour le: 07 Mar. 2024 16:41" {
		t.Errorf("update stamp = %q, want the whole stamp", s.Text)
	}
}
