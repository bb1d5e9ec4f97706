package intents

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// phraseSet is a set of word sequences, by their first word, found at a position of a word list.
type phraseSet map[string][][]string

func newPhraseSet(tok *tokenizer, phrases ...[]string) phraseSet {
	ps := phraseSet{}
	for _, list := range phrases {
		for _, p := range list {
			if ws := tok.words(p); len(ws) > 0 {
				ps[ws[0]] = append(ps[ws[0]], ws)
			}
		}
	}
	return ps
}

// at returns the length of the longest sequence that starts at words[i], or 0; 0 for an i out
// of words, so that no reading of a short question reads past it.
func (ps phraseSet) at(words []string, i int) int {
	if i < 0 || i >= len(words) {
		return 0
	}
	best := 0
	for _, p := range ps[words[i]] {
		if len(p) > best && i+len(p) <= len(words) && equalWords(p[1:], words[i+1:i+len(p)]) {
			best = len(p)
		}
	}
	return best
}

// in reports whether a sequence stands anywhere in words.
func (ps phraseSet) in(words []string) bool {
	for i := range words {
		if ps.at(words, i) > 0 {
			return true
		}
	}
	return false
}

// marks are the lexicon's markers, ready to find in a question's words.
type marks struct {
	name, earlier, now phraseSet
	future, exact      phraseSet
	exactFigure        phraseSet
	before, beforeOwn  phraseSet
	startDoing         phraseSet
	startDoingBy       phraseSet // "to", « à »: what joins a word of starting to what is started
	requestOpen        phraseSet // "can you list…": a request, not a yes/no question
	yesNoOpen          phraseSet
	yesNoTail          phraseSet
	wh, whStart, only  phraseSet
	notOnly            phraseSet
	articles           phraseSet // "the", « le »: before "number" they make it a noun
	outside, pronouns  phraseSet
	personal           phraseSet // pronouns of a person: "he", « lui »
	whereFrom          phraseSet // the word that, ending a where-question, asks an origin: "from"
	impersonal         phraseSet // « il y a », « il faut »: a pronoun of no one
	countryOf          phraseSet // "which country": of a person, where they are from
	indirect           phraseSet // « je me demande », "tell me": a question word after them opens a question
	expecting          phraseSet // « pensait », "thought": in a how-many question, what was expected
	expectingConcepts  []string  // the concepts they do not ask then: opinion
	ever, without      phraseSet
	negations          phraseSet
	cleft              phraseSet
	doing, auxiliary   phraseSet
	saying             phraseSet // verbs of saying: "what did he say…" asks what was said, not done
	doingNouns         phraseSet // "what decision…": right after a question word, what was done
	auxAfter           phraseSet
	conjunction        phraseSet
	leadEnd            phraseSet
	relative           phraseSet
	objectOf           phraseSet
	complementOf       phraseSet // « du », "of": a role after them is a complement (« que pense-t-il du premier ministre ? »)
	locative           phraseSet // « à », "in": a place after them in a yes/no question is put forward
	demonstratives     phraseSet
	relativeAfter      phraseSet
	relativeWh         phraseSet
	sequence           phraseSet
	inversion          *regexp.Regexp // "a-t-elle", "partent-ils": a verb and its subject, inverted
	beforeName         *regexp.Regexp // "before" and, within three words, a capitalised name
	according          *regexp.Regexp // "d'après", "according to": who says what follows
	accordingWords     phraseSet      // the same, as words
	sourceNouns        phraseSet      // what names a document: "dispatch", « dépêche »
	exclusive          []exclusiveValue
	yes, no            knowledge.Text
}

// originTerm is the concept a where-question ending in "from" asks: where someone comes from.
const originTerm = "=nationality"

func newMarks(lx *Lexicon, tok *tokenizer) marks {
	mk := lx.Markers
	var open, tail []string
	for _, l := range mk.YesNoOpen {
		open = append(open, l...)
	}
	for _, l := range mk.YesNoTail {
		tail = append(tail, l...)
	}
	return marks{
		name:              newPhraseSet(tok, mk.Name),
		earlier:           newPhraseSet(tok, mk.Earlier),
		now:               newPhraseSet(tok, mk.Now),
		future:            newPhraseSet(tok, mk.Future),
		exact:             newPhraseSet(tok, mk.Exact),
		exactFigure:       newPhraseSet(tok, mk.ExactFigure),
		before:            newPhraseSet(tok, mk.Before),
		beforeOwn:         newPhraseSet(tok, mk.BeforeOwn),
		yesNoOpen:         newPhraseSet(tok, open),
		yesNoTail:         newPhraseSet(tok, tail),
		wh:                newPhraseSet(tok, mk.Wh),
		indirect:          newPhraseSet(tok, mk.Indirect),
		expecting:         newPhraseSet(tok, mk.Expecting.Words),
		expectingConcepts: mk.Expecting.Concepts,
		whStart:           newPhraseSet(tok, mk.WhStart),
		only:              newPhraseSet(tok, mk.Only),
		notOnly:           newPhraseSet(tok, mk.NotOnly),
		articles:          newPhraseSet(tok, mk.Articles),
		outside:           newPhraseSet(tok, mk.Outside),
		ever:              newPhraseSet(tok, mk.Ever),
		startDoing:        newPhraseSet(tok, mk.StartDoing),
		startDoingBy:      newPhraseSet(tok, mk.StartDoingBy),
		requestOpen:       newPhraseSet(tok, mk.RequestOpen),
		cleft:             newPhraseSet(tok, mk.Cleft),
		without:           newPhraseSet(tok, mk.Without),
		negations:         newPhraseSet(tok, mk.Negations),
		pronouns:          newPhraseSet(tok, mk.Pronouns),
		personal:          newPhraseSet(tok, mk.Personal),
		whereFrom:         newPhraseSet(tok, mk.WhereFrom),
		impersonal:        newPhraseSet(tok, mk.Impersonal),
		countryOf:         newPhraseSet(tok, mk.CountryOf),
		doing:             newPhraseSet(tok, mk.Doing),
		auxiliary:         newPhraseSet(tok, mk.Auxiliary),
		saying:            newPhraseSet(tok, mk.Saying),
		doingNouns:        newPhraseSet(tok, mk.DoingNouns),
		auxAfter:          newPhraseSet(tok, mk.AuxAfter),
		conjunction:       newPhraseSet(tok, mk.Conjuction),
		leadEnd:           newPhraseSet(tok, mk.LeadEnd),
		relative:          newPhraseSet(tok, mk.Relative),
		objectOf:          newPhraseSet(tok, mk.ObjectOf),
		complementOf:      newPhraseSet(tok, mk.ComplementOf),
		locative:          newPhraseSet(tok, mk.Locative),
		demonstratives:    newPhraseSet(tok, mk.Demonstratives),
		relativeAfter:     newPhraseSet(tok, mk.RelativeAfter),
		relativeWh:        newPhraseSet(tok, mk.RelativeWh),
		sequence:          newPhraseSet(tok, mk.Sequence),
		inversion:         regexp.MustCompile(`(?i)(\pL+)-(?:` + alternation(mk.Inversion) + `)\b`),
		exclusive:         exclusiveValues(mk.Exclusive, tok),
		accordingWords:    newPhraseSet(tok, mk.According),
		sourceNouns:       newPhraseSet(tok, mk.SourceNouns),
		according:         regexp.MustCompile(`(?:^|[^\pL])(?:` + caseless(mk.According) + `)\s`),
		beforeName:        regexp.MustCompile(`\b(?:` + caseless(mk.Before) + `)\s+(?:\S+\s+){0,2}\p{Lu}`),
		yes:               mk.Yes,
		no:                mk.No,
	}
}

// exclusiveValue is a value of a class of which one excludes the others, with its words.
type exclusiveValue struct {
	key   string // "class:value"
	words phraseSet
}

func exclusiveValues(classes map[string]map[string][]string, tok *tokenizer) []exclusiveValue {
	var out []exclusiveValue
	for class, values := range classes {
		for v, words := range values {
			out = append(out, exclusiveValue{key: class + ":" + v, words: newPhraseSet(tok, words)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// outsideReach is how many words after « hors de », "outside" say what a text puts something
// outside of.
const outsideReach = 4

// OutsideIn returns the terms of what a text says something is outside of: "region", "euro",
// "atlant" of « hors de la région euro-atlantique ». A yes/no question asking whether it is in
// that, of such a text, is answered no.
func (m *Matcher) OutsideIn(text string, lang knowledge.Lang) []string {
	words := m.tok.words(text)
	var out []string
	for i := range words {
		n := m.marks.outside.at(words, i)
		if n == 0 {
			continue
		}
		end := min(len(words), i+n+outsideReach)
		for _, t := range m.terms(words[i+n:end], lang, false) {
			if t != "" && !isAsks(t) && !contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// NegatedIn returns what a text denies: after each word of negation ("refused", « faute de »), the
// terms of the first negatedReach words that carry meaning, up to the next punctuation ("refused
// to grant immunity" → grant, immunity). Names are not denied: "Baghdad refused" denies nothing of
// Baghdad.
func (m *Matcher) NegatedIn(text string, lang knowledge.Lang) [][]string {
	sp := m.tok.spans(text)
	words := make([]string, len(sp))
	for i, x := range sp {
		words[i] = x.w
	}
	var out [][]string
	for i := 0; i < len(words); i++ {
		n := m.marks.negations.at(words, i)
		if n == 0 {
			continue
		}
		end := i + n
		for end < len(words) && end < i+n+negatedWords && !strings.ContainsAny(text[sp[end-1].end:sp[end].start], ",;:.!?()–—") {
			end++
		}
		var denied []string
		for _, t := range m.terms(words[i+n:end], lang, false) {
			if len(denied) < negatedReach && t != "" && !isAsks(t) && !strings.HasPrefix(t, "#") && !contains(denied, t) {
				denied = append(denied, t)
			}
		}
		if len(denied) > 0 {
			out = append(out, denied)
		}
		i += n - 1
	}
	return out
}

// negatedReach is how many terms after a word of negation it denies, among its next negatedWords
// words.
const (
	negatedReach = 2
	negatedWords = 6
)

// ExclusiveIn returns the exclusive values a text says, as "class:value" ("his second visit":
// "rank:second"). A word inside a longer name (« le premier ministre ») says none.
func (m *Matcher) ExclusiveIn(text string) []string {
	var out []string
	words := m.tok.words(text)
	for i := range words {
		if n, _ := m.phrases.at(words[i:]); n > 1 {
			continue
		}
		for _, v := range m.marks.exclusive {
			if v.words.at(words, i) > 0 && !contains(out, v.key) {
				out = append(out, v.key)
			}
		}
	}
	return out
}

// alternation writes words as a regular expression's alternatives.
func alternation(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(quoted, "|")
}

// caseless is alternation with each alternative matched whatever its case.
func caseless(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `(?i:` + strings.ReplaceAll(regexp.QuoteMeta(w), " ", `\s+`) + `)`
	}
	return strings.Join(quoted, "|")
}

// Yes returns "yes" in lang.
func (m *Matcher) Yes(lang knowledge.Lang) string { return m.marks.yes.In(lang) }

// No returns "no" in lang.
func (m *Matcher) No(lang knowledge.Lang) string { return m.marks.no.In(lang) }

// clause is a piece of a message: a question asked, or context around the questions, with its
// words as the tokenizer reads them.
type clause struct {
	text     string
	question bool
	words    []string
	elided   string // the elision that opens it ("qu" of "qu'est-ce"), if any
	// elliptical is true of a question that asks what the one before asks, of something else:
	// "…le concept d'opération, puis le plan d'opération ?".
	elliptical bool
}

func newClause(src string, sp []span, from, to int, question bool) clause {
	c := clause{text: strings.TrimSpace(src[from:to]), question: question, words: make([]string, len(sp))}
	for i, x := range sp {
		c.words[i] = x.w
	}
	if len(sp) > 0 {
		c.elided = sp[0].elided
	}
	return c
}

// sentences splits a message at the end of its sentences: after "?" or "!", and after "." or ";"
// before a capital, a digit or a quote, and at line breaks.
func sentences(text string) []string {
	var out []string
	start := 0
	cut := func(end int) {
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
	}
	// prev2, prev are the two runes before r.
	var prev2, prev rune
	for i, r := range text {
		end := i + utf8.RuneLen(r)
		next, n := utf8.DecodeRuneInString(text[end:])
		switch {
		case r == '\n':
			cut(end)
		case (r == '—' || r == '–') && unicode.IsSpace(prev) && (end == len(text) || unicode.IsSpace(next)) &&
			len(strings.Fields(text[end:])) >= dashQuestion:
			// "Forget the summit photo op — when did NMI…": a dash between spaces ends a remark,
			// unless what follows is too short to ask on its own ("… in Iraq — where?").
			cut(i)
			start = end
		case r == '?' || r == '!':
			if end == len(text) || unicode.IsSpace(next) {
				cut(end)
			}
		case r == '.' || r == ';':
			if n > 0 && unicode.IsSpace(next) {
				after, _ := utf8.DecodeRuneInString(text[end+n:])
				// "M. Stoltenberg", "U.S.": one capital letter and a period is an abbreviation;
				// "NTM-I." ends a sentence.
				abbrev := r == '.' && unicode.IsUpper(prev) && (prev2 == 0 || unicode.IsSpace(prev2) || prev2 == '.' || prev2 == '(')
				if (unicode.IsUpper(after) || unicode.IsDigit(after) || strings.ContainsRune("«\"'", after)) && !abbrev {
					cut(end)
				}
			}
		}
		prev2, prev = prev, r
	}
	cut(len(text))
	return out
}

// dashQuestion is how many words must follow a dash for it to end the remark before them.
const dashQuestion = 4

// opensQuestion returns the length of a question word, wh- word or yes/no opener at words[i].
func (m *Matcher) opensQuestion(words []string, i int) int {
	if n, t := m.phrases.at(words[i:]); n > 0 && strings.HasPrefix(t, "@") && !strings.HasPrefix(t, "@m") && t != dropTerm {
		return n
	}
	if t, ok := m.wordTerms[words[i]]; ok && strings.HasPrefix(t, "@") && !strings.HasPrefix(t, "@m") {
		return 1
	}
	if words[i] == whereWord {
		return 1
	}
	if n := m.marks.wh.at(words, i); n > 0 {
		return n
	}
	if n := m.marks.whStart.at(words, i); n > 0 {
		return n
	}
	return m.marks.yesNoOpen.at(words, i)
}

// asksSomething reports whether a sentence reads as a question: it ends with "?", or a question
// word or yes/no opener starts it.
func (m *Matcher) asksSomething(s string, words []string) bool {
	if strings.HasSuffix(strings.TrimRight(s, " )»\"'"), "?") {
		return true
	}
	if len(words) > 0 && m.opensQuestion(m.window(words, 0), 0) > 0 {
		return true
	}
	// "I'm a Canadian student and I'd like to know when NMI was launched.": a question after
	// the words that end a lead, though no question mark ends it.
	for i := range words {
		if n := m.marks.leadEnd.at(words, i); n > 0 && i+n < len(words) && m.opensQuestion(m.window(words, i+n), 0) > 0 {
			return true
		}
	}
	return false
}

// questionWords returns the words of the questions a message asks and the words of the context
// around them; all its words as asked when it reads as no question.
func (m *Matcher) questionWords(text string) (asked, context []string) {
	var all []string
	for _, c := range m.clauses(text) {
		all = append(all, c.words...)
		if c.question {
			asked = append(asked, c.words...)
		} else {
			context = append(context, c.words...)
		}
	}
	if len(asked) == 0 {
		return all, nil
	}
	return asked, context
}

// clauses splits a message into the questions it asks and the context around them. A message that
// reads as no question at all is one question.
func (m *Matcher) clauses(text string) []clause {
	var out []clause
	asked := false
	for _, s := range sentences(text) {
		sp := m.tok.spans(s)
		words := make([]string, len(sp))
		for i, x := range sp {
			words[i] = x.w
		}
		if !m.asksSomething(s, words) {
			out = append(out, newClause(s, sp, 0, len(s), false))
			continue
		}
		asked = true
		for _, p := range m.splitQuestions(s, sp, words) {
			if p.elliptical {
				c := newClause(s, p.sp, p.from, p.to, true)
				c.elliptical = true
				out = append(out, c)
				continue
			}
			for _, c := range m.leadOff(s, p) {
				out = append(out, m.sourceOff(c)...)
			}
		}
	}
	if !asked {
		sp := m.tok.spans(text)
		return []clause{newClause(text, sp, 0, len(text), true)}
	}
	return out
}

// sourceOff splits off a question the words that name the document its asker read: "according to
// the February 2018 dispatch, …", « …, selon la dépêche sur l'élargissement de la NMI ? ». They say
// where to look, not what is asked: read as context, their names and dates still help.
func (m *Matcher) sourceOff(c clause) []clause {
	if !c.question || !m.marks.accordingWords.in(c.words) {
		return []clause{c}
	}
	sp := m.tok.spans(c.text)
	words := make([]string, len(sp))
	for i, x := range sp {
		words[i] = x.w
	}
	for i := range words {
		n := m.marks.accordingWords.at(words, i)
		if n == 0 {
			continue
		}
		noun := -1
		for k := i + n; k < len(words) && k <= i+n+documentReach; k++ {
			if m.marks.sourceNouns.at(words, k) > 0 {
				noun = k
				break
			}
		}
		if noun < 0 {
			continue
		}
		// The phrase runs to the next comma, or to the end of the question.
		from, to := sp[i].start, len(c.text)
		if k := strings.IndexAny(c.text[sp[noun].end:], ",?!"); k >= 0 {
			to = sp[noun].end + k
		}
		before, after := strings.TrimRight(c.text[:from], ", "), strings.TrimLeft(c.text[to:], ", ")
		rest := strings.TrimSpace(before + " " + after)
		rsp := m.tok.spans(rest)
		if len(rsp) < 2 {
			return []clause{c}
		}
		q := newClause(rest, rsp, 0, len(rest), true)
		q.elliptical = c.elliptical
		src := c.text[from:to]
		return []clause{q, newClause(src, m.tok.spans(src), 0, len(src), false)}
	}
	return []clause{c}
}

// documentReach is how many words after "according to" the noun naming a document may stand: "the
// 2023 Belga dispatch".
const documentReach = 4

// part is a question of a sentence: its spans, and where it starts and ends in the sentence.
type part struct {
	sp         []span
	from, to   int
	elliptical bool
}

// splitQuestions cuts a sentence that asks several things at each conjunction followed, within
// three words, by a question word: "qui commande la NMI et depuis quand ?" → "qui commande la
// NMI", "depuis quand ?".
func (m *Matcher) splitQuestions(s string, spans []span, words []string) []part {
	var cuts []int // word indexes where a new question starts
	elliptical := map[int]bool{}
	// A question word stands before i; « qu'ont-ils établi » opens with an elided one.
	asked := len(spans) > 0 && m.elidedWh(spans[0].elided)
	for i := 1; i < len(words); i++ {
		asked = asked || m.opensQuestion(m.window(words, i-1), 0) > 0
		n := m.marks.conjunction.at(words, i)
		if n == 0 || i+n >= len(words) {
			continue
		}
		opens := false
		for k := i + n; k < len(words) && k <= i+n+2; k++ {
			// « et qu'ont-ils décidé » opens with an elided question word.
			if m.opensQuestion(m.window(words, k), 0) > 0 || (k < len(spans) && m.elidedWh(spans[k].elided)) {
				opens = true
				break
			}
		}
		switch {
		case opens && asked:
			// "Besides bomb disposal and demining, what else…": what comes before the
			// conjunction asks nothing of its own.
			cuts = append(cuts, i)
		case asked && m.marks.sequence.at(words, i) > 0 && m.contentAfter(words, i+n):
			// "…le concept d'opération puis le plan d'opération": the same question, of the
			// plan.
			cuts = append(cuts, i)
			elliptical[i] = true
		}
	}
	if len(cuts) == 0 {
		return []part{{sp: spans, from: 0, to: len(s)}}
	}
	var parts []part
	start, startCut := 0, -1
	for _, c := range cuts {
		if c <= start {
			continue
		}
		parts = append(parts, part{sp: spans[start:c], from: spans[start].start, to: spans[c].start, elliptical: elliptical[startCut]})
		// The conjunction itself belongs to neither question.
		start, startCut = c+m.marks.conjunction.at(words, c), c
		if n := m.marks.sequence.at(words, c); n > 0 && elliptical[c] {
			start = c + max(n, m.marks.conjunction.at(words, c))
		}
	}
	if start < len(spans) {
		parts = append(parts, part{sp: spans[start:], from: spans[start].start, to: len(s), elliptical: elliptical[startCut]})
	}
	return parts
}

// contentAfter reports whether a word that is not a stop word stands from words[i] on.
func (m *Matcher) contentAfter(words []string, i int) bool {
	for _, w := range words[i:] {
		if !m.stop[w] {
			return true
		}
	}
	return false
}

// window returns a few words from i on, texting forms expanded: enough to read a question word.
func (m *Matcher) window(words []string, i int) []string {
	return m.expand(words[i:min(len(words), i+4)])
}

// leadOff splits a long lead of context from the question that follows it ("I know it was in
// Jordan, but in which fields were they trained there?"): a lead of four words or more that ends
// at a word like "but", before the first question word.
func (m *Matcher) leadOff(s string, p part) []clause {
	words := make([]string, len(p.sp))
	for i, x := range p.sp {
		words[i] = x.w
	}
	// The first question word; an auxiliary there ("it was") opens no question.
	first := -1
	for i := range words {
		w := m.window(words, i)
		if n := m.opensQuestion(w, 0); n > 0 && m.marks.yesNoOpen.at(w, 0) != n {
			first = i
			break
		}
	}
	whole := []clause{newClause(s, p.sp, p.from, p.to, true)}
	if first < 4 {
		return whole
	}
	// Only a word like "but" ends a lead: a clause before a comma ("Si l'OTAN veut…, elle
	// doit…") is part of the question.
	cut, after := -1, -1
	for i := 4; i < first; i++ {
		if n := m.marks.leadEnd.at(words, i); n > 0 {
			cut, after = i, i+n
		}
	}
	if cut < 0 || after >= len(p.sp) {
		return whole
	}
	return []clause{newClause(s, p.sp[:cut], p.from, p.sp[cut].start, false), newClause(s, p.sp[after:], p.sp[after].start, p.to, true)}
}

// frame reads a question's frame from its words, its reading, its terms (the reading's, and
// those it takes from a question before it) and the text itself.
func (m *Matcher) frame(c clause, words []string, rd reading, terms []string) Frame {
	text := c.text
	var f Frame
	seen := map[string]bool{}
	for _, t := range terms {
		switch {
		case m.entities[t] != "":
			if id := m.entities[t]; !seen[id] {
				seen[id] = true
				f.Entities = append(f.Entities, id)
				if strings.HasPrefix(t, "&") {
					f.anaphoric = append(f.anaphoric, id)
				}
			}
		case strings.HasPrefix(t, "="):
			if !seen[t] {
				seen[t] = true
				f.Concepts = append(f.Concepts, t[1:])
				if a := m.attrOf[t]; a != "" {
					f.Attributes = append(f.Attributes, a)
				}
			}
		case isDigits(t) && yearOf(t) == 0:
			f.Numbers = append(f.Numbers, t)
		}
	}
	// A source ("d'après la dépêche Belga") says where the asker read, not what is asked.
	for _, id := range f.Entities {
		if !m.generic[id] && m.types[id] != "source" {
			f.Subjects = append(f.Subjects, id)
		}
	}
	if len(f.Subjects) == 0 {
		for _, id := range f.Entities {
			if m.types[id] != "source" {
				f.Subjects = append(f.Subjects, id)
			}
		}
		for id, by := range m.implied {
			if len(by) > 0 && containsAll(f.Entities, by) {
				f.Implied = append(f.Implied, id)
			}
		}
	}
	if len(f.Subjects) > 1 {
		// "D'après le général Hintzy, à la demande de qui…": whom the asker read.
		for _, id := range m.speakers(text) {
			if contains(f.Subjects, id) && len(f.Subjects) > 1 {
				f.Entities, f.Subjects = remove(f.Entities, id), remove(f.Subjects, id)
				f.Context = append(f.Context, id)
			}
		}
	}
	f.Figures = m.figures(rd)
	m.rolesAsked(&f, rd)
	if f.Asks == AsksWho || asksOf(terms) == AsksWho {
		m.otherParticipants(&f, rd)
	}
	if asksOf(terms) == AsksAny {
		if q, ok := m.whAt(c, rd); ok {
			m.agents(&f, rd, q)
		}
	}
	f.Focus = m.focus(c, rd, f.Attributes)
	f.Asks = asksOf(terms)
	if a, ok := m.asksAfterWhen(c, rd); ok {
		// "When Stoltenberg announced…, how many ministers were meeting?": the first "when"
		// opens a clause of time; the question is after the comma.
		f.Asks = a
	}
	if f.Asks != AsksHappened && m.whFirst(rd) {
		// "Which Iraqi PM did they say yes to when they agreed…?": the "when" that follows
		// "which" asks nothing.
		f.Asks = AsksAny
	}
	if f.Asks != AsksAny && strings.ContainsRune(text, '-') && m.countAsks(terms) == 1 {
		sm := m.marks.inversion.FindStringSubmatch(text)
		// A verb that is also a question word ("date-t-elle de 2018 ?") asks nothing.
		if sm != nil && m.wordTerms[Fold(sm[1])] == asksTerm(f.Asks) {
			f.Asks = AsksAny
		}
	}
	if m.cleft(c, rd) || m.relativeAsks(c, rd) || m.nounAsks(c, rd) {
		f.Asks = AsksAny
	}
	if f.Asks == AsksCount && m.marks.expecting.in(words) {
		// « Combien de personnes l'OTAN pensait-elle envoyer ? », "how many did NATO think it
		// would send?": the verb says what was expected, it asks no opinion.
		for _, a := range m.marks.expectingConcepts {
			f.Attributes, f.Focus, f.Concepts = remove(f.Attributes, a), remove(f.Focus, a), remove(f.Concepts, a)
		}
	}
	f.Type = f.Asks.Type()
	if f.whoRole && f.Type == "" {
		f.Type = knowledge.TypePerson
	}
	if f.Type == knowledge.TypePerson || f.Type == knowledge.TypeName {
		// "Who took over NMI?" asks who heads it.
		for i, a := range f.Attributes {
			if h := m.headOf[a]; h != "" && !contains(f.Attributes, h) {
				f.Attributes[i] = h
			}
		}
	}
	if f.Type != knowledge.TypePerson && (f.Asks != AsksAny || m.yesNo(c, words, f.Asks)) {
		// A role in a question that asks when, where, how many, why or whether ("when did the
		// ministers agree…?") names who acted, not what is asked.
		for _, a := range f.Attributes {
			if m.roles[a] {
				f.Attributes = remove(f.Attributes, a)
			}
		}
		f.Focus = m.focus(c, rd, f.Attributes)
	}
	for i, w := range words {
		// "Name some topics…" asks for a list, not for a name.
		if n := m.marks.name.at(words, i); n > 0 && !(i == 0 && w == "name") {
			f.AsksName = true
			if f.NameOf == nil {
				f.NameOf = m.nameOf(words, i+n)
			}
		}
	}
	if f.AsksName && (f.Type == "" || f.Type == knowledge.TypePerson) {
		f.Type = knowledge.TypeName
	}
	f.Now = m.marks.now.in(words)
	f.Future = m.marks.future.in(words)
	f.Exact = m.marks.exact.in(words)
	f.ExactFigure = m.marks.exactFigure.in(words)
	f.Time = m.time.of(words)
	if f.Time != nil && f.Time.Context {
		m.dropSourceNouns(&f, rd, words)
	}
	if f.Time == nil || f.Time.Relation == At {
		// "Before the Kuwait conference of 2018": the conference dates the question, not its year.
		if t := m.timeOfEntity(&f, rd); t != nil {
			f.Time = t
		}
	}
	if f.Time == nil {
		// "Before" asks for an earlier value when it precedes a name ("avant le général Hintzy",
		// "before Olsen"), not an action ("avant de prendre le commandement").
		f.Earlier = m.marks.earlier.in(words) || (m.saysBefore(words) && m.marks.beforeName.MatchString(text))
	}
	if f.Time != nil && (f.Time.Relation == Before || f.Time.Relation == After) {
		// "After the Warsaw summit of 2016": the summit dates the question; it is not what the
		// question is about.
		for _, t := range m.anchors(rd) {
			if id := m.entities[t]; id != "" && len(f.Subjects) > 1 && contains(f.Subjects, id) {
				f.Entities, f.Subjects = remove(f.Entities, id), remove(f.Subjects, id)
				f.Context = append(f.Context, id)
			}
		}
	}
	f.BeforeOwn = f.Time == nil && m.beforeOwn(c.words)
	f.StartsDoing = m.startsDoing(c.words)
	if m.roleOf(&f, rd) {
		f.Focus = m.focus(c, rd, f.Attributes)
	}
	f.YesNo = m.yesNo(c, words, f.Asks)
	if f.Time != nil && !f.Time.Context && f.Asks == AsksAny && !f.YesNo && m.asksDoing(words) {
		// "Que faisait l'OTAN avant la NMI ?", "What did NATO do in 2016?": what happened.
		f.Asks = AsksHappened
		f.AsksDecision = m.asksDecision(words)
	}
	if f.YesNo {
		m.placesPutForward(&f, rd, c.text)
	}
	f.Exclusive = m.ExclusiveIn(text)
	if f.YesNo {
		f.Type = ""
		// "Not only soldiers?", « pas seulement des militaires » asks "also", not "only".
		f.Only = m.marks.only.in(words) && !m.marks.notOnly.in(words)
		f.Outside = m.marks.outside.in(words)
		f.Ever = m.marks.ever.in(words)
		f.Absent = m.absent(rd)
		for _, c := range f.Concepts {
			if t, ok := m.proposes[c]; ok {
				f.Proposes = t
			}
		}
	}
	return f
}

// speakerReach is how many words after "according to" a speaker's name may end: "d'après le
// général de division Hintzy".
const speakerReach = 5

// speakers returns the people a text names right after "according to" or « d'après ».
func (m *Matcher) speakers(text string) []string {
	var out []string
	text = Fold(text)
	for _, loc := range m.marks.according.FindAllStringIndex(text, -1) {
		if n, t := m.phrases.at(m.tok.words(text[loc[0]:])); n > 1 && m.entities[t] != "" {
			// "Per Pugholm Olsen": the word is a name's.
			continue
		}
		words := m.tok.words(text[loc[1]:])
		for _, id := range m.EntitiesIn(strings.Join(words[:min(len(words), speakerReach)], " ")) {
			if m.types[id] == "person" {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

// asksAfterWhen reads a question that opens with "when" and asks, after a comma, with a question
// word of its own: what that question word asks.
func (m *Matcher) asksAfterWhen(c clause, rd reading) (Asks, bool) {
	if len(rd.terms) == 0 || rd.terms[0] != asksTerm(AsksWhen) {
		return AsksAny, false
	}
	i := strings.LastIndexByte(c.text, ',')
	if i < 0 {
		return AsksAny, false
	}
	// Where the comma stands among the reading's words, which join phrases ("ntm i").
	n := len(m.phrases.replace(m.time.dropQualifiers(m.expand(m.tok.words(c.text[:i])))))
	if n <= 1 || n >= len(rd.terms) {
		return AsksAny, false
	}
	if a := asksOf(rd.terms[n:]); a != AsksAny {
		return a, true
	}
	if m.marks.yesNoOpen.at(m.expand(m.tok.words(c.text[i+1:])), 0) > 0 {
		// "When NATO joined the coalition, were all its members already in it?": yes or no.
		return AsksAny, true
	}
	// "When NATO beefed up its remit, whose efforts did it say…": a wh- word asks too.
	for k := n; k < len(rd.words); k++ {
		if m.marks.wh.at(rd.words, k) > 0 {
			return AsksAny, true
		}
	}
	return AsksAny, false
}

// cleft reports whether a question is a cleft yes/no one: a cleft opener, then something it puts
// forward, then a question word that is a relative pronoun ("Est-ce l'Irak qui a demandé…?").
func (m *Matcher) cleft(c clause, rd reading) bool {
	// The opener is read in the words as typed: "est-ce" says nothing of its own, and reading
	// drops it.
	if len(c.words) == 0 || m.marks.cleft.at(c.words, 0) == 0 {
		return false
	}
	named := false
	for i := range rd.terms {
		switch t := rd.terms[i]; {
		case isAsks(t):
			return named
		case t != "" && !optional(t):
			named = true
		}
	}
	return false
}

// relativeAsks reports whether a question's only question word is a relative pronoun inside a
// yes/no question: right after a noun ("le sommet où la NMI a été lancée s'est-il tenu à
// Varsovie ?", "did the ministers who met…?"), not a name ("…de l'OTAN : combien…"), in a
// question that opens as yes/no or inverts its verb.
func (m *Matcher) relativeAsks(c clause, rd reading) bool {
	q := -1
	for i, t := range rd.terms {
		if isAsks(t) {
			q = i
			break
		}
	}
	// A name before it is one too when a comma sets the relative clause off: « Le Conseil de
	// l'Atlantique Nord, qui a élargi la NMI, réunit-il… ».
	if q <= 0 {
		return false
	}
	// A question word after a colon opens the question (« Je me demande : quand… »), and one
	// after a verb of asking or knowing opens an indirect one (« je veux savoir où… », "tell me
	// when…"): neither is a relative.
	if strings.Contains(Fold(c.text), ": "+rd.words[q]+" ") || m.indirectBefore(rd.words, q) {
		return false
	}
	if rd.terms[q] == asksTerm(AsksCount) || rd.terms[q] == asksTerm(AsksWhy) {
		// "How many", "why" are never relative: « Au final, combien de policiers… ».
		return false
	}
	afterComma := strings.Contains(Fold(c.text), ", "+rd.words[q]+" ")
	apposed := strings.HasPrefix(rd.terms[q-1], "#") && afterComma
	// In a question an auxiliary opens, "when" or "where" after a name opens a clause of time or
	// place: "Were all the Allies members of the coalition when NATO joined it?" asks yes or no.
	subordinate := (rd.terms[q] == asksTerm(AsksWhen) || rd.terms[q] == asksTerm(AsksWhere)) && m.marks.yesNoOpen.at(c.words, 0) > 0
	// What a comma sets off before it is a lead, no antecedent, unless it is a name the clause
	// is apposed to: « En 2018, pourquoi Stoltenberg voulait-il… », « Au final, combien… » (but
	// « la réunion de février 2018 où… » is one).
	led := afterComma && !apposed
	// A relative pronoun after a name is one too: « Le sommet de Bruxelles qui devait lancer la
	// NMI était-il prévu… ? ».
	relative := m.marks.relative.at(rd.words, q) > 0
	if rd.terms[q-1] == "" || isAsks(rd.terms[q-1]) || (strings.HasPrefix(rd.terms[q-1], "#") && !apposed && !subordinate && !relative) || m.marks.wh.at(rd.words, q-1) > 0 || led {
		return false
	}
	if m.countAsks(rd.terms) > 1 {
		return false
	}
	return m.marks.yesNoOpen.at(c.words, 0) > 0 || (strings.ContainsRune(c.text, '-') && m.marks.inversion.MatchString(c.text))
}

// indirectBefore reports whether a verb of asking or knowing ends right before words[q].
func (m *Matcher) indirectBefore(words []string, q int) bool {
	for i := max(0, q-3); i < q; i++ {
		if n := m.marks.indirect.at(words, i); n > 0 && i+n == q {
			return true
		}
	}
	return false
}

// nounAsks reports whether a question's only question word is a noun after an article, in a
// question that opens as yes/no or inverts its verb: "Did Stoltenberg give the number of
// troops…?", « a-t-il donné le nombre exact… ? ».
func (m *Matcher) nounAsks(c clause, rd reading) bool {
	if m.countAsks(rd.terms) != 1 {
		return false
	}
	q := slices.IndexFunc(rd.terms, isAsks)
	if q <= 0 || m.marks.articles.at(rd.words, q-1) == 0 {
		return false
	}
	return m.marks.yesNoOpen.at(c.words, 0) > 0 || (strings.ContainsRune(c.text, '-') && m.marks.inversion.MatchString(c.text))
}

// asksDoing reports whether a question asks what someone did: a verb of doing, but not an
// auxiliary right after the question word ("how did Stoltenberg say…").
func (m *Matcher) asksDoing(words []string) bool {
	if m.asksDecision(words) {
		// "What new decision did the NAC take in 2024?": what was decided then.
		return true
	}
	for i := range words {
		if m.marks.doing.at(words, i) == 0 {
			continue
		}
		if m.marks.auxiliary.at(words, i) > 0 && (m.auxiliaryOf(words, i) || m.sayingAfter(words, i)) {
			continue
		}
		return true
	}
	return false
}

// asksDecision reports whether a noun of doing stands right after a question word.
func (m *Matcher) asksDecision(words []string) bool {
	for i := range words {
		if m.marks.doingNouns.at(words, i) > 0 && m.whBefore(words, i) {
			return true
		}
	}
	return false
}

// whBefore reports whether a question word stands within two words before words[i]: "what new
// decision", « quelle décision ».
func (m *Matcher) whBefore(words []string, i int) bool {
	for k := max(0, i-2); k < i; k++ {
		if m.marks.wh.at(words, k) > 0 {
			return true
		}
	}
	return false
}

// sayingAfter reports whether a verb of saying follows the auxiliary at words[i], within reach:
// "what did Stoltenberg say the mission would set up?" asks what he said, not what he did.
func (m *Matcher) sayingAfter(words []string, i int) bool {
	for k := i + 1; k < len(words) && k <= i+auxReach; k++ {
		if m.marks.saying.at(words, k) > 0 {
			return true
		}
	}
	return false
}

// auxReach is how many words before an auxiliary the question word it follows may stand: "which
// summit did…", "which three Iraqi bodies did…".
const auxReach = 3

// auxiliaryOf reports whether the verb at words[i] follows, within reach, a question word that
// makes it an auxiliary.
func (m *Matcher) auxiliaryOf(words []string, i int) bool {
	for k := i - 1; k >= 0 && k >= i-auxReach; k-- {
		if m.marks.auxAfter.at(words, k) > 0 {
			return true
		}
	}
	// "What three places in Baghdad did NMI advise?": "what" before a noun is "which"; "what
	// did NATO do?" asks what was done.
	for k := i - 2; k >= 0 && k >= i-determinerReach; k-- {
		if n := m.marks.wh.at(words, k); n > 0 && k+n < i && m.marks.auxiliary.at(words, k+n) == 0 {
			return true
		}
	}
	return false
}

// determinerReach is how many words before an auxiliary a wh- word used as a determiner may
// stand: "what three places in Baghdad did…".
const determinerReach = 6

// absent reads the terms a yes/no question says were missing ("without any request", "and no
// police"): the first term that carries meaning after each "without".
func (m *Matcher) absent(rd reading) []string {
	var out []string
	for i := 0; i < len(rd.words); i++ {
		n := m.marks.without.at(rd.words, i)
		if n == 0 {
			continue
		}
		for j := i + n; j < len(rd.terms) && j < i+n+3; j++ {
			if t := rd.terms[j]; t != "" && !strings.HasPrefix(t, "@") && !strings.HasPrefix(t, "#") {
				out = append(out, t)
				break
			}
		}
		i += n - 1
	}
	return out
}

// rolesAsked reads a role right after "which" ("which NATO boss toured Besmaya?", « quel
// ministre… »), or after "who" when a relative pronoun follows it ("who was the Iraqi minister
// who asked…?"), as the person asked, not an attribute asked of someone. The other roles the
// question names are other people: « quel dirigeant a écrit au secrétaire général ? ».
func (m *Matcher) rolesAsked(f *Frame, rd reading) {
	for i := range rd.words {
		wh := m.marks.wh.at(rd.words, i) > 0
		if !wh && rd.terms[i] != asksTerm(AsksWho) {
			continue
		}
		reach := 3
		if !wh {
			reach = whoReach
		}
		for k := i + 1; k < len(rd.words) && k <= i+reach; k++ {
			a := m.attrOf[rd.terms[k]]
			if a == "" || !m.roles[a] || (!wh && !m.relativeAfter(rd.words, k)) {
				continue
			}
			for _, b := range f.Attributes {
				if m.roles[b] {
					f.Attributes = remove(f.Attributes, b)
				}
			}
			f.whoRole, f.Role = true, a
			return
		}
	}
}

// otherParticipants drops from a "who" question the roles that follow a preposition: "qui a
// écrit au secrétaire général ?" asks who wrote, not who the Secretary General was.
func (m *Matcher) otherParticipants(f *Frame, rd reading) {
	for k := 1; k < len(rd.terms); k++ {
		a := m.attrOf[rd.terms[k]]
		if a == "" || !m.roles[a] || len(f.Attributes) < 2 {
			continue
		}
		if m.afterPreposition(rd, k) {
			f.Attributes = remove(f.Attributes, a)
		}
	}
}

// dropSourceNouns drops the attributes that a document's noun asks, in a question dated by its
// source (« dans l'entretien de 2025 » names where the asker read, and asks of no meeting).
func (m *Matcher) dropSourceNouns(f *Frame, rd reading, words []string) {
	for k := range rd.terms {
		if a := m.attrOf[rd.terms[k]]; a != "" && m.time.sources.at(rd.words, k) > 0 {
			f.Attributes, f.Focus = remove(f.Attributes, a), remove(f.Focus, a)
			f.Concepts = remove(f.Concepts, rd.terms[k][1:])
		}
	}
	// « la page OTAN de 2020 », "NATO's 2020 page": NATO published it; the question is not
	// about NATO for that. The words as typed: the reading may have dropped the noun.
	for k := range words {
		if m.time.sources.at(words, k) == 0 {
			continue
		}
		for j := max(0, k-sourceNameReach); j < len(words) && j <= k+sourceNameReach; j++ {
			id := m.entities[m.wordTerms[words[j]]]
			if id == "" || !m.generic[id] || !contains(f.Entities, id) {
				continue
			}
			f.Entities, f.Subjects = remove(f.Entities, id), remove(f.Subjects, id)
			if !contains(f.Context, id) {
				f.Context = append(f.Context, id)
			}
		}
	}
}

// sourceNameReach is how many words from a document's noun its publisher may stand.
const sourceNameReach = 2

// nameOf returns the words that may say what a question asks the name of, from words[i] on:
// "centre" of « le nom du centre », "old", "training", "mission" of "the name of NATO's old
// training mission"; names and stop words are skipped.
func (m *Matcher) nameOf(words []string, i int) []string {
	var out []string
	for k := i; k < len(words) && k < i+nameReach; k++ {
		w := words[k]
		if m.stop[w] || m.tok.elisions[w] || m.entities[m.wordTerms[m.correct(w, "")]] != "" {
			continue
		}
		out = append(out, w)
	}
	return out
}

// nameReach is how many words after "the name of" the words that say what it names may stand.
const nameReach = 7

// UnknownPlace marks, in Frame.Located, a name the sources never mention put forward as a place.
const UnknownPlace = "?"

// placesPutForward reads the places a yes/no question puts forward, after « à », "in": « s'est-elle
// tenue à Bagdad ? » asks whether the place was Baghdad.
func (m *Matcher) placesPutForward(f *Frame, rd reading, text string) {
	for k, t := range rd.terms {
		if w := rd.words[k]; t == w && !m.stop[w] && m.after(rd, k, m.marks.locative) && len(m.unknownNames(text, []string{w})) > 0 {
			// A name the sources never mention, after « à », "in" ("in Erbil?"): a place put
			// forward that no fact names, marked as unknown.
			f.Located = append(f.Located, UnknownPlace+w)
			continue
		}
		id := m.entities[t]
		if id == "" || m.generic[id] || (m.types[id] != "place" && m.types[id] != "country") || !m.after(rd, k, m.marks.locative) {
			continue
		}
		f.Located = append(f.Located, id)
	}
}

// whAt returns where the question word of a "what" or "which" question stands among its
// words: 0 for one that opens with « qu'est-ce que ».
func (m *Matcher) whAt(c clause, rd reading) (int, bool) {
	if m.elidedWh(c.elided) {
		return 0, true
	}
	for i := range rd.words {
		if m.marks.whStart.at(rd.words, i) > 0 || m.marks.wh.at(rd.words, i) > 0 {
			return i, true
		}
	}
	return 0, false
}

// agents drops the roles from a "what" or "which" question that asks something else of them, who
// do it: « Qu'ont convenu les ministres de la Défense ? », « quelle autorité les ministres ont-ils
// autorisée ? » ask what they agreed and whom they authorised, not who the minister was. A role
// right after the question word ("which minister") is asked; one after a preposition (« que
// pense-t-il du premier ministre ? ») is what is asked about.
func (m *Matcher) agents(f *Frame, rd reading, q int) {
	if !slices.ContainsFunc(f.Attributes, func(a string) bool { return !m.roles[a] }) {
		return
	}
	for k := range rd.terms {
		a := m.attrOf[rd.terms[k]]
		if a == "" || !m.roles[a] || (k > q && k <= q+whoRoleReach) || m.afterPreposition(rd, k) || m.after(rd, k, m.marks.complementOf) {
			continue
		}
		f.Attributes = remove(f.Attributes, a)
	}
}

// whoRoleReach is how many words after "which" a role it asks may stand: "which Iraqi prime
// minister".
const whoRoleReach = 2

// afterPreposition reports whether the term at k follows a preposition that makes it another
// participant, maybe before an article: "to the Secretary General", « au secrétaire général ».
func (m *Matcher) afterPreposition(rd reading, k int) bool { return m.after(rd, k, m.marks.objectOf) }

// after reports whether the term at k follows one of words, maybe with an article between.
func (m *Matcher) after(rd reading, k int, words phraseSet) bool {
	for j := k - 1; j >= 0 && j >= k-2; j-- {
		if words.at(rd.words, j) > 0 {
			return true
		}
		if rd.terms[j] != "" {
			return false
		}
	}
	return false
}

// whoReach is how many words after "who" the role of "who was the Iraqi interior minister who…"
// may stand.
const whoReach = 5

// roleOf reads a role of the entity a question is about, beside an attribute that no fact gives of
// that entity, as the person who held the role at the time asked (now, when none is): "what rank
// does NMI's commander hold?", « le patron de la NMI en 2020, il venait de quel pays ? » ask the
// rank of Hintzy, the nationality of Olsen. It reports whether it changed the frame.
func (m *Matcher) roleOf(f *Frame, rd reading) bool {
	if len(f.Attributes) < 2 || len(f.Subjects) != 1 || f.whoRole {
		return false
	}
	subject, role := f.Subjects[0], ""
	for _, a := range f.Attributes {
		switch {
		case m.roles[a] && role == "":
			role = a
		case !m.roles[a] && m.Gives(subject, a):
			// NMI's own location, launch…: asked of NMI.
			return false
		}
	}
	people := m.holders[subject+"|"+role]
	if role == "" || len(people) == 0 || !m.roleOfSubject(rd, role, subject) {
		return false
	}
	held := people[0]
	for _, h := range people[1:] {
		// The latest as of the time asked, else the latest of all.
		if f.Time != nil && f.Time.To.End().Before(h.AsOf.Start()) {
			continue
		}
		if held.AsOf.Before(h.AsOf) || (f.Time != nil && f.Time.To.End().Before(held.AsOf.Start())) {
			held = h
		}
	}
	if f.Time != nil && !held.AsOf.IsZero() && held.AsOf.Year+holderReach < f.Time.From.Year {
		// Iraq's minister of 2010 is not the one of 2016.
		return false
	}
	f.Attributes = remove(f.Attributes, role)
	f.Entities = append(remove(f.Entities, subject), held.Person)
	f.Subjects = []string{held.Person}
	f.Context = append(f.Context, subject)
	return true
}

// holderReach is how many years after the sources last name the holder of a post a question may
// ask of the post and still mean that holder.
const holderReach = 2

// roleOfSubject reports whether the role stands beside the subject, as "NMI's commander" or « le
// commandant de la NMI » do, and follows no preposition (« écrit au secrétaire général de l'OTAN »
// names someone else).
func (m *Matcher) roleOfSubject(rd reading, role, subject string) bool {
	for k, t := range rd.terms {
		if m.attrOf[t] != role {
			continue
		}
		if m.afterPreposition(rd, k) {
			return false
		}
		for j := max(0, k-3); j < len(rd.terms) && j <= k+3; j++ {
			if j == k || m.entities[rd.terms[j]] != subject {
				continue
			}
			if j < k && (rd.lang != knowledge.English || j != k-1) {
				// "NMI's commander" in English; in French the role comes first: « la section
				// de l'OTAN gère » is no role of NATO.
				continue
			}
			between := true
			for i := min(j, k) + 1; i < max(j, k); i++ {
				between = between && rd.terms[i] == ""
			}
			if between {
				return true
			}
		}
	}
	return false
}

// relativeReach is how many words after a role its relative pronoun may stand: "the Iraqi
// interior honcho who".
const relativeReach = 3

// relativeAfter reports whether a relative pronoun follows words[k] within reach.
func (m *Matcher) relativeAfter(words []string, k int) bool {
	for j := k + 1; j < len(words) && j <= k+relativeReach; j++ {
		if m.marks.relative.at(words, j) > 0 {
			return true
		}
	}
	return false
}

// focus returns the attribute asked nearest the first question word, or the verb a French
// question inverts ("les Alliés ont-ils lancé…"): the one a fact must give. With neither, or no
// attribute found near one, all the attributes are the focus; none is when the nearest stands
// farther than focusReach from a question word that asks a kind of answer.
func (m *Matcher) focus(c clause, rd reading, attrs []string) []string {
	if len(attrs) == 0 {
		return attrs
	}
	q, subject := -1, 0
	for i := range rd.words {
		if isAsks(rd.terms[i]) || m.marks.wh.at(rd.words, i) > 0 {
			q = i
			break
		}
		if i > 0 {
			continue
		}
		if open := m.marks.yesNoOpen.at(rd.words, 0); open > 0 {
			// "Did Allied countries donate…?": right after the auxiliary stands who acts, not
			// what is asked of them.
			q, subject = 0, open-1+subjectReach
			break
		}
	}
	if q < 0 && strings.ContainsRune(c.text, '-') {
		if sm := m.marks.inversion.FindStringSubmatch(c.text); sm != nil {
			// From its subject pronoun: what follows it is what the verb asks.
			if v := slices.Index(rd.words, Fold(sm[1])); v >= 0 {
				q = v + 1
			}
		}
	}
	if q < 0 {
		return attrs
	}
	best, dist := "", len(rd.words)+1
	for i, t := range rd.terms {
		a := m.attrOf[t]
		if a == "" || !contains(attrs, a) {
			continue
		}
		d := i - q
		switch {
		case d < 0:
			d = 1 - d // before the question word: farther than right after it
		case d <= subject:
			d += subject // the subject of a yes/no question: farther than its verb's object
		}
		if d < dist {
			best, dist = a, d
		}
	}
	if best == "" {
		return attrs
	}
	if dist > focusReach && isAsks(rd.terms[q]) && asksOf([]string{rd.terms[q]}) != AsksAny {
		// « À partir de quand la NTM-I a-t-elle tourné à plein régime, avec tout son monde et
		// tout son matos ? » asks when; the equipment, far from « quand », is no attribute it
		// asks, only words about it: the kind of answer the question word asks is the focus.
		return nil
	}
	return []string{best}
}

// focusReach is how far from a question word asking a kind of answer (when, who, how many…)
// an attribute can stand and still be what the question asks.
const focusReach = 8

// subjectReach is how many words after the auxiliary opening a yes/no question its subject may
// take: "Did Allied countries…", "Do NATO advisers…".
const subjectReach = 2

// isAsks reports whether a term is a question word's (not a month's, not a dropped phrase's).
func isAsks(t string) bool {
	return strings.HasPrefix(t, "@") && !strings.HasPrefix(t, "@m") && t != dropTerm
}

func containsAll(list, xs []string) bool {
	for _, x := range xs {
		if !contains(list, x) {
			return false
		}
	}
	return true
}

func remove(list []string, x string) []string {
	out := list[:0:0]
	for _, y := range list {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}

// whFirst reports whether "which", "what" or "quel" comes before any question word.
func (m *Matcher) whFirst(rd reading) bool {
	for i := range rd.words {
		if isAsks(rd.terms[i]) {
			return false
		}
		if n := m.marks.wh.at(rd.words, i); n > 0 {
			// "On what dates…", « quelle date… », "what exact date": the question word the wh-
			// word opens.
			for k := i + n; k < len(rd.terms) && k <= i+n+1; k++ {
				if isAsks(rd.terms[k]) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// timeOfEntity reads "before" or "after" an entity whose start the sources give ("avant la NMI")
// as a time, and takes that entity out of what the question is about.
func (m *Matcher) timeOfEntity(f *Frame, rd reading) *Time {
	for i, w := range rd.words {
		rel := At
		switch {
		case m.time.before[w]:
			rel = Before
		case m.time.after[w]:
			rel = After
		default:
			continue
		}
		ends, dating := false, []string(nil)
		for k := i + 1; k < len(rd.words) && k <= i+entityReach; k++ {
			id := m.entities[rd.terms[k]]
			since, ok := m.since[id]
			if !ok {
				// « Avant le lancement de la NMI »: only its start or its end may stand between.
				t := rd.terms[k]
				if t != "" && !m.time.starts[m.attrOf[t]] && !m.time.ends[m.attrOf[t]] {
					break
				}
				ends = ends || m.time.ends[m.attrOf[t]]
				if ends {
					dating = append(dating, m.attrOf[t])
				}
				continue
			}
			for j := k + 1; j < len(rd.terms) && j <= k+endReach; j++ {
				// "before NTM-I was suspended": its end.
				if a := m.attrOf[rd.terms[j]]; m.time.ends[a] {
					ends, dating = true, append(dating, a)
				}
			}
			if until, ok := m.until[id]; ok && ends {
				since = until
				// The end that dates the question is not what it asks.
				for _, a := range dating {
					f.Attributes, f.Focus = remove(f.Attributes, a), remove(f.Focus, a)
				}
			}
			f.Entities, f.Subjects = remove(f.Entities, id), remove(f.Subjects, id)
			return &Time{From: since, To: since, Relation: rel}
		}
	}
	return nil
}

// endReach is how many words after the entity that dates a question the attribute of its end may
// stand: "before NTM-I was suspended".
const endReach = 3

// entityReach is how many words after "before" or "after" the entity whose start dates the
// question may stand: « avant le lancement de la NMI ».
const entityReach = 5

// anchorAfter is how many words after its date an anchor may run when none stands before it.
const anchorAfter = 2

// anchors returns the terms that stand between a "before" or "after" and the date it relates to:
// what dates the question ("the Warsaw summit" of "after the Warsaw summit of 2016").
func (m *Matcher) anchors(rd reading) []string {
	var out []string
	for k, w := range rd.words {
		if !m.time.before[w] && !m.time.after[w] {
			continue
		}
		meaning := 0
		for j := k + 1; j < len(rd.words) && meaning <= relationReach; j++ {
			_, n := m.time.dateAt(rd.words, j)
			if n == 0 {
				if !m.stop[rd.words[j]] {
					meaning++
				}
				continue
			}
			before := len(out)
			for _, t := range rd.terms[k+1 : j] {
				if t != "" && !strings.HasPrefix(t, "@") {
					out = append(out, t)
				}
			}
			if len(out) == before {
				// "Before the 2014 Wales summit": what the date dates follows it, when it is a
				// name ("the February 2021 decision to grow NMI" still asks of growing).
				for _, t := range rd.terms[j+n : min(j+n+anchorAfter, len(rd.terms))] {
					if strings.HasPrefix(t, "#") {
						out = append(out, t)
					}
				}
			}
			break
		}
	}
	return out
}

// countAsks counts the question words among terms.
func (m *Matcher) countAsks(terms []string) int {
	n := 0
	for _, t := range terms {
		if strings.HasPrefix(t, "@") && !strings.HasPrefix(t, "@m") && t != dropTerm {
			n++
		}
	}
	return n
}

// saysBefore reports whether words hold a word of "before".
func (m *Matcher) saysBefore(words []string) bool {
	for _, w := range words {
		if m.time.before[w] {
			return true
		}
	}
	return false
}

// yesNo reports whether a question asks yes or no: it opens with an auxiliary or "est-ce que",
// or inverts its verb and subject ("a-t-elle"), and asks no wh- question.
func (m *Matcher) yesNo(c clause, words []string, asks Asks) bool {
	if asks != AsksAny || len(words) == 0 {
		return false
	}
	// "In 2004, did the Allies…", « Selon la dépêche, l'OTAN a-t-elle… »: a short lead before
	// a comma sets the scene; the question opens after it.
	lead := 0
	if i := strings.IndexByte(c.text, ','); i > 0 {
		// A clause of time ("When NATO joined the coalition, were…") is a lead of any length.
		when := m.wordTerms[words[0]] == asksTerm(AsksWhen)
		if n := len(m.expand(m.tok.words(c.text[:i]))); (n <= maxLead || when) && n < len(words) {
			lead = n
		}
	}
	start := lead
	if m.marks.requestOpen.at(words, start) > 0 {
		// "Can you list the 26 Allies…?" asks for the list.
		return false
	}
	open := m.marks.yesNoOpen.at(words, start)
	if open > 0 && lead > 0 && m.opensElidedWh(c.text[strings.IndexByte(c.text, ',')+1:]) {
		// « En février 2018, qu'est-ce que Stoltenberg voulait… ? » asks what.
		return false
	}
	if open == 0 {
		start = 0
		open = max(m.marks.yesNoOpen.at(words, 0), m.marks.cleft.at(words, 0))
	}
	tailed := open == 0 && m.endsYesNo(c, words)
	if open == 0 && !tailed && !(strings.ContainsRune(c.text, '-') && m.marks.inversion.MatchString(c.text)) {
		return false
	}
	for i := start + open; i < len(words); i++ {
		if m.marks.wh.at(words, i) > 0 && !m.relativeWh(words, i) {
			return false
		}
	}
	// "Qu'est-ce que…" opens with an elided wh- word that "est-ce que" does not have.
	if m.elidedWh(c.elided) {
		return false
	}
	// "Que fait-elle ?" inverts, but asks what.
	return open > 0 || tailed || m.marks.whStart.at(words, lead) == 0
}

// elidedWh reports whether an elision is a question word's: the « qu' » of « qu'ont-ils… ».
func (m *Matcher) elidedWh(elided string) bool {
	return elided != "" && m.marks.whStart.at([]string{elided}, 0) > 0
}

// opensElidedWh reports whether text opens with an elided question word: « qu'est-ce que… ».
func (m *Matcher) opensElidedWh(text string) bool {
	t := Fold(strings.TrimSpace(text))
	for _, e := range m.tok.elisionList {
		if strings.HasPrefix(t, e+"'") && m.elidedWh(e) {
			return true
		}
	}
	return false
}

// startsDoing reports whether a question asks when something began to be done: a word of
// starting followed by a gerund or by "to", « à »: "start helping", « commencé à aider ». "When
// was NATO founded?" asks of NATO's own beginning, which no dated activity gives.
func (m *Matcher) startsDoing(words []string) bool {
	for i := range words {
		n := m.marks.startDoing.at(words, i)
		if n == 0 || i+n >= len(words) {
			continue
		}
		if w := words[i+n]; m.marks.startDoingBy.at(words, i+n) > 0 || (len(w) > 4 && strings.HasSuffix(w, "ing")) {
			return true
		}
	}
	return false
}

// beforeOwn reports whether "before" is followed, within a word, by a pronoun: "before he took
// command", « avant qu'il ne prenne », "before his appointment". The words are those typed: the
// reader drops pronouns.
func (m *Matcher) beforeOwn(words []string) bool {
	for i := range words {
		n := m.marks.before.at(words, i)
		if n == 0 {
			continue
		}
		for k := i + n; k < len(words) && k <= i+n+1; k++ {
			if m.marks.beforeOwn.at(words, k) > 0 {
				return true
			}
		}
		if k := i + n; k < len(words) && len(words[k]) > 5 && strings.HasSuffix(words[k], "ing") {
			return true
		}
	}
	return false
}

// endsYesNo reports whether a question is a statement that ends asking whether it holds: "…avant
// 2010, c'est exact ?", "…in 2016, right?".
func (m *Matcher) endsYesNo(c clause, words []string) bool {
	if !strings.HasSuffix(strings.TrimSpace(c.text), "?") || !strings.ContainsRune(c.text, ',') {
		return false
	}
	for i := max(0, len(words)-4); i < len(words); i++ {
		if n := m.marks.yesNoTail.at(words, i); n > 0 && i+n == len(words) {
			return true
		}
	}
	return false
}

// relativeWh reports whether the wh- word at words[i] is a relative pronoun: a relative form after
// a preposition after a noun, « les thèmes sur lesquels… », "the city in which…".
func (m *Matcher) relativeWh(words []string, i int) bool {
	return i >= 2 && m.marks.relativeWh.at(words, i) > 0 && m.marks.relativeAfter.at(words, i-1) > 0 && !m.stop[words[i-2]]
}

// maxLead is the most words a lead before a comma may hold and still be read as setting the scene
// of the question after it.
const maxLead = 6

// EntitiesIn returns the ids of the entities a text names, in order.
func (m *Matcher) EntitiesIn(text string) []string { return m.entitiesOf(m.tok.words(text)) }

// entitiesOf returns the entities words name, in order, each once.
func (m *Matcher) entitiesOf(words []string) []string {
	var out []string
	for _, t := range m.phrases.replace(words) {
		id := m.entities[t]
		if id == "" {
			id = m.entities[m.wordTerms[t]]
		}
		if id != "" && !contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
