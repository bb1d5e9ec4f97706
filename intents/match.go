package intents

import (
	"math"
	"regexp"
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
	// missingConcept scales the score of an intent for each concept of the question it lacks.
	missingConcept = 0.85
	// onlyNames scales the score of an intent that shares no concept nor other content with the
	// question: only names, dates and question words.
	onlyNames = 0.6
)

// Match reads a question and ranks the intents it may ask for. hint is the language to assume
// when the text does not tell (a user's locale); "" means none.
func (m *Matcher) Match(question string, hint knowledge.Lang) Result {
	q := Clean(question)
	r := Result{Question: q}
	// Links say nothing of the question; their words would only count as unknown.
	words := wordsOf(links.ReplaceAllString(m.withoutSpeaker(truncate(q, MaxRunes)), " "))
	r.Lang, r.LangSure = m.language(q, words, hint)
	r.Time = timeOf(words)
	for i, w := range words {
		// "Name some topics…" asks for a list, not for a name.
		r.AsksName = r.AsksName || (nameWords[w] && !(i == 0 && w == "name"))
	}
	if r.Time == nil {
		// "Before" asks for an earlier value when it precedes a name ("avant le général Hintzy",
		// "before Olsen"), not an action ("avant de prendre le commandement").
		r.Earlier = beforeName.MatchString(q)
		for _, w := range words {
			r.Earlier = r.Earlier || predecessorWords[w]
		}
	}
	for _, w := range words {
		r.Now = r.Now || nowWords[w]
	}
	r.Terms = m.analyse(words, r.Lang, true, &r.Unknown)
	r.Asks = asksOf(r.Terms)
	r.TwoQuestions = m.twoQuestions(words)
	r.Matches = m.rank(r.Terms, r.Lang)
	return r
}

// twoQuestions reports whether words ask two things: two different question words, or "et"/"and"
// right before a question word.
func (m *Matcher) twoQuestions(words []string) bool {
	words = m.phrases.replace(words)
	seen := map[string]bool{}
	for i, w := range words {
		if t, ok := m.wordTerms[w]; ok {
			w = t
		}
		if !strings.HasPrefix(w, "@") || strings.HasPrefix(w, "@m") {
			continue
		}
		seen[w] = true
		if i > 0 && (words[i-1] == "et" || words[i-1] == "and") {
			return true
		}
	}
	return len(seen) > 1
}

// conjunction splits "… et quand …", "… and who …": what comes before it, and after.
var conjunction = regexp.MustCompile(`(?i)^(.+?)[\s,;]+(?:et|and)\s+(.+)$`)

// Split cuts a question that asks two things into its two questions, the second given the names
// of the first when it has none of its own: "qui commande la NMI et depuis quand existe-t-elle ?"
// → "qui commande la NMI", "depuis quand existe-t-elle NMI".
func (m *Matcher) Split(question string) (first, second string, ok bool) {
	q := Clean(question)
	sm := conjunction.FindStringSubmatch(q)
	if sm == nil {
		return "", "", false
	}
	// The second part must open with a question word, within its first three words.
	words := m.phrases.replace(wordsOf(sm[2]))
	opens := false
	for i, w := range words {
		if i == 3 {
			break
		}
		t, ok := m.wordTerms[w]
		if !ok {
			t = w
		}
		if strings.HasPrefix(t, "@") && !strings.HasPrefix(t, "@m") {
			opens = true
		}
	}
	if !opens {
		return "", "", false
	}
	hasName := func(terms []string) bool {
		for _, t := range terms {
			if m.entities[t] {
				return true
			}
		}
		return false
	}
	second = sm[2]
	if !hasName(m.terms(words, French, false)) {
		for _, t := range m.terms(m.phrases.replace(wordsOf(sm[1])), French, false) {
			if m.entities[t] {
				second += " " + t
			}
		}
	}
	return sm[1], second, true
}

// nameWords ask for a name.
var nameWords = map[string]bool{"name": true, "named": true, "called": true, "nom": true, "appelle": true, "appelait": true, "prenom": true}

// KnownName reports whether a word is one of the lexicon's names of parties, missions and places
// (OTAN, Iraq, Bagdad, NMI…), as opposed to a name the lexicon does not know.
func (m *Matcher) KnownName(word string) bool {
	t, ok := m.wordTerms[Fold(word)]
	return ok && m.entities[t]
}

// beforeName is "before" followed, within three words, by a capitalised name.
var beforeName = regexp.MustCompile(`\b(?:[Aa]vant|[Bb]efore|[Pp]rior to)\s+(?:\S+\s+){0,2}\p{Lu}`)

// predecessorWords ask for what came before something: "Olsen's predecessor".
var predecessorWords = map[string]bool{
	"predecessor": true, "predecesseur": true, "precedent": true, "previous": true, "anterieur": true,
}

// nowWords ask about the present: "actuellement", "currently", "today".
var nowWords = map[string]bool{
	"actuellement": true, "aujourdhui": true, "maintenant": true, "actuel": true, "actuelle": true,
	"currently": true, "current": true, "now": true, "today": true, "nowadays": true, "presently": true,
}

// speaker is a short lead before a colon: "Éloïse : quand la NMI …", as chats quote who speaks.
var speaker = regexp.MustCompile(`^([^:?!.]{1,40}?)\s*:\s+(\S.*)$`)

// withoutSpeaker drops a lead before a colon when it says nothing of the question: a name or a
// nickname the domain does not know, or words about the asking ("Pour un article :"). A lead the
// domain knows ("NMI : qui commande ?") stays part of the question.
func (m *Matcher) withoutSpeaker(q string) string {
	sm := speaker.FindStringSubmatch(q)
	if sm == nil {
		return q
	}
	for _, w := range m.phrases.replace(wordsOf(sm[1])) {
		if w == dropTerm || m.stop[w] {
			continue
		}
		if m.spell.known(w) || isDigits(w) || isTerm(w) {
			return q
		}
	}
	return sm[2]
}

var links = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)

// asksOf returns the kind of the first question word among terms; "what happened" wins over
// any other, as "qu'est-ce qui s'est passé" holds a "qui" that asks for no one.
func asksOf(terms []string) Asks {
	for _, t := range terms {
		if t == asksTerm(AsksHappened) {
			return AsksHappened
		}
	}
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

// scratch holds one ranking's accumulators, indexed by example and by intent, so that a question
// costs a walk over the postings of its terms and no map. Matchers pool them.
type scratch struct {
	dots, optSq       []float64 // by example: dot product with the question, its dates' share
	bm, cover, docOpt []float64 // by intent: BM25F sum, weight covered, dates' weight covered
	cos               []float64 // by intent: best cosine of its examples
	concepts, content []int32   // by intent: how many of the question's concepts, content terms it holds
	best              []int32   // by intent: that example
	exTouched         []int32
	docTouched        []int32
}

func (m *Matcher) newScratch() *scratch {
	ne, nd := len(m.examples), len(m.intents)
	sc := &scratch{
		dots: make([]float64, ne), optSq: make([]float64, ne),
		bm: make([]float64, nd), cover: make([]float64, nd), docOpt: make([]float64, nd),
		cos: make([]float64, nd), best: make([]int32, nd),
		concepts: make([]int32, nd), content: make([]int32, nd),
	}
	for i := range sc.best {
		sc.best[i] = -1
	}
	return sc
}

// reset clears what a ranking touched, for the next one.
func (sc *scratch) reset() {
	for _, e := range sc.exTouched {
		sc.dots[e], sc.optSq[e] = 0, 0
	}
	for _, d := range sc.docTouched {
		sc.bm[d], sc.cover[d], sc.docOpt[d], sc.cos[d], sc.best[d] = 0, 0, 0, 0, -1
		sc.concepts[d], sc.content[d] = 0, 0
	}
	sc.exTouched, sc.docTouched = sc.exTouched[:0], sc.docTouched[:0]
}

// rank scores the intents that share a term with the question and returns the best.
func (m *Matcher) rank(terms []string, lang knowledge.Lang) []Match {
	asks := asksOf(terms)
	terms = unique(terms)
	if len(terms) == 0 {
		return nil
	}
	concepts := 0
	for _, t := range terms {
		if c, _ := m.kindOf(t); c {
			concepts++
		}
	}
	sc := m.scratch.Get().(*scratch)
	defer func() {
		sc.reset()
		m.scratch.Put(sc)
	}()

	// Dates are optional terms: they help the intents that hold them and cost the others
	// nothing, so "en 2022" does not sink a question whose year no fact names.
	var baseTotal, baseSq float64
	for _, t := range terms {
		w := m.weight(t)
		opt := optional(t)
		if !opt {
			baseTotal += w
			baseSq += w * w
		}
		for _, e := range m.postings[t] {
			if sc.dots[e] == 0 {
				sc.exTouched = append(sc.exTouched, e)
			}
			sc.dots[e] += w * w
			if opt {
				sc.optSq[e] += w * w
			}
		}
		concept, content := m.kindOf(t)
		for _, p := range m.docPostings[t] {
			if sc.cover[p.doc] == 0 {
				sc.docTouched = append(sc.docTouched, p.doc)
			}
			sc.bm[p.doc] += p.bm25
			sc.cover[p.doc] += w
			if opt {
				sc.docOpt[p.doc] += w
			}
			if concept {
				sc.concepts[p.doc]++
			}
			if content {
				sc.content[p.doc]++
			}
		}
	}
	// The closest example of each intent, by cosine; on a tie, one in the question's language,
	// to show as a suggestion.
	for _, e := range sc.exTouched {
		ex := &m.examples[e]
		cos := sc.dots[e] / (math.Sqrt(baseSq+sc.optSq[e]) * ex.norm)
		d := ex.intent
		if b := sc.best[d]; b < 0 || cos > sc.cos[d] || (cos == sc.cos[d] && ex.lang == lang && m.examples[b].lang != lang) {
			sc.cos[d], sc.best[d] = cos, e
		}
	}
	type scored struct {
		intent int32
		total  float64
	}
	var top []scored // best first, at most MaxMatches
	for _, d := range sc.docTouched {
		total := baseTotal + sc.docOpt[d]
		s := weightPhrase*sc.cos[d] + weightBM25*sc.bm[d]/total + weightCoverage*sc.cover[d]/total
		// An intent none of whose phrasings asks what the question asks ("who" of a date)
		// probably answers something else.
		if asks != AsksAny && asks != AsksHappened && !m.docs[d].asks[asks] {
			s *= otherAsks
		}
		// A synonym group's concept is what a question asks about (commanding, launching, a
		// country): an intent that lacks one answers something else of the same subject.
		if concepts > 0 {
			lacks := concepts - int(sc.concepts[d])
			s *= math.Pow(missingConcept, float64(lacks))
			// Sharing only names, dates and question words with the question, and none of
			// what it asks about ("who commanded NTM-I in 2005" of an event of NTM-I in 2005),
			// is not answering it.
			if lacks == concepts && sc.content[d] == 0 {
				s *= onlyNames
			}
		}
		i := len(top)
		for i > 0 && (s > top[i-1].total || (s == top[i-1].total && m.intents[d].ID < m.intents[top[i-1].intent].ID)) {
			i--
		}
		if i < MaxMatches {
			top = append(top, scored{})
			copy(top[i+1:], top[i:])
			top[i] = scored{intent: d, total: s}
			if len(top) > MaxMatches {
				top = top[:MaxMatches]
			}
		}
	}
	matches := make([]Match, len(top))
	for i, s := range top {
		matches[i] = Match{ID: m.intents[s.intent].ID, Confidence: math.Round(s.total*1000) / 1000}
		if e := sc.best[s.intent]; e >= 0 && !m.examples[e].keyword {
			matches[i].Phrase, matches[i].Lang = m.examples[e].text, m.examples[e].lang
		} else if ps := m.intents[s.intent].Phrases.In(lang); len(ps) > 0 {
			matches[i].Phrase, matches[i].Lang = ps[0], lang
		}
	}
	return matches
}

// kindOf tells a concept (a synonym group: what a question asks about) and a content term
// (anything but names of parties, dates and question words).
func (m *Matcher) kindOf(t string) (concept, content bool) {
	switch {
	case strings.HasPrefix(t, "="):
		return true, true
	case strings.HasPrefix(t, "@"), optional(t), m.entities[t]:
		return false, false
	}
	return false, true
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
	for _, match := range fuzzy.Find(w, m.keywords[w[0]]) {
		k := match.Str
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
	pool := m.typeahead[maskOf(lang)]
	var out []Suggestion
	seen := map[int32]bool{}
	add := func(e int32) bool {
		ex := m.examples[e]
		if !seen[ex.intent] {
			seen[ex.intent] = true
			out = append(out, Suggestion{ID: m.intents[ex.intent].ID, Phrase: ex.text})
		}
		return len(out) == n
	}
	if strings.TrimSpace(typed) == "" {
		for _, e := range pool.examples {
			if add(e) {
				break
			}
		}
		return out
	}
	// Spaces in what is typed separate words, not letters to find: match without them.
	pattern := strings.Join(strings.Fields(typed), "")
	for _, match := range fuzzy.Find(pattern, pool.folded) {
		if add(pool.examples[match.Index]) {
			break
		}
	}
	return out
}
