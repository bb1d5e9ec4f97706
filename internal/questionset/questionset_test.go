package questionset

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestFoldComparesAsTheScorerDoes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Été  2018", "ete 2018"},
		{"l’OTAN", "l'otan"},
		{"15 000 officiers", "15000 officiers"},
		{"15,000 officers", "15000 officers"},
		{"1\u202f000\u00a0000 €", "1000000 €"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMissingReturnsTheGroupsTheTextLacks(t *testing.T) {
	must := [][]string{{"hintzy"}, {"2025", "deux mille vingt-cinq"}, {"général de division", "major general"}}
	got := Missing("Le Général de division Christophe HINTZY commande la NMI.", must)
	if want := [][]string{{"2025", "deux mille vingt-cinq"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Missing = %q, want %q", got, want)
	}
}

func TestVerbatimIgnoresWhiteSpaceOnly(t *testing.T) {
	doc := "La mission OTAN en Iraq (NMI) a été\n  lancée en juillet 2018."
	if !Verbatim(doc, "a été lancée en juillet") {
		t.Error("Verbatim missed a quote across a line break")
	}
	if Verbatim(doc, "a ete lancee en juillet") {
		t.Error("Verbatim accepted a quote without its accents")
	}
}

func TestReadSkipsBlankLinesAndNamesTheBadOne(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	if err := os.WriteFile(good, []byte(`{"id": "a", "q": "Qui ?", "lang": "fr", "in_scope": true, "must": [["x"]]}`+"\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	items, err := Read[Item](good)
	if err != nil || len(items) != 1 || items[0].ID != "a" || !items[0].InScope {
		t.Fatalf("Read = %+v, %v; want one item a, in scope", items, err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"id\": \"a\"}\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read[Item](bad); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2") {
		t.Errorf("Read(bad) error = %v, want it to name bad.jsonl:2", err)
	}
}
