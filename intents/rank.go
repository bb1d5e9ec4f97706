package intents

import (
	"container/heap"
	"math"
	"slices"
	"strings"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// Weights of the three word signals; they sum to one, so the confidence is within [0, 1].
const (
	weightPhrase   = 0.45 // idf-weighted cosine with the closest example phrasing
	weightBM25     = 0.20 // BM25F over the intent's phrasings, keywords, answer and evidence
	weightCoverage = 0.35 // share of the question's weight the intent holds
	// otherAsks scales the score of an intent whose phrasings never ask the question's kind.
	otherAsks = 0.85
	// missingConcept scales the score of an intent for each concept of the question it lacks.
	missingConcept = 0.85
	// onlyNames scales the score of an intent that shares no concept nor other content with the
	// question: only names, dates and question words.
	onlyNames = 0.6
	// contextWeight is the weight of a term of the context around a question, relative to the
	// question's own: it helps the intents that hold it and costs the others nothing.
	contextWeight = 0.5
)

// The frame's part of the score.
const (
	// notAbout scales an intent that neither is about nor mentions the entity a question names;
	// mentionsOnly one that mentions it without being about it.
	notAbout     = 0.6
	mentionsOnly = 0.85
	// secondary scales an intent about the entity named, but mostly about another.
	secondary = 0.95
	// genericNotAbout and genericMentions are the same for a question naming only NATO or Iraq,
	// which most intents concern without saying so.
	genericNotAbout = 0.85
	genericMentions = 0.95
	// lacksAttribute scales an intent for each attribute asked that it does not give, and
	// spokenOnly one its words speak of though its frame does not list it.
	lacksAttribute = 0.7
	spokenOnly     = 0.9
	// lacksOther scales an intent for each attribute asked, not the focus, that it does not give.
	lacksOther = 0.85
	// wrongType scales an intent that holds no answer of the type asked (a date for "when").
	wrongType = 0.75
	// fitFloor lifts an intent that fits the whole frame of a question naming its subject and
	// an attribute: its confidence becomes at least fitFloor + (1 - fitFloor) × its score.
	fitFloor = 0.3
	// fitMin is the least word score an intent fitting the frame needs to be lifted, and liftGap
	// how far behind the best word score it may be.
	fitMin  = 0.15
	liftGap = 0.2
)

// scratch holds one ranking's accumulators, indexed by example and by intent, so that a question
// costs a walk over the postings of its terms and no map. Matchers pool them.
type scratch struct {
	dots, optSq       []float64 // by example: dot product with the question, its optional terms' share
	bm, cover, docOpt []float64 // by intent: BM25F sum, weight covered, optional weight covered
	cos               []float64 // by intent: best cosine of its examples
	concepts, content []int32   // by intent: how many of the question's concepts, content terms it holds
	restrictions      []int32   // by intent: how many of the question's concepts that are no attribute it holds
	best              []int32   // by intent: that example
	exTouched         []int32
	docTouched        []int32
	cands             []candidate
}

func (m *Matcher) newScratch() *scratch {
	ne, nd := len(m.examples), len(m.intents)
	sc := &scratch{
		dots: make([]float64, ne), optSq: make([]float64, ne),
		bm: make([]float64, nd), cover: make([]float64, nd), docOpt: make([]float64, nd),
		cos: make([]float64, nd), best: make([]int32, nd),
		concepts: make([]int32, nd), content: make([]int32, nd), restrictions: make([]int32, nd),
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
		sc.concepts[d], sc.content[d], sc.restrictions[d] = 0, 0, 0
	}
	sc.exTouched, sc.docTouched = sc.exTouched[:0], sc.docTouched[:0]
}

// query is what rank scores: the question's terms, the context's, and the frame.
type query struct {
	terms   []string
	context []string
	frame   *Frame
	lang    knowledge.Lang
	// prefer is the intent a conversation's last answer gave, which a follow-up naming nothing
	// of its own most likely asks about again; "" when none.
	prefer string
}

// salience scales the words' score of the intent a follow-up's conversation last answered: a
// follow-up that names nothing of its own ("c'est qui ?", "pourquoi ?") most often asks more of
// the same fact; one that asks what that fact does not give still goes to another.
const salience = 1.2

// scored is an intent and its score.
type scored struct {
	intent   int32
	total    float64
	fits     bool
	partial  bool // fits a yes/no question by one attribute put forward, not the one asked
	covers   bool
	holds    bool
	words    bool
	coverage float64
}

// rank scores the intents that share a term with the question and returns the best, with the
// intents about its subjects when the sources give none of what it asks of them.
//
// Words score every intent touched; the frame then scales them (by at most 1) and lifts the best
// intent that fits it whole, when its words are not far behind the best. Intents are weighed
// against the frame in order of their words' score, and only until no later one can enter the
// best: what the frame costs grows with the intents near the question, not with the base.
func (m *Matcher) rank(q query) (matches []Match, supported bool, about []Match) {
	a := m.compileAsked(q.frame)
	supported = m.supports(q.frame, &a)
	if !supported && m.dropStart(q.frame) {
		// "When did NATO start helping with COVID-19?": when of the help.
		a = m.compileAsked(q.frame)
		supported = m.supports(q.frame, &a)
	}
	terms := unique(q.terms)
	if len(terms) == 0 {
		return nil, supported, nil
	}
	sc := m.scratch.Get().(*scratch)
	defer func() {
		sc.reset()
		m.scratch.Put(sc)
	}()
	w := m.accumulate(sc, terms, q.context)
	m.closestExamples(sc, w.sq, q.lang)
	cands := sc.cands[:0]
	prefer := int32(-1)
	if p, ok := m.position[q.prefer]; ok && q.prefer != "" {
		prefer = p
	}
	for _, d := range sc.docTouched {
		s := m.wordScore(sc, d, w, q.frame.Asks)
		if d == prefer {
			s = min(s*salience, 1)
		}
		cands = append(cands, candidate{d: d, s: s})
	}
	sc.cands = cands
	h := &byWords{c: cands, intents: m.intents}
	heap.Init(h)
	// A question naming only NATO or Iraq lifts its fitting intent only when no other has better
	// words.
	gap := liftGap
	if len(q.frame.Subjects) > 0 && m.generic[q.frame.Subjects[0]] {
		gap = 0
	}
	mayLift := len(q.frame.Subjects) > 0 && len(q.frame.Attributes) > 0
	var top, aboutTop []scored // best first
	lifted := !mayLift
	best := -1.0
	for h.Len() > 0 {
		c := h.c[0]
		if best < 0 {
			best = c.s
		}
		// The frame scales a score by at most 1: once the fifth best is above what the words of
		// the rest can reach, and no lift can come, nothing later enters the best. Unless the
		// question asks what the sources do not give: then what they say of its subject is
		// looked for among all.
		if len(top) == MaxMatches && c.s < top[MaxMatches-1].total && (lifted || c.s < max(best-gap, fitMin)) && supported && prefer < 0 {
			break
		}
		heap.Pop(h)
		factor, fits, whole := m.fit(c.d, &a)
		s := c.s * factor
		if whole && !lifted {
			lifted = true
			if c.s >= fitMin && c.s >= best-gap {
				s = max(c.s, fitFloor+(1-fitFloor)*c.s)
			}
		}
		if c.d == prefer {
			// The fact a conversation last answered, fitting the follow-up whole, is lifted
			// whatever the words of others: « c'est qui ? » after its commander's rank.
			prefer = -1
			if whole && c.s >= fitMin {
				s = max(s, fitFloor+(1-fitFloor)*c.s)
			}
		}
		sd := scored{intent: c.d, total: s, fits: fits, partial: fits && !whole,
			covers:   int(sc.concepts[c.d]) == w.concepts && int(sc.content[c.d]) == w.contents,
			coverage: min(sc.cover[c.d]/max(w.total+sc.docOpt[c.d], 1e-9), 1),
			words:    sc.concepts[c.d]+sc.content[c.d] > 0,
			holds:    int(sc.restrictions[c.d]) == w.restrictions && m.mentionsAll(c.d, &a)}
		top = m.insert(top, sd, MaxMatches)
		if !supported && m.isAboutAny(c.d, q.frame.Subjects) {
			aboutTop = m.insert(aboutTop, sd, 3)
		}
	}
	matches = make([]Match, 0, len(top))
	for _, s := range top {
		matches = append(matches, m.match(sc, s, q.lang))
	}
	for _, s := range aboutTop {
		about = append(about, m.match(sc, s, q.lang))
	}
	return matches, supported, about
}

// byWords orders candidates best first by their words' score, then by id: a heap, so that the
// frame weighs them in that order, one at a time, and only as many as can still enter the best.
type byWords struct {
	c       []candidate
	intents []Intent
}

func (h *byWords) Len() int { return len(h.c) }
func (h *byWords) Less(i, j int) bool {
	if h.c[i].s != h.c[j].s {
		return h.c[i].s > h.c[j].s
	}
	return h.intents[h.c[i].d].ID < h.intents[h.c[j].d].ID
}
func (h *byWords) Swap(i, j int) { h.c[i], h.c[j] = h.c[j], h.c[i] }
func (h *byWords) Push(x any)    { h.c = append(h.c, x.(candidate)) }

// Pop drops the last candidate; rank reads the best one at h.c[0] before popping, so Pop returns
// nothing, which spares boxing a candidate into an interface at every step.
func (h *byWords) Pop() any {
	h.c = h.c[:len(h.c)-1]
	return nil
}

// candidate is an intent and the score of its words alone.
type candidate struct {
	d int32
	s float64
}

// weights are a question's own terms, summed and squared.
type weights struct {
	total, sq float64
	concepts  int // how many concepts the question asks about
	contents  int // how many content terms it holds, concepts included
	// restrictions are its concepts that are no attribute ("women", "troops"): what restricts
	// the answer rather than asks it.
	restrictions int
}

// accumulate walks the postings of the question's terms and of its context's.
func (m *Matcher) accumulate(sc *scratch, terms, context []string) weights {
	var w weights
	// Dates and context are optional terms: they help the intents that hold them and cost the
	// others nothing, so "en 2022" does not sink a question whose year no fact names.
	add := func(t string, tw float64, opt bool) {
		if !opt {
			w.total += tw
			w.sq += tw * tw
		}
		p, ok := m.postings[t]
		idf := p.weight
		if !ok {
			idf = m.unknownW
		}
		for _, e := range p.examples {
			if sc.dots[e] == 0 {
				sc.exTouched = append(sc.exTouched, e)
			}
			sc.dots[e] += tw * idf
			if opt {
				sc.optSq[e] += tw * tw
			}
		}
		concept, content := kindOf(t)
		restriction := concept && m.attrOf[t] == ""
		scale := tw / idf
		for _, dp := range p.docs {
			if sc.cover[dp.doc] == 0 {
				sc.docTouched = append(sc.docTouched, dp.doc)
			}
			sc.bm[dp.doc] += dp.bm25 * scale
			sc.cover[dp.doc] += tw
			if opt {
				sc.docOpt[dp.doc] += tw
				continue
			}
			if concept {
				sc.concepts[dp.doc]++
			}
			if restriction && dp.own {
				// What restricts a precise answer ("how many women") must be the intent's own
				// word, not one of the sentences around it.
				sc.restrictions[dp.doc]++
			}
			if content {
				sc.content[dp.doc]++
			}
		}
	}
	own := map[string]bool{}
	for _, t := range terms {
		own[t] = true
		c, content := kindOf(t)
		if c {
			w.concepts++
			if m.attrOf[t] == "" {
				w.restrictions++
			}
		}
		if content {
			w.contents++
		}
		add(t, m.weight(t), optional(t))
	}
	for _, t := range unique(context) {
		if own[t] || m.df[t] == 0 || strings.HasPrefix(t, "@") {
			continue
		}
		add(t, contextWeight*m.weight(t), true)
	}
	return w
}

// closestExamples finds the closest example of each intent, by cosine; on a tie, one in the
// question's language, to show as a suggestion.
func (m *Matcher) closestExamples(sc *scratch, baseSq float64, lang knowledge.Lang) {
	base := math.Sqrt(baseSq)
	for _, e := range sc.exTouched {
		qn := base
		if o := sc.optSq[e]; o != 0 {
			qn = math.Sqrt(baseSq + o)
		}
		cos := sc.dots[e] / (qn * m.exNorm[e])
		d := m.exIntent[e]
		if b := sc.best[d]; b < 0 || cos > sc.cos[d] || (cos == sc.cos[d] && m.exLang[e] == lang && m.exLang[b] != lang) {
			sc.cos[d], sc.best[d] = cos, e
		}
	}
}

// wordScore is an intent's score from the words alone.
func (m *Matcher) wordScore(sc *scratch, d int32, w weights, asks Asks) float64 {
	total := w.total + sc.docOpt[d]
	if total == 0 {
		return 0
	}
	s := weightPhrase*sc.cos[d] + weightBM25*sc.bm[d]/total + weightCoverage*sc.cover[d]/total
	// An intent none of whose phrasings asks what the question asks ("who" of a date)
	// probably answers something else.
	if asks != AsksAny && asks != AsksHappened && !m.docs[d].asks[asks] {
		s *= otherAsks
	}
	// A concept is what a question asks about (commanding, launching, a country): an intent
	// that lacks one answers something else of the same subject.
	if w.concepts > 0 {
		lacks := w.concepts - int(sc.concepts[d])
		s *= math.Pow(missingConcept, float64(lacks))
		// Sharing only names, dates and question words with the question, and none of what it
		// asks about ("who commanded NTM-I in 2005" of an event of NTM-I in 2005), is not
		// answering it.
		if lacks == w.concepts && sc.content[d] == 0 {
			s *= onlyNames
		}
	}
	return min(s, 1)
}

// fit scales an intent by how well its best frame fits the question's frame, and reports whether
// one of its frames fits it (about a subject named, if any, giving the focus asked or, of a
// yes/no question, one attribute it puts forward, holding the type asked) and whether one fits it
// whole, giving the focus.
func (m *Matcher) fit(d int32, a *asked) (factor float64, fits, whole bool) {
	for i := range m.docs[d].frames {
		f, ok, w := m.fitFrame(d, &m.docs[d].frames[i], a)
		factor, fits, whole = max(factor, f), fits || ok, whole || w
	}
	return factor, fits, whole
}

func (m *Matcher) fitFrame(d int32, fr *compiledFrame, a *asked) (float64, bool, bool) {
	doc := &m.docs[d]
	factor, about := 1.0, a.any
	if !a.any {
		about = a.subjects.meets(fr.about)
		if about && !a.subjects.has(fr.first) {
			// A fact is mostly about its first subject; the others it names too.
			factor *= secondary
		}
		mentioned := a.subjects.meets(doc.mentions)
		switch {
		case about:
		case a.generic && mentioned:
			factor *= genericMentions
		case a.generic:
			factor *= genericNotAbout
		case mentioned:
			factor *= mentionsOnly
		default:
			factor *= notAbout
		}
		// NATO alone: an intent about nothing in particular is about it too, and one that names
		// it ("who asked NATO for help?" of Allawi's letter), unless it is about a mission of
		// NATO's (NMI's launch is not NATO's founding); Iraq, the topic of every fact, is what
		// any intent is about.
		about = about || a.topic || (a.generic && (fr.first < 0 || (mentioned && !fr.mission)))
	}
	// The focus asked must be given; the other attributes asked only weigh, less when the words
	// speak of them (the ministers who decided).
	gives, givesOne := true, false
	for _, at := range a.attrs {
		switch {
		case fr.gives.has(at):
			givesOne = true
		case m.speaks(doc, at, a):
			factor *= spokenOnly
		case a.focus.has(at):
			factor *= lacksAttribute
			gives = false
		default:
			factor *= lacksOther
		}
	}
	holds := a.typ == 0 || fr.types&a.typ != 0
	if !holds {
		factor *= wrongType
	}
	whole := about && gives && holds
	// "Do NATO advisers go out on operations?" puts forward advisers and a deployment: a fact
	// giving one of them may decide it, what it does not say deciding nothing yet; only one
	// giving what the question word points at is lifted.
	return factor, whole || (about && holds && a.yesNo && len(a.attrs) > 1 && givesOne), whole
}

// speaks reports whether an intent's answer speaks of an attribute, or, when the question asks
// several, its phrasings do: a question asking one attribute alone ("when was NATO founded?")
// needs more than a phrasing that says "start". Naming a role ("a letter to the Secretary
// General") does not say who holds it.
func (m *Matcher) speaks(doc *doc, at int, a *asked) bool {
	if a.roles.has(at) {
		return false
	}
	return doc.speaksOf.has(at) || (a.many && doc.asksOf.has(at)) || (!a.generic && doc.askedOf.has(at))
}

// supports reports whether the sources may give what the question asks: false when it asks an
// attribute no intent gives of anything (an age, a budget), or names entities and asks an
// attribute or a type of answer that no intent about them gives.
func (m *Matcher) supports(f *Frame, a *asked) bool {
	for _, at := range f.Attributes {
		if !m.given[at] {
			return false
		}
	}
	if len(f.Subjects) == 0 || (len(f.Attributes) == 0 && f.Type == "") || a.topic {
		return true
	}
	for _, s := range append(f.Subjects, f.Implied...) {
		si := m.num.entityID(s)
		for _, d := range m.about[s] {
			doc := &m.docs[d]
			for i := range doc.frames {
				fr := &doc.frames[i]
				if fr.about.has(si) && m.givesFocus(doc, fr, a) && (a.typ == 0 || fr.types&a.typ != 0) {
					return true
				}
			}
		}
	}
	return false
}

// dropStart removes, from a question asking when, the start of something (Attribute.Dated) it
// asks of entities no fact gives it of: it asks the date of what they did. It reports whether
// it removed one.
func (m *Matcher) dropStart(f *Frame) bool {
	if f.Type != knowledge.TypeDate || !f.StartsDoing || len(f.Subjects) == 0 {
		return false
	}
	dropped := false
	for _, at := range f.Focus {
		if m.dated[at] && !slices.ContainsFunc(f.Subjects, func(s string) bool { return m.Gives(s, at) }) {
			f.Attributes, f.Focus, f.Concepts = remove(f.Attributes, at), remove(f.Focus, at), remove(f.Concepts, at)
			dropped = true
		}
	}
	return dropped
}

// givesFocus reports whether a frame gives, or its intent's words speak of, an attribute of the
// focus, or none is asked.
func (m *Matcher) givesFocus(doc *doc, fr *compiledFrame, a *asked) bool {
	none := true
	for _, at := range a.attrs {
		if !a.focus.has(at) {
			continue
		}
		none = false
		if fr.gives.has(at) || m.speaks(doc, at, a) {
			return true
		}
	}
	return none
}

// mentionsAll reports whether an intent names every entity a question is about (NATO and Iraq
// aside) in its phrasings, keywords, answer or frames: the documents around it do not count.
func (m *Matcher) mentionsAll(d int32, a *asked) bool { return a.named.within(m.docs[d].mentions) }

// isAboutAny reports whether an intent is about one of the entities.
func (m *Matcher) isAboutAny(d int32, entities []string) bool {
	for _, e := range entities {
		if contains(m.about[e], d) {
			return true
		}
	}
	return false
}

// insert puts s into top, best first, keeping at most n; ties go to the smaller id.
func (m *Matcher) insert(top []scored, s scored, n int) []scored {
	i := len(top)
	for i > 0 && (s.total > top[i-1].total || (s.total == top[i-1].total && m.intents[s.intent].ID < m.intents[top[i-1].intent].ID)) {
		i--
	}
	if i >= n {
		return top
	}
	top = append(top, scored{})
	copy(top[i+1:], top[i:])
	top[i] = s
	if len(top) > n {
		top = top[:n]
	}
	return top
}

// match makes the Match of a scored intent, with its closest example phrasing.
func (m *Matcher) match(sc *scratch, s scored, lang knowledge.Lang) Match {
	out := Match{ID: m.intents[s.intent].ID, Confidence: math.Round(s.total*1000) / 1000, Fits: s.fits, Partial: s.partial, Covers: s.covers, Holds: s.holds, Words: s.words,
		Coverage: math.Round(s.coverage*1000) / 1000}
	if e := sc.best[s.intent]; e >= 0 && !m.examples[e].hidden {
		out.Phrase, out.Lang = m.examples[e].text, m.examples[e].lang
	} else if ps := m.intents[s.intent].Phrases.In(lang); len(ps) > 0 {
		out.Phrase, out.Lang = ps[0], lang
	}
	return out
}

// kindOf tells a concept (what a question asks about) and a content term (anything but names of
// entities, dates and question words).
func kindOf(t string) (concept, content bool) {
	switch {
	case strings.HasPrefix(t, "="):
		return true, true
	case strings.HasPrefix(t, "@"), strings.HasPrefix(t, "#"), optional(t):
		return false, false
	}
	return false, true
}

// optional reports whether a term is part of a date: a year or a month.
func optional(t string) bool {
	return yearOf(t) > 0 || strings.HasPrefix(t, "@m")
}
