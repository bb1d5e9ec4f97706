package liblog

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

func TestLinesAreStructuredAndRateLimited(t *testing.T) {
	var buf bytes.Buffer
	l := New(slog.New(slog.NewJSONHandler(&buf, nil)), "go-redis", slog.LevelWarn)
	// A burst as a library prints with its server down: 767 lines at once.
	for range 767 {
		l.Printf(context.Background(), "redis: %s:%d: connection refused", "pool.go", 42)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != Burst {
		t.Errorf("%d lines logged of a burst of 767, want %d", len(lines), Burst)
	}
	for _, line := range lines {
		if !strings.Contains(line, `"level":"WARN"`) || !strings.Contains(line, `"library":"go-redis"`) {
			t.Errorf("line %s is not a WARN record of go-redis", line)
		}
	}
	// The next line allowed says how many were dropped.
	buf.Reset()
	l.budget.SetBurst(Burst) // refill at once, as time would
	l.budget.SetLimit(1e9)
	l.Printf(context.Background(), "redis: back")
	if want := `"dropped":757`; !strings.Contains(buf.String(), want) {
		t.Errorf("next line = %s, want it to carry %s", buf.String(), want)
	}
}

func TestLinesBelowTheLevelAreNotCounted(t *testing.T) {
	var buf bytes.Buffer
	l := New(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError})), "discordgo", slog.LevelWarn)
	for range 100 {
		l.Print(slog.LevelInfo, "heartbeat")
	}
	if buf.Len() != 0 || l.dropped.Load() != 0 {
		t.Errorf("lines below the level: logged %q, dropped %d; want nothing", buf.String(), l.dropped.Load())
	}
	var nilLines *Lines
	nilLines.Print(slog.LevelError, "x") // a nil Lines logs nothing, and does not panic
}
