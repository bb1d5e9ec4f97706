// Package service is what running the bot as a service adds around the answer engine, the same
// for every adapter: per-user rate limits (golang.org/x/time/rate) and Prometheus metrics
// (questions by channel, language and outcome; answer latency; adapter errors; refusals for
// rate). Adapters use an Answerer as they would the engine.
package service

import (
	"context"
	"fmt"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/nmi-factbot/nmibot/answers"
)

// Limiter decides whether a user may ask a question now; when not, how long to wait. It is safe
// for concurrent use.
type Limiter interface {
	Allow(user string) (ok bool, wait time.Duration)
}

// LocalLimiter allows each user a number of questions a minute, with a burst of as many, counted
// in this process. It keeps the budgets of at most maxUsers recent users, so its memory is
// bounded whatever the traffic.
type LocalLimiter struct {
	perMinute int
	users     *expirable.LRU[string, *rate.Limiter]
}

// maxUsers bounds the users whose budgets are remembered; a user forgotten starts afresh.
const maxUsers = 100_000

// NewLimiter allows perMinute questions a minute to each user, in this process; 0 or less turns
// limits off.
func NewLimiter(perMinute int) *LocalLimiter {
	l := &LocalLimiter{perMinute: perMinute}
	if perMinute > 0 {
		// A budget refills in at most a minute; after that, a fresh limiter is the same.
		l.users = expirable.NewLRU[string, *rate.Limiter](maxUsers, nil, time.Minute)
	}
	return l
}

// Allow reports whether user may ask now; when not, how long to wait. A nil LocalLimiter allows
// everything.
func (l *LocalLimiter) Allow(user string) (bool, time.Duration) {
	if l == nil || l.perMinute <= 0 {
		return true, 0
	}
	lim, ok := l.users.Get(user)
	if !ok {
		lim = rate.NewLimiter(rate.Every(time.Minute/time.Duration(l.perMinute)), l.perMinute)
		l.users.Add(user, lim)
	}
	r := lim.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel() // a refused question does not spend the budget
		return false, d
	}
	return true, 0
}

// RedisLimiter shares each user's budget between the replicas of the bot, in Redis
// (github.com/go-redis/redis_rate: the generic cell rate algorithm, one atomic script a
// question): the same number a minute and burst as LocalLimiter, whichever replica is asked.
// When Redis does not answer in time, the question is counted by a LocalLimiter instead, so an
// outage neither blocks users nor lifts the limits.
type RedisLimiter struct {
	limiter  *redis_rate.Limiter
	limit    redis_rate.Limit
	fallback *LocalLimiter
	onError  func(error)
}

// limiterTimeout is the longest a question waits for Redis to count it.
const limiterTimeout = 200 * time.Millisecond

// NewRedisLimiter allows perMinute questions a minute to each user, counted in the server of
// client; 0 or less turns limits off. onError, when set, is told of each call that failed.
func NewRedisLimiter(client *redis.Client, perMinute int, onError func(error)) *RedisLimiter {
	return &RedisLimiter{
		limiter:  redis_rate.NewLimiter(client),
		limit:    redis_rate.PerMinute(perMinute),
		fallback: NewLimiter(perMinute),
		onError:  onError,
	}
}

// Allow reports whether user may ask now; when not, how long to wait.
func (l *RedisLimiter) Allow(user string) (bool, time.Duration) {
	if l.limit.Rate <= 0 {
		return true, 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), limiterTimeout)
	defer cancel()
	res, err := l.limiter.Allow(ctx, "nmibot:"+user, l.limit)
	if err != nil {
		if l.onError != nil {
			l.onError(fmt.Errorf("rate limit in redis: %w", err))
		}
		return l.fallback.Allow(user)
	}
	if res.Allowed == 0 {
		return false, max(res.RetryAfter, time.Millisecond)
	}
	return true, 0
}

var (
	_ Limiter = (*LocalLimiter)(nil)
	_ Limiter = (*RedisLimiter)(nil)
)

// Metrics are the bot's Prometheus metrics.
type Metrics struct {
	Questions     *prometheus.CounterVec   // by channel, lang, outcome (answered, declined, limited)
	Latency       *prometheus.HistogramVec // seconds to answer, by channel
	AdapterErrors *prometheus.CounterVec   // by channel
	RateLimited   *prometheus.CounterVec   // by channel
}

// NewMetrics creates the metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nmibot_questions_total",
			Help: "Questions received, by channel, reply language and outcome (answered, declined, limited).",
		}, []string{"channel", "lang", "outcome"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "nmibot_answer_seconds",
			Help:    "Time to compose an answer, by channel.",
			Buckets: []float64{25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 5e-3, 25e-3, 100e-3},
		}, []string{"channel"}),
		AdapterErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nmibot_adapter_errors_total",
			Help: "Errors talking to a chat platform, by channel.",
		}, []string{"channel"}),
		RateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nmibot_rate_limited_total",
			Help: "Questions refused because their user asked too many, by channel.",
		}, []string{"channel"}),
	}
	reg.MustRegister(m.Questions, m.Latency, m.AdapterErrors, m.RateLimited)
	return m
}

// AdapterError counts an error of a channel's platform.
func (m *Metrics) AdapterError(channel string) {
	if m != nil {
		m.AdapterErrors.WithLabelValues(channel).Inc()
	}
}

// Answerer is the engine behind the rate limits, counted in the metrics. It has the engine's
// other methods (Help, Suggest, Base) as they are.
type Answerer struct {
	*answers.Engine
	Limiter Limiter // nil means no limits
	Metrics *Metrics
}

// Answer answers q, unless its user (q.Channel, q.User) asked too many: then it returns the
// engine's polite refusal, with RetryAfter set.
func (a *Answerer) Answer(q answers.Question) answers.Answer {
	channel := q.Channel
	if channel == "" {
		channel = "unknown"
	}
	if ok, wait := a.allow(channel + ":" + q.User); !ok {
		ans := a.Engine.Limited(q, wait)
		if a.Metrics != nil {
			a.Metrics.RateLimited.WithLabelValues(channel).Inc()
			a.Metrics.Questions.WithLabelValues(channel, string(ans.Lang), "limited").Inc()
		}
		return ans
	}
	start := time.Now()
	ans := a.Engine.Answer(q)
	if a.Metrics != nil {
		a.Metrics.Latency.WithLabelValues(channel).Observe(time.Since(start).Seconds())
		outcome := "declined"
		if ans.Answered {
			outcome = "answered"
		}
		a.Metrics.Questions.WithLabelValues(channel, string(ans.Lang), outcome).Inc()
	}
	return ans
}

func (a *Answerer) allow(user string) (bool, time.Duration) {
	if a.Limiter == nil {
		return true, 0
	}
	return a.Limiter.Allow(user)
}
