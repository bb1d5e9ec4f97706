package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"

	"github.com/nmi-factbot/nmibot/adapters"
	"github.com/nmi-factbot/nmibot/adapters/httpapi"
	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/conversations"
	"github.com/nmi-factbot/nmibot/internal/liblog"
	"github.com/nmi-factbot/nmibot/service"
)

// env reads the environment; tests pass their own.
type env func(string) string

// secret returns the value of NAME, or the contents of the file named by NAME_FILE, trimmed.
// Secrets are never logged.
func (e env) secret(name string) (string, error) {
	if v := e(name); v != "" {
		return v, nil
	}
	path := e(name + "_FILE")
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s_FILE: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// serveConfig is `bot serve`'s configuration, from flags with environment fallbacks.
type serveConfig struct {
	addr         string
	rateLimit    int
	logQuestions bool
	logFormat    string
	logLevel     string
	drain        time.Duration
	shutdown     time.Duration
	baseURL      string
}

func (c *serveConfig) flags(fs *flag.FlagSet, e env) {
	fs.StringVar(&c.addr, "addr", orDefault(e("BOT_ADDR"), "127.0.0.1:8080"), "HTTP listen address (env BOT_ADDR)")
	fs.IntVar(&c.rateLimit, "rate-limit", atoiOr(e("BOT_RATE_LIMIT"), 20), "questions per user per minute, shared by all adapters; 0 turns limits off (env BOT_RATE_LIMIT)")
	fs.BoolVar(&c.logQuestions, "log-questions", e("BOT_LOG_QUESTIONS") == "true", "log the text of questions, at debug level (env BOT_LOG_QUESTIONS=true)")
	fs.StringVar(&c.logFormat, "log-format", orDefault(e("BOT_LOG_FORMAT"), "text"), "log format: text or json (env BOT_LOG_FORMAT)")
	fs.StringVar(&c.logLevel, "log-level", orDefault(e("BOT_LOG_LEVEL"), "info"), "log level: debug, info, warn, error (env BOT_LOG_LEVEL)")
	fs.DurationVar(&c.drain, "drain", durationOr(e("BOT_DRAIN"), 2*time.Second), "on shutdown, how long to fail /readyz and close connections after each reply before stopping, so a load balancer moves traffic away first (env BOT_DRAIN)")
	fs.DurationVar(&c.shutdown, "shutdown-timeout", durationOr(e("BOT_SHUTDOWN_TIMEOUT"), 10*time.Second), "how long answers in flight may take to finish on shutdown (env BOT_SHUTDOWN_TIMEOUT)")
	fs.StringVar(&c.baseURL, "public-url", e("BOT_PUBLIC_URL"), "public base URL of this server, for webhooks (env BOT_PUBLIC_URL)")
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func atoiOr(v string, def int) int {
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	return def
}

func durationOr(v string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(v); err == nil {
		return d
	}
	return def
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, usageError{fmt.Sprintf("log level %q: want debug, info, warn or error", level)}
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageError{fmt.Sprintf("log format %q: want text or json", format)}
}

func runServe(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	return serve(ctx, args, stdout, os.Getenv, platforms())
}

// serve runs the HTTP server and every configured component until ctx ends, then shuts down:
// it stops taking new work and lets what is in flight finish, within the shutdown timeout.
func serve(ctx context.Context, args []string, stdout io.Writer, getenv env, plats []adapters.Platform) error {
	fs := newFlags("serve", stdout)
	var cfg serveConfig
	cfg.flags(fs, getenv)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: bot serve [flags]\n\nRuns the HTTP API and the chat adapters whose tokens are set.\n\nFlags (each can be set by its environment variable):\n")
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), settingsHelp(plats))
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	logger, err := newLogger(stdout, cfg.logFormat, cfg.logLevel)
	if err != nil {
		return err
	}
	eng, err := answers.Default()
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := service.NewMetrics(reg)
	sh, err := openShared(getenv, cfg.rateLimit, logger, metrics)
	if err != nil {
		return err
	}
	defer sh.close()
	answerer := &service.Answerer{Engine: eng, Limiter: sh.limiter, Metrics: metrics}
	dialogue := &answers.Dialogue{Engine: eng, Answerer: answerer, Store: sh.store}
	core := adapters.Core{
		Engine:          answerer,
		Conversations:   dialogue,
		Seen:            sh.seen,
		Logger:          logger,
		LogQuestions:    cfg.logQuestions,
		PublicURL:       cfg.baseURL,
		ShutdownTimeout: cfg.shutdown,
	}
	comps, err := build(plats, getenv, core, metrics)
	if err != nil {
		return err
	}

	mux := http.NewServeMux()
	var dr drain
	httpapi.Config{
		Answerer:      answerer,
		Conversations: dialogue,
		Ready: func() error {
			if dr.draining.Load() {
				return errors.New("shutting down")
			}
			if err := sh.ready(); err != nil {
				return err
			}
			return ready(comps)
		},
		Metrics:      promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
		Logger:       logger,
		LogQuestions: cfg.logQuestions,
	}.Routes(mux)
	for _, c := range comps {
		if r, ok := c.(adapters.Router); ok {
			r.Routes(mux)
		}
	}
	srv := &http.Server{
		Handler:           dr.handler(httpapi.ErrorsAsJSON(mux)),
		ConnState:         dr.connState,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	logger.Info("serving", "addr", ln.Addr().String(), "adapters", len(comps))

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, len(comps)+1)
	var wg sync.WaitGroup
	for _, c := range comps {
		wg.Go(func() {
			if err := c.Run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
				errc <- err
			}
		})
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) && !dr.closing.Load() {
			errc <- fmt.Errorf("http server: %w", err)
		}
	}()

	var runErr error
	select {
	case <-ctx.Done():
		logger.Info("draining", "delay", cfg.drain.String())
		select {
		case <-dr.start(ln, cfg.drain):
		case runErr = <-errc:
		}
		logger.Info("shutting down", "timeout", cfg.shutdown.String())
	case runErr = <-errc:
		logger.Error("stopping", "err", runErr)
	}
	cancel()
	shutCtx, stop := context.WithTimeout(context.Background(), cfg.shutdown)
	defer stop()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, net.ErrClosed) { // the drain closed the listener
		runErr = errors.Join(runErr, fmt.Errorf("http shutdown: %w", err))
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-shutCtx.Done():
		runErr = errors.Join(runErr, errors.New("adapters did not stop within the shutdown timeout"))
	}
	logger.Info("stopped")
	return runErr
}

// drain stops the HTTP server without dropping a request sent to it, in three steps:
//  1. /readyz fails for the drain delay, so a load balancer stops sending new work, while
//     everything is still answered as before;
//  2. the listener closes, and every reply closes its connection: each client kept alive gets the
//     answer to the request it has sent, then finds the door shut before it sends another (a
//     refused connection, which a client or balancer retries elsewhere, not a lost request);
//  3. once those connections are closed, or after a short grace for idle ones, Shutdown.
//
// Closing idle connections at once instead loses about one request per kept-alive connection: the
// one its client was sending as the server closed it.
type drain struct {
	draining atomic.Bool  // steps 1-3: /readyz fails
	closing  atomic.Bool  // steps 2-3: replies close their connections
	conns    atomic.Int64 // connections open
}

// graceIdle bounds how long step 3 waits for connections whose clients send nothing more. A
// client slow to send its next request (a loaded machine: CI runs every package's race tests at
// once) still gets the reply that closes its connection within it; one second lost one request
// in 629 there.
const graceIdle = 3 * time.Second

func (d *drain) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d.closing.Load() {
			w.Header().Set("Connection", "close")
		}
		next.ServeHTTP(w, r)
	})
}

func (d *drain) connState(_ net.Conn, s http.ConnState) {
	switch s {
	case http.StateNew:
		d.conns.Add(1)
	case http.StateClosed, http.StateHijacked:
		d.conns.Add(-1)
	}
}

// start runs steps 1 and 2 and the wait of step 3; the channel closes when Shutdown may begin.
func (d *drain) start(ln net.Listener, delay time.Duration) <-chan struct{} {
	done := make(chan struct{})
	d.draining.Store(true)
	go func() {
		defer close(done)
		time.Sleep(delay)
		d.closing.Store(true)
		ln.Close()
		for deadline := time.Now().Add(graceIdle); d.conns.Load() > 0 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
	}()
	return done
}

// shared is what the replicas of the bot share: in Redis when REDIS_URL is set, else in this
// process.
type shared struct {
	store   conversations.Store
	limiter service.Limiter
	seen    adapters.Seen // nil: each adapter remembers the events it took
	ready   func() error  // nil error when what is shared can be reached
	close   func()
}

// openShared opens what replicas share. A Redis unreachable at start-up is no error: the bot
// serves meanwhile, answering without context, /readyz says why it is not ready, and every call
// tries the server again.
func openShared(getenv env, rateLimit int, logger *slog.Logger, metrics *service.Metrics) (shared, error) {
	url, err := getenv.secret("REDIS_URL")
	if err != nil {
		return shared{}, err
	}
	if url == "" {
		return shared{
			store:   conversations.NewMemory(100_000, conversations.DefaultTTL),
			limiter: service.NewLimiter(rateLimit),
			ready:   func() error { return nil },
			close:   func() {},
		}, nil
	}
	client, err := conversations.DialRedis(url)
	if err != nil {
		return shared{}, fmt.Errorf("REDIS_URL: %w", err)
	}
	// go-redis logs on its own; its lines go to the bot's log, rate-limited.
	redis.SetLogger(liblog.New(logger, "go-redis", slog.LevelWarn))
	store := conversations.NewRedis(client, conversations.DefaultTTL)
	warn := liblog.New(logger, "rate limits", slog.LevelWarn)
	limiter := service.NewRedisLimiter(client, rateLimit, func(err error) {
		metrics.AdapterError("redis")
		warn.Print(slog.LevelWarn, err.Error())
	})
	if err := store.Ping(context.Background()); err != nil {
		logger.Warn("redis unreachable at start: serving without conversations until it answers", "err", err)
	}
	return shared{
		store:   store,
		limiter: limiter,
		seen:    store,
		ready:   func() error { return store.Ping(context.Background()) },
		close:   func() { client.Close() },
	}, nil
}
