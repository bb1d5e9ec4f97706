package intents

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// Match reads a message and ranks the intents it may ask for. hint is the language to assume
// when the text does not tell (a user's locale); "" means none.
func (m *Matcher) Match(question string, hint knowledge.Lang) Result {
	return m.MatchAfter(question, hint, nil)
}

// MatchAfter reads a message of a conversation whose last question was about topic (nil for
// none) and ranks the intents it may ask for. A message is read against its topic as the second
// question of a message is read against the first: one that names no subject of its own keeps
// the topic's ("pourquoi ?", « il vient d'où ? »), one that asks nothing keeps what the topic
// asks, of what it names or at the time it gives ("et la NTM-I ?", "and in 2020?").
func (m *Matcher) MatchAfter(question string, hint knowledge.Lang, topic *Topic) Result {
	m.reads.Add(1)
	q := Clean(question)
	text := m.withoutSpeaker(truncate(q, MaxRunes))
	if strings.Contains(text, "http") || strings.Contains(text, "www.") {
		// Links say nothing of the question; their words would only count as unknown.
		text = links.ReplaceAllString(text, " ")
	}
	text, asked := m.langRequest(text)
	cls := m.clauses(text)
	n := 0
	for _, c := range cls {
		n += len(c.words)
	}
	all := make([]string, 0, n)
	var ctxWords []string
	questions := make([]clause, 0, len(cls))
	for _, c := range cls {
		all = append(all, c.words...)
		if c.question {
			questions = append(questions, c)
		} else {
			ctxWords = append(ctxWords, c.words...)
		}
	}
	lang, sure := m.language(q, m.expand(all), hint)
	if asked != "" {
		lang, sure = asked, true
	}
	ctxTerms := m.analyse(ctxWords, lang, true, nil)
	ctxTime := m.time.of(ctxWords)
	parts := make([]Result, 0, max(len(questions), 1))
	for i, c := range questions {
		var prev *Result
		switch {
		case i > 0:
			prev = &parts[i-1]
		case topic != nil:
			prev = topic.result()
		}
		parts = append(parts, m.read(c, lang, ctxTerms, ctxTime, prev))
	}
	if len(parts) == 0 {
		var prev *Result
		if topic != nil && len(ctxWords) > 0 {
			prev = topic.result()
		}
		parts = append(parts, m.read(clause{question: true}, lang, ctxTerms, ctxTime, prev))
	}
	r := parts[0]
	if len(parts) > 1 {
		r.Parts = parts
	}
	r.Question, r.Lang, r.LangSure = q, lang, sure
	for i := range r.Parts {
		r.Parts[i].Question, r.Parts[i].Lang, r.Parts[i].LangSure = q, lang, sure
	}
	return r
}

// read reads one question of a message into its frame and ranks the intents for it. A question
// that names no entity of its own takes those of the question before it ("qui la commande et
// depuis quand ?"), and its attributes when it asks none.
func (m *Matcher) read(c clause, lang knowledge.Lang, ctxTerms []string, ctxTime *Time, prev *Result) Result {
	r := Result{Text: c.text, Lang: lang}
	words := m.expand(c.words)
	if at := prev.anchor(); !at.IsZero() {
		// "…et qui l'a reçu en octobre de la même année ?": the year of the question before;
		// "and the month after?": the month of the answer before.
		words = m.time.relativeMonths(m.time.relativeYears(words, at.Year), at.Year, at.Month)
	}
	rd := m.reading(words, lang, true, &r.Unknown, inCapitals(c.text))
	r.UnknownNames = m.unknownNames(c.text, r.Unknown)
	for _, t := range rd.terms {
		if t != "" {
			r.Terms = append(r.Terms, t)
		}
	}
	r.Frame = m.frame(c, words, rd, r.Terms)
	for _, id := range r.Entities {
		if m.world[id] {
			r.Unsourced = append(r.Unsourced, id)
		}
	}
	if r.Asks == AsksWhere && m.asksOrigin(words, r.Frame, prev) {
		for i, t := range r.Terms {
			if t == whereWord {
				r.Terms[i] = originTerm
			}
		}
		r.Frame = m.frame(c, words, rd, r.Terms)
	}
	// What the question asks of its own, before it takes anything of the one before.
	asksNothing := r.Type == "" && len(r.Attributes) == 0 && r.Asks == AsksAny && !r.YesNo
	if prev == nil && len(r.Entities) == 0 && len(ctxTerms) == 0 && m.meansSomeone(c) {
		r.Nobody = true
	}
	// A question that names nothing, or refers back with a pronoun ("its first people"), is
	// about what the one before named.
	if prev != nil && (len(r.Entities) == 0 || m.refersBack(c, words, !prev.topic)) {
		r.inherited = len(r.Entities) == 0
		retimed := prev.topic && r.Time != nil && !r.YesNo && m.OnlyTime(withoutDays(r.Terms, r.Time))
		named := prev.Entities
		if len(prev.people) > 0 && len(r.Entities) == 0 && m.marks.personal.in(words) {
			// « il vient d'où ? » after « Olsen commandait la NMI »: the person answered, asked
			// about aside.
			named, r.aside = prev.people, true
		}
		for _, e := range named {
			if !contains(r.Entities, e) {
				r.Terms = append(r.Terms, entityTerm(e))
			}
		}
		limit := elliptic
		if !prev.topic {
			// A part of the same message with a word of its own asks its own thing: "…and
			// since when has it existed?".
			limit = 0
		}
		if len(r.Attributes) == 0 && ownWords(r.Terms) <= limit {
			// What the question before asks, and what it restricts that by when a pronoun
			// points back at it ("…and what did they agree?" of the ministers); without one,
			// only what it asks: "and in August 2023?" after "what did the defence ministers
			// decide in February 2021?" asks what was decided, by whoever decided it.
			all := len(prev.Focus) == 0 || m.marks.pronouns.in(words)
			for _, t := range prev.Terms {
				if a := m.attrOf[t]; a != "" && (all || contains(prev.Focus, a)) {
					r.Terms = append(r.Terms, t)
				}
			}
		}
		asks, yesNo := r.Asks, r.YesNo
		r.Frame = m.frame(c, words, rd, r.Terms)
		r.Asks, r.YesNo, r.Retimed = asks, yesNo, retimed
		if r.Time == nil && !r.Now && !(prev.topic && r.Asks == AsksWhen) {
			// A question asking when asks for a time, not at the one before.
			r.Time = prev.Time
		}
	}
	if prev != nil && (c.elliptical && r.Asks == AsksAny && !r.YesNo || prev.topic && asksNothing && !r.Retimed) {
		// "…puis le plan d'opération": what the question before asks, of this.
		r.Asks, r.Type = prev.Asks, prev.Type
		if len(r.Attributes) == 0 {
			r.Attributes, r.Focus = prev.Attributes, prev.Focus
		}
	}
	if r.Type == knowledge.TypePerson || r.Type == knowledge.TypeName {
		// "Who took over NMI?": the words of heading, not of taking a post up.
		for i, t := range r.Terms {
			if h := m.headTerm[m.attrOf[t]]; h != "" {
				r.Terms[i] = h
			}
		}
	}
	for _, t := range ctxTerms {
		if id := m.entities[t]; id != "" && !contains(r.Entities, id) && !contains(r.Context, id) {
			r.Context = append(r.Context, id)
		}
	}
	m.resolveAnaphora(&r, c, words, rd)
	for i, t := range r.Terms {
		if strings.HasPrefix(t, "&") {
			r.Terms[i] = entityTerm(m.entities[t])
		}
	}
	if r.Time == nil && ctxTime != nil {
		t := *ctxTime
		// "…a summit in 2016. Which city hosted that summit?": pointing back, the question
		// asks of that time.
		t.Context = !m.pointsBack(words)
		r.Time = &t
	}
	// An entity that only dates the question ("after the Warsaw summit of 2016") helps as
	// context does, and costs the facts that do not name it nothing.
	context := ctxTerms
	if r.Time != nil && (r.Time.Relation == Before || r.Time.Relation == After) && len(r.Subjects) > 0 {
		for _, t := range m.anchors(rd) {
			if contains(r.Terms, t) {
				r.Terms = slices.DeleteFunc(r.Terms, func(x string) bool { return x == t })
				context = append(slices.Clip(context), t)
			}
		}
	}
	q := query{terms: r.Terms, context: context, frame: &r.Frame, lang: lang}
	if prev != nil && prev.topic && r.inherited {
		q.prefer = prev.prefer
	}
	r.Matches, r.Supported, r.About = m.rank(q)
	return r
}

// ownWords counts a question's content words: terms that are no name, concept, question
// word or date.
func ownWords(terms []string) int {
	n := 0
	for _, t := range terms {
		if !isTerm(t) && !isDigits(t) {
			n++
		}
	}
	return n
}

// elliptic is how many content words of its own a follow-up may hold and still ask what the
// question before asks ("and who welcomed him?"): more ask something of their own ("with which
// other organisations does it work on the spot?").
const elliptic = 2

// refersBack reports whether a question holds a pronoun that points back at what was asked
// before ("…and what did they agree?"), not one that only repeats its own subject, inverted
// (« quand le programme a-t-il été signé ? »).
func (m *Matcher) refersBack(c clause, words []string, inMessage bool) bool {
	if strings.ContainsRune(c.text, '-') && m.marks.inversion.MatchString(c.text) {
		words = m.tok.words(m.marks.inversion.ReplaceAllString(c.text, "$1"))
	}
	for i := range words {
		if m.marks.pronouns.at(words, i) > 0 {
			// In a message asking several things, a pronoun after a name of the question's own
			// points to it: "…, and when did Iraq submit its IPCP?" is of Iraq, not of the
			// question before. A follow-up's pronoun points back ("and where else was NATO
			// training them?").
			return !inMessage || len(m.entitiesOf(words[:i])) == 0
		}
	}
	return false
}

// withoutDays returns terms without the day numbers of a time: "16" of « le 16 décembre 2004 ».
func withoutDays(terms []string, t *Time) []string {
	return slices.DeleteFunc(slices.Clone(terms), func(x string) bool {
		return x == strconv.Itoa(t.From.Day) || x == strconv.Itoa(t.To.Day)
	})
}

// asksOrigin reports whether a where-question asks where someone comes from: it ends in "from"
// ("Where is Hintzy from?"), or asks "which country" of a person and nothing else (« il est de
// quel pays ? »).
func (m *Matcher) asksOrigin(words []string, f Frame, prev *Result) bool {
	if n := len(words); n > 2 && m.marks.whereFrom.at(words, n-1) == 1 {
		return true
	}
	return len(f.Attributes) == 0 && m.marks.countryOf.in(words) && m.aboutPerson(f.Entities, prev)
}

// aboutPerson reports whether a question is about a person: one it names, or, naming nobody,
// one the answer before it named.
func (m *Matcher) aboutPerson(entities []string, prev *Result) bool {
	for _, e := range entities {
		if m.types[e] == "person" {
			return true
		}
	}
	return len(entities) == 0 && prev != nil && len(prev.people) > 0
}

// meansSomeone reports whether a question speaks of someone by a pronoun ("where is he from?",
// « il vient d'où ? »): not one that repeats its subject, inverted (« s'est-il passé »), nor an
// impersonal one (« il y a », « il faut »).
func (m *Matcher) meansSomeone(c clause) bool {
	text := c.text
	if strings.ContainsRune(text, '-') {
		text = m.marks.inversion.ReplaceAllString(text, "$1")
	}
	words := m.tok.words(text)
	for i := 0; i < len(words); i++ {
		if n := m.marks.impersonal.at(words, i); n > 0 {
			i += n - 1
			continue
		}
		if m.marks.personal.at(words, i) > 0 {
			return true
		}
	}
	return false
}

// capitalised finds the words of a text written with a capital.
var capitalised = regexp.MustCompile(`\p{Lu}[\p{Ll}\p{Lu}'’-]*`)

// unknownNames returns the words of a question written as names, not at the start of a sentence,
// that are among its unknown words: names the sources never mention, as written.
func (m *Matcher) unknownNames(text string, unknown []string) []string {
	if len(unknown) == 0 {
		return nil
	}
	var out []string
	for _, loc := range capitalised.FindAllStringIndex(text, -1) {
		before := strings.TrimRight(text[:loc[0]], " «\"'(")
		if before == "" || strings.HasSuffix(before, ".") || strings.HasSuffix(before, "?") || strings.HasSuffix(before, "!") || strings.HasSuffix(before, ":") {
			continue
		}
		name := strings.Trim(text[loc[0]:loc[1]], "'’-")
		for _, w := range m.tok.words(name) {
			if contains(unknown, w) && !contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

// pointsBack reports whether a question points back with a demonstrative at something of its
// context ("that summit"), not at the document the context dates ("that article", « ce texte »).
func (m *Matcher) pointsBack(words []string) bool {
	for i := range words {
		if n := m.marks.demonstratives.at(words, i); n > 0 && i+n < len(words) && m.time.sources.at(words, i+n) == 0 && !m.stop[words[i+n]] {
			return true
		}
	}
	return false
}

// Language tells the language of a message without reading it into a question: hint when the
// text gives no sign.
func (m *Matcher) Language(text string, hint knowledge.Lang) knowledge.Lang {
	q := truncate(Clean(text), MaxRunes)
	lang, _ := m.language(q, m.expand(m.tok.words(q)), hint)
	return lang
}

// Resume ranks the intents for a topic again without reading any text: the last question of a
// conversation asked again in another language, or at another time.
func (m *Matcher) Resume(t Topic, lang knowledge.Lang) Result {
	m.reads.Add(1)
	r := *t.result()
	r.topic, r.people = false, nil
	r.Lang, r.LangSure = lang, true
	r.Matches, r.Supported, r.About = m.rank(query{terms: r.Terms, frame: &r.Frame, lang: lang, prefer: t.Intent})
	return r
}

// Rank ranks this matcher's intents for a question another matcher built from the same lexicon
// has read (the sentences of the sources, for a question the facts do not answer), without
// reading it again.
func (m *Matcher) Rank(r Result) []Match {
	f := r.Frame
	matches, _, _ := m.rank(query{terms: r.Terms, frame: &f, lang: r.Lang})
	return matches
}

// resolveAnaphora makes an entity named only by an anaphora ("cette mission") the entity of its type
// that the context names, if any: "…une mission de formation de l'OTAN là-bas. Combien de
// policiers cette mission a-t-elle formés ?" asks about NTM-I.
func (m *Matcher) resolveAnaphora(r *Result, c clause, words []string, rd reading) {
	changed := false
	var meant []string // the entities the anaphoras resolve to
	for _, a := range r.anaphoric {
		if m.namesOtherOfType(r.Frame, a) {
			// "La mission de formation NTM-I": the mission named beside the anaphora is the
			// one it means.
			r.Terms = slices.DeleteFunc(r.Terms, func(t string) bool { return t == anaphoraTerm(a) })
			changed = true
			continue
		}
		resolved := false
		for _, c := range r.Context {
			if c == a || m.types[c] != m.types[a] || m.generic[c] {
				continue
			}
			m.replaceAnaphora(r, a, c)
			resolved, changed = true, true
			meant = append(meant, c)
			break
		}
		if c := m.ofTime(a, r.Time); !resolved && c != "" {
			// "La mission" of 2005 is the mission of that time, not the one that began later.
			m.replaceAnaphora(r, a, c)
			changed = true
			meant = append(meant, c)
		}
	}
	if changed {
		asks, yesNo, tm, ctx := r.Asks, r.YesNo, r.Time, r.Context
		r.Frame = m.frame(c, words, rd, r.Terms)
		r.Asks, r.YesNo, r.Time, r.Context = asks, yesNo, tm, ctx
		// Still named only by an anaphora: an intent's text need not name it.
		r.anaphoric = append(r.anaphoric, meant...)
	}
}

// replaceAnaphora makes the terms of a question that name a by an anaphora name c.
func (m *Matcher) replaceAnaphora(r *Result, a, c string) {
	for i, t := range r.Terms {
		if t == anaphoraTerm(a) {
			r.Terms[i] = entityTerm(c)
		}
	}
}

// ofTime returns the entity of a's type that the sources date to a time wholly before a began, if
// a is dated and the question names such a time: "la mission" in 2005 is NTM-I (2004–2011).
func (m *Matcher) ofTime(a string, t *Time) string {
	since, ok := m.since[a]
	if !ok || t == nil || t.Context || t.Relation == After || !t.To.End().Before(since.Start()) {
		return ""
	}
	for id, from := range m.since {
		until, ended := m.until[id]
		if id != a && m.types[id] == m.types[a] && !t.From.Before(from) && (!ended || !until.End().Before(t.To.Start())) {
			return id
		}
	}
	return ""
}

// namesOtherOfType reports whether a frame names, by its name, an entity of the type of one it
// names only by an anaphora.
func (m *Matcher) namesOtherOfType(f Frame, a string) bool {
	for _, id := range f.Entities {
		if id != a && !contains(f.anaphoric, id) && !m.generic[id] && m.types[id] == m.types[a] {
			return true
		}
	}
	return false
}

func contains[T comparable](list []T, x T) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// speaker is a short lead before a colon: "Éloïse : quand la NMI …", as chats quote who speaks.
var speaker = regexp.MustCompile(`^([^:?!.]{1,40}?)\s*:\s+(\S.*)$`)

// withoutSpeaker drops a lead before a colon when it says nothing of the question: a name or a
// nickname the domain does not know, or words about the asking ("Pour un article :"). A lead the
// domain knows ("NMI : qui commande ?") stays part of the question.
func (m *Matcher) withoutSpeaker(q string) string {
	if !strings.Contains(q, ":") {
		return q
	}
	sm := speaker.FindStringSubmatch(q)
	if sm == nil {
		return q
	}
	for _, w := range m.phrases.replace(m.tok.words(sm[1])) {
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
		v := m.votes[w]
		fr += v.fr
		en += v.en
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
		// A keyword cut short ("stolten") or missing a letter or two ("hntzy"), not a word
		// that merely shares its letters ("partent", "partenariat").
		if float64(n)/float64(utf8.RuneCountInString(k)) >= 0.6 && (strings.HasPrefix(k, w) || utf8.RuneCountInString(k)-n <= 2) {
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

// People returns the terms that name people (a role, « les ministres », "the leaders") among
// terms.
func (m *Matcher) People(terms []string) []string {
	var out []string
	for _, t := range terms {
		if m.people[t] {
			out = append(out, t)
		}
	}
	return out
}

// Specific returns a question's specific terms: those that carry meaning beside its names,
// concepts, dates and question words ("demining" in "did the package include demining?"),
// which a fact must say to answer the question "yes".
func (m *Matcher) Specific(r Result) []string {
	var out []string
	for _, t := range r.Terms {
		if concept, content := kindOf(t); content && !concept && m.df[t] > 0 {
			out = append(out, t)
		}
	}
	return out
}

// IsRole reports whether a concept term names a role a person holds ("=president").
func (m *Matcher) IsRole(term string) bool { return m.roles[m.attrOf[term]] }

// IsAttribute reports whether a concept term asks an attribute ("=members"), not only restricts.
func (m *Matcher) IsAttribute(term string) bool { return m.attrOf[term] != "" }

// TermsOf returns the terms of a text read in lang as the matcher reads the facts' answers.

func (m *Matcher) TermsOf(text string, lang knowledge.Lang) []string {
	return m.terms(m.tok.words(text), lang, false)
}
