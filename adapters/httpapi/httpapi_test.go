package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/conversations"
	"github.com/nmi-factbot/nmibot/service"
)

var (
	engineOnce sync.Once
	engine     *answers.Engine
)

func mustEngine(tb testing.TB) *answers.Engine {
	tb.Helper()
	engineOnce.Do(func() {
		var err error
		if engine, err = answers.Default(); err != nil {
			tb.Fatal(err)
		}
	})
	return engine
}

// newServer serves the API on 127.0.0.1, the real engine behind a limiter of perMinute.
func newServer(tb testing.TB, perMinute int, ready func() error) *httptest.Server {
	tb.Helper()
	reg := prometheus.NewRegistry()
	a := &service.Answerer{Engine: mustEngine(tb), Limiter: service.NewLimiter(perMinute), Metrics: service.NewMetrics(reg)}
	d := &answers.Dialogue{Engine: mustEngine(tb), Answerer: a, Store: conversations.NewMemory(100, time.Minute)}
	srv := httptest.NewServer(Config{Answerer: a, Conversations: d, Ready: ready, Metrics: promhttp.HandlerFor(reg, promhttp.HandlerOpts{})}.Handler())
	tb.Cleanup(srv.Close)
	return srv
}

func TestAsk(t *testing.T) {
	srv := newServer(t, 0, nil)
	long := strings.Repeat("é", answers.MaxQuestionRunes+1)
	tests := []struct {
		name       string
		method     string
		target     string // path and query
		body       string
		wantStatus int
		wantInBody string
	}{
		// Answers, as `bot ask --json` prints them.
		{"post", "POST", "/v1/ask", `{"question":"Qui commande la NMI ?"}`, 200, `"answered":true`},
		{"post with lang", "POST", "/v1/ask", `{"question":"hintzy","lang":"fr"}`, 200, `"lang":"fr"`},
		{"get", "GET", "/v1/ask?q=" + url.QueryEscape("who commands NMI?"), "", 200, `Hintzy`},
		{"declined is still 200", "POST", "/v1/ask", `{"question":"What is the price of bitcoin?"}`, 200, `"answered":false`},
		// Client mistakes: 4xx with a JSON error, never a 5xx.
		{"bad JSON", "POST", "/v1/ask", `{"question":`, 400, `"error"`},
		{"not an object", "POST", "/v1/ask", `["x"]`, 400, `"error"`},
		{"unknown field", "POST", "/v1/ask", `{"q":"x"}`, 400, `"error"`},
		{"two objects", "POST", "/v1/ask", `{"question":"a"}{"question":"b"}`, 400, `one JSON object`},
		{"missing question", "POST", "/v1/ask", `{}`, 400, `missing question`},
		{"blank question", "POST", "/v1/ask", `{"question":"  \n "}`, 400, `missing question`},
		{"get without q", "GET", "/v1/ask", "", 400, `missing question`},
		{"bad lang", "POST", "/v1/ask", `{"question":"x","lang":"de"}`, 400, `want auto, fr or en`},
		{"bad conversation", "POST", "/v1/ask", `{"question":"x","conversation":"a b"}`, 400, `conversation`},
		{"conversation too long", "GET", "/v1/ask?q=x&conversation=" + strings.Repeat("a", 65), "", 400, `conversation`},
		{"invalid UTF-8", "GET", "/v1/ask?q=%ff%fe", "", 400, `not valid UTF-8`},
		{"question over the cap", "POST", "/v1/ask", `{"question":"` + long + `"}`, 413, `at most 500`},
		{"body over the limit", "POST", "/v1/ask", `{"question":"` + strings.Repeat("a", MaxBody) + `"}`, 413, `body over`},
		{"invalid UTF-8 in a JSON body", "POST", "/v1/ask", "{\"question\":\"qui \xff\xfe commande\"}", 400, `not valid UTF-8`},
		{"wrong method", "PUT", "/v1/ask", `{}`, 405, `"error":"method PUT not allowed: use GET, HEAD, POST"`},
		{"unknown path", "GET", "/v2/ask", "", 404, `"error":"no such path: /v2/ask"`},
		{"wrong method on health", "POST", "/healthz", "", 405, `"error"`},
		// Health, readiness, metrics.
		{"healthz", "GET", "/healthz", "", 200, `"ok"`},
		{"readyz", "GET", "/readyz", "", 200, `"ready"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.target, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantStatus || !strings.Contains(string(body), tt.wantInBody) {
				t.Errorf("%s %s = %d %s; want %d with %q", tt.method, tt.target, resp.StatusCode, body, tt.wantStatus, tt.wantInBody)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s %s: Content-Type %q, want JSON", tt.method, tt.target, ct)
			}
			if tt.wantStatus == 200 && tt.target != "/healthz" && tt.target != "/readyz" {
				var a answers.Answer
				if err := json.Unmarshal(body, &a); err != nil || a.Text == "" {
					t.Errorf("body is not an answer: %v %s", err, body)
				}
			}
		})
	}
}

// A reply names its conversation; sending the id back follows up on it, by POST or GET, and
// another id is another conversation.
func TestAskFollowsUpWithinAConversation(t *testing.T) {
	srv := newServer(t, 0, nil)
	ask := func(t *testing.T, body string) Reply {
		t.Helper()
		resp, err := srv.Client().Post(srv.URL+"/v1/ask", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r Reply
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || resp.StatusCode != 200 {
			t.Fatalf("POST %s = %d, %v", body, resp.StatusCode, err)
		}
		return r
	}
	first := ask(t, `{"question":"Qui commandait la NMI fin 2020 ?"}`)
	if !answers.ValidConversationID(first.Conversation) || !strings.Contains(first.Text, "Olsen") {
		t.Fatalf("first reply: conversation %q, text %q", first.Conversation, first.Text)
	}
	next := ask(t, `{"question":"il vient d'où ?","conversation":"`+first.Conversation+`"}`)
	if next.Conversation != first.Conversation || !strings.Contains(next.Text, "Danemark") {
		t.Errorf("follow-up: conversation %q, text %q; want %q and Olsen's country", next.Conversation, next.Text, first.Conversation)
	}
	resp, err := srv.Client().Get(srv.URL + "/v1/ask?conversation=" + first.Conversation + "&q=" + url.QueryEscape("source ?"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var src Reply
	if err := json.NewDecoder(resp.Body).Decode(&src); err != nil || src.Kind != answers.KindSources || len(src.Citations) == 0 {
		t.Errorf("GET source ? = %v, kind %q with %d citations; want the sources of the last answer", err, src.Kind, len(src.Citations))
	}
	other := ask(t, `{"question":"il vient d'où ?","conversation":"someone-else"}`)
	if strings.Contains(other.Text, "Danemark") {
		t.Errorf("another conversation followed up on the first: %q", other.Text)
	}
}

func TestAskRateLimited(t *testing.T) {
	srv := newServer(t, 2, nil)
	var last *http.Response
	for range 3 {
		resp, err := srv.Client().Get(srv.URL + "/v1/ask?q=hintzy")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		last = resp
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Errorf("3rd question in a budget of 2: %d, Retry-After %q; want 429 with Retry-After", last.StatusCode, last.Header.Get("Retry-After"))
	}
	resp, err := srv.Client().Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		`nmibot_questions_total{channel="http",lang="en",outcome="answered"} 2`,
		`nmibot_rate_limited_total{channel="http"} 1`,
		`nmibot_answer_seconds_count{channel="http"} 2`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestReadyzReportsNotReady(t *testing.T) {
	srv := newServer(t, 0, func() error { return errors.New("telegram: not connected") })
	resp, err := srv.Client().Get(srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), "not connected") {
		t.Errorf("/readyz = %d %s; want 503 naming the cause", resp.StatusCode, b)
	}
}

// FuzzDecode sends arbitrary bodies and queries: a client can never cause a 5xx.
// Run long with: go test ./adapters/httpapi -fuzz FuzzDecode -fuzztime 10m
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"question":"Qui commande la NMI ?"}`, `{"question":"x","lang":"en"}`, `{`, `null`, `{"question":null}`, "\xff", `{"question":"\u0000"}`} {
		f.Add(s)
	}
	h := Config{Answerer: mustEngine(f)}.Handler()
	f.Fuzz(func(t *testing.T, body string) {
		for _, req := range []*http.Request{
			httptest.NewRequest("POST", "/v1/ask", strings.NewReader(body)),
			httptest.NewRequest("GET", "/v1/ask?q="+url.QueryEscape(body), nil),
		} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Errorf("%s with %q: %d %s", req.Method, body, rec.Code, rec.Body)
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Errorf("%s with %q: reply is not JSON: %s", req.Method, body, rec.Body)
			}
		}
	})
}
