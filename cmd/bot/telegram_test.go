package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/adapters/telegram/telegramtest"
)

// Started as a user would — TELEGRAM_TOKEN=123:abc TELEGRAM_API_URL=http://127.0.0.1:PORT bot
// telegram (or bot serve) — against a fake Bot API server that answers getMe and hands one
// update through getUpdates, the bot sends the cited answer with sendMessage.
func TestTelegramAnswersEndToEnd(t *testing.T) {
	update, err := os.ReadFile(filepath.Join("..", "..", "adapters", "telegram", "testdata", "private-question.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, command := range []string{"telegram", "serve"} {
		t.Run(command, func(t *testing.T) {
			api := telegramtest.NewServer(t)
			t.Setenv("TELEGRAM_TOKEN", "123:abc")
			t.Setenv("TELEGRAM_TOKEN_FILE", "")
			t.Setenv("TELEGRAM_API_URL", api.URL)
			t.Setenv("TELEGRAM_WEBHOOK_URL", "")
			t.Setenv("DISCORD_TOKEN", "")
			t.Setenv("DISCORD_TOKEN_FILE", "")
			t.Setenv("DISCORD_PUBLIC_KEY", "")
			api.AddUpdate(t, string(update))

			ctx, cancel := context.WithCancel(context.Background())
			var out syncBuffer
			done := make(chan int, 1)
			go func() {
				done <- Run(ctx, []string{command, "--addr", "127.0.0.1:0"}, strings.NewReader(""), &out, &out)
			}()
			// The bound covers loading the fact base; the answer itself takes milliseconds.
			sent := api.Wait(t, "sendMessage", 1, 20*time.Second)[0]
			cancel()
			select {
			case code := <-done:
				if code != 0 {
					t.Errorf("bot %s exited %d:\n%s", command, code, out.String())
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("bot %s did not stop:\n%s", command, out.String())
			}
			text := sent.Params["text"]
			for _, want := range []string{"11 juillet 2018", "<blockquote>", "Source : "} {
				if !strings.Contains(text, want) {
					t.Errorf("bot %s sent %q, want it to hold %q", command, text, want)
				}
			}
			if sent.Params["chat_id"] != "1001" || sent.Params["parse_mode"] != "HTML" {
				t.Errorf("sendMessage(chat_id %s, parse_mode %s), want 1001, HTML", sent.Params["chat_id"], sent.Params["parse_mode"])
			}
			if strings.Contains(out.String(), "123:abc") {
				t.Errorf("the logs show the token:\n%s", out.String())
			}
		})
	}
}

func TestTelegramCommandUsage(t *testing.T) {
	t.Setenv("TELEGRAM_TOKEN", "")
	t.Setenv("TELEGRAM_TOKEN_FILE", "")
	if code, _, errOut := run(t, "", "telegram", "--addr", "127.0.0.1:0"); code != 2 || !strings.Contains(errOut, "TELEGRAM_TOKEN") {
		t.Errorf("bot telegram without a token: exit %d, stderr %q; want 2 and a word on TELEGRAM_TOKEN", code, errOut)
	}
	if code, out, _ := run(t, "", "telegram", "--help"); code != 0 || !strings.Contains(out, "-webhook-url") || !strings.Contains(out, "TELEGRAM_WEBHOOK_URL") {
		t.Errorf("bot telegram --help: exit %d, output lacks -webhook-url:\n%s", code, out)
	}
}
