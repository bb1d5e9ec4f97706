// Package liblog turns the lines a library logs on its own (go-redis, discordgo) into structured
// slog records, rate-limited: a library that loses its server can print hundreds of lines a
// second, and the bot's log must stay readable and cheap. Lines over the budget are counted, and
// the next line logged says how many were dropped.
package liblog

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"

	"golang.org/x/time/rate"
)

// Lines logs a library's lines to a slog.Logger, at most a few a second. It is safe for
// concurrent use.
type Lines struct {
	logger  *slog.Logger
	library string
	level   slog.Level
	budget  *rate.Limiter
	dropped atomic.Int64
}

// PerSecond and Burst are the budget of lines of one library.
const (
	PerSecond = 2
	Burst     = 10
)

// New logs the lines of library to logger at level, within the budget.
func New(logger *slog.Logger, library string, level slog.Level) *Lines {
	return &Lines{logger: logger, library: library, level: level, budget: rate.NewLimiter(PerSecond, Burst)}
}

// Print logs one line, at the level given (a library that tells its levels), unless over budget.
func (l *Lines) Print(level slog.Level, line string) {
	if l == nil || l.logger == nil {
		return
	}
	if !l.logger.Enabled(context.Background(), level) {
		return
	}
	if !l.budget.Allow() {
		l.dropped.Add(1)
		return
	}
	attrs := []any{"library", l.library}
	if n := l.dropped.Swap(0); n > 0 {
		attrs = append(attrs, "dropped", n)
	}
	l.logger.Log(context.Background(), level, strings.TrimSpace(line), attrs...)
}

// Printf logs a formatted line at the level of l; its signature is go-redis's logger's
// (redis.SetLogger).
func (l *Lines) Printf(_ context.Context, format string, args ...any) {
	l.Print(l.level, fmt.Sprintf(format, args...))
}
