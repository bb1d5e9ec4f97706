package answers

import (
	"slices"
	"strings"

	"github.com/nmi-factbot/nmibot/intents"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// polarity is what the sources answer to a yes/no question.
type polarity int

const (
	undecided polarity = iota
	yes
	no
)

// yesNo answers a yes/no question with "yes" or "no" and the fact that decides it, or says the
// sources do not tell when the fact does not decide it. A question that names no time is also
// decided by the fact's earlier values ("Has Denmark ever provided a commander?").
func (e *Engine) yesNo(r intents.Result, f *knowledge.Fact, a Answer) Answer {
	v := f.Current()
	if a.AsOf != (knowledge.Date{}) {
		if at, _ := f.At(a.AsOf); at.AsOf == a.AsOf {
			v = at
		}
	}
	if t := r.Time; t != nil && t.Context {
		// "Does NATO's March 2024 page list Austria?": what the source said then decides.
		if at, att := f.At(t.To); att == knowledge.Attested && at.AsOf != v.AsOf {
			v = at
			a.Text, a.Citations, a.AsOf = v.Answer.In(r.Lang), e.cite(r.Lang, v.Citations), v.AsOf
		}
	}
	p, by := e.verdict(r, f, v)
	if by.AsOf != v.AsOf {
		a.Text, a.Citations, a.AsOf = by.Answer.In(r.Lang), e.cite(r.Lang, by.Citations), by.AsOf
	}
	say := func(word string) {
		// A fact that already opens on the word ("Non : la mission…") says it itself.
		if !strings.HasPrefix(intents.Fold(a.Text), intents.Fold(word)) {
			a.Text = word + ". " + a.Text
		}
	}
	switch p {
	case yes:
		say(e.matcher.Yes(r.Lang))
	case no:
		say(e.matcher.No(r.Lang))
	default:
		return e.related(r.Question, r.Lang, f, v, msg(r.Lang, msgNoYesNo), a.Confidence)
	}
	return a
}

// verdict decides a yes/no question on a value of a fact and, when the question names no time
// and that value does not say yes, on the fact's earlier values: the answer, and the value that
// gives it.
func (e *Engine) verdict(r intents.Result, f *knowledge.Fact, v knowledge.Value) (polarity, knowledge.Value) {
	p := e.decide(r, f, v)
	if p != yes && r.Time == nil && !r.Now && (p == undecided || r.Ever) {
		for _, old := range f.Values[1:] {
			if e.decide(r, f, old) == yes {
				return yes, old
			}
		}
	}
	return p, v
}

// yesNoWindow is how near, in confidence, to the best match a fact must be to decide a yes/no
// question the best one leaves open.
const yesNoWindow = 0.8

// decisive returns the fact that decides a yes/no question among the matches that fit it and
// come near the best: first one that says what the question specifically asks ("demining" of
// the DCB package), then the best that decides at all; the best match when none decides.
func (e *Engine) decisive(r intents.Result, best intents.Match, f *knowledge.Fact) (intents.Match, *knowledge.Fact) {
	type candidate struct {
		m intents.Match
		f *knowledge.Fact
		p polarity
	}
	var cands, inTime, partial []candidate
	for _, m := range r.Matches {
		if m.Confidence < e.threshold(r, m) || (!m.Fits && m.ID != best.ID) {
			continue
		}
		g, ok := e.base.Fact(m.ID)
		if !ok {
			continue
		}
		// An event of the time asked may decide the question however far behind the best it
		// ranks; others only near it.
		timely := r.Time != nil && !r.Time.Context && r.Time.Relation == intents.At && !g.Date.IsZero() && within(g, r.Time)
		// A fact about what the question is first about may decide however far behind it
		// ranks: "Was NMI launched at the Warsaw summit?" is decided by NMI's launch, not by
		// what happened at Warsaw. NATO or Iraq first says little: "Did NATO ever donate equipment
		// to Iraq?" is not decided by any other fact of NATO's.
		first := len(r.Subjects) > 1 && !e.isGeneric(r.Subjects[0]) && g.IsAbout(r.Subjects[0]) && !f.IsAbout(r.Subjects[0])
		if !timely && !first && m.Confidence < best.Confidence*yesNoWindow {
			continue
		}
		p, _ := e.verdict(r, g, g.Current())
		if m.Partial {
			partial = append(partial, candidate{m, g, p})
		} else {
			cands = append(cands, candidate{m, g, p})
		}
		if timely {
			inTime = append(inTime, candidate{m, g, p})
		}
	}
	// What happens at the time asked decides before what happens at another, and what gives
	// the attribute asked before what gives only another the question puts forward.
	cands = append(append(inTime, cands...), partial...)
	if len(r.Exclusive) > 0 {
		// "Was his first visit in 2018?": the first visit decides, not the second; of the time
		// asked, when one is ("the defence ministers, in August 2023?" is the Council's
		// decision of that month, not the ministers' of another).
		pool := cands
		if len(inTime) > 0 {
			pool = inTime
		}
		for _, c := range pool {
			ex := e.readings[valueKey{c.f.ID, c.f.Current().AsOf}].exclusive
			if c.p != undecided && !slices.ContainsFunc(r.Exclusive, func(x string) bool { return !slices.Contains(ex, x) }) {
				return c.m, c.f
			}
		}
	}
	if spec := e.matcher.Specific(r); len(spec) > 0 {
		for _, c := range cands {
			if c.p != undecided && len(e.says(r, c.f, c.f.Current(), spec)) == len(spec) {
				return c.m, c.f
			}
		}
	}
	for _, c := range cands {
		if c.p != undecided {
			return c.m, c.f
		}
	}
	return best, f
}

// says returns which of terms a value of a fact says, in the question's language.
func (e *Engine) says(r intents.Result, f *knowledge.Fact, v knowledge.Value, terms []string) []string {
	held := e.readings[valueKey{f.ID, v.AsOf}].terms[r.Lang]
	var out []string
	for _, t := range terms {
		if contains(held, t) && !contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// decide reads the answer to a yes/no question in the fact that matches it: "no" when the fact
// denies what the question asks ("a non-combat mission"), states another value than the one asked
// (another year, figure, country or person), or more than the one case an "only" question allows;
// "yes" when it holds what the question says; else undecided.
func (e *Engine) decide(r intents.Result, f *knowledge.Fact, v knowledge.Value) polarity {
	for _, c := range r.Concepts {
		for _, d := range f.Denies {
			if c == d {
				return no
			}
		}
	}
	if len(r.Absent) == 0 && e.deniesAsserted(r, f, v) {
		// "Had Baghdad agreed to grant immunity?" of "Baghdad had refused to grant immunity".
		return no
	}
	if len(r.Absent) > 0 {
		if len(e.says(r, f, v, r.Absent)) > 0 {
			// "Without any request": the fact says there was one.
			return no
		}
		// "Without any UN mandate?" of a fact that speaks of no mandate: it does not say
		// there was none.
		return undecided
	}
	said := e.readings[valueKey{f.ID, v.AsOf}].said
	// The entities the question names as values: a country, a person it asks about. NATO or
	// Iraq beside each other ("Is Iraq a member of NATO?") is one too, though one whose absence
	// only leaves the question open; beside a subject the fact is about ("Did NATO donate
	// equipment during NTM-I?") they only say whose it is.
	var values, generic []string
	specific := false
	for _, id := range r.Subjects {
		if ent, ok := e.base.Entity(id); ok && !ent.Generic && f.IsAbout(id) {
			specific = true
		}
	}
	for _, id := range r.Entities {
		ent, ok := e.base.Entity(id)
		switch {
		case !ok || (f.IsAbout(id) && (contains(said, id) || isFirstSubject(f, id) || ent.Generic)):
			// What the fact is about, unless this value does not name it (Austria, of the
			// partners of March 2024): then it is a value put forward.
		case !ent.Generic:
			values = append(values, id)
		case len(r.Entities) > 1 && !specific && !contains(said, id):
			generic = append(generic, id)
		}
	}
	var unnamed []string
	for _, id := range values {
		if !contains(said, id) {
			unnamed = append(unnamed, id)
		}
	}
	if len(unnamed) > 0 {
		if e.saysSameType(said, unnamed) || e.saysOtherPlace(said, unnamed, r.Located) || (len(unnamed) == len(values) && r.Proposes != "" && holds(f, r.Proposes)) {
			// Another value of the same kind (the United States, of "led by the United
			// Kingdom?"), or another reason than the one put forward.
			return no
		}
		if len(unnamed) == len(values) {
			// A value the fact does not name (Canada, of a commander from Denmark) may hold
			// elsewhere: the fact does not say yes.
			return undecided
		}
	}
	if len(generic) > 0 {
		return undecided
	}
	if rd := e.readings[valueKey{f.ID, v.AsOf}]; len(r.Exclusive) > 0 {
		// "On his first visit?" of "on his second visit": another value of the same class,
		// and not the one put forward.
		for _, x := range r.Exclusive {
			if saysOther(rd.exclusive, x) {
				return no
			}
		}
	}
	if e.otherRole(r, f, v) {
		// "Was Fouad Massoum Iraq's prime minister?" of "President Fouad Massoum".
		return no
	}
	if r.ExactFigure && holds(f, knowledge.TypeNumber) && !hasFigure(v.Answer.FR) {
		// "Did he give the exact number?" of "several hundred, no official figure": no.
		return no
	}
	if len(r.Numbers) > 0 && (holds(f, knowledge.TypeNumber) || hasFigure(v.Answer.FR)) {
		text := strings.ReplaceAll(intents.Fold(v.Answer.FR), " ", "")
		for _, n := range r.Numbers {
			if !strings.Contains(text, n) && !compared(r, n) {
				return no
			}
		}
	}
	if p := e.compare(r, v); p != undecided {
		return p
	}
	if t := r.Time; t != nil && !t.Context && !f.Date.IsZero() {
		switch {
		case (t.Relation == intents.At && !within(f, t)) ||
			(t.Relation == intents.After && f.Date.End().Before(t.From.Start())) ||
			(t.Relation == intents.Before && t.To.End().Before(f.Date.Start())):
			if e.asksRepeated(r, f) {
				// "Did Stoltenberg visit Iraq in 2020?" of his 2016 visit: a visit of another
				// time does not say there was none then.
				return undecided
			}
			// Another time than the one asked, or on the other side of it.
			return no
		case t.Relation == intents.Before && !f.Date.Before(t.From),
			t.Relation == intents.After && !t.To.Before(f.Date):
			// The event that dates the question ("before NMI was launched") is not before
			// or after itself: it decides nothing.
			return undecided
		}
	}
	if r.Only {
		// "Only in Baghdad?" of a fact naming another place, "by NATO alone?" of one naming
		// another actor besides its subject: more than the one case asked.
		for _, id := range said {
			ent, ok := e.base.Entity(id)
			if !ok || contains(r.Entities, id) {
				continue
			}
			if (isPlace(ent) && !ent.Generic) || (isActor(ent) && !f.IsAbout(id)) {
				return no
			}
		}
	}
	if r.Now && r.Time == nil && f.Date.IsZero() && e.stale(v) {
		// "Is Olsen still the commander?" of what held in 2020: not what holds now.
		return undecided
	}
	if t := r.Time; t != nil && f.Date.IsZero() && ((v.AsOf.IsZero() && !t.Context) || (t.Relation == intents.At && !v.AsOf.IsZero() && !v.AsOf.Overlaps(t.From, t.To))) {
		// A question of a time, and a fact of no time or of another: it cannot say yes for
		// that time ("Was Olsen still the commander in 2025?" of what held in 2020).
		return undecided
	}
	if e.putsOutside(r, f, v) {
		// « L'Irak fait-il partie de la région euro-atlantique ? » of « hors de la région
		// euro-atlantique »: no; « est-il hors de… ? » of the same: yes.
		if r.Outside {
			return yes
		}
		return no
	}
	if e.locatedElsewhere(r, f, said) {
		// "Is NMI's headquarters in Erbil?" of a fact that gives Baghdad.
		return no
	}
	if e.givesContrary(r, f) {
		// "Is Australia a member of NATO?" of a fact that gives Australia as a partner.
		return no
	}
	m, ok := matchOf(r, f.ID)
	spec := e.matcher.Specific(r)
	// Words in common say no "yes": what the fact does not say (who decided, a place, a figure)
	// may be what makes the answer "no" ("Was the August 2023 decision taken by the defence
	// ministers?" of the North Atlantic Council's). It holds everything the question restricts
	// by and names nothing unknown, or says what the question specifically puts forward.
	if ok && m.Fits && ((m.Holds && len(r.Unknown) == 0) || (len(spec) > 0 && len(e.says(r, f, v, spec)) == len(spec))) {
		if r.Outside {
			return no
		}
		return yes
	}
	return undecided
}

// asksRepeated reports whether a question asks, of a fact, something that can happen many times:
// a visit, a meeting. "His first visit" is one.
func (e *Engine) asksRepeated(r intents.Result, f *knowledge.Fact) bool {
	if len(r.Exclusive) > 0 {
		return false
	}
	for _, id := range r.Attributes {
		if a, ok := e.base.Attribute(id); ok && a.Repeats && slices.ContainsFunc(f.Frames, func(fr knowledge.Frame) bool { return fr.GivesAttr(id) }) {
			return true
		}
	}
	return false
}

// otherRole reports whether a value gives a person the question names another role than the one
// it asks of them: the role right before a name is that person's ("President Fouad Massoum").
func (e *Engine) otherRole(r intents.Result, f *knowledge.Fact, v knowledge.Value) bool {
	terms := e.readings[valueKey{f.ID, v.AsOf}].terms[r.Lang]
	for _, id := range r.Entities {
		if ent, ok := e.base.Entity(id); !ok || ent.Type != "person" {
			continue
		}
		asked := e.rolesOf(r.Terms, id)
		if len(asked) == 0 {
			continue
		}
		for k := 1; k < len(terms); k++ {
			if terms[k] == "#"+id && e.matcher.IsRole(terms[k-1]) && !contains(asked, terms[k-1]) {
				return true
			}
		}
	}
	return false
}

// rolesOf returns the roles a question gives a person it names: those right after the name,
// with only NATO or Iraq between ("Was Fouad Massoum Iraq's prime minister?").
func (e *Engine) rolesOf(terms []string, person string) []string {
	var out []string
	for k, t := range terms {
		if t != "#"+person {
			continue
		}
		for j := k + 1; j < len(terms) && j <= k+roleReach; j++ {
			if e.matcher.IsRole(terms[j]) {
				out = append(out, terms[j])
				break
			}
			if id, ok := strings.CutPrefix(terms[j], "#"); !ok || !e.isGeneric(id) {
				break
			}
		}
	}
	return out
}

// roleReach is how many terms after a name the role a question gives it may stand.
const roleReach = 2

// isGeneric reports whether an entity is NATO or Iraq.
func (e *Engine) isGeneric(id string) bool {
	ent, ok := e.base.Entity(id)
	return ok && ent.Generic
}

// hasFigure reports whether a text gives a figure in digits, beside the years of its dates (a
// day counts as one: the check errs towards not saying "no").
func hasFigure(text string) bool {
	return slices.ContainsFunc(strings.FieldsFunc(text, func(r rune) bool { return r < '0' || r > '9' }), isFigure)
}

// matchOf returns the match of a fact among a question's.
func matchOf(r intents.Result, id string) (intents.Match, bool) {
	for _, m := range r.Matches {
		if m.ID == id {
			return m, true
		}
	}
	return intents.Match{}, false
}

// isActor reports whether an entity can do something: a country, a body, an organisation, a
// group or a person.
func isActor(ent *knowledge.Entity) bool {
	switch ent.Type {
	case "country", "body", "organisation", "group", "person":
		return true
	}
	return false
}

// isPlace reports whether an entity is a place or a country.
func isPlace(ent *knowledge.Entity) bool { return ent.Type == "place" || ent.Type == "country" }

// saysSameType reports whether the fact names an entity of the type of one the question asks
// about: then a value the fact does not name is not the fact's.
func (e *Engine) saysSameType(said, asked []string) bool {
	// A country is compared with countries, a city with places: a fact naming Baghdad says
	// nothing of whether Denmark provided something.
	class := func(ent *knowledge.Entity) string { return ent.Type }
	types := map[string]bool{}
	for _, id := range asked {
		if ent, ok := e.base.Entity(id); ok {
			types[class(ent)] = true
		}
	}
	for _, id := range said {
		if ent, ok := e.base.Entity(id); ok && types[class(ent)] && !ent.Generic {
			return true
		}
	}
	return false
}

// saysOtherPlace reports whether a fact names a place or a country while the question puts
// forward another place it does not name ("held in Kuwait?" of a meeting in Brussels).
func (e *Engine) saysOtherPlace(said, unnamed, located []string) bool {
	return slices.ContainsFunc(unnamed, func(id string) bool { return contains(located, id) }) && e.namesPlace(said)
}

// namesPlace reports whether entities a value says include a place or a country, not NATO or Iraq.
func (e *Engine) namesPlace(said []string) bool {
	return slices.ContainsFunc(said, func(id string) bool {
		ent, ok := e.base.Entity(id)
		return ok && isPlace(ent) && !ent.Generic
	})
}

// holds reports whether one of a fact's frames holds an answer of type t.
func holds(f *knowledge.Fact, t knowledge.AnswerType) bool {
	for _, fr := range f.Frames {
		if fr.Holds(t) {
			return true
		}
	}
	return false
}

func contains(list []string, x string) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// compared reports whether a figure a question states in digits is compared or scaled ("more
// than 100", "300 billion"): its digits alone are not what a fact must say.
func compared(r intents.Result, digits string) bool {
	return slices.ContainsFunc(r.Figures, func(f intents.Figure) bool {
		return f.Digits == digits && (f.Scaled || f.Comparison != intents.Equal)
	})
}

// compare decides a yes/no question by the figures it compares or scales ("more than 100 million
// euros?", "about 300 billion dollars?") against the figure of a value that counts the same thing
// and is nearest in magnitude: "no" when one does not admit it; undecided otherwise, what else
// the question asks deciding.
func (e *Engine) compare(r intents.Result, v knowledge.Value) polarity {
	var given []intents.Figure
	for _, q := range r.Figures {
		if !q.Scaled && q.Comparison == intents.Equal {
			continue
		}
		if given == nil {
			given = e.matcher.Figures(v.Answer.In(r.Lang), r.Lang)
		}
		if g, ok := intents.Nearest(q, given); ok && !q.Admits(g.Value) {
			return no
		}
	}
	return undecided
}

// givesContrary reports whether a fact gives a subject of the question as something that excludes
// what the question asks of it, and none of what it asks, when the question asks nothing else: a
// partner, asked whether a member.
func (e *Engine) givesContrary(r intents.Result, f *knowledge.Fact) bool {
	for _, c := range r.Concepts {
		if !contains(r.Attributes, c) {
			// It asks something else too (« participe-t-elle… alors qu'elle n'est pas membre ? »):
			// what it asks of the subject is not only what the fact excludes.
			return false
		}
	}
	contrary := false
	for _, fr := range f.Frames {
		subject := slices.ContainsFunc(r.Subjects, func(id string) bool {
			ent, ok := e.base.Entity(id)
			return ok && !ent.Generic && fr.IsAbout(id)
		})
		if !subject {
			continue
		}
		for _, g := range fr.Gives {
			attr, ok := e.base.Attribute(g)
			if !ok {
				continue
			}
			for _, x := range attr.Excludes {
				if !contains(r.Attributes, x) {
					continue
				}
				// The fact gives the excluded attribute itself too: it may say both.
				if slices.ContainsFunc(f.Frames, func(fr knowledge.Frame) bool { return fr.GivesAttr(x) }) {
					return false
				}
				contrary = true
			}
		}
	}
	return contrary
}

// locatedElsewhere reports whether a question asking where something is puts forward a place the
// sources never name ("in Erbil?"), of a fact that gives where it is and names a place: the place
// the fact names is where it is, so not there.
func (e *Engine) locatedElsewhere(r intents.Result, f *knowledge.Fact, said []string) bool {
	unknown := slices.ContainsFunc(r.Located, func(p string) bool { return strings.HasPrefix(p, intents.UnknownPlace) })
	return unknown && slices.ContainsFunc(r.Attributes, func(a string) bool { return f.Gives(firstSubject(r), a) }) && e.namesPlace(said)
}

// firstSubject is the first entity a question is about, "" when none.
func firstSubject(r intents.Result) string {
	if len(r.Subjects) == 0 {
		return ""
	}
	return r.Subjects[0]
}

// deniesAsserted reports whether a value denies what a yes/no question asserts: the question holds
// every term the value denies after one word of negation, and denies none of them itself ("Was NTM-I
// suspended because Baghdad refused immunity?" asserts the refusal).
func (e *Engine) deniesAsserted(r intents.Result, f *knowledge.Fact, v knowledge.Value) bool {
	negated := e.readings[valueKey{f.ID, v.AsOf}].negated[r.Lang]
	if len(negated) == 0 {
		return false
	}
	var own []string
	read := false
	for _, d := range negated {
		all := true
		for _, t := range d {
			if !contains(r.Terms, t) {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		if !read {
			// What the question denies itself, read only when a denial may decide.
			for _, o := range e.matcher.NegatedIn(r.Text, r.Lang) {
				own = append(own, o...)
			}
			read = true
		}
		if !slices.ContainsFunc(d, func(t string) bool { return contains(own, t) }) {
			return true
		}
	}
	return false
}

// putsOutside reports whether a value says its subject is outside what a question asks about:
// two or more of the question's terms (one, when it has only one) stand right after the value's
// « hors de », "outside".
func (e *Engine) putsOutside(r intents.Result, f *knowledge.Fact, v knowledge.Value) bool {
	outside := e.readings[valueKey{f.ID, v.AsOf}].outside[r.Lang]
	if len(outside) == 0 {
		return false
	}
	n := 0
	for _, t := range r.Terms {
		if contains(outside, t) && !strings.HasPrefix(t, "#") {
			n++
		}
	}
	return n >= min(2, len(outside))
}
