package intents

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// Matcher ranks the intents a question may ask for. It is safe for concurrent use: it is never
// changed after NewMatcher.
type Matcher struct {
	phrases   phraseTable       // word sequences → one term (aliases, question words, synonyms)
	wordTerms map[string]string // one folded word → its term, before stemming
	stop      map[string]bool
	stopLang  map[knowledge.Lang]map[string]bool
	langWords map[string]langMask            // folded words seen in French or English phrasings and answers
	stems     map[langMask]map[string]string // by language, stem → concept term of its synonym group
	entities  map[string]bool                // the terms of aliases: names of parties and missions
	spell     *speller

	intents     []Intent
	docs        []doc
	examples    []example
	postings    map[string][]int32      // term → examples holding it
	docPostings map[string][]docPosting // term → intents holding it, with its BM25F part
	scratch     sync.Pool               // of *scratch
	df          map[string]int
	idf         map[string]float64
	unknownW    float64           // weight of a term no intent holds
	avgLen      [3]float64        // average field length, by field
	keywords    map[byte][]string // folded one-word keywords by first byte, for subsequence lookup

	typeahead map[langMask]typeahead // by language, for Suggest

	stemCache map[langMask]map[string]string
	words     map[string][]string // wordsOf of the texts indexed, while indexing: each is read twice
	indexing  bool                // true only inside NewMatcher, while the stem cache may grow
}

type langMask uint8

const (
	inFrench langMask = 1 << iota
	inEnglish
)

// The fields of an intent's document, with their weights in BM25F.
const (
	fieldPhrases = iota
	fieldKeywords
	fieldAnswer
)

var fieldWeight = [3]float64{fieldPhrases: 1, fieldKeywords: 2, fieldAnswer: 0.5}

// unknownFactor scales the weight of a word no intent holds, relative to the rarest word that
// one does: a word the domain has never seen says more about a question than any known word.
const unknownFactor = 1.3

// BM25 parameters: k1 as usual; b low, since an intent with many phrasings is not "longer" in
// the sense BM25 penalises.
const (
	bm25K1 = 1.2
	bm25B  = 0.3
)

// doc is an intent's bag of terms, by field.
type doc struct {
	tf   [3]map[string]float64
	len  [3]float64
	asks map[Asks]bool // the kinds of question its phrasings ask
}

// typeahead is one language's example phrasings, folded for subsequence matching.
type typeahead struct {
	examples []int32
	folded   []string
}

// docPosting is an intent holding a term, with the term's BM25F contribution to its score.
type docPosting struct {
	doc  int32
	bm25 float64
}

// example is one phrasing of an intent, as a set of terms.
type example struct {
	intent int32
	text   string
	lang   knowledge.Lang
	terms  []string
	norm   float64 // idf-weighted length
	// keyword is true for an intent's keyword standing as an example: matched, never shown.
	keyword bool
}

// Options are what NewMatcher builds from besides the intents.
type Options struct {
	// Lexicon is the language knowledge; nil means DefaultLexicon.
	Lexicon *Lexicon
	// Corpus is more domain text (the source documents) whose words are real words of the
	// domain: typos snap to them, and they are never taken for typos themselves.
	Corpus []string
}

// NewMatcher indexes the intents.
func NewMatcher(intents []Intent, opt Options) (*Matcher, error) {
	lx := opt.Lexicon
	if lx == nil {
		var err error
		if lx, err = DefaultLexicon(); err != nil {
			return nil, err
		}
	}
	m := &Matcher{
		wordTerms:   map[string]string{},
		stop:        map[string]bool{},
		stopLang:    map[knowledge.Lang]map[string]bool{},
		langWords:   map[string]langMask{},
		stems:       map[langMask]map[string]string{inFrench: {}, inEnglish: {}},
		entities:    map[string]bool{},
		postings:    map[string][]int32{},
		docPostings: map[string][]docPosting{},
		df:          map[string]int{},
		idf:         map[string]float64{},
		intents:     intents,
		stemCache:   map[langMask]map[string]string{inFrench: {}, inEnglish: {}},
		indexing:    true,
	}
	m.words = map[string][]string{}
	defer func() { m.indexing, m.words = false, nil }()
	if err := m.learnLexicon(lx); err != nil {
		return nil, err
	}
	vocab := map[string]int{}
	see := func(text string, mask langMask) {
		for _, w := range m.wordsOnce(text) {
			vocab[w]++
			m.langWords[w] |= mask
		}
	}
	ids := map[string]bool{}
	for _, in := range intents {
		if ids[in.ID] {
			return nil, fmt.Errorf("intents: duplicate intent %q", in.ID)
		}
		ids[in.ID] = true
		for _, lang := range knowledge.Langs {
			mask := maskOf(lang)
			for _, p := range in.Phrases.In(lang) {
				see(p, mask)
			}
			see(in.Answer.In(lang), mask)
		}
		for _, k := range in.Keywords {
			see(k, 0)
		}
	}
	for _, text := range opt.Corpus {
		see(text, 0)
	}
	for _, words := range lx.words() {
		for _, w := range wordsOf(words) {
			vocab[w]++
		}
	}
	for w := range m.stop {
		vocab[w]++
	}
	m.spell = newSpeller(vocab, m.stop)
	m.index()
	return m, nil
}

func maskOf(lang knowledge.Lang) langMask {
	if lang == English {
		return inEnglish
	}
	return inFrench
}

// English and French are the languages of questions; short names for knowledge's.
const (
	English = knowledge.English
	French  = knowledge.French
)

func (m *Matcher) learnLexicon(lx *Lexicon) error {
	for lang, words := range lx.Stopwords {
		set := map[string]bool{}
		for _, w := range words {
			ws := wordsOf(w)
			if len(ws) > 1 {
				// A phrase that says nothing ("en ce moment", "right now") goes as a whole.
				m.phrases.add(ws, dropTerm)
				continue
			}
			for _, f := range ws {
				set[f] = true
				m.stop[f] = true
			}
		}
		m.stopLang[lang] = set
	}
	// A term for a sequence of words: one word maps directly, several go to the phrase table.
	addTerm := func(surface, term string) {
		words := wordsOf(surface)
		switch len(words) {
		case 0:
		case 1:
			m.wordTerms[words[0]] = term
		default:
			m.phrases.add(words, term)
		}
	}
	for canon, forms := range lx.Aliases {
		term := strings.Join(wordsOf(canon), "_")
		m.entities[term] = true
		addTerm(canon, term)
		for _, f := range forms {
			addTerm(f, term)
		}
	}
	for asks, forms := range lx.Questions {
		for _, f := range forms {
			addTerm(f, asksTerm(asks))
		}
	}
	for name, n := range months {
		m.wordTerms[name] = monthTerm(n)
	}
	for _, group := range lx.Synonyms {
		if len(group) == 0 {
			continue
		}
		concept := conceptTerm(group)
		for _, f := range group {
			words := wordsOf(f)
			if len(words) > 1 {
				m.phrases.add(words, concept)
				continue
			}
			for _, w := range words {
				if _, taken := m.wordTerms[w]; taken {
					return fmt.Errorf("intents: lexicon: synonym %q is also an alias or a question word", f)
				}
				// Each stemmer's stem goes in its own language's table, so that the French stem
				// of "planes" (plan) is not taken for the English "planning".
				m.stems[inFrench][french.Stem(w, false)] = concept
				m.stems[inEnglish][english.Stem(w, false)] = concept
			}
		}
	}
	return nil
}

// index builds the BM25F documents, the examples and their postings.
func (m *Matcher) index() {
	m.docs = make([]doc, len(m.intents))
	for i, in := range m.intents {
		d := &m.docs[i]
		for f := range d.tf {
			d.tf[f] = map[string]float64{}
		}
		d.asks = map[Asks]bool{}
		for _, lang := range knowledge.Langs {
			for _, p := range in.Phrases.In(lang) {
				terms := m.terms(m.wordsOnce(p), lang, false)
				d.add(fieldPhrases, terms)
				m.examples = append(m.examples, example{intent: int32(i), text: p, lang: lang, terms: unique(terms)})
				d.asks[asksOf(terms)] = true
			}
			d.add(fieldAnswer, m.terms(m.wordsOnce(in.Answer.In(lang)), lang, false))
		}
		for _, k := range in.Keywords {
			// Keywords are names and acronyms: either language's stem may be asked. Each is also
			// an example of its own, so that "hintzy" alone is as close as a full question.
			terms := unique(append(m.terms(wordsOf(k), French, false), m.terms(wordsOf(k), English, false)...))
			d.add(fieldKeywords, terms)
			if len(terms) > 0 {
				m.examples = append(m.examples, example{intent: int32(i), text: k, keyword: true, terms: terms})
			}
		}
		for t := range d.terms() {
			m.df[t]++
		}
	}
	n := float64(len(m.intents))
	for t, df := range m.df {
		m.idf[t] = math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
	}
	m.unknownW = unknownFactor * math.Log(1+(n+0.5)/0.5)
	var total [3]float64
	for _, d := range m.docs {
		for f := range total {
			total[f] += d.len[f]
		}
	}
	for f := range total {
		m.avgLen[f] = max(total[f]/max(n, 1), 1)
	}
	for i := range m.examples {
		e := &m.examples[i]
		for _, t := range e.terms {
			w := m.weight(t)
			e.norm += w * w
			m.postings[t] = append(m.postings[t], int32(i))
		}
		e.norm = math.Sqrt(e.norm)
	}
	for i := range m.docs {
		d := &m.docs[i]
		for t := range d.terms() {
			var tf float64
			for f := range d.tf {
				if n := d.tf[f][t]; n > 0 {
					tf += fieldWeight[f] * n / (1 - bm25B + bm25B*d.len[f]/m.avgLen[f])
				}
			}
			m.docPostings[t] = append(m.docPostings[t], docPosting{doc: int32(i), bm25: m.weight(t) * tf / (bm25K1 + tf)})
		}
	}
	m.scratch.New = func() any { return m.newScratch() }
	m.typeahead = map[langMask]typeahead{}
	for i, e := range m.examples {
		if e.keyword {
			continue
		}
		ta := m.typeahead[maskOf(e.lang)]
		ta.examples = append(ta.examples, int32(i))
		ta.folded = append(ta.folded, Fold(e.text))
		m.typeahead[maskOf(e.lang)] = ta
	}
	// Keywords of one word, by first letter: an abbreviation starts like what it abbreviates.
	seen := map[string]bool{}
	m.keywords = map[byte][]string{}
	for _, in := range m.intents {
		for _, k := range in.Keywords {
			f := Fold(k)
			if !seen[f] && f != "" && !strings.ContainsRune(f, ' ') {
				seen[f] = true
				m.keywords[f[0]] = append(m.keywords[f[0]], f)
			}
		}
	}
	for _, ks := range m.keywords {
		sort.Strings(ks)
	}
}

func (d *doc) add(field int, terms []string) {
	for _, t := range terms {
		d.tf[field][t]++
	}
	d.len[field] += float64(len(terms))
}

func (d *doc) terms() map[string]bool {
	set := map[string]bool{}
	for _, tf := range d.tf {
		for t := range tf {
			set[t] = true
		}
	}
	return set
}

// weight is a term's idf, or the weight of a term no intent holds.
func (m *Matcher) weight(t string) float64 {
	if w, ok := m.idf[t]; ok {
		return w
	}
	return m.unknownW
}

func unique(terms []string) []string {
	seen := make(map[string]bool, len(terms))
	out := terms[:0:0]
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// terms turns folded words into the terms matched: aliases, question words, months and synonyms
// become their term, stop words go, other words are stemmed in lang. When query is true, words
// the domain does not know are first corrected to the closest domain word, if one is close.
func (m *Matcher) terms(words []string, lang knowledge.Lang, query bool) []string {
	return m.analyse(words, lang, query, nil)
}

// analyse is terms, also reporting the words left unknown.
func (m *Matcher) analyse(words []string, lang knowledge.Lang, query bool, unknown *[]string) []string {
	if query {
		// Correct typos first, so that a misspelt alias ("nato mision in irak") is still one.
		fixed := make([]string, len(words))
		for i, w := range words {
			fixed[i] = m.correct(w)
		}
		words = fixed
	}
	words = m.phrases.replace(words)
	out := make([]string, 0, len(words))
	for _, w := range words {
		switch t, ok := m.wordTerms[w]; {
		case w == dropTerm:
		case isTerm(w):
			out = append(out, w)
		case ok:
			out = append(out, t)
		case m.stopLang[lang][w], len(w) == 1 && !isDigits(w):
			// Stop words and lone letters carry no meaning of their own.
		case isDigits(w):
			out = append(out, w)
		default:
			t := m.stem(w, lang, query)
			if unknown != nil && m.df[t] == 0 {
				*unknown = append(*unknown, w)
			}
			out = append(out, t)
		}
	}
	return out
}

// correct returns the domain word a word the domain does not know was meant to be, by edit
// distance or as an abbreviated keyword, or the word itself.
func (m *Matcher) correct(w string) string {
	if m.spell.known(w) || isDigits(w) || isTerm(w) {
		return w
	}
	if fixed, ok := m.spell.correct(w); ok {
		return fixed
	}
	if k, ok := m.keyword(w); ok {
		return k
	}
	return w
}

// dropTerm is what the phrase table makes of a phrase that carries no meaning.
const dropTerm = "@-"

// isTerm reports whether w is already a term made by the phrase table.
func isTerm(w string) bool {
	return strings.HasPrefix(w, "@") || strings.HasPrefix(w, "=") || strings.Contains(w, "_")
}

// stem returns the term of a word in lang: its synonym group's concept, or its stem. A question's
// word whose stem in lang is unknown to the index but known in the other language (a name, a
// borrowed word) takes that one.
func (m *Matcher) stem(w string, lang knowledge.Lang, query bool) string {
	s := m.stemIn(w, lang)
	if c, ok := m.stems[maskOf(lang)][s]; ok {
		return c
	}
	if query && m.df[s] == 0 {
		other := French
		if lang == French {
			other = English
		}
		s2 := m.stemIn(w, other)
		if c, ok := m.stems[maskOf(other)][s2]; ok {
			return c
		}
		if m.df[s2] > 0 {
			return s2
		}
	}
	return s
}

// wordsOnce is wordsOf, remembered while indexing: the vocabulary and the index read the same
// phrasings and answers.
func (m *Matcher) wordsOnce(text string) []string {
	if w, ok := m.words[text]; ok {
		return w
	}
	w := wordsOf(text)
	m.words[text] = w
	return w
}

// stemIn stems w in lang. Stems met while indexing are kept, since the phrasings repeat the same
// words many times; after NewMatcher the cache is only read, so Match stays safe to share.
func (m *Matcher) stemIn(w string, lang knowledge.Lang) string {
	cache := m.stemCache[maskOf(lang)]
	if s, ok := cache[w]; ok {
		return s
	}
	s := snowballStem(w, lang)
	if m.indexing {
		cache[w] = s
	}
	return s
}

func snowballStem(w string, lang knowledge.Lang) string {
	if lang == English {
		return english.Stem(w, false)
	}
	return french.Stem(w, false)
}
