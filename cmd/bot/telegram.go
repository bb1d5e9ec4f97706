package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nmi-factbot/nmibot/adapters/telegram"
)

// telegramFromEnv builds the Telegram adapter from the environment: TELEGRAM_TOKEN (or
// TELEGRAM_TOKEN_FILE) enables it; TELEGRAM_API_URL names another Bot API server;
// TELEGRAM_WEBHOOK_URL (a full URL, or a path under --public-url) switches from long polling to
// a webhook, with TELEGRAM_WEBHOOK_SECRET (or _FILE) as its secret, derived from the token when
// unset. With no token it returns nil.
func telegramFromEnv(d deps) (component, error) {
	token, err := d.env.secret("TELEGRAM_TOKEN")
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	if token == "" {
		return nil, nil
	}
	secret, err := d.env.secret("TELEGRAM_WEBHOOK_SECRET")
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	webhook := strings.TrimSpace(d.env("TELEGRAM_WEBHOOK_URL"))
	if strings.HasPrefix(webhook, "/") {
		if d.baseURL == "" {
			return nil, usageError{fmt.Sprintf("TELEGRAM_WEBHOOK_URL=%q is a path: set --public-url (BOT_PUBLIC_URL) too, or give a full URL", webhook)}
		}
		webhook = strings.TrimRight(d.baseURL, "/") + webhook
	}
	cfg := telegram.Config{
		Token:           token,
		APIURL:          strings.TrimSpace(d.env("TELEGRAM_API_URL")),
		WebhookURL:      webhook,
		WebhookSecret:   secret,
		ShutdownTimeout: d.shutdown,
		Logger:          d.logger,
		LogQuestions:    d.logQuestions || d.env("BOT_LOG_QUESTIONS") == "true",
	}
	if d.dialogue != nil {
		cfg.Conversations = d.dialogue
	}
	var eng telegram.Engine = d.engine
	if d.answerer != nil {
		// Questions share the rate limits and metrics of the other channels.
		eng = d.answerer
		cfg.OnError = func(error) { d.metrics.AdapterError("telegram") }
	}
	a, err := telegram.New(eng, cfg)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// runTelegram runs the Telegram adapter alone (`bot telegram`), beside the HTTP server of
// `bot serve`, which takes the webhook in webhook mode. It takes the flags of `bot serve` too.
func runTelegram(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	return runAdapter(ctx, args, stdout, os.Getenv, adapterCommand{
		name: "telegram",
		flags: func(fs *flag.FlagSet, e env) {
			fs.String("webhook-url", e("TELEGRAM_WEBHOOK_URL"), "public HTTPS URL (or path under --public-url) Telegram posts updates to; empty for long polling (env TELEGRAM_WEBHOOK_URL)")
		},
		flagEnv:   map[string]string{"webhook-url": "TELEGRAM_WEBHOOK_URL"},
		token:     "TELEGRAM_TOKEN",
		tokenHelp: "TELEGRAM_TOKEN or TELEGRAM_TOKEN_FILE must be set",
		build:     telegramFromEnv,
	})
}
