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
)

// followUpKinds names the sections of the lexicon's follow-ups.
var followUpKinds = map[string]FollowUp{"french": AskInFrench, "english": AskInEnglish, "sources": AskSources, "earlier": AskEarlier}

// followUpPhrase is a folded whole message (or its start) that is a follow-up.
type followUpPhrase struct {
	words string
	kind  FollowUp
}

func newFollowUps(lx *Lexicon, tok *tokenizer) []followUpPhrase {
	var out []followUpPhrase
	for name, phrases := range lx.FollowUps {
		kind, ok := followUpKinds[name]
		if !ok {
			continue
		}
		for _, p := range joined(phrases, tok) {
			out = append(out, followUpPhrase{words: p, kind: kind})
		}
	}
	return out
}

// maxFollowUpWords is the longest message read as a follow-up.
const maxFollowUpWords = 6

// FollowUpOf tells whether a short message is one of the follow-ups that ask nothing new of the
// previous question (its language, its sources, what came before), from the lexicon's phrases
// alone: other follow-ups ("et en 2019 ?", « il vient d'où ? ») are questions, which MatchAfter
// reads against the conversation's topic.
func (m *Matcher) FollowUpOf(text string) FollowUp {
	words := m.tok.words(links.ReplaceAllString(truncate(Clean(text), MaxRunes), " "))
	// Words that say nothing may lead: "ok, and before that?", « merci, tes sources ? ».
	for start := 0; start < len(words) && start <= maxFollowUpLead; start++ {
		if len(words)-start <= maxFollowUpWords {
			if kind := m.followUpAt(strings.Join(words[start:], " ")); kind != NotFollowUp {
				return kind
			}
		}
		if !m.stop[words[start]] {
			break
		}
	}
	return NotFollowUp
}

// maxFollowUpLead is how many words that say nothing may lead a follow-up.
const maxFollowUpLead = 3

// followUpAt returns the follow-up the joined words are, or start with.
func (m *Matcher) followUpAt(joined string) FollowUp {
	best, kind := 0, NotFollowUp
	for _, p := range m.followUps {
		if (joined == p.words || strings.HasPrefix(joined, p.words+" ")) && len(p.words) > best {
			best, kind = len(p.words), p.kind
		}
	}
	return kind
}

// OnlyTime reports whether terms hold nothing but a date and the names of missions and generic
// entities ("NMI juillet 2018 ?"): a question about that time rather than about a fact.
func (m *Matcher) OnlyTime(terms []string) bool {
	for _, t := range terms {
		id := m.entities[t]
		switch {
		case optional(t), id != "" && (m.generic[id] || m.missions[id]):
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

// langRequest finds, at the start or the end of a sentence of a message that asks something else
// too, the words asking for a language ("Answer in French: who commands NMI?", "who commands NMI?
// in English please"): it returns the message without them and the language they ask, or the
// message as it is and "".
func (m *Matcher) langRequest(text string) (string, knowledge.Lang) {
	low := strings.ToLower(text)
	if !strings.Contains(low, "fr") && !strings.Contains(low, "angl") && !strings.Contains(low, "engl") && !strings.Contains(low, " en") && !strings.HasPrefix(low, "en") {
		return text, "" // every phrase asking for a language holds one of these
	}
	ss := sentences(text)
	spans := make([][]span, len(ss))
	total := 0
	for i, s := range ss {
		spans[i] = m.tok.spans(s)
		total += len(spans[i])
	}
	for i, s := range ss {
		sp := spans[i]
		if len(sp) < 2 {
			continue
		}
		off := strings.Index(text, s)
		// The longest phrase that starts or ends the sentence, with words left beside it.
		for n := min(len(sp), maxFollowUpWords); n >= 2; n-- {
			for _, cut := range [][2]int{{0, n}, {len(sp) - n, len(sp)}} {
				words := make([]string, 0, n)
				for _, x := range sp[cut[0]:cut[1]] {
					words = append(words, x.w)
				}
				lang := m.followUpExactly(strings.Join(words, " ")).Lang()
				if lang == "" || total-n < 2 {
					continue
				}
				from, to := off+sp[cut[0]].start, off+sp[cut[1]-1].end
				return strings.TrimSpace(text[:from] + " " + strings.TrimLeft(text[to:], ":,;.!")), lang
			}
		}
	}
	return text, ""
}

// followUpExactly returns the follow-up the joined words are, whole.
func (m *Matcher) followUpExactly(joined string) FollowUp { return m.followUpIs[joined] }
