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
	"testing"
	"time"
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
	b := mustNew(t, Config{PublicKey: pub})
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
			checkCited(t, r.Data.Embeds[0], "Christophe Hintzy", "Entretien avec le général Christophe Hintzy", "explique le général de division", "002_e6841f8475bc7b21.txt")
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

		// Signed but not for the bot.
		{"unknown command", func(t *testing.T) *http.Request {
			return sign.request(t, url, readEvent(t, "unknown-command.json"), now)
		}, 400, nil},
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

func TestRoutesNeedAPublicKey(t *testing.T) {
	b := mustNew(t, Config{Token: testToken})
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
