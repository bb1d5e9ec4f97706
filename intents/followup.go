package intents

import (
	"strings"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// FollowUp is what a message says of the previous question in a conversation.
type FollowUp int

// The follow-ups the matcher recognises.
const (
	NotFollowUp  FollowUp = iota
	AskInFrench           // "en français", "in French please"
	AskInEnglish          // "in English please", "en anglais"
	AskSources            // "source ?", "more details", "plus de détails"
	AskEarlier            // "and before that?", "et avant ?"
	AskAtTime             // "et en 2019 ?", "and in 2020?": the same question at another time
)

// followUpPhrases are folded whole messages (or their start) that are follow-ups.
var followUpPhrases = []struct {
	words []string
	kind  FollowUp
}{
	{[]string{"en francais", "in french", "french please", "francais svp", "francais stp", "en francais svp", "in french please", "reponds en francais"}, AskInFrench},
	{[]string{"in english", "en anglais", "english please", "in english please", "en anglais svp", "answer in english", "reponds en anglais"}, AskInEnglish},
	{[]string{"source", "sources", "quelle source", "quelles sources", "ta source", "what source", "which source", "your source",
		"more details", "more detail", "plus de details", "plus de detail", "details", "detail", "tell me more", "dis m en plus", "en savoir plus", "the quote", "la citation"}, AskSources},
	{[]string{"and before that", "and before", "before that", "et avant", "et avant ca", "et avant cela", "avant ca", "avant cela",
		"and earlier", "earlier", "previously", "et auparavant", "auparavant", "and previously", "et precedemment", "what about before"}, AskEarlier},
}

// FollowUpOf tells whether a short message follows up on the previous question, and how.
func (m *Matcher) FollowUpOf(text string) FollowUp {
	words := wordsOf(links.ReplaceAllString(truncate(Clean(text), MaxRunes), " "))
	if len(words) == 0 || len(words) > 6 {
		return NotFollowUp
	}
	joined := strings.Join(words, " ")
	for _, p := range followUpPhrases {
		for _, w := range p.words {
			if joined == w || strings.HasPrefix(joined, w+" ") {
				return p.kind
			}
		}
	}
	// "et en 2019 ?", "and in 2020?", "what about 2015": a time and nothing else to ask.
	r := m.Match(text, "")
	if r.Time != nil && r.Asks != AsksHappened && OnlyTime(r.Terms) {
		return AskAtTime
	}
	return NotFollowUp
}

// OnlyTime reports whether terms hold nothing but a date and the names of the missions and
// parties ("NMI juillet 2018 ?"): a question about that time rather than about a fact.
func OnlyTime(terms []string) bool {
	for _, t := range terms {
		switch {
		case optional(t), t == "nmi", t == "nato", t == "iraq", t == "ntmi":
		default:
			return false
		}
	}
	return true
}

// Lang is the language a follow-up asks for, or "".
func (f FollowUp) Lang() knowledge.Lang {
	switch f {
	case AskInFrench:
		return knowledge.French
	case AskInEnglish:
		return knowledge.English
	}
	return ""
}
