package service

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/conversations"
	"github.com/nmi-factbot/nmibot/conversations/redistest"
)

func TestLimiterAllowsABurstThenRefuses(t *testing.T) {
	l := NewLimiter(3)
	for i := range 3 {
		if ok, _ := l.Allow("alice"); !ok {
			t.Fatalf("question %d of a burst of 3 refused", i+1)
		}
	}
	ok, wait := l.Allow("alice")
	if ok || wait <= 0 {
		t.Errorf("4th question: Allow = %v, %v; want a refusal with a wait", ok, wait)
	}
	if ok, _ := l.Allow("bob"); !ok {
		t.Error("another user was refused: limits must be per user")
	}
}

func TestLimiterOff(t *testing.T) {
	for _, l := range []*LocalLimiter{NewLimiter(0), NewLimiter(-1), nil} {
		for range 1000 {
			if ok, _ := l.Allow("alice"); !ok {
				t.Fatal("a disabled limiter refused a question")
			}
		}
	}
}

// Replicas share each user's budget through Redis: a burst spent on one is spent on the other.
func TestRedisLimiterSharesABudgetAcrossReplicas(t *testing.T) {
	url := redistest.Start(t)
	var replicas []*RedisLimiter
	for range 2 {
		c, err := conversations.DialRedis(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		replicas = append(replicas, NewRedisLimiter(c, 4, func(err error) { t.Errorf("redis error: %v", err) }))
	}
	for i := range 4 {
		if ok, _ := replicas[i%2].Allow("http:alice"); !ok {
			t.Fatalf("question %d of a burst of 4, on replica %d, refused", i+1, i%2)
		}
	}
	for i, r := range replicas {
		if ok, wait := r.Allow("http:alice"); ok || wait <= 0 {
			t.Errorf("5th question on replica %d: Allow = %v, %v; want a refusal with a wait", i, ok, wait)
		}
	}
	if ok, _ := replicas[1].Allow("http:bob"); !ok {
		t.Error("another user was refused: budgets must be per user")
	}
}

// With Redis down, questions are counted in the process: users are neither blocked nor unlimited.
func TestRedisLimiterFallsBackToThisProcessWhenRedisIsDown(t *testing.T) {
	srv := redistest.Run(t)
	c, err := conversations.DialRedis(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	var errs int
	l := NewRedisLimiter(c, 3, func(error) { errs++ })
	srv.Stop()
	for i := range 3 {
		if ok, _ := l.Allow("alice"); !ok {
			t.Fatalf("question %d refused with Redis down", i+1)
		}
	}
	if ok, _ := l.Allow("alice"); ok {
		t.Error("4th question allowed with Redis down: the limit must still hold")
	}
	if errs == 0 {
		t.Error("no error reported with Redis down")
	}
}

func TestAnswererCountsAndLimits(t *testing.T) {
	eng, err := answers.Default()
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	a := &Answerer{Engine: eng, Limiter: NewLimiter(2), Metrics: NewMetrics(reg)}
	q := answers.Question{Text: "Qui commande la NMI ?", Channel: "http", User: "127.0.0.1"}
	for range 2 {
		if got := a.Answer(q); !got.Answered {
			t.Fatalf("Answer = %+v, want an answer", got)
		}
	}
	limited := a.Answer(q)
	if limited.Answered || limited.RetryAfter <= 0 || !strings.Contains(limited.Text, "patienter") {
		t.Errorf("3rd answer = %+v, want a French refusal with RetryAfter", limited)
	}
	if got := testutil.ToFloat64(a.Metrics.Questions.WithLabelValues("http", "fr", "answered")); got != 2 {
		t.Errorf("answered count = %v, want 2", got)
	}
	if got := testutil.ToFloat64(a.Metrics.RateLimited.WithLabelValues("http")); got != 1 {
		t.Errorf("rate-limited count = %v, want 1", got)
	}
	if n := testutil.CollectAndCount(a.Metrics.Latency); n != 1 {
		t.Errorf("latency series = %d, want 1", n)
	}
}
