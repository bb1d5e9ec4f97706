// Package thesaurus draws the synonyms of the matcher's concepts from the LibreOffice thesauri
// (MyThes format: Debian's mythes-fr and mythes-en-us), for intents/thesaurus.yaml.
//
// A thesaurus lists, for each word, the words of each of its meanings. A concept's own words
// (its seeds) pick their neighbours: a word becomes a synonym of the concept when the thesaurus
// links it both ways to several of the concept's seeds, for a fair share of its own entry, so that
// "gérant", whose entry holds "chef", "directeur" and "dirigeant", joins the concept of heading,
// while "modèle", which "patron" also lists, does not.
package thesaurus

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// Thesaurus maps a folded word to the folded words of all its meanings.
type Thesaurus map[string]map[string]bool

// Read parses a MyThes .dat file: its encoding on the first line, then each entry as "word|n"
// followed by n lines "(part of speech)|synonym|synonym…".
func Read(r io.Reader) (Thesaurus, error) {
	th := Thesaurus{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	if !sc.Scan() {
		return nil, fmt.Errorf("thesaurus: empty file")
	}
	if enc := strings.TrimSpace(sc.Text()); enc != "UTF-8" && enc != "ISO8859-1" {
		return nil, fmt.Errorf("thesaurus: unknown encoding %q", enc)
	}
	line := 1
	for sc.Scan() {
		line++
		head := strings.Split(sc.Text(), "|")
		if len(head) != 2 {
			return nil, fmt.Errorf("thesaurus: line %d: want word|count", line)
		}
		n, err := strconv.Atoi(head[1])
		if err != nil {
			return nil, fmt.Errorf("thesaurus: line %d: %w", line, err)
		}
		word := Fold(head[0])
		syns := th[word]
		if syns == nil {
			syns = map[string]bool{}
			th[word] = syns
		}
		for range n {
			if !sc.Scan() {
				return nil, fmt.Errorf("thesaurus: line %d: entry %q ends early", line, head[0])
			}
			line++
			for _, s := range strings.Split(sc.Text(), "|")[1:] {
				// "start (generic term)": the note goes.
				if i := strings.IndexByte(s, '('); i >= 0 {
					s = s[:i]
				}
				if f := Fold(s); f != "" && f != word {
					syns[f] = true
				}
			}
		}
	}
	return th, sc.Err()
}

// Fold lowercases s, removes its accents and trims it, as the lexicon's words are compared.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(s))) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(b.String(), "’", "'")), " ")
}

// Concept is a concept of lexicon.yaml as the generator reads it.
type Concept struct {
	ID        string   `yaml:"id"`
	FR        []string `yaml:"fr"`
	EN        []string `yaml:"en"`
	Thesaurus *bool    `yaml:"thesaurus"`
	// Exclude lists words the thesaurus would add that do not mean the concept here.
	Exclude []string `yaml:"thesaurus_exclude"`
}

// maxWords is the longest synonym taken, in words.
const maxWords = 3

// minLinks is, by language, how many of a concept's seeds a word must be linked to (all of them,
// for a concept with fewer): the English thesaurus, from WordNet, keeps each meaning apart, the
// French one lists all meanings of a word together, so it needs more evidence.
var minLinks = map[string]int{"fr": 3, "en": 2}

// minShare is the least share of a word's thesaurus entry that must be seeds of the concept.
const minShare = 0.1

// Synonyms returns the words the thesaurus adds to each concept: linked both ways to links of its
// seeds (or to all of them, for a concept with fewer), for a fair share of their entry, not a seed
// of any concept, not excluded.
func Synonyms(concepts []Concept, th Thesaurus, links int, seedsOf func(Concept) []string) map[string][]string {
	taken := map[string]bool{}
	for _, c := range concepts {
		for _, w := range seedsOf(c) {
			taken[Fold(w)] = true
		}
	}
	out := map[string][]string{}
	for _, c := range concepts {
		if c.Thesaurus != nil && !*c.Thesaurus {
			continue
		}
		seeds := map[string]bool{}
		for _, w := range seedsOf(c) {
			seeds[Fold(w)] = true
		}
		excluded := map[string]bool{}
		for _, w := range c.Exclude {
			excluded[Fold(w)] = true
		}
		need := min(links, len(seeds))
		cands := map[string]bool{}
		for s := range seeds {
			for w := range th[s] {
				cands[w] = true
			}
		}
		var words []string
		for w := range cands {
			if taken[w] || excluded[w] || len(strings.Fields(w)) > maxWords {
				continue
			}
			links := 0
			for s := range seeds {
				if th[w][s] && th[s][w] {
					links++
				}
			}
			// A word whose entry is long has many meanings: its links to the concept must be a
			// fair share of them.
			if links >= need && float64(links) >= minShare*float64(len(th[w])) {
				words = append(words, w)
			}
		}
		if len(words) > 0 {
			sort.Strings(words)
			out[c.ID] = words
		}
	}
	return out
}

// File is thesaurus.yaml.
type File struct {
	Generator string                         `yaml:"generator"`
	Sources   []string                       `yaml:"sources"`
	Concepts  map[string]map[string][]string `yaml:"concepts"`
}

// Generate writes thesaurus.yaml for the concepts of lexicon (the bytes of lexicon.yaml) from the
// French and English thesauri.
func Generate(lexicon []byte, fr, en Thesaurus, sources []string) ([]byte, error) {
	var lx struct {
		Concepts []Concept `yaml:"concepts"`
	}
	if err := yaml.Unmarshal(lexicon, &lx); err != nil {
		return nil, fmt.Errorf("thesaurus: lexicon: %w", err)
	}
	f := File{
		Generator: "go generate ./intents (intents/internal/thesaurus/cmd/genthesaurus)",
		Sources:   sources,
		Concepts:  map[string]map[string][]string{},
	}
	for lang, th := range map[string]Thesaurus{"fr": fr, "en": en} {
		seedsOf := func(c Concept) []string {
			if lang == "fr" {
				return c.FR
			}
			return c.EN
		}
		for id, words := range Synonyms(lx.Concepts, th, minLinks[lang], seedsOf) {
			if f.Concepts[id] == nil {
				f.Concepts[id] = map[string][]string{}
			}
			f.Concepts[id][lang] = words
		}
	}
	var b strings.Builder
	b.WriteString("# Code generated by go generate ./intents from the LibreOffice thesauri; DO NOT EDIT.\n")
	b.WriteString("# Words the thesauri add to the concepts of lexicon.yaml (see intents/internal/thesaurus).\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// The thesauri Debian installs, and where they come from.
const (
	DefaultFR = "/usr/share/mythes/thes_fr.dat"
	DefaultEN = "/usr/share/mythes/th_en_US_v2.dat"
)

// Sources describes the default thesauri in the generated file.
var Sources = []string{
	"thes_fr.dat: Debian package mythes-fr (LibreOffice dictionaries), French thesaurus by Kevin Hendricks, Frédéric Labbé and Laurent Godard (Dicollecte), LGPL-2.1+",
	"th_en_US_v2.dat: Debian package mythes-en-us (LibreOffice dictionaries), English thesaurus built from WordNet 3.0 (Princeton University, WordNet licence, BSD-style)",
}

// FromFiles generates thesaurus.yaml from the lexicon and thesaurus files.
func FromFiles(lexicon, fr, en string) ([]byte, error) {
	lx, err := os.ReadFile(lexicon)
	if err != nil {
		return nil, err
	}
	var ths [2]Thesaurus
	for i, name := range []string{fr, en} {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		ths[i], err = Read(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return Generate(lx, ths[0], ths[1], Sources)
}
