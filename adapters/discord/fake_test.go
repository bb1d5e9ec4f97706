package discord

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// wait bounds how long a test waits for something the bot must do; it only keeps a broken test
// from hanging, it asserts nothing about speed.
const wait = 10 * time.Second

// fakeDiscord is Discord on 127.0.0.1: an httptest REST server that records the requests the real
// discordgo session makes, and a gorilla/websocket gateway that says HELLO, takes IDENTIFY (or
// RESUME), says READY (or RESUMED), acknowledges heartbeats and dispatches what a test sends.
type fakeDiscord struct {
	rest, gateway *httptest.Server
	opts          fakeOptions

	requests   chan request         // REST requests, but GET /gateway
	handshakes chan json.RawMessage // IDENTIFY and RESUME payloads, whole
	conns      chan *gatewayConn    // each connection once READY or RESUMED

	mu          sync.Mutex
	dialed      int
	lateLimited bool // the lateLimited request was made
}

type fakeOptions struct {
	closeAfterIdentify int    // a close code sent instead of READY, 0 for none
	dropFirst          int    // a close code ending the first connection after READY, 0 for none
	rateLimited        string // a REST path holding this gets 429, every time
	lateLimited        string // the first REST request whose path holds this gets 429 asking for 5 s
	// holdReconnect, when set, holds every connection after the first before HELLO until it is
	// closed: the time between a disconnection and the next connection, made long.
	holdReconnect chan struct{}
}

// request is one REST request as the fake received it.
type request struct {
	Method, Path string
	Body         []byte
}

// gatewayConn is one accepted gateway connection.
type gatewayConn struct {
	ws  *websocket.Conn
	mu  sync.Mutex // gorilla allows one writer at a time
	seq int
}

func (c *gatewayConn) write(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws.WriteJSON(v)
}

// dispatch sends an event (op 0) with the JSON payload d.
func (c *gatewayConn) dispatch(t *testing.T, event string, d []byte) {
	t.Helper()
	if err := c.send(event, d); err != nil {
		t.Fatalf("dispatch %s: %v", event, err)
	}
}

// close ends the connection from Discord's side, with a close code that lets the bot resume.
func (c *gatewayConn) close(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4000, "Unknown error."))
	c.ws.Close()
}

func (c *gatewayConn) send(event string, d []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	return c.ws.WriteJSON(map[string]any{"op": 0, "s": c.seq, "t": event, "d": json.RawMessage(d)})
}

func newFakeDiscord(t *testing.T, opts fakeOptions) *fakeDiscord {
	t.Helper()
	f := &fakeDiscord{
		opts:       opts,
		requests:   make(chan request, 100),
		handshakes: make(chan json.RawMessage, 10),
		conns:      make(chan *gatewayConn, 10),
	}
	f.gateway = httptest.NewServer(http.HandlerFunc(f.serveGateway))
	f.rest = httptest.NewServer(http.HandlerFunc(f.serveREST))
	t.Cleanup(f.rest.Close)
	t.Cleanup(f.gateway.Close)
	return f
}

func (f *fakeDiscord) serveREST(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == "/api/v9/gateway" {
		json.NewEncoder(w).Encode(map[string]string{"url": "ws://" + f.gateway.Listener.Addr().String()})
		return
	}
	body, _ := io.ReadAll(r.Body)
	f.requests <- request{Method: r.Method, Path: r.URL.Path, Body: body}
	w.Header().Set("Content-Type", "application/json")
	f.mu.Lock()
	late := f.opts.lateLimited != "" && strings.Contains(r.URL.Path, f.opts.lateLimited) && !f.lateLimited
	f.lateLimited = f.lateLimited || late
	f.mu.Unlock()
	switch {
	case late:
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message":"You are being rate limited.","retry_after":5,"global":false}`)
	case f.opts.rateLimited != "" && strings.Contains(r.URL.Path, f.opts.rateLimited):
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message":"You are being rate limited.","retry_after":0.001,"global":false}`)
	case strings.HasSuffix(r.URL.Path, "/callback"):
		w.WriteHeader(http.StatusNoContent)
	case strings.HasSuffix(r.URL.Path, "/commands"):
		io.WriteString(w, `[]`)
	case strings.HasSuffix(r.URL.Path, "/messages"):
		io.WriteString(w, `{"id":"M2","channel_id":"C1","content":""}`)
	case r.Method == http.MethodPatch && strings.HasSuffix(r.URL.Path, "/messages/@original"):
		io.WriteString(w, `{"id":"M3","channel_id":"C1","content":""}`)
	default:
		http.NotFound(w, r)
	}
}

var upgrader = websocket.Upgrader{}

func (f *fakeDiscord) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer ws.Close()
	f.mu.Lock()
	f.dialed++
	first := f.dialed == 1
	f.mu.Unlock()
	if hold := f.opts.holdReconnect; hold != nil && !first {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	c := &gatewayConn{ws: ws}
	if c.write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}}) != nil {
		return
	}
	var hs struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if ws.ReadJSON(&hs) != nil {
		return
	}
	f.handshakes <- json.RawMessage(mustMarshal(hs))
	if code := f.opts.closeAfterIdentify; code != 0 {
		c.mu.Lock()
		ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, "Disallowed intent(s)."))
		c.mu.Unlock()
		return
	}
	c.seq++
	if hs.Op == 6 {
		err = c.write(map[string]any{"op": 0, "s": c.seq, "t": "RESUMED", "d": map[string]any{}})
	} else {
		err = c.write(map[string]any{"op": 0, "s": c.seq, "t": "READY", "d": map[string]any{
			"v": 10, "session_id": "S1", "user": map[string]any{"id": "BOT1", "username": "nmibot", "bot": true},
			"application": map[string]any{"id": "APP1"}, "guilds": []any{},
		}})
	}
	if err != nil {
		return
	}
	if first && f.opts.dropFirst != 0 {
		c.mu.Lock()
		ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(f.opts.dropFirst, "Unknown error."))
		c.mu.Unlock()
		return
	}
	f.conns <- c
	for {
		var m struct {
			Op int `json:"op"`
		}
		if ws.ReadJSON(&m) != nil {
			return
		}
		if m.Op == 1 {
			if c.write(map[string]any{"op": 11}) != nil {
				return
			}
		}
	}
}

// next returns the next REST request the bot made.
func (f *fakeDiscord) next(t *testing.T) request {
	t.Helper()
	select {
	case r := <-f.requests:
		return r
	case <-time.After(wait):
		t.Fatal("the bot made no REST request")
	}
	return request{}
}

// none fails if the bot makes a REST request within d.
func (f *fakeDiscord) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case r := <-f.requests:
		t.Errorf("request %s %s, want none", r.Method, r.Path)
	case <-time.After(d):
	}
}

// handshake returns the next IDENTIFY or RESUME the gateway received.
func (f *fakeDiscord) handshake(t *testing.T) (op int, d map[string]any) {
	t.Helper()
	select {
	case raw := <-f.handshakes:
		var hs struct {
			Op int            `json:"op"`
			D  map[string]any `json:"d"`
		}
		if err := json.Unmarshal(raw, &hs); err != nil {
			t.Fatal(err)
		}
		return hs.Op, hs.D
	case <-time.After(wait):
		t.Fatal("the bot sent no IDENTIFY")
	}
	return 0, nil
}

// conn returns the next connection once READY.
func (f *fakeDiscord) conn(t *testing.T) *gatewayConn {
	t.Helper()
	select {
	case c := <-f.conns:
		return c
	case <-time.After(wait):
		t.Fatal("the bot did not connect to the gateway")
	}
	return nil
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// readEvent returns a payload of testdata/events.
func readEvent(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "events", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// logSink keeps what the bot logs, so that tests can wait for a line and check that no secret
// or question was logged.
type logSink struct {
	mu    sync.Mutex
	lines []string
	added chan struct{}
}

func newLogSink() *logSink { return &logSink{added: make(chan struct{}, 1)} }

func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	l.lines = append(l.lines, string(p))
	l.mu.Unlock()
	select {
	case l.added <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (l *logSink) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func (l *logSink) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "")
}

// waitFor waits until a logged line holds s.
func (l *logSink) waitFor(t *testing.T, s string) {
	t.Helper()
	timeout := time.After(wait)
	for !strings.Contains(l.all(), s) {
		select {
		case <-l.added:
		case <-timeout:
			t.Fatalf("nothing logged holds %q; logged:\n%s", s, l.all())
		}
	}
}

// running runs b until the test ends and returns a function that stops it and returns Run's
// error.
func running(t *testing.T, b *Adapter) func() error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.Run(ctx) }()
	var once sync.Once
	var err error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-errc:
			case <-time.After(wait):
				t.Error("Run did not return after its context ended")
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return stop
}
