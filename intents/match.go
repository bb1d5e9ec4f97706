package intents

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// Weights of the three ranking signals; they sum to one, so the confidence is within [0, 1].
const (
	weightPhrase   = 0.45 // idf-weighted cosine with the closest example phrasing
	weightBM25     = 0.20 // BM25F over the intent's phrasings, keywords and answer
	weightCoverage = 0.35 // share of the question's weight the intent holds
	// otherAsks scales the score of an intent whose phrasings never ask the question's kind.
	otherAsks = 0.85
)

// Match reads a question and ranks the intents it may ask for. hint is the language to assume
// when the text does not tell (a user's locale); "" means none.
func (m *Matcher) Match(question string, hint knowledge.Lang) Result {
	q := Clean(question)
	r := Result{Question: q}
	// Links say nothing of the question; their words would only count as unknown.
	words := wordsOf(links.ReplaceAllString(truncate(q, MaxRunes), " "))
	r.Lang, r.LangSure = m.language(q, words, hint)
	r.Time = timeOf(words)
	r.Terms = m.analyse(words, r.Lang, true, &r.Unknown)
	r.Asks = asksOf(r.Terms)
	r.Matches = m.rank(r.Terms, r.Lang)
	return r
}

var links = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)

// asksOf returns the kind of the first question word among terms.
func asksOf(terms []string) Asks {
	for _, t := range terms {
		if strings.HasPrefix(t, "@") && !strings.HasPrefix(t, "@m") {
			return Asks(t[1:])
		}
	}
	return AsksAny
}

// language tells French from English by the function words, the accents, and the words seen
// only in one language's phrasings. With no sign either way it takes hint, else English.
func (m *Matcher) language(text string, words []string, hint knowledge.Lang) (knowledge.Lang, bool) {
	var fr, en float64
	for _, w := range words {
		if m.stopLang[French][w] {
			fr++
		}
		if m.stopLang[English][w] {
			en++
		}
		switch m.langWords[w] {
		case inFrench:
			fr += 0.5
		case inEnglish:
			en += 0.5
		}
		if w == whereWord {
			fr++
		}
	}
	if strings.ContainsAny(text, "éèêàâçùûîôëïÉÈÊÀÇ") {
		fr++
	}
	switch {
	case fr > en:
		return French, true
	case en > fr:
		return English, true
	case hint == French || hint == English:
		return hint, false
	}
	return English, false
}

// scored is an intent's ranking while it is computed.
type scored struct {
	intent  int
	cosine  float64
	example int
	bm25    float64
	cover   float64
	total   float64
}

// rank scores the intents that share a term with the question.
func (m *Matcher) rank(terms []string, lang knowledge.Lang) []Match {
	asks := asksOf(terms)
	terms = unique(terms)
	if len(terms) == 0 {
		return nil
	}
	// Dates are optional terms: they help the intents that hold them and cost the others
	// nothing, so "en 2022" does not sink a question whose year no fact names.
	var baseTotal, baseSq float64
	for _, t := range terms {
		if !optional(t) {
			w := m.weight(t)
			baseTotal += w
			baseSq += w * w
		}
	}

	// The closest example of each intent, by cosine over shared terms.
	dots := map[int]float64{}
	optSq := map[int]float64{}
	for _, t := range terms {
		w := m.weight(t)
		for _, e := range m.postings[t] {
			dots[e] += w * w
			if optional(t) {
				optSq[e] += w * w
			}
		}
	}
	byIntent := map[int]*scored{}
	for e, dot := range dots {
		ex := &m.examples[e]
		cos := dot / (math.Sqrt(baseSq+optSq[e]) * ex.norm)
		s := byIntent[ex.intent]
		if s == nil {
			s = &scored{intent: ex.intent, example: e}
			byIntent[ex.intent] = s
		}
		// Prefer an example in the question's language on a tie, to show it as a suggestion.
		if cos > s.cosine || (cos == s.cosine && ex.lang == lang) {
			s.cosine, s.example = cos, e
		}
	}
	// Intents that hold a term only in their keywords or answer still compete.
	for i := range m.docs {
		if byIntent[i] != nil {
			continue
		}
		for _, t := range terms {
			if m.docs[i].has(t) {
				byIntent[i] = &scored{intent: i, example: -1}
				break
			}
		}
	}
	out := make([]*scored, 0, len(byIntent))
	for _, s := range byIntent {
		d := &m.docs[s.intent]
		var bm, cover float64
		total := baseTotal
		for _, t := range terms {
			if !d.has(t) {
				continue
			}
			w := m.weight(t)
			cover += w
			if optional(t) {
				total += w
			}
			var tf float64
			for f := range d.tf {
				if n := d.tf[f][t]; n > 0 {
					tf += fieldWeight[f] * n / (1 - bm25B + bm25B*d.len[f]/m.avgLen[f])
				}
			}
			bm += w * tf / (bm25K1 + tf)
		}
		s.bm25 = bm / total
		s.cover = cover / total
		s.total = weightPhrase*s.cosine + weightBM25*s.bm25 + weightCoverage*s.cover
		// An intent none of whose phrasings asks what the question asks ("who" of a date)
		// probably answers something else.
		if asks != AsksAny && asks != AsksHappened && !d.asks[asks] {
			s.total *= otherAsks
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].total != out[j].total {
			return out[i].total > out[j].total
		}
		return m.intents[out[i].intent].ID < m.intents[out[j].intent].ID
	})
	if len(out) > MaxMatches {
		out = out[:MaxMatches]
	}
	matches := make([]Match, len(out))
	for i, s := range out {
		matches[i] = Match{ID: m.intents[s.intent].ID, Confidence: math.Round(s.total*1000) / 1000}
		if s.example >= 0 && !m.examples[s.example].keyword {
			ex := m.examples[s.example]
			matches[i].Phrase, matches[i].Lang = ex.text, ex.lang
		} else if ps := m.intents[s.intent].Phrases.In(lang); len(ps) > 0 {
			matches[i].Phrase, matches[i].Lang = ps[0], lang
		}
	}
	return matches
}

// optional reports whether a term is part of a date: a year or a month.
func optional(t string) bool {
	return yearOf(t) > 0 || strings.HasPrefix(t, "@m")
}

// keyword finds the keyword that a word the domain does not know abbreviates or misspells by
// omission ("stolten" → "stoltenberg", "hntzy" → "hintzy"): sahilm/fuzzy's in-order subsequence
// match, kept only when the word starts like the keyword and spells most of it.
func (m *Matcher) keyword(w string) (string, bool) {
	n := utf8.RuneCountInString(w)
	if n < minSpell {
		return "", false
	}
	for _, match := range fuzzy.Find(w, m.keywords) {
		k := match.Str
		if strings.ContainsRune(k, ' ') || k[0] != w[0] {
			continue
		}
		if float64(n)/float64(utf8.RuneCountInString(k)) >= 0.6 {
			return k, true
		}
	}
	return "", false
}

// Suggestion is a known question that fits what a user has typed so far.
type Suggestion struct {
	ID     string // the intent it asks for
	Phrase string
}

// Suggest returns up to n example questions in lang that fit typed, best first, for type-ahead
// (Discord autocomplete, Telegram inline mode). It matches in-order subsequences of the folded
// text with sahilm/fuzzy, so "qd nmi lanc" finds "Quand la NMI a-t-elle été lancée ?".
func (m *Matcher) Suggest(typed string, lang knowledge.Lang, n int) []Suggestion {
	typed = Fold(Clean(truncate(typed, MaxRunes)))
	if n <= 0 {
		return nil
	}
	var pool []int
	for i, e := range m.examples {
		if e.lang == lang && !e.keyword {
			pool = append(pool, i)
		}
	}
	if strings.TrimSpace(typed) == "" {
		var out []Suggestion
		seen := map[int]bool{}
		for _, i := range pool {
			if e := m.examples[i]; !seen[e.intent] && len(out) < n {
				seen[e.intent] = true
				out = append(out, Suggestion{ID: m.intents[e.intent].ID, Phrase: e.text})
			}
		}
		return out
	}
	folded := make([]string, len(pool))
	for k, i := range pool {
		folded[k] = Fold(m.examples[i].text)
	}
	// Spaces in what is typed separate words, not letters to find: match without them.
	pattern := strings.Join(strings.Fields(typed), "")
	var out []Suggestion
	seen := map[int]bool{}
	for _, match := range fuzzy.Find(pattern, folded) {
		e := m.examples[pool[match.Index]]
		if seen[e.intent] {
			continue
		}
		seen[e.intent] = true
		out = append(out, Suggestion{ID: m.intents[e.intent].ID, Phrase: e.text})
		if len(out) == n {
			break
		}
	}
	return out
}

// Examples returns the first example question of each intent in lang, in intent order.
func (m *Matcher) Examples(id string, lang knowledge.Lang) []string {
	for _, in := range m.intents {
		if in.ID == id {
			return in.Phrases.In(lang)
		}
	}
	return nil
}
