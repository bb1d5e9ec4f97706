// Package httpapi serves the bot over HTTP: POST or GET /v1/ask answers with the same JSON object
// as `bot ask --json`, plus the id of the conversation the question belongs to, so that a client
// sending it back gets follow-ups ("et en 2020 ?", "source ?"); /healthz and /readyz tell a load balancer or an orchestrator whether to send
// traffic; /metrics exposes the Prometheus metrics. Every error is a JSON object with a 4xx code:
// what a client sends can never cause a 5xx.
package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// Answerer answers questions: the engine, or the engine behind rate limits.
type Answerer interface {
	Answer(answers.Question) answers.Answer
}

// Conversations answers a message within its conversation; *answers.Dialogue satisfies it.
type Conversations interface {
	Reply(ctx context.Context, key string, q answers.Question) (answers.Answer, error)
}

// Config is what the API serves from.
type Config struct {
	Answerer Answerer
	// Conversations, when set, answers each question within its conversation: the one the
	// request names, or a new one. Nil answers each question alone.
	Conversations Conversations
	// Ready reports whether the bot can take traffic (fact base loaded, adapters connected);
	// nil means always.
	Ready func() error
	// Metrics serves /metrics; nil means no metrics route.
	Metrics http.Handler
	Logger  *slog.Logger
	// LogQuestions logs the text of questions; off by default, as questions may be personal.
	LogQuestions bool
}

// MaxBody is the largest request body read: a question is at most answers.MaxQuestionRunes
// characters, each at most 4 bytes, plus the JSON around it.
const MaxBody = 4*answers.MaxQuestionRunes + 1024

// Request is the body of POST /v1/ask.
type Request struct {
	Question string `json:"question"`
	Lang     string `json:"lang"` // "auto" (or empty), "fr" or "en"
	// Conversation is the id a previous reply gave, to follow up on it; "" starts a new one.
	Conversation string `json:"conversation,omitempty"`
}

// Reply is the body of a successful /v1/ask: the answer, and the id of its conversation.
type Reply struct {
	answers.Answer
	Conversation string `json:"conversation,omitempty"`
}

// Error is the body of every error reply.
type Error struct {
	Error      string `json:"error"`
	RetryAfter int    `json:"retry_after,omitempty"` // seconds, with 429
	Text       string `json:"text,omitempty"`        // a message for the user, in their language
}

// Routes adds the API's routes to mux.
func (c Config) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/ask", c.ask)
	mux.HandleFunc("GET /v1/ask", c.ask)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if c.Ready != nil {
			if err := c.Ready(); err != nil {
				writeJSON(w, http.StatusServiceUnavailable, Error{Error: err.Error()})
				return
			}
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	if c.Metrics != nil {
		mux.Handle("GET /metrics", c.Metrics)
	}
}

// Handler returns the API alone, for tests and embedding.
func (c Config) Handler() http.Handler {
	mux := http.NewServeMux()
	c.Routes(mux)
	return ErrorsAsJSON(mux)
}

// ErrorsAsJSON serves mux, with the replies of the mux itself to a path it does not route (404)
// and a method a route does not take (405, with its Allow header) as JSON errors like the API's
// own, so that a client reads every error the same way.
func ErrorsAsJSON(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			h.ServeHTTP(w, r)
			return
		}
		// Routed nowhere: let the mux decide (404, 405, or a redirect to the clean path), and
		// rewrite only its errors.
		rec := &muxReply{header: http.Header{}}
		h.ServeHTTP(rec, r)
		switch rec.status {
		case http.StatusNotFound:
			writeJSON(w, http.StatusNotFound, Error{Error: "no such path: " + r.URL.Path})
		case http.StatusMethodNotAllowed:
			w.Header().Set("Allow", rec.header.Get("Allow"))
			writeJSON(w, http.StatusMethodNotAllowed, Error{Error: fmt.Sprintf("method %s not allowed: use %s", r.Method, rec.header.Get("Allow"))})
		default:
			for k, v := range rec.header {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.status)
			_, _ = w.Write(rec.body.Bytes())
		}
	})
}

// muxReply holds what the mux answers a request it does not route, to be rewritten.
type muxReply struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (m *muxReply) Header() http.Header { return m.header }

func (m *muxReply) WriteHeader(status int) {
	if m.status == 0 {
		m.status = status
	}
}

func (m *muxReply) Write(b []byte) (int, error) {
	m.WriteHeader(http.StatusOK)
	return m.body.Write(b)
}

// errBadRequest marks a request the client must change.
var errBadRequest = errors.New("bad request")

func (c Config) ask(w http.ResponseWriter, r *http.Request) {
	req, status, err := decode(w, r)
	if err != nil {
		writeJSON(w, status, Error{Error: err.Error()})
		return
	}
	q := answers.Question{Text: req.Question, Lang: knowledge.Lang(req.Lang), Channel: "http", User: clientAddr(r)}
	var a answers.Answer
	if c.Conversations != nil {
		if req.Conversation == "" {
			req.Conversation = answers.NewConversationID()
		}
		var err error
		if a, err = c.Conversations.Reply(r.Context(), "http:"+req.Conversation, q); err != nil && c.Logger != nil {
			// The answer is made as if the conversation started here: still worth sending.
			c.Logger.Warn("conversation store", "err", err)
		}
	} else {
		req.Conversation = ""
		a = c.Answerer.Answer(q)
	}
	if c.Logger != nil {
		attrs := []any{"lang", a.Lang, "answered", a.Answered, "intent", a.Intent}
		if c.LogQuestions {
			attrs = append(attrs, "question", a.Question)
		}
		c.Logger.Debug("ask", attrs...)
	}
	if a.RetryAfter > 0 {
		secs := int(math.Ceil(a.RetryAfter.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeJSON(w, http.StatusTooManyRequests, Error{Error: "too many questions", RetryAfter: secs, Text: a.Text})
		return
	}
	writeJSON(w, http.StatusOK, Reply{Answer: a, Conversation: req.Conversation})
}

// decode reads a question from a POST body (JSON) or GET parameters (q, lang), and checks it.
func decode(w http.ResponseWriter, r *http.Request) (Request, int, error) {
	var req Request
	if r.Method == http.MethodGet {
		req.Question, req.Lang = r.URL.Query().Get("q"), r.URL.Query().Get("lang")
		req.Conversation = r.URL.Query().Get("conversation")
	} else {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
		if tooBig := new(http.MaxBytesError); errors.As(err, &tooBig) {
			return req, http.StatusRequestEntityTooLarge, fmt.Errorf("body over %d bytes", MaxBody)
		} else if err != nil {
			return req, http.StatusBadRequest, fmt.Errorf("%w: read body: %v", errBadRequest, err)
		}
		// The JSON decoder replaces invalid UTF-8 with U+FFFD without a word: check first.
		if !utf8.Valid(body) {
			return req, http.StatusBadRequest, fmt.Errorf("%w: body is not valid UTF-8", errBadRequest)
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return req, http.StatusBadRequest, fmt.Errorf("%w: body must be a JSON object {\"question\": …, \"lang\": \"auto|fr|en\"}: %v", errBadRequest, err)
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return req, http.StatusBadRequest, fmt.Errorf("%w: one JSON object only", errBadRequest)
		}
	}
	switch req.Lang {
	case "auto":
		req.Lang = ""
	case "", "fr", "en":
	default:
		return req, http.StatusBadRequest, fmt.Errorf("%w: lang %q: want auto, fr or en", errBadRequest, req.Lang)
	}
	if req.Conversation != "" && !answers.ValidConversationID(req.Conversation) {
		return req, http.StatusBadRequest, fmt.Errorf("%w: conversation: want 1 to 64 letters, digits, - or _", errBadRequest)
	}
	if !utf8.ValidString(req.Question) {
		return req, http.StatusBadRequest, fmt.Errorf("%w: question is not valid UTF-8", errBadRequest)
	}
	if strings.TrimSpace(req.Question) == "" {
		return req, http.StatusBadRequest, fmt.Errorf("%w: missing question", errBadRequest)
	}
	if n := utf8.RuneCountInString(req.Question); n > answers.MaxQuestionRunes {
		return req, http.StatusRequestEntityTooLarge, fmt.Errorf("question of %d characters: at most %d", n, answers.MaxQuestionRunes)
	}
	return req, 0, nil
}

// clientAddr is the key a client is rate-limited by: its IP address. Behind a load balancer,
// terminate there and limit at the balancer, or every client shares its address.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	// The reply is already under way: an encoding error can only be logged by the server.
	_ = json.NewEncoder(w).Encode(v)
}
