package answers

import (
	"context"
	"fmt"
	"strings"

	"github.com/nmi-factbot/nmibot/conversations"
	"github.com/nmi-factbot/nmibot/intents"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// Answerer answers one question: the Engine, or the Engine behind rate limits.
type Answerer interface {
	Answer(Question) Answer
}

// Dialogue answers the messages of conversations, where a message may follow up on the previous
// question: "et en 2019 ?", "and before that?", "source ?", "more details", "in English please",
// "en français". What a conversation needs is kept in Store, keyed by conversation.
type Dialogue struct {
	Engine *Engine
	// Answerer answers the questions; nil means Engine itself.
	Answerer Answerer
	Store    conversations.Store
}

// Reply answers a message of the conversation key. The answer is always usable; an error says
// the conversation's state could not be read or kept (the store is unreachable), and the reply
// was made as if the message started a conversation.
func (d *Dialogue) Reply(ctx context.Context, key string, q Question) (Answer, error) {
	answerer := d.Answerer
	if answerer == nil {
		answerer = d.Engine
	}
	st, _, err := d.Store.Get(ctx, key)
	if err != nil {
		err = fmt.Errorf("answers: conversation %s: %w", key, err)
	}
	if q.Reply == "" {
		q.Reply = st.Lang
	}
	asked := q.Text
	var a Answer
	switch f := d.Engine.matcher.FollowUpOf(q.Text); {
	case f.Lang() != "":
		st.Lang = f.Lang()
		if st.LastQuestion == "" {
			a = d.Engine.none(intents.Clean(asked), st.Lang, msg(st.Lang, msgLangSet), d.Engine.examples(st.Lang))
			break
		}
		q.Text, q.Reply = st.LastQuestion, st.Lang
		a = answerer.Answer(q)
	case st.LastQuestion == "" || f == intents.NotFollowUp:
		a = answerer.Answer(q)
	case f == intents.AskSources:
		q.Text = st.LastQuestion
		a = answerer.Answer(q)
		if a.Answered {
			a.Text += "\n\n" + quotes(a)
		}
	case f == intents.AskAtTime:
		// The time asked first, so that it is the one read, then the previous question.
		q.Text = q.Text + " " + st.LastQuestion
		a = answerer.Answer(q)
	case f == intents.AskEarlier:
		a = d.earlier(q, st, answerer)
	}
	a.Question = intents.Clean(asked)
	if a.Answered {
		st.LastQuestion, st.LastIntent, st.LastAsOf = q.Text, a.Intent, a.AsOf.String()
	}
	if perr := d.Store.Put(ctx, key, st); perr != nil && err == nil {
		err = fmt.Errorf("answers: conversation %s: %w", key, perr)
	}
	return a, err
}

// earlier answers "and before that?": the value the sources give before the one last answered,
// or the event before the last one.
func (d *Dialogue) earlier(q Question, st conversations.State, answerer Answerer) Answer {
	e := d.Engine
	lang := q.Reply
	if lang == "" {
		lang = e.matcher.Match(q.Text, q.Lang).Lang
	}
	f, ok := e.base.Fact(st.LastIntent)
	switch {
	case ok && f.Changed() && st.LastAsOf != "":
		// The same question, before the date of the value last given.
		if asOf, err := knowledge.ParseDate(st.LastAsOf); err == nil {
			q.Text = msg(lang, msgBeforeThat, asOf.Format(lang)) + " " + st.LastQuestion
			return answerer.Answer(q)
		}
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
			return Answer{Question: q.Text, Lang: lang, Answered: true, Kind: KindFact, Intent: prev.ID, Confidence: 1,
				Text: v.Answer.In(lang), Citations: e.cite(lang, v.Citations), Suggestions: []string{}}
		}
	}
	return e.none(q.Text, lang, msg(lang, msgNothingEarlier), []string{})
}

// quotes writes an answer's sources and quotes into plain text, for "source ?".
func quotes(a Answer) string {
	var b strings.Builder
	b.WriteString(msg(a.Lang, msgSources))
	for i, c := range a.Citations {
		fmt.Fprintf(&b, "\n[%d] %s, %s: « %s »", i+1, c.Title, c.Date, c.Quote)
	}
	return b.String()
}

var _ Answerer = (*Engine)(nil)
