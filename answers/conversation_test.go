package answers

import (
	"context"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/conversations"
	"github.com/nmi-factbot/nmibot/conversations/redistest"
	"github.com/nmi-factbot/nmibot/internal/questionset"
	"github.com/nmi-factbot/nmibot/knowledge"
	"github.com/nmi-factbot/nmibot/seeds"
)

// conversation is one conversation of a set, in the format of ../shared/eval/dialogues.py.
type conversation struct {
	ID    string `json:"id"`
	Turns []struct {
		Say      string     `json:"say"`
		Answered *bool      `json:"answered"`
		Must     [][]string `json:"must"`
	} `json:"turns"`
}

// countingStore is a store that counts what is asked of it.
type countingStore struct {
	conversations.Store
	gets, puts atomic.Int64
}

func (s *countingStore) Get(ctx context.Context, key string) ([]byte, bool, error) {
	s.gets.Add(1)
	return s.Store.Get(ctx, key)
}

func (s *countingStore) Put(ctx context.Context, key string, b []byte) error {
	s.puts.Add(1)
	return s.Store.Put(ctx, key, b)
}

// The conversation sets guard follow-ups as the question sets guard questions: dialogues.jsonl is
// the public set (../shared/eval); dialogues-h1, -h2 and -h3 were written from the seeds alone.
// h1 was scored once on arrival (0.611 of turns right with the design before this one) and then
// read; h2 was kept unopened and scored once at the end of the work (0.683); h3 was scored once on
// arrival near the end (0.723). A turn is right as
// dialogues.py has it: answered or declined as it should be, holding one alternative of each must
// group, with a verbatim citation. Every message costs one read and one write of the store and one
// reading by the matcher.
func TestConversationAccuracy(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		file     string
		minTurns float64
	}{
		{"dialogues.jsonl", 0.90},
		{"dialogues-h1.jsonl", 0.80},
		{"dialogues-h2.jsonl", 0.70},
		{"dialogues-h3.jsonl", 0.76},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var right, turns int
			for _, c := range readJSONL[conversation](t, filepath.Join("testdata", tt.file)) {
				store := &countingStore{Store: conversations.NewMemory(10, time.Hour)}
				d := &Dialogue{Engine: e, Store: store}
				for i, turn := range c.Turns {
					reads := e.matcher.Reads()
					gets, puts := store.gets.Load(), store.puts.Load()
					a, err := d.Reply(context.Background(), c.ID, Question{Text: turn.Say})
					if err != nil {
						t.Fatal(err)
					}
					if n := e.matcher.Reads() - reads; n > 1 {
						t.Errorf("%s#%d %q: read %d times by the matcher, want at most once", c.ID, i+1, turn.Say, n)
					}
					if g, p := store.gets.Load()-gets, store.puts.Load()-puts; g != 1 || p != 1 {
						t.Errorf("%s#%d %q: %d reads and %d writes of the store, want one of each", c.ID, i+1, turn.Say, g, p)
					}
					turns++
					if why := judge(a, turn.Answered == nil || *turn.Answered, turn.Must); why != "" {
						t.Logf("FAIL %s#%d %q: %s\n     got: %.160q", c.ID, i+1, turn.Say, why, a.Text)
					} else {
						right++
					}
					for _, cit := range a.Citations {
						doc, err := seeds.FS.ReadFile(cit.Source)
						if err != nil || !questionset.Verbatim(string(doc), cit.Quote) {
							t.Errorf("%s#%d: citation not verbatim in %s: %q", c.ID, i+1, cit.Source, cit.Quote)
						}
					}
				}
			}
			share := float64(right) / float64(max(turns, 1))
			t.Logf("%s: turns right %d/%d = %.3f (min %.2f)", tt.file, right, turns, share, tt.minTurns)
			if share < tt.minTurns {
				t.Errorf("%s: turns right %.3f, min %.2f", tt.file, share, tt.minTurns)
			}
		})
	}
}

// judge says why an answer is not what a turn wants, or "" when it is.
func judge(a Answer, answered bool, must [][]string) string {
	switch {
	case a.Answered != answered && answered:
		return "declined, want an answer"
	case a.Answered != answered:
		return "answered, want a decline"
	case !answered:
		return ""
	}
	var why []string
	for _, group := range questionset.Missing(a.Text, must) {
		why = append(why, "lacks one of "+strings.Join(group, "|"))
	}
	if len(a.Citations) == 0 {
		why = append(why, "no citation")
	}
	return strings.Join(why, "; ")
}

// A conversation kept in Redis follows its user from one replica to another: each message is
// answered by the next replica in turn, and follow-ups still hold.
func TestConversationFollowsAcrossReplicas(t *testing.T) {
	url := redistest.Start(t)
	e := mustEngine(t)
	var replicas []*Dialogue
	for range 2 {
		c, err := conversations.DialRedis(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		replicas = append(replicas, &Dialogue{Engine: e, Store: conversations.NewRedis(c, time.Minute)})
	}
	turns := []struct {
		say  string
		want string
	}{
		{"Qui commandait la NMI fin 2020 ?", "olsen"},
		{"il vient d'où ?", "danemark"},
		{"in English please", "denmark"},
		{"and now?", "hintzy"},
	}
	for i, tr := range turns {
		a, err := replicas[i%2].Reply(context.Background(), "http:abc", Question{Text: tr.say})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(fold(a.Text), tr.want) {
			t.Errorf("turn %d %q on replica %d: %q lacks %q", i+1, tr.say, i%2, a.Text, tr.want)
		}
	}
}

// The "Sources" button names the quotes of its answer: pressed after other questions, it still
// shows them, all and only them; a reference of another fact base, or none, is refused.
// A store that does not answer in time costs a message its context, not its time, and not the
// conversation: once the store answers again, the follow-up still follows.
func TestConversationOutlivesASlowStore(t *testing.T) {
	srv := redistest.Run(t)
	c, err := conversations.DialRedis(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	d := &Dialogue{Engine: mustEngine(t), Store: conversations.NewRedis(c, time.Minute)}
	ctx := context.Background()
	if a, err := d.Reply(ctx, "http:slow", Question{Text: "Qui commandait la NMI fin 2020 ?"}); err != nil || !strings.Contains(fold(a.Text), "olsen") {
		t.Fatalf("first turn = %q, %v", a.Text, err)
	}
	srv.Sleep(2 * time.Second)
	start := time.Now()
	a, err := d.Reply(ctx, "http:slow", Question{Text: "il vient d'où ?"})
	if err == nil {
		t.Error("Reply while the store sleeps = nil error, want the store's")
	}
	if a.Text == "" {
		t.Error("Reply while the store sleeps has no text")
	}
	// Generous: what this catches is waiting for the store (2 s), not a slow machine.
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("Reply while the store sleeps took %v", took)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		a, err = d.Reply(ctx, "http:slow", Question{Text: "il vient d'où ?"})
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil || !strings.Contains(fold(a.Text), "danemark") {
		t.Errorf("follow-up once the store is back = %q, %v; want Olsen's country", a.Text, err)
	}
}

// A state this version cannot read is reported once and replaced, not kept forever.
func TestConversationReplacesAnUnreadableState(t *testing.T) {
	store := conversations.NewMemory(10, time.Minute)
	ctx := context.Background()
	store.Put(ctx, "k", []byte("{not json"))
	d := &Dialogue{Engine: mustEngine(t), Store: store}
	if _, err := d.Reply(ctx, "k", Question{Text: "Qui commande la NMI ?"}); err == nil {
		t.Error("Reply on an unreadable state = nil error, want one")
	}
	if _, err := d.Reply(ctx, "k", Question{Text: "et en 2020 ?"}); err != nil {
		t.Errorf("second Reply = %v, want the state replaced", err)
	}
}

func TestSourcesRefShowsItsAnswersQuotes(t *testing.T) {
	e := mustEngine(t)
	for _, q := range []string{"Qui commande la NMI ?", "Pourquoi la NTM-I s'est-elle arrêtée ?", "What happened in 2004?", "Combien de divisions a la NMI ?"} {
		a := e.Answer(Question{Text: q})
		ref := e.SourcesRef(a)
		if ref == "" || len(ref) > 60 {
			t.Fatalf("%q: SourcesRef = %q, want a short reference", q, ref)
		}
		e.Answer(Question{Text: "Quand la NMI a-t-elle été lancée ?"})
		s, ok := e.SourcesOf(ref, knowledge.English)
		if !ok || s.Kind != KindSources || len(s.Citations) != len(dedupe(append([]Citation(nil), a.Citations...))) {
			t.Fatalf("%q: SourcesOf(%q) = %v, %d citations, want the answer's %d", q, ref, ok, len(s.Citations), len(a.Citations))
		}
		for i, c := range s.Citations {
			if c.Quote != a.Citations[i].Quote || c.Source != a.Citations[i].Source {
				t.Errorf("%q: quote %d = %q, want %q", q, i, c.Quote, a.Citations[i].Quote)
			}
		}
	}
	for _, bad := range []string{"", "x", "000000:0", "zzzzzz:1", "ffffff:zzzzzz", ":", "abc:1.2.-3"} {
		if _, ok := e.SourcesOf(bad, knowledge.French); ok {
			t.Errorf("SourcesOf(%q) accepted", bad)
		}
	}
}

// BenchmarkConversationTurn measures one message of a conversation with the state in memory:
// reading and writing the state, reading the message against its topic, composing the answer.
func BenchmarkConversationTurn(b *testing.B) {
	e := mustEngine(b)
	d := &Dialogue{Engine: e, Store: conversations.NewMemory(10, time.Hour)}
	turns := []string{"Qui commandait la NMI fin 2020 ?", "il vient d'où ?", "et maintenant ?", "source ?", "in English please"}
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d.Reply(ctx, "bench", Question{Text: turns[i%len(turns)]})
	}
}
