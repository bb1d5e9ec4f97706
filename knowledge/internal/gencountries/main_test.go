package main

import (
	"slices"
	"testing"
)

func TestWithArticleFollowsTheUsualRule(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"Norvège", "la Norvège"},
		{"Canada", "le Canada"},
		{"Irlande", "l'Irlande"},
		{"Pays-Bas", "les Pays-Bas"},
		{"Îles Cook", "les Îles Cook"},
		{"Île Maurice", "l'Île Maurice"},
		{"Corée du Sud", "la Corée du Sud"},
	} {
		if got := withArticle(c.name); got != c.want {
			t.Errorf("withArticle(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestPluralOfDemonyms(t *testing.T) {
	for _, c := range []struct{ name, lang, want string }{
		{"Norwegian", "eng", "Norwegians"},
		{"Pakistani", "eng", "Pakistanis"},
		{"Chinese", "eng", ""},
		{"Swiss", "eng", ""},
		{"Norvégienne", "fra", "Norvégiennes"},
		{"Français", "fra", ""},
	} {
		if got := plural(c.name, c.lang); got != c.want {
			t.Errorf("plural(%q, %s) = %q, want %q", c.name, c.lang, got, c.want)
		}
	}
}

func TestBuildLeavesOutCommonWordsAndKnownCountries(t *testing.T) {
	var chad, nor, dnk country
	chad.CCA3, chad.Name.Common = "TCD", "Chad"
	chad.Translations = map[string]struct {
		Common string `json:"common"`
	}{"fra": {"Tchad"}}
	nor.CCA3, nor.Name.Common = "NOR", "Norway"
	nor.Translations = map[string]struct {
		Common string `json:"common"`
	}{"fra": {"Norvège"}}
	dnk = nor
	dnk.CCA3, dnk.Name.Common = "DNK", "Denmark"
	common := map[string]bool{"chad": true, "norway": false}
	known := map[string]bool{"denmark": true}

	e, ok := build(chad, common, map[string]bool{}, known)
	if !ok || slices.Contains(e.Names, "chad") || !slices.Contains(e.Names, "tchad") {
		t.Errorf("build(Chad) = %v, %v; want Tchad without the word chad", e, ok)
	}
	if e, ok := build(chad, common, map[string]bool{"chad": true}, known); !ok || !slices.Contains(e.Names, "chad") {
		t.Errorf("build(Chad) with chad kept = %v, %v; want chad", e, ok)
	}
	if e, ok := build(nor, common, nil, known); !ok || e.ID != "country-nor" || e.Label["fr"] != "la Norvège" {
		t.Errorf("build(Norway) = %v, %v", e, ok)
	}
	if _, ok := build(dnk, common, nil, known); ok {
		t.Errorf("build(Denmark): entities.yaml has it, want it left out")
	}
}
