package answers

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nmi-factbot/nmibot/intents"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// Engine answers questions from a fact base. It is safe for concurrent use.
type Engine struct {
	base    *knowledge.Base
	matcher *intents.Matcher
	// passages ranks the sentences of the sources, for questions no fact answers. It is built on
	// first use: most questions never need it, and start-up stays short.
	passagesOnce sync.Once
	passages     *intents.Matcher
	passagesErr  error
	sentences    map[string]knowledge.Sentence // by passage intent id
	corpus       []string
	// readings are the facts' values as the matcher reads them, for yes/no questions: read once
	// here, not at every question.
	readings map[valueKey]valueReading
	// latestDated is the latest date the facts give: nothing after it is known.
	latestDated knowledge.Date
	quotes      *quoteCatalogue
}

// valueKey names a value of a fact.
type valueKey struct {
	fact string
	asOf knowledge.Date
}

// valueReading is a value's answer as the matcher reads it: the entities it names, in either
// language, and its terms in each.
type valueReading struct {
	said      []string
	terms     map[knowledge.Lang][]string
	exclusive []string // the exclusive values it says: "rank:second" of "his second visit"
	// outside are the terms of what it says something is outside of, by language: « hors de la
	// région euro-atlantique ».
	outside map[knowledge.Lang][]string
	// negated are, by language, the terms it denies after each word of negation: "refused to
	// grant immunity" → [grant immunity].
	negated map[knowledge.Lang][][]string
}

// evidenceSentences is how many sentences around each cited one count as a fact's evidence.
const evidenceSentences = 1

// New indexes the facts of base for matching.
func New(base *knowledge.Base) (*Engine, error) {
	ins := make([]intents.Intent, 0, len(base.Facts))
	evidence := base.Evidence(evidenceSentences)
	for _, f := range base.Facts {
		var fr, en []string
		for _, v := range f.Values {
			fr, en = append(fr, v.Answer.FR), append(en, v.Answer.EN)
		}
		ins = append(ins, intents.Intent{
			ID:       f.ID,
			Phrases:  f.Questions,
			Asked:    f.Asked,
			Keywords: f.Keywords,
			Answer:   knowledge.Text{FR: strings.Join(fr, " "), EN: strings.Join(en, " ")},
			Evidence: evidence[f.ID],
			Frames:   f.Frames,
			Values:   values(f),
		})
	}
	corpus := make([]string, 0, len(base.Sources))
	for _, s := range base.Sources {
		corpus = append(corpus, s.Text)
	}
	m, err := intents.NewMatcher(ins, intents.Options{Corpus: corpus, Entities: base.Entities, Attributes: base.Attributes})
	if err != nil {
		return nil, fmt.Errorf("answers: %w", err)
	}
	e := &Engine{base: base, matcher: m, corpus: corpus, readings: map[valueKey]valueReading{}, latestDated: base.LatestDated(),
		quotes: newQuoteCatalogue(base)}
	for _, f := range base.Facts {
		for _, v := range f.Values {
			rd := valueReading{said: m.EntitiesIn(v.Answer.FR + " " + v.Answer.EN), terms: map[knowledge.Lang][]string{},
				exclusive: m.ExclusiveIn(v.Answer.FR + " " + v.Answer.EN), outside: map[knowledge.Lang][]string{},
				negated: map[knowledge.Lang][][]string{}}
			for _, lang := range knowledge.Langs {
				rd.terms[lang] = m.TermsOf(v.Answer.In(lang), lang)
				rd.outside[lang] = m.OutsideIn(v.Answer.In(lang), lang)
				rd.negated[lang] = m.NegatedIn(v.Answer.In(lang), lang)
			}
			e.readings[valueKey{f.ID, v.AsOf}] = rd
		}
	}
	return e, nil
}

// values are a fact's answers as of their dates, for the matcher.
func values(f *knowledge.Fact) []intents.Value {
	out := make([]intents.Value, len(f.Values))
	for i, v := range f.Values {
		out[i] = intents.Value{Answer: v.Answer, AsOf: v.AsOf}
		if v.AsOf.IsZero() {
			// An event's answer holds as of the event: the minister of 2010 is of 2010.
			out[i].AsOf = f.Date
		}
	}
	return out
}

// passageMatcher returns the matcher over the substantive sentences of the sources.
func (e *Engine) passageMatcher() (*intents.Matcher, error) {
	e.passagesOnce.Do(func() {
		e.sentences = map[string]knowledge.Sentence{}
		var ps []intents.Intent
		for i, s := range e.base.Sentences() {
			if !s.Substantive {
				continue
			}
			id := fmt.Sprintf("passage-%d", i)
			e.sentences[id] = s
			ps = append(ps, intents.Intent{ID: id, Phrases: knowledge.Phrases{FR: []string{s.Text}}})
		}
		e.passages, e.passagesErr = intents.NewMatcher(ps, intents.Options{Corpus: e.corpus, Entities: e.base.Entities})
	})
	return e.passages, e.passagesErr
}

// Default loads the embedded fact base and indexes it.
func Default() (*Engine, error) {
	b, err := knowledge.Default()
	if err != nil {
		return nil, err
	}
	return New(b)
}

// Base returns the fact base the engine answers from.
func (e *Engine) Base() *knowledge.Base { return e.base }

// Matcher returns the engine's matcher, for type-ahead suggestions.
func (e *Engine) Matcher() *intents.Matcher { return e.matcher }

// maxEvents is how many events a "what happened" answer lists before saying how many more.
const maxEvents = 6

// Answer replies to a question. It never fails: a question it cannot answer from the sources
// gets a reply that says so, with questions to try.
func (e *Engine) Answer(q Question) Answer {
	text := intents.Clean(q.Text)
	var r intents.Result
	switch {
	case q.Again && q.Topic != nil:
		r = e.matcher.Resume(*q.Topic, e.replyLang(q, text))
	case utf8.RuneCountInString(text) > MaxQuestionRunes:
		lang := e.replyLang(q, text)
		return e.none(text, lang, msg(lang, msgTooLong, MaxQuestionRunes), e.examples(lang))
	default:
		r = e.matcher.MatchAfter(text, q.Lang, q.Topic)
	}
	if q.Reply == knowledge.French || q.Reply == knowledge.English {
		r.Lang = q.Reply
		for i := range r.Parts {
			r.Parts[i].Lang = q.Reply
		}
	}
	if len(r.Terms) == 0 && len(r.Unknown) == 0 && len(r.Parts) == 0 {
		// Empty, punctuation, emoji or only "hello": greet and show what to ask.
		return e.none(text, r.Lang, msg(r.Lang, msgHelp), e.examples(r.Lang))
	}
	var a Answer
	if len(r.Parts) > 1 {
		a = e.parts(r)
	} else {
		a = e.one(r)
	}
	if !a.Answered && r.Retimed && e.aboutEvent(q.Topic) {
		// "et le 16 décembre 2004 ?" after an event: what happened then, if not more of it.
		if ev := e.timeline(r); ev.Answered {
			a = ev
		}
	}
	a.Question = text
	t := r.Topic()
	a.Topic = &t
	return a
}

// timelineIntent is the intent of an answer listing the events of a time.
const timelineIntent = "timeline"

// aboutEvent reports whether a conversation's topic was answered by a dated event.
func (e *Engine) aboutEvent(t *intents.Topic) bool {
	if t == nil {
		return false
	}
	f, ok := e.base.Fact(t.Intent)
	return t.Intent == timelineIntent || ok && !f.Date.IsZero()
}

// parts answers a message that asks several things: each question in turn, in one reply; a
// question the sources do not answer is declined on its own line.
func (e *Engine) parts(r intents.Result) Answer {
	lang := r.Lang
	out := Answer{Question: r.Question, Lang: lang, Kind: KindNone, Citations: []Citation{}, Suggestions: []string{}}
	var lines []string
	seen := map[string]bool{}
	for _, p := range r.Parts {
		a := e.one(p)
		switch {
		case a.Answered && seen[a.Text]:
			// Two parts one answer gives ("who commands it and who leads it?"): said once.
			// Two timelines are two answers.
			continue
		case a.Answered:
			seen[a.Text] = true
			if !out.Answered {
				out.Answered, out.Kind, out.Intent, out.Confidence, out.AsOf = true, a.Kind, a.Intent, a.Confidence, a.AsOf
			}
			lines = append(lines, a.Text)
		case a.Kind == KindRelated:
			lines = append(lines, a.Text)
		default:
			lines = append(lines, msg(lang, msgPartUnknown, p.Text))
		}
		out.Citations = append(out.Citations, a.Citations...)
	}
	if !out.Answered && out.Kind == KindNone && len(out.Citations) > 0 {
		out.Kind = KindRelated
	}
	out.Text = strings.Join(lines, "\n")
	out.Citations = dedupe(out.Citations)
	return out
}

// one answers one question.
func (e *Engine) one(r intents.Result) Answer {
	text := r.Question
	asked := r.Time
	if asked != nil && asked.Context {
		asked = nil
	}
	if len(r.UnknownNames) > 0 && !r.YesNo {
		// "What did NATO do in Libya in 2011?": a name the sources never mention.
		return e.none(text, r.Lang, msg(r.Lang, msgUnknownName, strings.Join(r.UnknownNames, ", ")), e.examples(r.Lang))
	}
	if len(r.Unsourced) > 0 && !(r.YesNo && e.aboutPerson(r)) {
		// "What role does France play in NMI?", "Is Norway part of NMI?": a country no source
		// names. The sources list no mission's every member, so only a yes/no question about
		// someone they name gets its verdict: "Was Olsen Norwegian?" is answered by the fact
		// that says he is Danish.
		var names []string
		for _, id := range r.Unsourced {
			if ent, ok := e.base.Entity(id); ok {
				names = append(names, ent.Label.In(r.Lang))
			}
		}
		of := strings.Join(names, ", ")
		if r.Lang == knowledge.French {
			of = deLabel(names)
		}
		return e.none(text, r.Lang, msg(r.Lang, msgUnsourced, of), e.examples(r.Lang))
	}
	if r.Nobody {
		// "Where is he from?" with nothing before: he is no one yet.
		return e.none(text, r.Lang, msg(r.Lang, msgNobody), e.examples(r.Lang))
	}
	if r.Future {
		latest := e.base.Latest()
		return e.none(text, r.Lang, msg(r.Lang, msgAfterSources, latest.Format(r.Lang), msg(r.Lang, msgFuture)), e.examples(r.Lang))
	}
	if latest := e.base.Latest(); asked != nil && asked.Relation != intents.Before && latest.End().Before(asked.From.Start()) {
		// Nothing after the latest source can be known from the sources.
		return e.none(text, r.Lang, msg(r.Lang, msgAfterSources, latest.Format(r.Lang), asked.From.Format(r.Lang)), e.examples(r.Lang))
	}
	if last := e.latestDated; asked != nil && asked.Relation == intents.After && !last.Start().After(asked.From.End()) {
		// "After the November 2025 elections": the facts date nothing later.
		return e.none(text, r.Lang, msg(r.Lang, msgNothingAfter, timePhrase(r.Lang, asked), last.Format(r.Lang)), e.examples(r.Lang))
	}
	if asked != nil && !r.YesNo && (r.Asks == intents.AsksHappened || e.matcher.OnlyTime(r.Terms)) {
		return e.timeline(r)
	}
	if !r.Supported {
		return e.unsaid(r)
	}
	best, f := e.pick(r)
	// A question that names nothing of the domain and asks nothing it knows ("how's your day
	// going?") needs closer words to be answered.
	free := r.Type == "" && len(r.Subjects) == 0 && len(r.Attributes) == 0
	if f == nil || best.Confidence < e.threshold(r, best) || (free && best.Confidence < unconstrained) {
		// A question no fact comes near is not about the sources: the passages, which the facts
		// cover, will not answer it either.
		if f != nil && best.Confidence >= passageFloor && !r.YesNo {
			if a, ok := e.passage(r); ok {
				return a
			}
		}
		return e.decline(r)
	}
	if asked != nil && !f.Holds(asked.To) {
		return e.none(text, r.Lang, msg(r.Lang, msgBeforeFact, asked.To.Format(r.Lang), f.From.Format(r.Lang)), []string{e.phrase(f.ID, r.Lang)})
	}
	if (r.Type == knowledge.TypePerson || (r.Type == knowledge.TypeName && len(r.NameOf) == 0)) && !r.YesNo && !r.Earlier && !e.namesPerson(r) && !e.namesSomeoneElse(r, f) {
		// "Who was SACEUR in December 2004?" of a fact that only says "SACEUR": no one else.
		return e.unsaidOf(r, f, msg(r.Lang, typeMessage[r.Type]), best.Confidence)
	}
	if a, ok := e.base.Attribute(r.Role); ok && a.Person && !r.YesNo && !e.namesAnotherPerson(r, f) {
		// "Which Iraqi prime minister asked…?" of a fact saying "the Iraqi authorities": no one
		// who held the role.
		return e.unsaidOf(r, f, msg(r.Lang, typeMessage[knowledge.TypePerson]), best.Confidence)
	}
	if r.Type == knowledge.TypePlace && !r.YesNo && !e.namesAnotherPlace(r, f) {
		// "In which city of Jordan is the King Abdullah II centre?" of a fact that says "in
		// Jordan": no place the question does not name already.
		return e.unsaidOf(r, f, msg(r.Lang, typeMessage[r.Type]), best.Confidence)
	}
	if r.Type == knowledge.TypeName && !r.YesNo && !e.namesAName(r, f) {
		// "What's the name of the Turkish general…?" of a fact naming Turkey, not him.
		return e.unsaidOf(r, f, msg(r.Lang, typeMessage[r.Type]), best.Confidence)
	}
	if r.Exact && r.Type == knowledge.TypeDate && !r.YesNo && !toTheDay(f) {
		// "When exactly did Hintzy take over?" of "in the post for a few months in 2025".
		return e.unsaidOf(r, f, msg(r.Lang, msgExactDate), best.Confidence)
	}
	if r.BeforeOwn && !f.Changed() {
		// "What did Olsen do before he took command?": the fact says what he did then, not
		// before.
		return e.related(text, r.Lang, f, f.Current(), msg(r.Lang, msgNothingEarlier)+" "+msg(r.Lang, msgTheySay), best.Confidence)
	}
	if asked != nil && r.Type == knowledge.TypeNumber && !r.YesNo && e.lifetimeTotal(f, asked) {
		// "How many did NTM-I train in 2011?" of a figure for all of NTM-I (2004–2011): not
		// that year's.
		return e.related(text, r.Lang, f, f.Current(), msg(r.Lang, msgUnattested, asked.From.Format(r.Lang)), best.Confidence)
	}
	if r.ExactFigure && !r.YesNo && !hasFigure(f.Current().Answer.FR) {
		// "What is NMI's exact headcount?" of "several hundred, no exact figure".
		return e.unsaidOf(r, f, msg(r.Lang, msgExactFigure), best.Confidence)
	}
	if r.Type == knowledge.TypeNumber && !r.YesNo && !e.countsWhatIsAsked(r, f) {
		// "How many federal police has NMI advised since 2023?" of a fact whose figure counts
		// the NAC's member countries: no figure of what is asked.
		return e.unsaidOf(r, f, msg(r.Lang, typeMessage[knowledge.TypeNumber]), best.Confidence)
	}
	if r.Type == knowledge.TypeNumber && !r.YesNo && !r.Earlier && !f.Changed() && statesFigure(r, f) {
		// "How many of the 28 objectives have been achieved?" of the fact that gives the 28: the
		// question states that figure and asks another.
		return e.unsaidOf(r, f, msg(r.Lang, typeMessage[knowledge.TypeNumber]), best.Confidence)
	}
	if (r.Type == "" || r.Type == knowledge.TypeName) && !r.YesNo && !f.Changed() && statesFigure(r, f) &&
		!e.namesOther(r, f, func(_ string, ent *knowledge.Entity) bool { return !ent.Generic }) {
		// "Which are the 26 Allies that donated?" of the fact that gives the 26 and names none:
		// the question states the figure and asks who or what they are.
		return e.unsaidOf(r, f, msg(r.Lang, msgList), best.Confidence)
	}
	if asked != nil && (r.Type == knowledge.TypeNumber || (r.Type == "" && givesOnlyFigures(f))) && !r.YesNo && e.figureOfOtherTime(f, asked) {
		// "How many personnel did NMI have in 2022?" of a figure with no time of its own, from
		// sources of 2020 and 2025: a figure changes; they do not give that year's.
		return e.related(text, r.Lang, f, f.Current(), msg(r.Lang, msgUnattested, asked.From.Format(r.Lang)), best.Confidence)
	}
	if (!best.Fits || (slotTypes[r.Type] && !best.Holds)) && r.Constrained() && !r.YesNo {
		// The fact is about the question's subject but does not give what it asks (a number, a
		// name, an attribute), or is about something else: say what it does say, not answer.
		return e.unsaidOf(r, f, e.asked(r, f), best.Confidence)
	}
	if offTimeEvent(f, asked) && !r.YesNo {
		// An event of another time than the one asked: the sources report nothing of that time.
		return e.related(text, r.Lang, f, f.Current(), msg(r.Lang, msgOtherTime, timePhrase(r.Lang, asked)), best.Confidence)
	}
	if v := f.Current(); r.Now && asked == nil && !r.YesNo && e.stale(v) {
		// "Who is the prime minister now?" of a value the sources last give years before their
		// latest date: they do not say what holds now.
		return e.related(text, r.Lang, f, v, msg(r.Lang, msgUnattested, msg(r.Lang, msgToday)), best.Confidence)
	}
	if r.YesNo {
		best, f = e.decisive(r, best, f)
	}
	var a Answer
	if ch, ok := e.changedAmong(r); ok {
		a = e.earlierValue(r, ch)
	} else {
		a = e.fact(r, f)
	}
	a.Confidence = best.Confidence
	a.Suggestions = []string{}
	if a.Answered && r.YesNo {
		a = e.yesNo(r, f, a)
	}
	if a.Answered {
		a.Suggestions = e.closeRunnersUp(r)
	}
	return a
}

// stale reports whether a value dates from years before the sources' latest date: what holds
// now may have changed since.
func (e *Engine) stale(v knowledge.Value) bool {
	return !v.AsOf.IsZero() && v.AsOf.Year+staleYears < e.base.Latest().Year
}

// unsaidOf is the reply to a question a fact is about but does not answer: that the sources do
// not say what (the exact date, who…), what the fact does say, and questions that came near.
func (e *Engine) unsaidOf(r intents.Result, f *knowledge.Fact, what string, confidence float64) Answer {
	a := e.related(r.Question, r.Lang, f, f.Current(), msg(r.Lang, msgUnsaidAny, what)+" "+msg(r.Lang, msgTheySay), confidence)
	a.Suggestions = e.near(r)
	return a
}

// namesSomeoneElse reports whether a value of a fact names someone, or a body, country or group,
// that the question does not: who a "who" question asks.
func (e *Engine) namesSomeoneElse(r intents.Result, f *knowledge.Fact) bool {
	for _, v := range f.Values {
		for _, t := range e.matcher.People(e.readings[valueKey{f.ID, v.AsOf}].terms[r.Lang]) {
			if !contains(r.Terms, t) {
				// « les ministres des Affaires étrangères ont autorisé le SACEUR » says who.
				return true
			}
		}
		for _, id := range e.readings[valueKey{f.ID, v.AsOf}].said {
			if contains(r.Entities, id) || contains(r.Context, id) {
				continue
			}
			if ent, ok := e.base.Entity(id); ok && isActor(ent) {
				return true
			}
		}
	}
	return false
}

// namesAName reports whether a value of a fact names something beside what the question and the
// fact are about, by a name of its own: a person, a body, a place; not a country, which says
// where someone is from.
func (e *Engine) namesAName(r intents.Result, f *knowledge.Fact) bool {
	// The name of someone ("the president Stoltenberg met", "the general who…") is a person's.
	person := len(e.matcher.People(r.Terms)) > 0 || contains(r.Terms, "@who")
	return e.namesOther(r, f, func(id string, ent *knowledge.Entity) bool {
		return ent.Type != "country" && !ent.Generic &&
			(ent.Type == "person" || (!person && namedAs(ent, r.NameOf) && (len(r.NameOf) > 0 || !isFirstSubject(f, id))))
	})
}

// namesAnotherPerson reports whether a value of a fact names a person the question does not.
func (e *Engine) namesAnotherPerson(r intents.Result, f *knowledge.Fact) bool {
	return e.namesOther(r, f, func(_ string, ent *knowledge.Entity) bool { return ent.Type == "person" })
}

// namesAnotherPlace reports whether a value of a fact names a place or a country the question
// does not.
func (e *Engine) namesAnotherPlace(r intents.Result, f *knowledge.Fact) bool {
	return e.namesOther(r, f, func(_ string, ent *knowledge.Entity) bool { return isPlace(ent) && !ent.Generic })
}

// namesOther reports whether a value of a fact names an entity that neither the question nor its
// context names, of the kind is accepts.
func (e *Engine) namesOther(r intents.Result, f *knowledge.Fact, is func(string, *knowledge.Entity) bool) bool {
	for _, v := range f.Values {
		for _, id := range e.readings[valueKey{f.ID, v.AsOf}].said {
			if ent, ok := e.base.Entity(id); ok && !contains(r.Entities, id) && !contains(r.Context, id) && is(id, ent) {
				return true
			}
		}
	}
	return false
}

// namedAs reports whether an entity is a thing of the kind a question asks the name of, by a
// word of its names or its type: the King Abdullah II centre is a "centre", NATO's old training
// mission a "mission"; any, when the question says of none.
func namedAs(ent *knowledge.Entity, kinds []string) bool {
	if len(kinds) == 0 {
		return true
	}
	for _, n := range append([]string{ent.Type, ent.Label.FR, ent.Label.EN}, ent.Names...) {
		for _, w := range strings.FieldsFunc(intents.Fold(n), func(r rune) bool { return r == ' ' || r == '-' || r == '\'' }) {
			for _, kind := range kinds {
				if w == kind || (len(kind) >= 5 && len(w) >= 5 && w[:5] == kind[:5]) {
					return true
				}
			}
		}
	}
	return false
}

// deLabel joins French labels after « de », as French contracts it: « du Canada », « de la
// France », « des Pays-Bas », « de Cuba ».
func deLabel(labels []string) string {
	out := make([]string, len(labels))
	for i, l := range labels {
		switch {
		case strings.HasPrefix(l, "le "):
			out[i] = "du " + l[3:]
		case strings.HasPrefix(l, "les "):
			out[i] = "des " + l[4:]
		default:
			out[i] = "de " + l
		}
	}
	return strings.Join(out, ", ")
}

// aboutPerson reports whether a question is about a person the sources name.
func (e *Engine) aboutPerson(r intents.Result) bool {
	for _, s := range r.Subjects {
		if ent, ok := e.base.Entity(s); ok && ent.Type == "person" {
			return true
		}
	}
	return false
}

// isFirstSubject reports whether an entity is what a frame of the fact is first about.
func isFirstSubject(f *knowledge.Fact, id string) bool {
	return slices.ContainsFunc(f.Frames, func(fr knowledge.Frame) bool { return len(fr.About) > 0 && fr.About[0] == id })
}

// namesPerson reports whether a question is about someone it names: "Who is Christophe Hintzy?"
// asks who he is, not for someone else.
func (e *Engine) namesPerson(r intents.Result) bool {
	for _, id := range r.Subjects {
		if ent, ok := e.base.Entity(id); ok && ent.Type == "person" {
			return true
		}
	}
	return false
}

// toTheDay reports whether a fact gives a date to the day: its own, or one of its values'.
func toTheDay(f *knowledge.Fact) bool {
	if f.Date.Day != 0 || f.DateEnd.Day != 0 {
		return true
	}
	for _, v := range f.Values {
		if v.AsOf.Day != 0 || v.Since.Day != 0 {
			return true
		}
	}
	return false
}

// countsWhatIsAsked reports whether a fact may give a figure of what a count question counts,
// when that is a concept and no attribute ("how many police", « combien de policiers »): a value
// must speak of it and, if it gives figures in digits, give one right before it ("10 000
// policiers"). What an attribute counts (members, personnel) the frame's check settles.
func (e *Engine) countsWhatIsAsked(r intents.Result, f *knowledge.Fact) bool {
	counted := e.countedConcept(r.Terms)
	if counted == "" {
		return true
	}
	for _, v := range f.Values {
		terms := e.readings[valueKey{f.ID, v.AsOf}].terms[r.Lang]
		figures, before := false, false
		for i, t := range terms {
			if isFigure(t) && (i+1 >= len(terms) || !strings.HasPrefix(terms[i+1], "@m")) {
				// A figure, not the day of a date ("7 août").
				figures = true
			}
			if t != counted {
				continue
			}
			for j := max(0, i-countReach); j < i; j++ {
				before = before || isFigure(terms[j])
			}
			if before {
				return true
			}
		}
		if !figures && slices.Contains(terms, counted) {
			// "une équipe de cinquante officiers": a figure in words, of what is asked.
			return true
		}
	}
	return false
}

// countReach is how many terms before what it counts a figure may stand: « 350 officiers
// iraquiens », "350 Iraqi officers".
const countReach = 2

// countedConcept returns the concept a count question counts, when it is no attribute: the
// first of the concepts and names right after its question word ("how many Iraqi soldiers"), or
// "" when one of them is an attribute ("how many Allied countries", « combien de pays
// participent »), whose figure the frame's check settles.
func (e *Engine) countedConcept(terms []string) string {
	for i, t := range terms {
		if t != "@count" {
			continue
		}
		counted := ""
		for _, u := range terms[i+1:] {
			if !strings.HasPrefix(u, "=") && !strings.HasPrefix(u, "#") || (counted != "" && strings.HasPrefix(u, "#")) {
				// A name after what is counted starts another phrase: "…officers has NMI advised".
				break
			}
			if e.matcher.IsAttribute(u) {
				return ""
			}
			if strings.HasPrefix(u, "=") && counted == "" {
				counted = u
			}
		}
		return counted
	}
	return ""
}

// isFigure reports whether a term is a figure in digits that is no year.
func isFigure(t string) bool {
	if t == "" || strings.TrimFunc(t, func(r rune) bool { return r >= '0' && r <= '9' }) != "" {
		return false
	}
	n, _ := strconv.Atoi(t)
	return len(t) != 4 || n < 1900 || n > 2099
}

// statesFigure reports whether a question states a figure a fact gives.
func statesFigure(r intents.Result, f *knowledge.Fact) bool {
	for _, v := range f.Values {
		text := strings.ReplaceAll(intents.Fold(v.Answer.FR), " ", "")
		for _, n := range r.Numbers {
			if len(n) > 1 && !isDayOf(n, r.Time) && strings.Contains(text, n) {
				return true
			}
		}
	}
	return false
}

// isDayOf reports whether a number is the day of the time a question names: "16" of "16 December
// 2004" is no figure.
func isDayOf(n string, t *intents.Time) bool {
	return t != nil && (n == strconv.Itoa(t.From.Day) || n == strconv.Itoa(t.To.Day))
}

// figureOfOtherTime reports whether a fact with no time of its own, a figure that holds at the
// dates of its sources, is asked of a time none of them speaks for.
func (e *Engine) figureOfOtherTime(f *knowledge.Fact, t *intents.Time) bool {
	if t.Relation != intents.At || !f.Date.IsZero() || f.Changed() || !f.Current().AsOf.IsZero() {
		return false
	}
	for _, c := range f.Current().Citations {
		if c.Source != nil && !c.Source.Date.IsZero() && c.Source.Date.Overlaps(t.From, t.To) {
			return false
		}
	}
	return true
}

// givesOnlyFigures reports whether every frame of a fact answers with a number: "What was NMI's
// headcount in 2022?" asks its figure, though no question word says so.
func givesOnlyFigures(f *knowledge.Fact) bool {
	for _, fr := range f.Frames {
		if !slices.Equal(fr.Types, []knowledge.AnswerType{knowledge.TypeNumber}) {
			return false
		}
	}
	return len(f.Frames) > 0
}

// lifetimeTotal reports whether a fact with no date of its own is about an entity the sources
// date from start to end (NTM-I, 2004–2011), and a question asks of a shorter time within it: a
// figure of the fact is then one for the entity's whole life, not for that time.
func (e *Engine) lifetimeTotal(f *knowledge.Fact, t *intents.Time) bool {
	if t.Relation == intents.Before || t.Relation == intents.After || !f.Date.IsZero() || len(f.Frames) == 0 || len(f.Frames[0].About) == 0 {
		return false
	}
	ent, ok := e.base.Entity(f.Frames[0].About[0])
	if !ok || ent.Since.IsZero() || ent.Until.IsZero() {
		return false
	}
	inside := !t.From.Start().Before(ent.Since.Start()) && !ent.Until.End().Before(t.To.End())
	whole := !ent.Since.Start().Before(t.From.Start()) && !t.To.End().Before(ent.Until.End())
	return inside && !whole
}

// unsaid is the reply to a question that names something the sources know but asks what they do
// not give of it (Hintzy's nationality, NMI's budget): not an answer, but what they do say of it,
// with its sources.
func (e *Engine) unsaid(r intents.Result) Answer {
	lang := r.Lang
	var subject string
	if len(r.Subjects) > 0 {
		subject = r.Subjects[0]
	}
	if len(r.About) > 0 {
		if f, ok := e.base.Fact(r.About[0].ID); ok {
			for _, s := range r.Subjects {
				if f.IsAbout(s) {
					subject = s
					break
				}
			}
		}
	}
	what := msg(lang, typeMessage[r.Type])
	for _, id := range append(append([]string(nil), r.Focus...), r.Attributes...) {
		if subject == "" || !e.matcher.Gives(subject, id) {
			if attr, ok := e.base.Attribute(id); ok {
				what = attr.Label.In(lang)
			}
			break
		}
	}
	lead := msg(lang, msgUnsaidAny, what)
	if ent, ok := e.base.Entity(subject); ok {
		lead = msg(lang, msgUnsaid, ent.Label.In(lang), what)
	}
	if len(r.About) == 0 {
		// Nothing the sources say comes near: a plain refusal, saying what they do not give.
		sugg := e.near(r)
		if len(sugg) == 0 {
			sugg = e.examples(lang)
		}
		return e.none(r.Question, lang, lead+" "+msg(lang, msgTryInstead), sugg)
	}
	f, _ := e.base.Fact(r.About[0].ID)
	a := e.related(r.Question, lang, f, f.Current(), lead+" "+msg(lang, msgTheySay), r.About[0].Confidence)
	a.Suggestions = e.near(r)
	return a
}

// asked says what a question asks that a fact does not give: the first attribute of its focus
// that the fact does not give, else the type of answer.
func (e *Engine) asked(r intents.Result, f *knowledge.Fact) string {
	for _, id := range r.Focus {
		given := false
		for _, fr := range f.Frames {
			given = given || fr.GivesAttr(id)
		}
		if attr, ok := e.base.Attribute(id); ok && !given {
			return attr.Label.In(r.Lang)
		}
	}
	return msg(r.Lang, typeMessage[r.Type])
}

// typeMessage says, for each type of answer a question asks, what the sources do not give.
var typeMessage = map[knowledge.AnswerType]message{
	knowledge.TypePerson: msgTypePerson, knowledge.TypeName: msgTypeName, knowledge.TypeDate: msgTypeDate,
	knowledge.TypePlace: msgTypePlace, knowledge.TypeNumber: msgTypeNumber, knowledge.TypeReason: msgTypeReason,
	"": msgTypeAny, knowledge.TypeDescription: msgTypeAny,
}

// related is the reply to a question a fact is about but does not answer (a name, a number or a
// time it does not give): not an answer, but what the fact does say, after lead, with its sources.
func (e *Engine) related(question string, lang knowledge.Lang, f *knowledge.Fact, v knowledge.Value, lead string, confidence float64) Answer {
	a := e.none(question, lang, lead+" "+v.Answer.In(lang), []string{})
	a.Kind, a.Intent, a.Confidence, a.Citations = KindRelated, f.ID, confidence, e.cite(lang, v.Citations)
	return a
}

// threshold is the confidence the best match needs to answer. A match that fits the whole frame
// of a question about a specific subject the sources know (the Kuwait conference, not NATO or
// Iraq) needs less word evidence: the words it lacks are those of a paraphrase ("la grand-messe",
// "in lockstep"), not of another topic, which would name no subject of the domain. A yes/no
// question may name what the fact does not hold: that is what it asks ("launched at Warsaw?").
func (e *Engine) threshold(r intents.Result, best intents.Match) float64 {
	if best.Fits && (best.Holds || r.YesNo) && best.Words && len(r.Subjects) > 0 && len(r.UnknownNames) == 0 && !e.isGeneric(r.Subjects[0]) {
		return fitsThreshold
	}
	return intents.Threshold
}

// fitsThreshold is the confidence a match fitting a specific subject's frame needs.
const fitsThreshold = 0.2

// unconstrained is the confidence a question naming no entity, attribute or type of answer needs.
const unconstrained = 0.65

// slotTypes are the types of answer that are one precise value: a question restricted by
// something its fact does not hold ("how many women", "which Australian general") is not
// answered by that value. A date or a place is the event's, whoever the question says took part
// in it ("in which city did the leaders agree…").
var slotTypes = map[knowledge.AnswerType]bool{knowledge.TypeNumber: true, knowledge.TypeName: true, knowledge.TypePerson: true}

// offTime scales the confidence of a fact that is not of the time a question names: "what did
// NATO decide in 2005" is not answered by an event of 2004, nor "the Interior minister in 2010"
// by what NMI (launched in 2018) advises.
const offTime = 0.6

// timeless scales, less, the confidence of a fact with no date when a question names a time: an
// event or a value of that time fits better, when there is one.
const timeless = 0.9

// pick returns the best match and its fact, once dated events off the question's time are
// ranked down.
func (e *Engine) pick(r intents.Result) (intents.Match, *knowledge.Fact) {
	var best intents.Match
	var bestFact *knowledge.Fact
	for _, m := range r.Matches {
		f, ok := e.base.Fact(m.ID)
		if !ok {
			continue
		}
		if r.Time != nil && !r.Time.Context && !r.YesNo {
			switch {
			case !f.Holds(r.Time.To), r.Time.Relation == intents.At && !f.Date.IsZero() && !within(f, r.Time),
				// "Which offices did NMI advise before the 2023 expansion?": not the expansion.
				r.Time.Relation == intents.Before && !f.Date.IsZero() && !f.Date.Before(r.Time.From):
				m.Confidence = math.Round(m.Confidence*offTime*1000) / 1000
			case r.Time.Relation == intents.At && f.Date.IsZero() && f.Current().AsOf.IsZero():
				// A fact with no time of its own says what its source says at the source's date.
				m.Confidence = math.Round(m.Confidence*timeless*1000) / 1000
			}
		}
		if !r.YesNo && e.saysOtherValue(r, f) {
			// "When was his second visit?" of the fact of his first.
			m.Confidence = math.Round(m.Confidence*otherValue*1000) / 1000
		}
		if bestFact == nil || m.Confidence > best.Confidence {
			best, bestFact = m, f
		}
	}
	// A match that fits the question's frame, and is of its time, answers it before one that
	// does not, when it is confident enough.
	if bestFact != nil && ((!best.Fits && r.Constrained()) || (offTimeEvent(bestFact, r.Time) && !r.YesNo)) {
		for _, m := range r.Matches {
			if f, ok := e.base.Fact(m.ID); ok && (m.Fits || !r.Constrained()) && m.Confidence >= e.threshold(r, m) && (r.YesNo || !offTimeEvent(f, r.Time)) {
				return m, f
			}
		}
	}
	return best, bestFact
}

// otherValue scales a fact that says another value of an exclusive class than the one a
// question names (the first visit, of a question about the second).
const otherValue = 0.6

// saysOtherValue reports whether a fact says, of an exclusive class the question names one value
// of, another value and not that one.
func (e *Engine) saysOtherValue(r intents.Result, f *knowledge.Fact) bool {
	ex := e.readings[valueKey{f.ID, f.Current().AsOf}].exclusive
	for _, x := range r.Exclusive {
		class := exclusiveClass(x)
		if slices.ContainsFunc(r.Exclusive, func(y string) bool { return y != x && exclusiveClass(y) == class }) {
			// The question names two values of the class: neither excludes.
			continue
		}
		if saysOther(ex, x) {
			return true
		}
	}
	return false
}

// saysOther reports whether exclusive values a fact says hold another value of x's class and not
// x: "rank:first" of "his second visit".
func saysOther(said []string, x string) bool {
	class := exclusiveClass(x)
	return !slices.Contains(said, x) && slices.ContainsFunc(said, func(y string) bool { return exclusiveClass(y) == class })
}

// exclusiveClass is the class of an exclusive value, "rank" of "rank:first".
func exclusiveClass(x string) string {
	class, _, _ := strings.Cut(x, ":")
	return class
}

// offTimeEvent reports whether a dated event falls outside the time a question names.
func offTimeEvent(f *knowledge.Fact, t *intents.Time) bool {
	return t != nil && !t.Context && t.Relation == intents.At && !f.Date.IsZero() && !within(f, t)
}

// within reports whether an event's date or period meets the time a question names.
func within(f *knowledge.Fact, t *intents.Time) bool {
	end := f.DateEnd
	if end.IsZero() {
		end = f.Date
	}
	return f.Date.Overlaps(t.From, t.To) || end.Overlaps(t.From, t.To) ||
		(f.Date.Before(t.From) && t.To.Before(end))
}

// fact composes the answer of a matched fact, taking the time the question names into account.
func (e *Engine) fact(r intents.Result, f *knowledge.Fact) Answer {
	lang := r.Lang
	a := Answer{Question: r.Question, Lang: lang, Answered: true, Kind: KindFact, Intent: f.ID}
	latest := f.Current()
	if r.Time != nil && r.Time.Context {
		// A time named in the context, not in the question: its value when the sources give
		// one, else the latest.
		if v, att := f.At(r.Time.From); att == knowledge.Attested && !v.AsOf.IsZero() && v.AsOf != latest.AsOf {
			a.Text, a.Citations, a.AsOf = v.Answer.In(lang), e.cite(lang, v.Citations), v.AsOf
			a.Text += " " + msg(lang, msgLatest, latest.Answer.In(lang))
			a.Citations = dedupe(append(a.Citations, e.cite(lang, latest.Citations)...))
			return a
		}
	}
	if r.Time == nil || r.Time.Context || latest.AsOf.IsZero() {
		// The latest value, then what the sources said before.
		parts := []string{latest.Answer.In(lang)}
		cites := e.cite(lang, latest.Citations)
		for _, v := range f.Values[1:] {
			parts = append(parts, msg(lang, msgEarlier, v.Answer.In(lang)))
			cites = append(cites, e.cite(lang, v.Citations)...)
		}
		a.Text = strings.Join(parts, " ")
		a.Citations = dedupe(cites)
		a.AsOf = latest.AsOf
		return a
	}
	at := r.Time.From
	if r.Time.Relation == intents.Between {
		at = r.Time.To
	}
	var v knowledge.Value
	var att knowledge.Attestation
	if r.Time.Relation == intents.Before {
		// "Before 2023": the latest value the sources give for any time before it.
		at = dayBefore(r.Time.From)
		v, att = f.Before(r.Time.From)
	} else {
		v, att = f.At(at)
	}
	var parts []string
	switch att {
	case knowledge.Unattested:
		// The sources say nothing of that time: say what they do say, and when, but do not
		// present it as the answer.
		parts = append(parts, msg(lang, msgUnattested, at.Format(lang)))
		var cites []Citation
		for _, v := range f.Values {
			parts = append(parts, v.Answer.In(lang))
			cites = append(cites, e.cite(lang, v.Citations)...)
		}
		a.Answered, a.Kind = false, KindRelated
		a.Text = strings.Join(parts, " ")
		a.Citations = dedupe(cites)
		return a
	case knowledge.Earliest:
		// The closest value the sources give is later than the time asked: say it, as what
		// they say, not as the answer.
		a.Answered, a.Kind = false, KindRelated
		parts = append(parts, msg(lang, msgNotAttested, at.Format(lang)))
	}
	parts = append(parts, v.Answer.In(lang))
	cites := e.cite(lang, v.Citations)
	a.AsOf = v.AsOf
	if v.AsOf != latest.AsOf {
		parts = append(parts, msg(lang, msgLatest, latest.Answer.In(lang)))
		cites = append(cites, e.cite(lang, latest.Citations)...)
	}
	a.Text = strings.Join(parts, " ")
	a.Citations = dedupe(cites)
	return a
}

// staleYears is how many years before the latest source a value may be given for "now".
const staleYears = 3

// earlierMatch is the confidence a fact that changed over time needs, among a question's
// matches, to answer "what came before X": X (a person, a figure) may match its own fact better.
const earlierMatch = 0.35

// changedAmong returns the fact that changed over time which a "before X" question asks about.
func (e *Engine) changedAmong(r intents.Result) (*knowledge.Fact, bool) {
	if !r.Earlier || r.Time != nil {
		return nil, false
	}
	names := namesIn(r.Question)
	for i, m := range r.Matches {
		f, ok := e.base.Fact(m.ID)
		if !ok || !f.Changed() || m.Confidence < earlierMatch {
			continue
		}
		// The best match, or one whose value the question names: "before Olsen" of the commander,
		// not of whatever else changed.
		if i == 0 {
			return f, true
		}
		for _, v := range f.Values {
			if mentions(names, v, f.Values) {
				return f, true
			}
		}
	}
	return nil, false
}

// earlierValue answers "what came before X" of a fact that changed over time: the value before
// the one the question names (the latest when it names none), or says the sources give nothing
// earlier.
func (e *Engine) earlierValue(r intents.Result, f *knowledge.Fact) Answer {
	lang := r.Lang
	ref := f.Current()
	words := namesIn(r.Question)
	for _, v := range f.Values {
		if mentions(words, v, f.Values) {
			ref = v
			break
		}
	}
	v, att := f.Before(ref.AsOf)
	if att != knowledge.Attested {
		return e.related(r.Question, lang, f, ref, msg(lang, msgNothingEarlier), 0)
	}
	return Answer{Question: r.Question, Lang: lang, Answered: true, Kind: KindFact, Intent: f.ID,
		Text: v.Answer.In(lang), Citations: e.cite(lang, v.Citations), Suggestions: []string{}, AsOf: v.AsOf}
}

// namesIn returns the folded names and figures of a question, what can name one value of a
// fact: capitalised words but the first, and numbers ("Olsen", "31").
func namesIn(q string) []string {
	var out []string
	for i, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		first, _ := utf8.DecodeRuneInString(w)
		if unicode.IsDigit(first) || (i > 0 && unicode.IsUpper(first)) {
			out = append(out, intents.Fold(w))
		}
	}
	return out
}

// mentions reports whether one of words names something of value v that no other value of the
// fact has: "Olsen" of the commander in late 2020.
func mentions(words []string, v knowledge.Value, all []knowledge.Value) bool {
	own := intents.Fold(v.Answer.FR + " " + v.Answer.EN)
	for _, w := range words {
		if !strings.Contains(own, w) {
			continue
		}
		shared := false
		for _, o := range all {
			if o.AsOf != v.AsOf && strings.Contains(intents.Fold(o.Answer.FR+" "+o.Answer.EN), w) {
				shared = true
			}
		}
		if !shared {
			return true
		}
	}
	return false
}

// dayBefore returns the last date before d at d's precision: the year before a year.
func dayBefore(d knowledge.Date) knowledge.Date {
	switch {
	case d.Month == 0:
		return knowledge.Date{Year: d.Year - 1}
	case d.Day == 0:
		if d.Month == 1 {
			return knowledge.Date{Year: d.Year - 1, Month: 12}
		}
		return knowledge.Date{Year: d.Year, Month: d.Month - 1}
	}
	t := d.Start().AddDate(0, 0, -1)
	return knowledge.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

// decides reports whether a fact is a decision: its frame gives one, or its answer says one was
// taken ("the Allies decided to offer…").
func (e *Engine) decides(f *knowledge.Fact) bool {
	if slices.ContainsFunc(f.Frames, func(fr knowledge.Frame) bool { return fr.GivesAttr("decision") }) {
		return true
	}
	for _, v := range f.Values {
		if rd := e.readings[valueKey{f.ID, v.AsOf}]; slices.Contains(rd.terms[knowledge.English], decisionTerm) || slices.Contains(rd.terms[knowledge.French], decisionTerm) {
			return true
		}
	}
	return false
}

// decisionTerm is the term of the words of deciding.
const decisionTerm = "=decision"

// timeline answers "what happened …" with the dated events of the time named, or says there are
// none: a date with no event is declined, never rounded to a nearby one.
func (e *Engine) timeline(r intents.Result) Answer {
	lang := r.Lang
	from, to := r.Time.From, r.Time.To
	switch r.Time.Relation {
	case intents.Before:
		from, to = knowledge.Date{Year: 1900}, dayBefore(r.Time.From)
	case intents.After:
		to = knowledge.Date{Year: 2099}
	}
	events := e.aboutSubjects(e.base.EventsIn(from, to), r)
	if r.AsksDecision || (slices.Contains(r.Attributes, "decision") && !r.Retimed) {
		// "What decision did NATO take in 2019?", "what did the Council decide in 2025?": the
		// decisions of that time, not its other events. A follow-up that only names another time
		// ("and in October 2018?") asks what happened then.
		events = slices.DeleteFunc(events, func(f *knowledge.Fact) bool { return !e.decides(f) })
	}
	if len(events) == 0 {
		a := e.none(r.Question, lang, msg(lang, msgNoEvent, timePhrase(lang, r.Time)), e.examples(lang))
		return a
	}
	a := Answer{Question: r.Question, Lang: lang, Answered: true, Kind: KindFact, Intent: timelineIntent, Confidence: 1}
	var lines []string
	var cites []Citation
	for i, f := range events {
		if i == maxEvents {
			lines = append(lines, msg(lang, msgMoreEvents, len(events)-maxEvents))
			break
		}
		v := f.Current()
		lines = append(lines, v.Answer.In(lang))
		cites = append(cites, e.cite(lang, v.Citations[:1])...)
	}
	a.Text = strings.Join(lines, "\n")
	a.Citations = dedupe(cites)
	a.Suggestions = []string{}
	return a
}

// aboutSubjects keeps the events about what a question names ("what did NMI do before 2023?"),
// unless it names only NATO or Iraq, or no event of the time is about what it names.
func (e *Engine) aboutSubjects(events []*knowledge.Fact, r intents.Result) []*knowledge.Fact {
	var named []string
	for _, s := range r.Subjects {
		if ent, ok := e.base.Entity(s); ok && !ent.Generic {
			named = append(named, s)
		}
	}
	if len(named) == 0 {
		return events
	}
	var out []*knowledge.Fact
	for _, f := range events {
		for _, s := range named {
			if f.IsAbout(s) {
				out = append(out, f)
				break
			}
		}
	}
	if len(out) == 0 {
		return events
	}
	return out
}

// PassageThreshold is the confidence a sentence of the sources needs to be offered as the closest
// passage when no fact answers. It was tuned so that every out-of-scope question of the question
// sets stays declined: the highest of them scores 0.354 ("Qui a gagné les élections …"); what
// clears it is a question worded like a sentence of the sources that no fact's phrasings cover.
const PassageThreshold = 0.45

// passageFloor is the facts' confidence under which the passages are not searched.
const passageFloor = 0.2

// passage answers with the closest sentence of the sources, quoted as such, when it is close
// enough.
func (e *Engine) passage(r intents.Result) (Answer, bool) {
	pm, err := e.passageMatcher()
	if err != nil {
		// The sentences index like the facts do; failing that, there is simply no passage.
		return Answer{}, false
	}
	matches := pm.Rank(r)
	if len(matches) == 0 || matches[0].Confidence < PassageThreshold {
		return Answer{}, false
	}
	best := matches[0]
	s := e.sentences[best.ID]
	lang := r.Lang
	cites := e.cite(lang, []knowledge.Citation{{Source: s.Source, Quote: s.Text, Line: s.Line}})
	return Answer{
		Question: r.Question, Lang: lang, Answered: true, Kind: KindPassage, Intent: "passage",
		Confidence: best.Confidence,
		Text:       msg(lang, msgPassage, s.Text, cites[0].Title, cites[0].Date),
		Citations:  cites, Suggestions: []string{},
	}, true
}

// decline says the sources do not answer, with "did you mean" questions when some intent came
// close, else general examples.
func (e *Engine) decline(r intents.Result) Answer {
	sugg := e.near(r)
	text := msg(r.Lang, msgUnknown)
	if len(sugg) > 0 {
		text = msg(r.Lang, msgDidYouMean)
	} else {
		sugg = e.examples(r.Lang)
	}
	a := e.none(r.Question, r.Lang, text, sugg)
	if best, ok := r.Best(); ok {
		a.Confidence = best.Confidence
	}
	return a
}

// near returns up to three questions the sources answer that came near a question: "did you mean".
func (e *Engine) near(r intents.Result) []string {
	var sugg []string
	for _, m := range r.Matches {
		if m.Confidence >= intents.Threshold-0.15 && len(sugg) < 3 {
			if p := e.phrase(m.ID, r.Lang); p != "" {
				sugg = append(sugg, p)
			}
		}
	}
	return sugg
}

// closeRunnersUp returns the questions of the intents that scored nearly as well as the best.
func (e *Engine) closeRunnersUp(r intents.Result) []string {
	out := []string{}
	best, _ := r.Best()
	for _, m := range r.Matches[1:] {
		if m.Confidence >= intents.Threshold && best.Confidence-m.Confidence <= intents.Close {
			if p := e.phrase(m.ID, r.Lang); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// phrase returns the first example question of a fact in lang.
func (e *Engine) phrase(id string, lang knowledge.Lang) string {
	f, ok := e.base.Fact(id)
	if !ok {
		return ""
	}
	if ps := f.Questions.In(lang); len(ps) > 0 {
		return ps[0]
	}
	return ""
}

// exampleFacts are the facts whose questions are offered as examples: what people ask most.
var exampleFacts = []string{"2018-07-11-nmi-launch", "nmi-commander", "ntmi-end-reason"}

func (e *Engine) examples(lang knowledge.Lang) []string {
	var out []string
	for _, id := range exampleFacts {
		if p := e.phrase(id, lang); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (e *Engine) none(question string, lang knowledge.Lang, text string, sugg []string) Answer {
	if sugg == nil {
		sugg = []string{}
	}
	return Answer{Question: question, Lang: lang, Kind: KindNone, Text: text, Citations: []Citation{}, Suggestions: sugg}
}

// cite turns the fact base's citations into the reply's, titled in lang.
func (e *Engine) cite(lang knowledge.Lang, cs []knowledge.Citation) []Citation {
	out := make([]Citation, 0, len(cs))
	for _, c := range cs {
		out = append(out, Citation{
			Source: c.Source.File,
			Title:  c.Source.Title.In(lang),
			Date:   c.Source.When.In(lang),
			Quote:  c.Quote,
			Line:   c.Line,
		})
	}
	return out
}

func dedupe(cs []Citation) []Citation {
	seen := map[string]bool{}
	out := cs[:0]
	for _, c := range cs {
		k := c.Source + "\x00" + c.Quote
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

// Help returns the greeting in lang, with example questions: what adapters send for /start,
// /help or an empty message.
func (e *Engine) Help(lang knowledge.Lang) Answer {
	if lang != knowledge.English {
		lang = knowledge.French
	}
	return e.none("", lang, msg(lang, msgHelp), e.examples(lang))
}

// Suggest returns up to n known questions in lang that fit what a user has typed so far, best
// first: for type-ahead (Discord autocomplete, Telegram inline mode).
func (e *Engine) Suggest(typed string, lang knowledge.Lang, n int) []string {
	var out []string
	for _, s := range e.matcher.Suggest(typed, lang, n) {
		out = append(out, s.Phrase)
	}
	return out
}

// Limited returns the polite refusal for a question whose user asked too many: in the
// question's language, with how long to wait.
func (e *Engine) Limited(q Question, retryAfter time.Duration) Answer {
	text := intents.Clean(q.Text)
	lang := e.matcher.Match(text, q.Lang).Lang
	secs := int(math.Ceil(retryAfter.Seconds()))
	a := e.none(text, lang, msg(lang, msgLimited, max(secs, 1)), nil)
	a.RetryAfter = retryAfter
	return a
}
