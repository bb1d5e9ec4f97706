// Package intents understands questions in French and English as people write them: it
// normalises them (case, accents, elisions, texting forms, typos, stems), tells their language,
// finds the question inside a message (context sentences around it, several questions in one),
// reads each question into a Frame — the entities it names, the attributes it asks of them, the
// type of answer, the time, whether it asks yes or no — and ranks the intents (the facts) that
// may answer it, with a confidence.
//
// Ranking combines word evidence with the frame. Word evidence, over each intent's example
// phrasings, keywords, answer and the document sentences it cites: the idf-weighted cosine of the
// question with the closest phrasing, a BM25F score over the whole intent, and how much of the
// question's weight the intent covers, so that a question with words the domain does not know
// (the capital of France, the weather) scores low. The frame then scales it: an intent that is
// not about the entity the question names, that does not give the attribute it asks, or that holds
// no answer of the type it asks for, ranks down; one that fits the whole frame ranks up.
package intents

import (
	"github.com/nmi-factbot/nmibot/knowledge"
	"slices"
)

// Intent is one thing people ask for, with what the matcher learns it from.
type Intent struct {
	ID      string
	Phrases knowledge.Phrases // example questions, by language
	// Asked are questions people asked that it answers, as typed: matched like Phrases by their
	// question clauses and the names and dates of their context, never shown.
	Asked    knowledge.Phrases
	Keywords []string       // names, acronyms and rare words that point to it
	Answer   knowledge.Text // the answer, whose words are a weaker signal
	// Evidence is the text of the documents it rests on: the sentences it cites and those around
	// them, in the documents' own words.
	Evidence []string
	// Frames say what it answers: about which entities, which attributes, which types of answer.
	Frames []knowledge.Frame
	// Values are its answers as of their dates, latest first: who held a post when.
	Values []Value
}

// Value is an intent's answer as of a date.
type Value struct {
	Answer knowledge.Text
	AsOf   knowledge.Date
}

// Match is one ranked intent for a question.
type Match struct {
	ID         string
	Confidence float64 // 0 to 1; compare with Threshold
	Phrase     string  // the example phrasing closest to the question
	Lang       knowledge.Lang
	// Fits is true when the intent answers the question's whole frame: it is about an entity
	// the question names, gives every attribute asked and holds the type of answer asked.
	Fits bool
	// Partial is true when the intent fits a yes/no question only by one of the attributes it
	// puts forward, not by the one its question word points at.
	Partial bool
	// Covers is true when the intent holds every concept and content word of the question.
	Covers bool
	// Words is true when the intent holds a concept or a content word of the question, beyond
	// the entities it names: "la capitale de l'Australie" shares only a name with what the
	// sources say of Australia.
	Words bool
	// Coverage is the share of the question's weight the intent holds, from 0 to 1.
	Coverage float64
	// Holds is true when the intent holds every entity the question is about and every concept it
	// restricts the answer by (not those it asks): a precise answer (a number, a date) to a question
	// restricted by something the intent does not hold ("how many Australian troops", "how many
	// women") is not that answer.
	Holds bool
}

// Asks is the kind of answer a question asks for, from its question words.
type Asks string

// The kinds of question the matcher recognises.
const (
	AsksAny   Asks = ""
	AsksWhen  Asks = "when"
	AsksWhere Asks = "where"
	AsksWho   Asks = "who"
	AsksCount Asks = "count"
	AsksWhy   Asks = "why"
	// AsksHappened is "what happened …", asking for the events of a time rather than one fact.
	AsksHappened Asks = "happened"
)

// Type is the type of answer a kind of question asks for; AsksAny and AsksHappened ask none.
func (a Asks) Type() knowledge.AnswerType {
	switch a {
	case AsksWhen:
		return knowledge.TypeDate
	case AsksWhere:
		return knowledge.TypePlace
	case AsksWho:
		return knowledge.TypePerson
	case AsksCount:
		return knowledge.TypeNumber
	case AsksWhy:
		return knowledge.TypeReason
	}
	return ""
}

// Relation says how a question's time relates to what it asks.
type Relation int

// The relations a time slot can have.
const (
	At      Relation = iota // "en 2019", "on 22 January 2018"
	Before                  // "avant 2023", "before 2023"
	After                   // "après 2020", "since 2020"
	Between                 // "entre 2015 et 2017", "from 2015 to 2017"
)

// Time is the time a question names: a date at its precision, or a span.
type Time struct {
	From, To knowledge.Date // equal for a single date
	Relation Relation
	// Context is true when the time was named in the context around the question, not in the
	// question itself: it helps choose, but the question is not about that time.
	Context bool
}

// Frame is what a question asks, read from its words: the entities it names, the attributes it
// asks of them, the type of answer, the time, and whether it asks yes or no.
type Frame struct {
	// Entities are the ids of the entities the question names, in the order named.
	Entities []string
	// Subjects are the entities the question is about: those it names that are not generic
	// (NATO, Iraq), or the generic ones when it names nothing else.
	Subjects []string
	// Implied are entities the ones named mean together: NATO and Iraq are NMI.
	Implied []string
	// Context are the entities named only in the sentences around the question.
	Context    []string
	Attributes []string // ids of the attributes asked
	// Focus are the attributes asked nearest the question word ("who asked NATO to help train"
	// asks who requested): a fact must give them; the others only help.
	Focus    []string
	Concepts []string             // ids of the concepts the question holds, attributes included
	Type     knowledge.AnswerType // the type of answer asked; "" when any fits
	Asks     Asks
	YesNo    bool // a yes/no question: "Did NATO ever fight in Iraq?"
	// Only is true when a yes/no question restricts itself to one case: "only in Baghdad?".
	Only bool
	// Outside is true when a yes/no question asks the opposite of where something is: "en
	// dehors de la zone internationale ?".
	Outside bool
	// Ever is true when a yes/no question asks whether something held at any time: "ever",
	// « déjà ».
	Ever bool
	// Absent are the terms a yes/no question says were missing: "without any request".
	Absent []string
	// Proposes is the type of answer a yes/no question puts forward: "was it stopped because of
	// the pandemic?" proposes a reason.
	Proposes knowledge.AnswerType
	// Exclusive are the values of exclusive classes a yes/no question puts forward ("on his
	// first visit?": "rank:first"), which another value of the class a fact says denies.
	Exclusive []string
	// AsksDecision is true when a question asks what was decided at a time ("what decision…",
	// « quelle décision… »): of its events, only decisions answer.
	AsksDecision bool
	// Located are the places a yes/no question puts forward after « à », "in": a fact naming
	// another place or country answers no.
	Located []string
	// Numbers are the figures the question states, which a yes/no question may ask about.
	Numbers []string
	// Figures are the figures it states with their scale, comparison and what they count:
	// "more than 100 million euros".
	Figures []Figure
	Time    *Time
	// AsksName is true when the question asks for a name: "what's the name of …", "comment
	// s'appelle …".
	AsksName bool
	// NameOf are the words, as typed and folded, that may say what it asks the name of:
	// "centre" of « le nom du centre ».
	NameOf []string
	// Now is true when the question asks about the present: "actuellement", "currently".
	Now bool
	// BeforeOwn is true when the question asks of its subject's past, before what it did or
	// became: "What job did Olsen hold before he took command?".
	BeforeOwn bool
	// ExactFigure is true when the question asks for a figure to the unit: "the exact number".
	ExactFigure bool
	// Exact is true when the question asks for a date to the day: "when exactly".
	Exact bool
	// StartsDoing is true when the question asks when something began to be done: "when did
	// NATO start helping…?", « quand a-t-elle commencé à aider… ? ».
	StartsDoing bool
	// Future is true when the question asks about the future ("tomorrow", "your prediction"),
	// which no source tells.
	Future bool
	// Earlier is true when the question asks for what came before something it names without a
	// date: "who commanded NMI before Olsen?".
	Earlier bool
	// Nobody is true of a question about someone it names only by a pronoun, with nothing before
	// it to say who ("il vient d'où ?" to start a conversation).
	Nobody bool
	// Retimed is true of a follow-up in a conversation that gives a time and nothing else ("et
	// le 16 décembre 2004 ?"): all else it asks is its topic's.
	Retimed bool
	// anaphoric are the entities named only by an anaphora ("la mission").
	anaphoric []string
	// Role is the role by which "which" asks for someone ("which Iraqi prime minister asked…"):
	// the answer is a person who held it.
	Role string
	// whoRole is true when "which" asks for someone by a role ("which NATO boss").
	whoRole bool
}

// Result is what the matcher understood of a message.
type Result struct {
	Question string         // the message as received, made valid UTF-8
	Text     string         // the question read: the message without its context and speaker
	Lang     knowledge.Lang // the language to reply in
	LangSure bool           // false when the text gave no sign of its language
	Terms    []string       // the normalised terms matched
	Unknown  []string       // content words no intent holds, even after typo correction
	// UnknownNames are the words of the question written as names (a capital inside a
	// sentence) that nothing in the sources holds: "Libya", "Mali".
	UnknownNames []string
	// Unsourced are the entities the question names (not its context) that no source names: the
	// countries of the world beyond those the documents speak of ("What did NATO do in Libya?").
	Unsourced []string
	Frame
	Matches []Match // best first, at most MaxMatches
	// Supported is false when the question names an entity and asks an attribute or a type of
	// answer that no intent gives of it: what the sources do not say. Then About holds the
	// intents that are about that entity, best first.
	Supported bool
	About     []Match
	// Parts holds one Result a question when the message asks several things ("qui la
	// commande et depuis quand ?"); it is empty for a message asking one.
	Parts []Result
	// topic is true of a Result made from a conversation's Topic, and people are the people its
	// answer named.
	topic  bool
	people []string
	aside  bool // it asked about one of the people its topic's answer named
	// prefer is the intent the topic's answer gave; inherited is true when the question named
	// no subject of its own and took its topic's.
	prefer    string
	inherited bool
	dated     knowledge.Date // the date its topic's answer gave
}

// anchor is the date a relative time of the question after r counts from: r's time, else the
// date its answer gave; zero for none.
func (r *Result) anchor() knowledge.Date {
	switch {
	case r == nil:
		return knowledge.Date{}
	case r.Time != nil:
		return r.Time.To
	}
	return r.dated
}

// Topic is what the last question of a conversation was about, as read and resolved, so that
// the next message can follow up on it. Its JSON form is what a conversation store keeps.
type Topic struct {
	Frame
	Terms []string `json:"terms"`
	// People are the people the answer named: whom "he" or « il » then mean.
	People []string `json:"people,omitempty"`
	// Anaphoric are the entities the question named only by an anaphora (« la mission »).
	Anaphoric []string `json:"anaphoric,omitempty"`
	WhoRole   bool     `json:"who_role,omitempty"`
	// Aside is true of a question about one of the people the last answer named (« il vient
	// d'où ? »): the conversation's topic stays the one before it.
	Aside bool `json:"aside,omitempty"`
	// Intent is the fact the last answer gave, if any: a follow-up naming nothing of its own
	// most likely asks more of it.
	Intent string `json:"intent,omitempty"`
	// Dated is the date the last answer gave, when it asked none ("when exactly?"): what "the
	// month after" counts from.
	Dated knowledge.Date `json:"dated"`
}

// Topic returns what a message was about, for the next message of its conversation: the last
// question it asks.
func (r Result) Topic() Topic {
	if len(r.Parts) > 0 {
		r = r.Parts[len(r.Parts)-1]
	}
	f := r.Frame
	f.anaphoric, f.whoRole = nil, false
	return Topic{Frame: f, Terms: slices.Clone(r.Terms), Anaphoric: r.anaphoric, WhoRole: r.whoRole, Aside: r.aside}
}

// result makes a topic the Result a follow-up is read against.
func (t *Topic) result() *Result {
	r := &Result{Frame: t.Frame, Terms: t.Terms, topic: true, people: t.People, prefer: t.Intent, dated: t.Dated}
	r.anaphoric, r.whoRole = t.Anaphoric, t.WhoRole
	return r
}

// Constrained reports whether the frame asks something a fact must give to answer it: an
// attribute or a type of answer.
func (f Frame) Constrained() bool { return len(f.Attributes) > 0 || f.Type != "" }

// Best returns the best match, if any.
func (r Result) Best() (Match, bool) {
	if len(r.Matches) == 0 {
		return Match{}, false
	}
	return r.Matches[0], true
}

// MaxMatches is how many ranked intents a Result holds.
const MaxMatches = 5

// Threshold is the confidence below which a match is not an answer. It was tuned on the project's
// question sets: the lowest value that declines every out-of-scope question there, with margin.
const Threshold = 0.4

// Close is how near, in confidence, a runner-up must be to the best match to be offered as
// "did you mean".
const Close = 0.08
