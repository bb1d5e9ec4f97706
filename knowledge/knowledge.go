// Package knowledge holds the bot's fact base: the source documents, the curated bilingual facts
// drawn from them, and the validation that keeps every quote verbatim.
//
// A Fact is one thing a person can ask about. Its answer may have changed over time (the commander,
// the partner countries); then it holds several Values, latest first, each with the date its source
// speaks for, and At picks the one that held at a given time.
//
// Each fact has a Frame: the entities it is about (NMI, Hintzy, the coalition…), the attributes it
// gives of them (who heads, when launched…) and the types of answer it holds (a person, a date…).
// A question is answered by a fact only when the fact gives what the question asks of the entity
// it names; what no fact gives of an entity is something the sources do not say.
package knowledge

import (
	"slices"
)

// Lang is a reply language: French or English.
type Lang string

// The two languages of the bot.
const (
	French  Lang = "fr"
	English Lang = "en"
)

// Langs lists the languages every fact is written in.
var Langs = []Lang{French, English}

// Text is a piece of text written in both languages.
type Text struct {
	FR string `yaml:"fr" json:"fr"`
	EN string `yaml:"en" json:"en"`
}

// In returns the text in lang, falling back to French, the language of the sources.
func (t Text) In(lang Lang) string {
	if lang == English && t.EN != "" {
		return t.EN
	}
	return t.FR
}

// Phrases are the ways people ask for a fact, by language.
type Phrases struct {
	FR []string `yaml:"fr" json:"fr"`
	EN []string `yaml:"en" json:"en"`
}

// In returns the phrases of lang.
func (p Phrases) In(lang Lang) []string {
	if lang == English {
		return p.EN
	}
	return p.FR
}

// Source is one document of seeds/.
type Source struct {
	File  string // file name in seeds/, as citations name it
	Date  Date   // the date the document speaks for
	Title Text   // how a reader is told what the document is
	When  Text   // how a reader is told its date ("fin 2020")
	Text  string // the document itself
}

// Citation backs an answer with a verbatim quote of a source.
type Citation struct {
	Source *Source
	Quote  string // verbatim, white space aside
	Line   int    // line of the source where the quote starts, from 1
}

// Value is what a fact said at one time, with the citations that say it.
type Value struct {
	AsOf      Date // the date its source speaks for
	Since     Date // when it started holding, if a source says so
	Answer    Text
	Citations []Citation
}

// Entity is something the sources speak of: a mission, a body, a person, a country, a place.
type Entity struct {
	ID    string
	Type  string // mission, organisation, body, person, country, place, programme, event, group, document
	Label Text   // how a reader is told what it is
	Names []string
	// Anaphora are words that name it only when nothing else is meant ("la mission", "the
	// mission"): a question naming it so, after a context naming another entity, means that one.
	Anaphora []string
	// Generic is true of what nearly every question names (NATO, Iraq): a question naming only
	// generic entities is not read as being about them.
	Generic bool
	// Topic is true of what every fact is about (Iraq, in NATO–Iraq relations): a question
	// naming it is about whatever else it asks.
	Topic bool
	// ImpliedBy lists entities that, named together, mean this one too: NATO in Iraq is NMI.
	ImpliedBy []string
	// Since is when it began, if the sources say: "avant la NMI" is before it.
	Since Date
	// Until is when it ended, if the sources say: "the mission in 2005" was NTM-I, not NMI.
	Until Date
	// World is true of a country no source names, known from a data set of the world's
	// countries (countries.yaml): a question naming it asks of something the sources say
	// nothing of.
	World bool
}

// Attribute is what a question can ask of an entity: who heads it, when it was launched…
type Attribute struct {
	ID    string
	Label Text         // "the sources do not give <label> of …"
	Types []AnswerType // the types of answer it calls for, unless a fact says otherwise
	// Role is true for a role a person holds (head, minister): after "which" ("which NATO
	// boss toured Besmaya?") it says who is asked, not what is asked of someone.
	Role bool
	// Who is the attribute it asks when asked with "who": "who took over NMI?" asks who heads
	// it, "when did he take over?" when the post was taken up.
	Who string
	// Repeats is true for what can happen many times (a visit, a meeting): a fact of one time
	// says nothing of whether it happened at another.
	Repeats bool
	// Excludes are the attributes an entity given as this one is not: a partner country of a
	// mission is not a member of the Alliance, so "is it a member?" of a partner is answered no.
	Excludes []string
	// Person is true for a role one named person holds (prime minister, president): "which
	// prime minister…?" is answered only by a fact naming that person.
	Person bool
	// Dated is true for the start of something, which a fact dating an activity gives: "when did
	// NATO start helping Iraq with COVID-19?" asks when of the help, though no fact gives its
	// launch as such.
	Dated bool
	// Explicit is true for what only a fact's frame gives, never what questions people asked
	// of a fact teach: a nationality, an age, a budget — what people ask of facts that do not
	// give it, near what the sources say.
	Explicit bool
}

// AnswerType is the type of answer a question asks for and a fact holds.
type AnswerType string

// The types of answer.
const (
	TypePerson      AnswerType = "person" // who: a person or a body, named or described
	TypeName        AnswerType = "name"   // a proper name
	TypeDate        AnswerType = "date"
	TypePlace       AnswerType = "place" // a place or a country
	TypeNumber      AnswerType = "number"
	TypeReason      AnswerType = "reason"
	TypeDescription AnswerType = "description" // anything said of it; every fact holds one
)

// AnswerTypes lists the valid answer types.
var AnswerTypes = []AnswerType{TypePerson, TypeName, TypeDate, TypePlace, TypeNumber, TypeReason, TypeDescription}

// Frame says what a fact answers: about which entities, which of their attributes, with which
// types of answer. A fact may have several frames when what it gives of one entity is not what
// it gives of another (the divisions of NMI; the nationality of their heads).
type Frame struct {
	About []string     // entity ids, the main subject first
	Gives []string     // attribute ids
	Types []AnswerType // the types of answer it holds
}

// IsAbout reports whether the frame is about the entity.
func (fr Frame) IsAbout(entity string) bool { return contains(fr.About, entity) }

// GivesAttr reports whether the frame gives the attribute.
func (fr Frame) GivesAttr(attr string) bool { return contains(fr.Gives, attr) }

// Holds reports whether the frame holds an answer of type t; every fact holds a description.
func (fr Frame) Holds(t AnswerType) bool { return t == TypeDescription || contains(fr.Types, t) }

func contains[T comparable](list []T, x T) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// Fact is one curated, cited piece of knowledge and the questions that ask for it.
type Fact struct {
	ID     string
	Frames []Frame
	// Denies lists concepts of the lexicon the fact says do not hold of its subject ("a
	// non-combat mission" denies combat): a yes/no question asking them is answered "no".
	Denies  []string
	Date    Date // when the event happened, for dated events
	DateEnd Date // the end of a period that starts at Date
	// From is the earliest time the fact can hold, when its subject began then (NMI in July
	// 2018): the commander "in 2005" is no value of it.
	From      Date
	Questions Phrases
	// Asked are questions people asked that the fact answers, as they typed them (asked.yaml):
	// matched like Questions, never shown.
	Asked    Phrases
	Keywords []string
	Values   []Value // latest first; one for a fact that never changed

	File string // the data file and line that define it, for messages
	Line int
}

// IsAbout reports whether one of the fact's frames is about the entity.
func (f *Fact) IsAbout(entity string) bool {
	for _, fr := range f.Frames {
		if fr.IsAbout(entity) {
			return true
		}
	}
	return false
}

// Gives reports whether the fact gives the attribute of the entity.
func (f *Fact) Gives(entity, attr string) bool {
	for _, fr := range f.Frames {
		if fr.IsAbout(entity) && fr.GivesAttr(attr) {
			return true
		}
	}
	return false
}

// Current returns the latest value of the fact.
func (f *Fact) Current() Value { return f.Values[0] }

// Changed reports whether the fact held different values over time.
func (f *Fact) Changed() bool { return len(f.Values) > 1 }

// Attestation says what the sources say of a fact at a time.
type Attestation int

const (
	// Attested: a source gives the value for that time.
	Attested Attestation = iota
	// Earliest: the time is after the fact's From but before its first attested value, which
	// is the closest the sources give; the reply must say so.
	Earliest
	// Unattested: the time falls between two attested values, after the last one, or before
	// the first with no From: the sources do not say.
	Unattested
)

// At returns the value that held at d and what the sources say of it. A value is attested from
// its Since (or, when no source says when it started, its AsOf) to its AsOf. A fact whose values
// carry no date holds at any time.
func (f *Fact) At(d Date) (Value, Attestation) {
	for _, v := range f.Values {
		if v.AsOf.IsZero() {
			return v, Attested
		}
		start := v.Since
		if start.IsZero() {
			start = v.AsOf
		}
		if d.Overlaps(start, v.AsOf) {
			return v, Attested
		}
	}
	first := f.Values[len(f.Values)-1]
	if !f.From.IsZero() && f.Holds(d) && d.End().Before(first.AsOf.Start()) {
		return first, Earliest
	}
	return f.Values[0], Unattested
}

// Before returns the latest value attested before d, or Unattested when there is none.
func (f *Fact) Before(d Date) (Value, Attestation) {
	for _, v := range f.Values {
		if !v.AsOf.IsZero() && v.AsOf.End().Before(d.Start()) {
			return v, Attested
		}
	}
	return f.Values[0], Unattested
}

// Holds reports whether the fact can hold at d: not before its From.
func (f *Fact) Holds(d Date) bool {
	return f.From.IsZero() || !d.End().Before(f.From.Start())
}

// Base is the loaded, validated fact base.
type Base struct {
	Sources    []*Source
	Facts      []*Fact
	Entities   []*Entity
	Attributes []*Attribute

	// events are the dated facts in the order of time, sorted once when the base is loaded.
	events     []*Fact
	facts      map[string]*Fact
	sources    map[string]*Source
	entities   map[string]*Entity
	attributes map[string]*Attribute
}

// Entity returns the entity with the given id.
func (b *Base) Entity(id string) (*Entity, bool) {
	e, ok := b.entities[id]
	return e, ok
}

// Attribute returns the attribute with the given id.
func (b *Base) Attribute(id string) (*Attribute, bool) {
	a, ok := b.attributes[id]
	return a, ok
}

// Fact returns the fact with the given id.
func (b *Base) Fact(id string) (*Fact, bool) {
	f, ok := b.facts[id]
	return f, ok
}

// Latest returns the date of the most recent source: the sources say nothing of later times.
func (b *Base) Latest() Date {
	var latest Date
	for _, s := range b.Sources {
		if latest.IsZero() || latest.Before(s.Date) {
			latest = s.Date
		}
	}
	return latest
}

// LatestDated returns the latest date the facts give, by when it starts: of an event, the end of
// a period, or the time a value holds as of ("2025" may be any day of it). Nothing after its
// start is known for sure.
func (b *Base) LatestDated() Date {
	var latest Date
	later := func(d Date) {
		if !d.IsZero() && (latest.IsZero() || latest.Start().Before(d.Start())) {
			latest = d
		}
	}
	for _, f := range b.Facts {
		later(f.Date)
		later(f.DateEnd)
		for _, v := range f.Values {
			later(v.AsOf)
		}
	}
	return latest
}

// Source returns the source document with the given file name.
func (b *Base) Source(file string) (*Source, bool) {
	s, ok := b.sources[file]
	return s, ok
}

// Events returns the dated facts in chronological order, earliest first, an event known to the
// year only where its part of the year puts it (see sortEvents); the order is computed once, at
// load.
func (b *Base) Events() []*Fact {
	return slices.Clone(b.events)
}

// EventsIn returns the dated facts that fall wholly within [from, to], each bound taken at its
// own precision, in chronological order. An event known only to the year is not within a month
// of that year: "March 2019" is not answered with something of "2019".
func (b *Base) EventsIn(from, to Date) []*Fact {
	var out []*Fact
	for _, f := range b.events {
		end := f.Date.End()
		if !f.DateEnd.IsZero() {
			end = f.DateEnd.End()
		}
		if !f.Date.Start().Before(from.Start()) && !end.After(to.End()) {
			out = append(out, f)
		}
	}
	return out
}
