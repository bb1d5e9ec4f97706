package discord

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/nmi-factbot/nmibot/internal/liblog"

	"github.com/nmi-factbot/nmibot/adapters"
)

func TestDiscordgoLinesGoToTheLogger(t *testing.T) {
	f := newFakeDiscord(t, fakeOptions{})
	logs := newLogSink()
	b := mustNew(t, Config{Token: testToken, APIURL: f.rest.URL}, adapters.Core{Logger: logs.logger()})
	running(t, b)
	c := f.conn(t)

	tests := []struct {
		name      string
		send      func(t *testing.T)
		wantLevel string
		wantText  string
	}{
		{"an unknown event, its payload withheld", func(t *testing.T) {
			c.dispatch(t, "BRAND_NEW_EVENT", []byte(`{"content":"secret question qui commande"}`))
		}, "WARN", "unknown event"},
		{"an undecodable message", func(t *testing.T) {
			c.mu.Lock()
			defer c.mu.Unlock()
			if err := c.ws.WriteMessage(websocket.TextMessage, []byte("{secret question")); err != nil {
				t.Fatal(err)
			}
		}, "ERROR", "error decoding websocket message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.send(t)
			logs.waitFor(t, tt.wantText)
			line := lineWith(logs.all(), tt.wantText)
			if !strings.Contains(line, "level="+tt.wantLevel) || !strings.Contains(line, "library=discordgo") {
				t.Errorf("line %q, want level=%s and library=discordgo", line, tt.wantLevel)
			}
			if strings.Contains(line, "secret question") {
				t.Errorf("line %q holds what the payload said", line)
			}
		})
	}

	t.Run("a burst is rate-limited per format, then counted", func(t *testing.T) {
		before := strings.Count(logs.all(), "unknown event")
		for range 3 * liblog.Burst {
			c.dispatch(t, "BRAND_NEW_EVENT", []byte(`{}`))
		}
		time.Sleep(time.Second) // the budget refills
		c.dispatch(t, "BRAND_NEW_EVENT", []byte(`{}`))
		logs.waitFor(t, "dropped=")
		if n := strings.Count(logs.all(), "unknown event") - before; n > liblog.Burst+liblog.PerSecond+1 {
			t.Errorf("%d lines logged of a burst of %d, want at most %d", n, 3*liblog.Burst+1, liblog.Burst+liblog.PerSecond+1)
		}
	})

	t.Run("the token is never logged", func(t *testing.T) {
		if discordgo.Logger == nil {
			t.Fatal("discordgo.Logger is nil: discordgo prints to the standard logger")
		}
		discordgo.Logger(discordgo.LogError, 1, "identify with %s, in %s", "Bot "+testToken, fmt.Sprint([]string{testToken}))
		logs.waitFor(t, "identify with")
		if l := logs.all(); strings.Contains(l, testToken) {
			t.Errorf("the log holds the token:\n%s", l)
		}
	})
}

// lineWith returns the first line of logs holding s.
func lineWith(logs, s string) string {
	for line := range strings.Lines(logs) {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}
