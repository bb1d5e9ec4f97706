package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/conversations"
	"github.com/nmi-factbot/nmibot/conversations/redistest"
	"github.com/nmi-factbot/nmibot/knowledge"

	"github.com/nmi-factbot/nmibot/adapters"
)

// signer signs interactions as Discord does: Ed25519 over the timestamp then the body.
type signer struct{ key ed25519.PrivateKey }

func newSigner(tb testing.TB) (signer, ed25519.PublicKey) {
	tb.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return signer{priv}, pub
}

// request returns a POST of body to url, signed for the time at.
func (s signer) request(tb testing.TB, url string, body []byte, at time.Time) *http.Request {
	tb.Helper()
	ts := strconv.FormatInt(at.Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(s.key, append([]byte(ts), body...))))
	return req
}

func TestHTTPInteractions(t *testing.T) {
	sign, pub := newSigner(t)
	b := mustNew(t, Config{PublicKey: pub}, adapters.Core{})
	mux := http.NewServeMux()
	b.Routes(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	url := srv.URL + InteractionsPath
	now := time.Now()

	tests := []struct {
		name       string
		req        func(t *testing.T) *http.Request
		wantStatus int
		check      func(t *testing.T, body []byte)
	}{
		// Signed by Discord's key, fresh: answered in the HTTP reply.
		{"ping gets pong", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "ping.json"), now)
		}, 200, func(t *testing.T, body []byte) {
			if strings.TrimSpace(string(body)) != `{"type":1}` {
				t.Errorf("body = %s, want {\"type\":1}", body)
			}
		}},
		{"ask gets a cited embed", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "ask-fr.json"), now)
		}, 200, func(t *testing.T, body []byte) {
			r := decode[response](t, body)
			if r.Type != 4 || len(r.Data.Embeds) != 1 {
				t.Fatalf("response type %d with %d embeds, want 4 with one", r.Type, len(r.Data.Embeds))
			}
			checkCited(t, r.Data.Embeds[0], "Christophe Hintzy", "Entretien avec le général Christophe Hintzy", "explique le général de division")
			checkNoMentions(t, r.Data.Mention)
		}},
		{"button", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "button.json"), now)
		}, 200, func(t *testing.T, body []byte) {
			if r := decode[response](t, body); r.Type != 4 || r.Data.Flags != 64 {
				t.Errorf("response type %d flags %d, want 4 and ephemeral", r.Type, r.Data.Flags)
			}
		}},
		{"autocomplete", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "autocomplete.json"), now)
		}, 200, func(t *testing.T, body []byte) {
			if r := decode[response](t, body); r.Type != 8 || !hasChoice(r, "Qui commande la NMI ?") {
				t.Errorf("response %s, want type 8 with the commander question", body)
			}
		}},
		{"autocomplete of a command the bot does not know", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "autocomplete-unknown.json"), now)
		}, 200, func(t *testing.T, body []byte) {
			if r := decode[response](t, body); r.Type != 8 {
				t.Errorf("response %s, want type 8 with no choices", body)
			}
		}},
		{"signed timestamp a little ahead", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "ping.json"), now.Add(time.Minute))
		}, 200, nil},

		// Not from Discord, or replayed: 401.
		{"tampered body", func(t *testing.T) *http.Request {
			req := sign.request(t, url, readEvent(t, "ask-fr.json"), now)
			body := bytes.Replace(readEvent(t, "ask-fr.json"), []byte("NMI"), []byte("NTM"), 1)
			req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
			return req
		}, 401, nil},
		{"tampered timestamp", func(t *testing.T) *http.Request {
			req := sign.request(t, url, readEvent(t, "ping.json"), now)
			req.Header.Set("X-Signature-Timestamp", strconv.FormatInt(now.Unix()+1, 10))
			return req
		}, 401, nil},
		{"old timestamp, signed", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "ping.json"), now.Add(-10*time.Minute))
		}, 401, nil},
		{"timestamp far ahead, signed", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "ping.json"), now.Add(10*time.Minute))
		}, 401, nil},
		{"missing signature", func(t *testing.T) *http.Request {
			req := sign.request(t, url, readEvent(t, "ping.json"), now)
			req.Header.Del("X-Signature-Ed25519")
			return req
		}, 401, nil},
		{"signature not hex", func(t *testing.T) *http.Request {
			req := sign.request(t, url, readEvent(t, "ping.json"), now)
			req.Header.Set("X-Signature-Ed25519", "zz")
			return req
		}, 401, nil},
		{"another key", func(t *testing.T) *http.Request {
			other, _ := newSigner(t)
			return other.request(t, url, readEvent(t, "ping.json"), now)
		}, 401, nil},

		// Signed, but not something the bot knows: a private message saying what it can do.
		{"unknown command", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "unknown-command.json"), now)
		}, 200, checkUnsupported(knowledge.French)},
		{"stale button", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "button-stale.json"), now)
		}, 200, checkUnsupported(knowledge.English)},
		{"modal submit", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "modal.json"), now)
		}, 200, checkUnsupported(knowledge.English)},

		// Signed but malformed.
		{"not JSON", func(t *testing.T) *http.Request {
			return sign.request(t, url, []byte("{"), now)
		}, 400, nil},
		{"body too large", func(t *testing.T) *http.Request {
			return sign.request(t, url, bytes.Repeat([]byte(" "), MaxInteractionBody+1), now)
		}, 413, nil},
		{"GET", func(t *testing.T) *http.Request {
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			return req
		}, 405, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.DefaultClient.Do(tt.req(t))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d (%s), want %d", resp.StatusCode, body, tt.wantStatus)
			}
			if tt.check != nil {
				if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q, want application/json", ct)
				}
				tt.check(t, body)
			}
		})
	}
}

// serveInteractions serves b's interactions endpoint on 127.0.0.1 and returns its URL.
func serveInteractions(t *testing.T, b *Adapter) string {
	t.Helper()
	mux := http.NewServeMux()
	b.Routes(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + InteractionsPath
}

// post sends req and returns the status and body of the response.
func post(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func TestHTTPRefusesReplays(t *testing.T) {
	sign, pub := newSigner(t)
	now := time.Now()
	tests := []struct {
		name       string
		first      string // an event, posted signed
		again      func(t *testing.T, url string, body []byte) *http.Request
		wantStatus int
	}{
		{"the same request again", "ask-fr.json", func(t *testing.T, url string, body []byte) *http.Request {
			return sign.request(t, url, body, now)
		}, 401},
		{"the same interaction signed anew", "button.json", func(t *testing.T, url string, body []byte) *http.Request {
			return sign.request(t, url, body, now.Add(time.Second))
		}, 401},
		{"another interaction", "ask-fr.json", func(t *testing.T, url string, _ []byte) *http.Request {
			return sign.request(t, url, readEvent(t, "help.json"), now)
		}, 200},
		{"a ping again, which answering again does nothing", "ping.json", func(t *testing.T, url string, body []byte) *http.Request {
			return sign.request(t, url, body, now)
		}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := serveInteractions(t, mustNew(t, Config{PublicKey: pub}, adapters.Core{}))
			body := readEvent(t, tt.first)
			if code, got := post(t, sign.request(t, url, body, now)); code != 200 {
				t.Fatalf("first POST: status %d (%s), want 200", code, got)
			}
			if code, got := post(t, tt.again(t, url, body)); code != tt.wantStatus {
				t.Errorf("second POST: status %d (%s), want %d", code, got, tt.wantStatus)
			}
		})
	}
}

var _ adapters.Seen = (*conversations.Redis)(nil)

// Replicas sharing a Redis refuse a replay sent to another replica; with Redis down, an
// interaction is answered, its signature checked, and the error counted.
func TestHTTPSeenInRedis(t *testing.T) {
	sign, pub := newSigner(t)
	redisUp := redistest.Run(t)
	redisDown := redistest.New(t) // never started
	seenIn := func(t *testing.T, url string) *conversations.Redis {
		client, err := conversations.DialRedis(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { client.Close() })
		return conversations.NewRedis(client, time.Hour)
	}
	tests := []struct {
		name       string
		redis      string
		wantAgain  int
		wantErrors int
	}{
		{"replay to another replica", redisUp.URL, 401, 0},
		{"Redis down", redisDown.URL, 200, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs atomic.Int32
			replica := func() string {
				return serveInteractions(t, mustNew(t, Config{PublicKey: pub}, adapters.Core{Seen: seenIn(t, tt.redis), OnError: func(error) { errs.Add(1) }}))
			}
			one, two := replica(), replica()
			body := readEvent(t, "ask-fr.json")
			now := time.Now()
			if code, got := post(t, sign.request(t, one, body, now)); code != 200 {
				t.Fatalf("first POST: status %d (%s), want 200", code, got)
			}
			if code, got := post(t, sign.request(t, two, body, now)); code != tt.wantAgain {
				t.Errorf("the same POST to another replica: status %d (%s), want %d", code, got, tt.wantAgain)
			}
			if n := int(errs.Load()); n != tt.wantErrors {
				t.Errorf("OnError called %d times, want %d", n, tt.wantErrors)
			}
		})
	}
}

func TestRoutesNeedAPublicKey(t *testing.T) {
	b := mustNew(t, Config{Token: testToken}, adapters.Core{})
	mux := http.NewServeMux()
	b.Routes(mux)
	if _, pattern := mux.Handler(httptest.NewRequest(http.MethodPost, InteractionsPath, nil)); pattern != "" {
		t.Errorf("without a public key, %s is routed to %q; want no route", InteractionsPath, pattern)
	}
}

func TestFresh(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name string
		ts   string
		want bool
	}{
		{"now", "1700000000", true},
		{"4 minutes ago", "1699999760", true},
		{"6 minutes ago", "1699999640", false},
		{"6 minutes ahead", "1700000360", false},
		{"empty", "", false},
		{"not a number", "yesterday", false},
		{"huge", "99999999999999999999", false},
	}
	for _, tt := range tests {
		if got := fresh(tt.ts, now); got != tt.want {
			t.Errorf("%s: fresh(%q) = %v, want %v", tt.name, tt.ts, got, tt.want)
		}
	}
}
