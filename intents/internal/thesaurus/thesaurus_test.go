package thesaurus

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func mustRead(tb testing.TB, name string) Thesaurus {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	th, err := Read(f)
	if err != nil {
		tb.Fatalf("Read(%s): %v", name, err)
	}
	return th
}

func TestReadFoldsWordsAndDropsNotes(t *testing.T) {
	th := mustRead(t, "testdata/mini.dat")
	if !th["kick off"]["start"] {
		t.Errorf(`"kick off" = %v, want "start" without its "(generic term)" note`, th["kick off"])
	}
	if !th["chef"]["tete"] {
		t.Errorf(`"chef" = %v, want "tête" folded to "tete"`, th["chef"])
	}
	// Both meanings of "patron" are read.
	if !th["patron"]["commandant"] || !th["patron"]["gabarit"] {
		t.Errorf(`"patron" = %v, want both its meanings`, th["patron"])
	}
}

func TestReadRejectsBrokenFiles(t *testing.T) {
	for _, tt := range []struct{ name, in string }{
		{"empty", ""},
		{"unknown encoding", "KOI8-R\n"},
		{"entry without count", "UTF-8\nchef\n"},
		{"entry ending early", "UTF-8\nchef|2\n(Nom)|patron\n"},
	} {
		if _, err := Read(strings.NewReader(tt.in)); err == nil {
			t.Errorf("Read(%s) = nil error, want one", tt.name)
		}
	}
}

func TestSynonymsNeedLinksToSeveralSeeds(t *testing.T) {
	th := mustRead(t, "testdata/mini.dat")
	no := false
	concepts := []Concept{
		{ID: "head", FR: []string{"chef", "commandant", "dirigeant"}},
		{ID: "off", FR: []string{"chef", "patron"}, Thesaurus: &no},
		{ID: "excluded", FR: []string{"commandant", "dirigeant", "chef"}, Exclude: []string{"patron"}},
	}
	got := Synonyms(concepts, th, 2, func(c Concept) []string { return c.FR })
	// "meneur" links both ways to two seeds, a fair share of its entry; "tête" links to two as
	// well, but its entry is long: too many other meanings; "capitaine" links to one. "patron"
	// links to all three, but is a seed of "off", and no concept takes another's seed.
	want := map[string][]string{"head": {"meneur"}, "excluded": {"meneur"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Synonyms = %v, want %v", got, want)
	}
	concepts[1].FR = []string{"gabarit"}
	got = Synonyms(concepts, th, 2, func(c Concept) []string { return c.FR })
	want = map[string][]string{"head": {"meneur", "patron"}, "excluded": {"meneur"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Synonyms = %v, want %v", got, want)
	}
}
