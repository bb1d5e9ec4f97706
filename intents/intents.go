// Package intents understands questions in French and English: it normalises them (case,
// accents, elisions, numbers, aliases, typos, stems), tells their language, reads the time they
// name, and ranks the intents they may ask for with a confidence, so that a caller can answer,
// suggest, or decline.
//
// Ranking combines three signals over each intent's example phrasings, keywords and answer
// words: the idf-weighted cosine of the question with the closest phrasing, a BM25F score over
// the whole intent, and how much of the question's weight the intent covers, so that a question
// with words the domain does not know (the capital of France, the weather) scores low.
package intents

import (
	"github.com/nmi-factbot/nmibot/knowledge"
)

// Intent is one thing people ask for, with what the matcher learns it from.
type Intent struct {
	ID       string
	Phrases  knowledge.Phrases // example questions, by language
	Keywords []string          // names, acronyms and rare words that point to it
	Answer   knowledge.Text    // the answer, whose words are a weaker signal
}

// Match is one ranked intent for a question.
type Match struct {
	ID         string
	Confidence float64 // 0 to 1; compare with Threshold
	Phrase     string  // the example phrasing closest to the question
	Lang       knowledge.Lang
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
}

// Result is what the matcher understood of a question.
type Result struct {
	Question string         // the question as received, made valid UTF-8
	Lang     knowledge.Lang // the language to reply in
	LangSure bool           // false when the text gave no sign of its language
	Terms    []string       // the normalised terms matched
	Unknown  []string       // content words no intent holds, even after typo correction
	Time     *Time          // the time named, if any
	Asks     Asks
	// TwoQuestions is true when the text asks two things ("qui la commande et depuis quand ?"):
	// two question words, or a conjunction before a question word.
	TwoQuestions bool
	// AsksName is true when the question asks for a name: "what's the name of …", "comment
	// s'appelle …".
	AsksName bool
	// Now is true when the question asks about the present: "actuellement", "currently".
	Now bool
	// Earlier is true when the question asks for what came before something it names without a
	// date: "who commanded NMI before Olsen?".
	Earlier bool
	Matches []Match // best first, at most MaxMatches
}

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
// question sets (testdata/questions.jsonl): the lowest value that declines every out-of-scope
// question there, with margin.
const Threshold = 0.5

// Close is how near, in confidence, a runner-up must be to the best match to be offered as
// "did you mean".
const Close = 0.08
