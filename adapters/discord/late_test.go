package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/conversations"
	"github.com/nmi-factbot/nmibot/conversations/redistest"

	"github.com/nmi-factbot/nmibot/adapters"
)

// step is a REST request the bot must make: a response to an interaction (its type and flags),
// or an edit of that response (typ 0).
type step struct {
	method, path string
	typ, flags   int
}

// slowStore returns conversations kept in a Redis that sleeps from now on, longer than any
// answer may wait.
func slowStore(t *testing.T) adapters.Conversations {
	t.Helper()
	srv := redistest.Run(t)
	client, err := conversations.DialRedis(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	srv.Sleep(3 * time.Second)
	return &answers.Dialogue{Engine: mustEngine(t), Store: conversations.NewRedis(client, time.Hour)}
}

// checkStep fails unless r is the request s, and returns its body decoded.
func checkStep(t *testing.T, r request, s step) response {
	t.Helper()
	if r.Method != s.method || r.Path != "/api/v9"+s.path {
		t.Fatalf("request %s %s, want %s /api/v9%s", r.Method, r.Path, s.method, s.path)
	}
	if s.typ == 0 { // an edit of the response: the message itself
		var m response
		m.Data = decode[response](t, r.Body).Data
		m.Data.Embeds = decode[postedMessage](t, r.Body).Embeds
		m.Data.Mention = decode[postedMessage](t, r.Body).Mention
		if len(m.Data.Embeds) != 1 || m.Data.Embeds[0].Description == "" {
			t.Errorf("edit %s, want the answer's embed", r.Body)
		}
		checkNoMentions(t, m.Data.Mention)
		return m
	}
	resp := decode[response](t, r.Body)
	if resp.Type != s.typ || resp.Data.Flags != s.flags {
		t.Fatalf("response type %d flags %d, want type %d flags %d: %s", resp.Type, resp.Data.Flags, s.typ, s.flags, r.Body)
	}
	return resp
}

func TestGatewayDefersWhatCannotBeAnsweredInTime(t *testing.T) {
	// A store that sleeps takes at least its client's read timeout (200 ms) to give up: well past
	// the 50 ms the bot is given to respond.
	tests := []struct {
		name          string
		opts          fakeOptions
		slowStore     bool
		respondWithin time.Duration
		event         string
		want          []step
	}{
		{"answer ready: sent at once", fakeOptions{}, false, 0, "ask-fr.json", []step{
			{"POST", "/interactions/101/tok-ask-fr/callback", 4, 0},
		}},
		{"store slow: deferred privately, then the answer edited in", fakeOptions{}, true, 50 * time.Millisecond, "ask-private-en.json", []step{
			{"POST", "/interactions/102/tok-ask-private/callback", 5, 64},
			{"PATCH", "/webhooks/APP1/tok-ask-private/messages/@original", 0, 0},
		}},
		{"rate limited past the deadline: deferred, then the answer edited in", fakeOptions{lateLimited: "/interactions/101/"}, false, 0, "ask-fr.json", []step{
			{"POST", "/interactions/101/tok-ask-fr/callback", 4, 0}, // 429, retry after 5 s
			{"POST", "/interactions/101/tok-ask-fr/callback", 5, 0},
			{"PATCH", "/webhooks/APP1/tok-ask-fr/messages/@original", 0, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{RespondWithin: tt.respondWithin}
			var core adapters.Core
			if tt.slowStore {
				core.Conversations = slowStore(t)
			}
			f := newFakeDiscord(t, tt.opts)
			cfg.Token, cfg.APIURL = testToken, f.rest.URL
			running(t, mustNew(t, cfg, core))
			c := f.conn(t)
			if r := f.next(t); r.Method != "PUT" {
				t.Fatalf("request %s %s, want the commands registered first", r.Method, r.Path)
			}
			sent := time.Now()
			c.dispatch(t, "INTERACTION_CREATE", readEvent(t, tt.event))
			for _, s := range tt.want {
				checkStep(t, f.next(t), s)
				// Discord drops an interaction not answered within 3 s.
				if late := time.Since(sent); s.typ != 0 && late > 2*time.Second {
					t.Errorf("response type %d sent %v after the interaction, want it within Discord's 3 s", s.typ, late.Round(time.Millisecond))
				}
			}
			f.none(t, 300*time.Millisecond)
		})
	}
}

func TestHTTPDefersWhatCannotBeAnsweredInTime(t *testing.T) {
	sign, pub := newSigner(t)
	tests := []struct {
		name          string
		slowStore     bool
		respondWithin time.Duration
		wantType      int
		wantEdit      bool
	}{
		{"answer ready: in the HTTP reply", false, 0, 4, false},
		{"store slow: deferred in the HTTP reply, then the answer edited in", true, 50 * time.Millisecond, 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDiscord(t, fakeOptions{})
			cfg := Config{PublicKey: pub, APIURL: f.rest.URL, RespondWithin: tt.respondWithin}
			var core adapters.Core
			if tt.slowStore {
				core.Conversations = slowStore(t)
			}
			url := serveInteractions(t, mustNew(t, cfg, core))
			sent := time.Now()
			code, body := post(t, sign.request(t, url, readEvent(t, "ask-fr.json"), sent))
			late := time.Since(sent)
			if code != 200 {
				t.Fatalf("status %d (%s), want 200", code, body)
			}
			if r := decode[response](t, body); r.Type != tt.wantType {
				t.Fatalf("response type %d after %v, want %d: %s", r.Type, late.Round(time.Millisecond), tt.wantType, body)
			}
			if late > 2*time.Second {
				t.Errorf("reply after %v, want it within Discord's 3 s", late.Round(time.Millisecond))
			}
			if tt.wantEdit {
				m := checkStep(t, f.next(t), step{"PATCH", "/webhooks/APP1/tok-ask-fr/messages/@original", 0, 0})
				if !strings.Contains(m.Data.Embeds[0].Description, "Hintzy") {
					t.Errorf("edited answer %q, want the commander", m.Data.Embeds[0].Description)
				}
			}
			f.none(t, 300*time.Millisecond)
		})
	}
}

// On shutdown, Run returns only once a deferred answer is edited in: the user gets it.
func TestRunWaitsForADeferredAnswerOnShutdown(t *testing.T) {
	sign, pub := newSigner(t)
	f := newFakeDiscord(t, fakeOptions{})
	b := mustNew(t, Config{PublicKey: pub, APIURL: f.rest.URL, RespondWithin: 50 * time.Millisecond}, adapters.Core{Conversations: slowStore(t)})
	url := serveInteractions(t, b)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- b.Run(ctx) }()
	if code, body := post(t, sign.request(t, url, readEvent(t, "ask-fr.json"), time.Now())); code != 200 || decode[response](t, body).Type != 5 {
		t.Fatalf("response %d %s, want a deferral", code, body)
	}
	cancel()
	select {
	case err := <-ran:
		t.Fatalf("Run returned (%v) before the deferred answer was edited in", err)
	case <-time.After(100 * time.Millisecond):
	}
	checkStep(t, f.next(t), step{"PATCH", "/webhooks/APP1/tok-ask-fr/messages/@original", 0, 0})
	select {
	case err := <-ran:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the deferred answer was sent")
	}
}
