package intents

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nmi-factbot/nmibot/knowledge"
)

//go:embed lexicon.yaml
var lexiconYAML []byte

// Lexicon is what the matcher knows of the language of questions beyond the intents' phrasings:
// aliases, question words, synonyms and stop words. Its format is documented in lexicon.yaml.
type Lexicon struct {
	Aliases   map[string][]string         `yaml:"aliases"`
	Questions map[Asks][]string           `yaml:"questions"`
	Synonyms  [][]string                  `yaml:"synonyms"`
	Stopwords map[knowledge.Lang][]string `yaml:"stopwords"`
}

// DefaultLexicon returns the lexicon embedded in the binary.
func DefaultLexicon() (*Lexicon, error) {
	return ParseLexicon(lexiconYAML)
}

// ParseLexicon reads a lexicon in the format of lexicon.yaml.
func ParseLexicon(b []byte) (*Lexicon, error) {
	var lx Lexicon
	if err := yaml.Unmarshal(b, &lx); err != nil {
		return nil, fmt.Errorf("intents: lexicon: %w", err)
	}
	return &lx, nil
}

// words returns every form the lexicon lists, for the vocabulary of known words.
func (lx *Lexicon) words() []string {
	var out []string
	for canon, forms := range lx.Aliases {
		out = append(append(out, canon), forms...)
	}
	for _, forms := range lx.Questions {
		out = append(out, forms...)
	}
	for _, group := range lx.Synonyms {
		out = append(out, group...)
	}
	return out
}

// phraseTable replaces sequences of words by one term, longest sequence first.
type phraseTable struct {
	byFirst map[string][][]string // first word → sequences (with their term last), longest first
}

func (p *phraseTable) add(words []string, term string) {
	if len(words) == 0 {
		return
	}
	if p.byFirst == nil {
		p.byFirst = map[string][][]string{}
	}
	seq := append(append([]string(nil), words...), term)
	list := append(p.byFirst[words[0]], seq)
	sort.SliceStable(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	p.byFirst[words[0]] = list
}

// replace returns words with every known sequence replaced by its term.
func (p *phraseTable) replace(words []string) []string {
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		n, term := p.at(words[i:])
		if n == 0 {
			out = append(out, words[i])
			i++
			continue
		}
		out = append(out, term)
		i += n
	}
	return out
}

func (p *phraseTable) at(words []string) (int, string) {
	for _, seq := range p.byFirst[words[0]] {
		n := len(seq) - 1
		if n > len(words) {
			continue
		}
		match := true
		for k := 1; k < n; k++ {
			if words[k] != seq[k] {
				match = false
				break
			}
		}
		if match {
			return n, seq[n]
		}
	}
	return 0, ""
}

// conceptTerm names the concept of a synonym group after its first word.
func conceptTerm(group []string) string {
	return "=" + strings.Join(wordsOf(group[0]), "_")
}

// asksTerm is the term a question word becomes.
func asksTerm(a Asks) string { return "@" + string(a) }
