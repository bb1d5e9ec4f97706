// Package answers composes the bot's replies: from a question, the matched intent and the fact
// base, a short answer in the asker's language, the time it holds for, and the verbatim quotes
// that back it. It knows nothing of Discord, Telegram or terminals; adapters render an Answer.
package answers

import (
	"time"

	"github.com/nmi-factbot/nmibot/intents"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// Question is what a user asked, as an adapter received it.
type Question struct {
	Text string
	// Lang is the language to reply in when the text does not tell (a user's locale or a chat
	// setting); "" means none.
	Lang knowledge.Lang
	// Reply, when set, is the language to reply in whatever the text's language: a language the
	// user fixed ("/lang en", "in English please").
	Reply knowledge.Lang
	// Channel names where the question came from ("http", "telegram", "discord"), and User who
	// asked there (a platform user id, a client address): for rate limits and metrics. The engine
	// itself ignores both.
	Channel, User string
	// Topic is what the conversation's last question was about: the question is read against it,
	// as a follow-up (« il vient d'où ? », "and in 2020?"). Nil for a question on its own.
	Topic *intents.Topic
	// Again asks the Topic again without reading Text: the last question in another language, or
	// at the time the Topic now holds.
	Again bool
}

// Kind says what an answer is made of.
type Kind string

// The kinds of answer.
const (
	// KindFact is an answer from curated facts.
	KindFact Kind = "fact"
	// KindPassage is the sentence of the sources closest to a question no fact answers, quoted
	// as such.
	KindPassage Kind = "passage"
	// KindRelated is no answer, but what the sources say next to the question: it names
	// something they know and asks what they do not give of it (a commander's nationality), or a
	// time they say nothing of. Text says so, then quotes what they do say.
	KindRelated Kind = "related"
	// KindNone is no answer from the sources: a refusal, a greeting, a help text.
	KindNone Kind = "none"
	// KindSources is the sources of the previous answer of a conversation, asked for ("source
	// ?"): Citations holds each of its quotes once; Text names their documents, and does not
	// repeat the answer.
	KindSources Kind = "sources"
)

// Answer is the bot's reply. Its JSON form is a stable contract (see README): field names and
// meanings do not change.
type Answer struct {
	Question    string         `json:"question"`
	Lang        knowledge.Lang `json:"lang"`
	Answered    bool           `json:"answered"` // true only when Text states facts from the sources
	Kind        Kind           `json:"kind"`
	Intent      string         `json:"intent"`     // the fact answered, or "" when none
	Confidence  float64        `json:"confidence"` // the matcher's, from 0 to 1
	Text        string         `json:"text"`       // plain text holding the whole answer
	Citations   []Citation     `json:"citations"`
	Suggestions []string       `json:"suggestions"` // questions to try, in Lang
	// AsOf is the date the answer's value holds for, when the fact changed over time.
	AsOf knowledge.Date `json:"-"`
	// RetryAfter is set when the question was refused because its user asked too many: how long
	// to wait before asking again.
	RetryAfter time.Duration `json:"-"`
	// Topic is what the question was about, as read and resolved, for the next message of its
	// conversation; nil when nothing was read (a greeting, a refusal before reading).
	Topic *intents.Topic `json:"-"`
}

// Citation is a verbatim quote of a source document backing an answer.
type Citation struct {
	Source string `json:"source"` // file name in seeds/
	Title  string `json:"title"`  // what the document is, in the answer's language
	Date   string `json:"date"`   // the date it speaks for, in the answer's language
	Quote  string `json:"quote"`  // verbatim, in the original French
	Line   int    `json:"line"`   // line of the source where the quote starts
}

// MaxQuestionRunes is the longest question answered; longer ones get a message saying so.
const MaxQuestionRunes = 500
