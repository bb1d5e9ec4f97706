// Package telegramtest is a fake Telegram Bot API server for tests: it listens on 127.0.0.1
// only, answers getMe, hands out queued updates through getUpdates, records every request
// (method and form fields) and answers the others with success, or with a scripted failure, or
// with the error of a group upgraded to a supergroup.
// Tests drive the real go-telegram/bot client against it, as they would the real API.
package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BotID and BotUsername are the fake bot's identity, as getMe returns it.
const (
	BotID       = 123
	BotUsername = "nmi_facts_bot"
)

// Request is a recorded Bot API call.
type Request struct {
	Method string
	Params map[string]string // form fields; objects are JSON, as the Bot API takes them
	// Done is closed once the server has written its response, and Canceled then tells whether
	// the client had given up on the request by then.
	Done     chan struct{}
	Canceled bool
}

// Server is a fake Bot API server. It is safe for concurrent use.
type Server struct {
	// URL is the server's base URL, for TELEGRAM_API_URL or bot.WithServerURL.
	URL string

	mu        sync.Mutex
	requests  []*Request
	changed   chan struct{} // closed and replaced on every new request or update
	updates   []json.RawMessage
	nextID    int64
	scripted  map[string][]string // method → raw responses to give, in order, before succeeding
	held      map[string]chan struct{}
	migrated  map[string]int64 // chat id → the supergroup it became
	messageID int
}

// NewServer starts a fake server on 127.0.0.1; it is closed when the test ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("telegramtest: listen on 127.0.0.1: %v", err)
	}
	s := &Server{
		changed:  make(chan struct{}),
		scripted: map[string][]string{},
		held:     map[string]chan struct{}{},
		migrated: map[string]int64{},
		nextID:   1,
	}
	hs := httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	s.URL = hs.URL
	tb.Cleanup(func() {
		s.mu.Lock()
		for m, c := range s.held {
			close(c)
			delete(s.held, m)
		}
		s.mu.Unlock()
		hs.CloseClientConnections()
		hs.Close()
	})
	return s
}

// AddUpdate queues an update (JSON) for getUpdates. An update without "update_id" gets the
// next one.
func (s *Server) AddUpdate(tb testing.TB, update string) {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(update), &m); err != nil {
		tb.Fatalf("telegramtest: update is not JSON: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := m["update_id"].(float64); ok {
		s.nextID = max(s.nextID, int64(id)+1)
	} else {
		m["update_id"] = s.nextID
		s.nextID++
	}
	b, _ := json.Marshal(m)
	s.updates = append(s.updates, b)
	s.notify()
}

// Fail makes the next call of method get the raw response body with the HTTP status code, e.g.
// a 429 with retry_after, or for getUpdates an answer the client cannot read; calls to Fail
// queue up.
func (s *Server) Fail(method string, status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripted[method] = append(s.scripted[method], strconv.Itoa(status)+" "+body)
}

// Migrate makes every call to chat from fail, from now on, as Telegram's do once a group was
// upgraded to the supergroup to: a 400 Bad Request whose parameters carry migrate_to_chat_id.
func (s *Server) Migrate(from, to int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.migrated[strconv.FormatInt(from, 10)] = to
}

// Hold makes calls of method wait, after being recorded, until the returned function is called
// (or the test ends): a slow Bot API, to test what happens meanwhile.
func (s *Server) Hold(method string) (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := make(chan struct{})
	s.held[method] = c
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.held[method] == c {
				delete(s.held, method)
				close(c)
			}
		})
	}
}

// Requests returns the recorded calls of method, in order ("" for all).
func (s *Server) Requests(method string) []*Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Request
	for _, r := range s.requests {
		if method == "" || r.Method == method {
			out = append(out, r)
		}
	}
	return out
}

// Wait waits until at least n calls of method are recorded and returns them; it fails the test
// after timeout, a bound for a stuck test rather than a measure of speed.
func (s *Server) Wait(tb testing.TB, method string, n int, timeout time.Duration) []*Request {
	tb.Helper()
	var rs []*Request
	if !s.await(timeout, func() bool { rs = s.Requests(method); return len(rs) >= n }) {
		tb.Fatalf("telegramtest: %d %s call(s) after %s, want %d", len(s.Requests(method)), method, timeout, n)
	}
	return rs
}

// WaitFor waits until a call of method satisfies ok and returns it.
func (s *Server) WaitFor(tb testing.TB, method string, timeout time.Duration, ok func(*Request) bool) *Request {
	tb.Helper()
	var found *Request
	matched := s.await(timeout, func() bool {
		for _, r := range s.Requests(method) {
			if ok(r) {
				found = r
				return true
			}
		}
		return false
	})
	if !matched {
		tb.Fatalf("telegramtest: no matching %s call after %s", method, timeout)
	}
	return found
}

// await reports whether done became true, checking it each time a call is recorded, before
// timeout.
func (s *Server) await(timeout time.Duration, done func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if done() {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		}
	}
}

// notify wakes the waiters; s.mu is held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	// Paths are /bot<token>/<method>.
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || !strings.Contains(token, ":") {
		writeJSON(w, http.StatusNotFound, `{"ok":false,"error_code":404,"description":"Not Found"}`)
		return
	}
	params, err := formOf(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, fmt.Sprintf(`{"ok":false,"error_code":400,"description":%q}`, err.Error()))
		return
	}
	req := &Request{Method: method, Params: params, Done: make(chan struct{})}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.notify()
	var script string
	if q := s.scripted[method]; len(q) > 0 {
		script, s.scripted[method] = q[0], q[1:]
	}
	if method == "getUpdates" {
		close(req.Done)
		s.mu.Unlock()
		if script != "" {
			code, body, _ := strings.Cut(script, " ")
			status, _ := strconv.Atoi(code)
			writeJSON(w, status, body)
			return
		}
		s.getUpdates(w, r, params)
		return
	}
	hold := s.held[method]
	if to, ok := s.migrated[params["chat_id"]]; ok && script == "" {
		script = fmt.Sprintf(`400 {"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":%d}}`, to)
	}
	s.messageID++
	msgID := s.messageID
	s.mu.Unlock()

	if hold != nil {
		<-hold
	}
	defer func() {
		s.mu.Lock()
		req.Canceled = r.Context().Err() != nil
		close(req.Done)
		s.notify()
		s.mu.Unlock()
	}()
	if script != "" {
		code, body, _ := strings.Cut(script, " ")
		status, _ := strconv.Atoi(code)
		writeJSON(w, status, body)
		return
	}
	switch method {
	case "getMe":
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"ok":true,"result":{"id":%d,"is_bot":true,"first_name":"NMI facts","username":%q}}`, BotID, BotUsername))
	case "sendMessage":
		chat, _ := strconv.ParseInt(params["chat_id"], 10, 64)
		res := map[string]any{
			"message_id": msgID, "date": time.Now().Unix(), "text": params["text"],
			"chat": map[string]any{"id": chat, "type": "private"},
			"from": map[string]any{"id": BotID, "is_bot": true, "first_name": "NMI facts", "username": BotUsername},
		}
		b, _ := json.Marshal(map[string]any{"ok": true, "result": res})
		writeJSON(w, http.StatusOK, string(b))
	default:
		writeJSON(w, http.StatusOK, `{"ok":true,"result":true}`)
	}
}

// getUpdates hands out the queued updates from the requested offset, waiting a little for one
// when there is none, as long polling does.
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, params map[string]string) {
	offset, _ := strconv.ParseInt(params["offset"], 10, 64)
	wait := time.NewTimer(500 * time.Millisecond)
	defer wait.Stop()
	for {
		s.mu.Lock()
		var out []json.RawMessage
		for _, u := range s.updates {
			var head struct {
				ID int64 `json:"update_id"`
			}
			_ = json.Unmarshal(u, &head)
			if head.ID >= offset {
				out = append(out, u)
			}
		}
		changed := s.changed
		s.mu.Unlock()
		if len(out) > 0 {
			b, _ := json.Marshal(map[string]any{"ok": true, "result": out})
			writeJSON(w, http.StatusOK, string(b))
			return
		}
		select {
		case <-changed:
		case <-wait.C:
			writeJSON(w, http.StatusOK, `{"ok":true,"result":[]}`)
			return
		case <-r.Context().Done():
			return
		}
	}
}

// formOf reads a request's parameters: multipart or URL-encoded form fields, or a JSON object.
func formOf(r *http.Request) (map[string]string, error) {
	out := map[string]string{}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fmt.Errorf("read parameters: %w", err)
	}
	if len(body) == 0 {
		return out, nil // a method without parameters, such as getMe
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var m map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			return nil, fmt.Errorf("decode JSON parameters: %w", err)
		}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) == nil {
				out[k] = s
			} else {
				out[k] = string(v)
			}
		}
		return out, nil
	case "multipart/form-data":
		if err := r.ParseMultipartForm(10 << 20); err != nil {
			return nil, fmt.Errorf("parse multipart form: %w", err)
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, fmt.Errorf("parse form: %w", err)
		}
	}
	for k, v := range r.Form {
		if len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out, nil
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}
