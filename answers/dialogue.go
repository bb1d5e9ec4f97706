package answers

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	"github.com/nmi-factbot/nmibot/conversations"
	"github.com/nmi-factbot/nmibot/intents"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// Answerer answers one question: the Engine, or the Engine behind rate limits.
type Answerer interface {
	Answer(Question) Answer
}

// Conversation is what a conversation keeps from one message to the next: the language its user
// fixed, what its last question was about, and what its last answer rested on. Its JSON form is
// what a conversations.Store holds.
type Conversation struct {
	// Lang is the reply language the user fixed ("in English please", "/lang fr"); "" when none.
	Lang knowledge.Lang `json:"lang,omitempty"`
	// Topic is what the last question was about, resolved: a follow-up is read against it.
	Topic *intents.Topic `json:"topic,omitempty"`
	// Intent, AsOf and Citations are the last answer's fact, the date its value holds for and
	// its sources: what "et avant ?" and "source ?" need.
	Intent    string         `json:"intent,omitempty"`
	AsOf      knowledge.Date `json:"as_of"`
	Citations []Citation     `json:"citations,omitempty"`
	// Spoken is the language of the last reply: a message that gives no sign of its own ("source
	// ?", "2020 ?") is taken to be in it.
	Spoken knowledge.Lang `json:"spoken,omitempty"`
}

// NewConversationID returns a new random conversation id, for a client that starts a
// conversation without one (the HTTP API, a terminal session).
func NewConversationID() string {
	return rand.Text()[:22]
}

// conversationID is what a conversation id a client sends may hold.
var conversationID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// ValidConversationID reports whether id can name a conversation: 1 to 64 letters, digits, "-" or
// "_".
func ValidConversationID(id string) bool { return conversationID.MatchString(id) }

// Dialogue answers the messages of conversations, where a message may follow up on the previous
// question: « il vient d'où ? », "why did it end?", "et en 2019 ?", "and before that?", « non, je
// voulais dire la NTM-I », "source ?", "in English please". Each message reads its conversation
// from Store once, is read by the matcher once and writes the conversation back once.
type Dialogue struct {
	Engine *Engine
	// Answerer answers the questions; nil means Engine itself.
	Answerer Answerer
	Store    conversations.Store
}

// Reply answers a message of the conversation key. The answer is always usable; an error says
// the conversation's state could not be read or kept (the store is unreachable, or held what
// this version cannot read), and the reply was made as if the message started a conversation.
func (d *Dialogue) Reply(ctx context.Context, key string, q Question) (Answer, error) {
	st, err := d.load(ctx, key)
	a := d.turn(&st, q)
	if err != nil && !errors.Is(err, errUnreadable) {
		// The store did not answer: writing back a state made without it would erase the
		// conversation for the next message, when the store answers again. A state this version
		// cannot read, though, is replaced.
		return a, err
	}
	if serr := d.save(ctx, key, st); serr != nil {
		return a, serr
	}
	return a, err
}

// errUnreadable marks a stored state this version cannot decode.
var errUnreadable = errors.New("unreadable state")

// SetLang fixes the reply language of a conversation ("/lang en"); "" returns to the language of
// each question.
func (d *Dialogue) SetLang(ctx context.Context, key string, lang knowledge.Lang) error {
	st, err := d.load(ctx, key)
	if err != nil {
		return err
	}
	st.Lang = lang
	return d.save(ctx, key, st)
}

// Lang returns the reply language a conversation fixed, or "" when none (or when the store
// cannot be read, which the error then says).
func (d *Dialogue) Lang(ctx context.Context, key string) (knowledge.Lang, error) {
	st, err := d.load(ctx, key)
	return st.Lang, err
}

func (d *Dialogue) load(ctx context.Context, key string) (Conversation, error) {
	var st Conversation
	b, ok, err := d.Store.Get(ctx, key)
	if err != nil {
		return st, fmt.Errorf("answers: conversation %s: %w", key, err)
	}
	if ok {
		if err := json.Unmarshal(b, &st); err != nil {
			return Conversation{}, fmt.Errorf("answers: conversation %s: %w: %w", key, errUnreadable, err)
		}
	}
	return st, nil
}

func (d *Dialogue) save(ctx context.Context, key string, st Conversation) error {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("answers: conversation %s: encode: %w", key, err)
	}
	if err := d.Store.Put(ctx, key, b); err != nil {
		return fmt.Errorf("answers: conversation %s: %w", key, err)
	}
	return nil
}

// turn answers one message on the conversation's state and updates the state.
func (d *Dialogue) turn(st *Conversation, q Question) Answer {
	e := d.Engine
	answerer := d.Answerer
	if answerer == nil {
		answerer = e
	}
	if q.Reply == "" {
		q.Reply = st.Lang
	}
	if q.Lang == "" {
		q.Lang = st.Spoken
	}
	asked := intents.Clean(q.Text)
	q.Topic = st.Topic
	var a Answer
	switch f := e.matcher.FollowUpOf(asked); {
	case f.Lang() != "":
		st.Lang = f.Lang()
		if st.Topic == nil {
			a = e.none(asked, st.Lang, msg(st.Lang, msgLangSet), e.examples(st.Lang))
			break
		}
		q.Reply, q.Again = st.Lang, true
		a = answerer.Answer(q)
	case f == intents.AskSources && len(st.Citations) > 0:
		a = e.sources(st, e.replyLang(q, asked))
	case f == intents.AskEarlier && st.Topic != nil:
		a = d.earlier(q, st, answerer)
	default:
		a = answerer.Answer(q)
	}
	a.Question = asked
	d.remember(st, a)
	st.Spoken = a.Lang
	return a
}

// remember keeps of an answer what the next message may follow up on.
func (d *Dialogue) remember(st *Conversation, a Answer) {
	if a.Kind == KindSources {
		return // "source ?" again shows the same sources
	}
	if a.Topic != nil && a.Topic.Aside && st.Topic != nil {
		return // « il vient d'où ? » asked aside: the topic stays the commander of NMI
	}
	if a.Topic != nil {
		t := *a.Topic
		if people := d.Engine.matcher.PeopleIn(a.Text); a.Answered && len(people) > 0 {
			// The person the answer gives first: "Hintzy…; earlier, Olsen" means Hintzy.
			t.People = people[:1]
		} else if st.Topic != nil {
			// A declined « et lui, il vient d'où ? » still means the person answered before.
			t.People = st.Topic.People
		}
		t.Intent, t.Dated = "", knowledge.Date{}
		if a.Kind == KindFact || a.Kind == KindRelated {
			t.Intent = a.Intent
		}
		if f, ok := d.Engine.base.Fact(a.Intent); ok && a.Answered && t.Time == nil {
			t.Dated = f.Date
			if t.Dated.IsZero() {
				t.Dated = a.AsOf
			}
		}
		st.Topic = &t
	}
	if a.Answered {
		st.Intent, st.AsOf, st.Citations = a.Intent, a.AsOf, a.Citations
	}
}

// earlier answers "and before that?": the value the sources give before the one last answered,
// or the event before the last one.
func (d *Dialogue) earlier(q Question, st *Conversation, answerer Answerer) Answer {
	e := d.Engine
	lang := e.replyLang(q, intents.Clean(q.Text))
	f, ok := e.base.Fact(st.Intent)
	switch {
	case ok && f.Changed() && !st.AsOf.IsZero():
		// The same question, before the date of the value last given.
		t := *st.Topic
		t.Time = &intents.Time{From: st.AsOf, To: st.AsOf, Relation: intents.Before}
		t.Now = false
		q.Topic, q.Again, q.Reply = &t, true, lang
		return answerer.Answer(q)
	case ok && !f.Date.IsZero():
		// The event that ended last before this one began.
		var prev *knowledge.Fact
		for _, ev := range e.base.Events() {
			if ev.Date.End().Before(f.Date.Start()) && (prev == nil || !ev.Date.End().Before(prev.Date.End())) {
				prev = ev
			}
		}
		if prev != nil {
			v := prev.Current()
			t := *st.Topic
			t.Time = &intents.Time{From: prev.Date, To: prev.Date}
			return Answer{Question: q.Text, Lang: lang, Answered: true, Kind: KindFact, Intent: prev.ID, Confidence: 1,
				Text: v.Answer.In(lang), Citations: e.cite(lang, v.Citations), Suggestions: []string{}, Topic: &t, AsOf: prev.Date}
		}
	}
	return e.none(q.Text, lang, msg(lang, msgNothingEarlier), []string{})
}

// replyLang is the language to reply to q in: the one fixed, else the one its text is in, else
// the one hinted.
func (e *Engine) replyLang(q Question, text string) knowledge.Lang {
	if q.Reply != "" {
		return q.Reply
	}
	return e.matcher.Language(text, q.Lang)
}

var _ Answerer = (*Engine)(nil)
