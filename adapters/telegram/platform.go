package telegram

import (
	"fmt"
	"strings"

	"github.com/nmi-factbot/nmibot/adapters"
)

// Platform registers Telegram with the command line: TELEGRAM_TOKEN enables it, in long polling
// unless TELEGRAM_WEBHOOK_URL names a webhook.
func Platform() adapters.Platform {
	return adapters.Platform{
		Name:  "telegram",
		Title: "Telegram",
		Settings: []adapters.Setting{
			{Name: "TELEGRAM_TOKEN", Help: "enables Telegram (long polling by default)", Secret: true},
			{Name: "TELEGRAM_WEBHOOK_URL", Help: "public HTTPS URL (or a path under --public-url) Telegram posts updates to; empty for long polling", Flag: "webhook-url"},
			{Name: "TELEGRAM_WEBHOOK_SECRET", Help: "webhook secret (default: derived from the token)", Secret: true},
			{Name: "TELEGRAM_API_URL", Help: "another Bot API server"},
		},
		Token: "TELEGRAM_TOKEN",
		Build: build,
	}
}

// build makes the adapter from its settings; a webhook URL that is a path is taken under the
// service's public URL. With no token, Telegram is not configured: nil.
func build(get adapters.Lookup, core adapters.Core) (adapters.Adapter, error) {
	var cfg Config
	var err error
	if cfg.Token, err = get("TELEGRAM_TOKEN"); err != nil || cfg.Token == "" {
		return nil, err
	}
	if cfg.WebhookSecret, err = get("TELEGRAM_WEBHOOK_SECRET"); err != nil {
		return nil, err
	}
	if cfg.APIURL, err = get("TELEGRAM_API_URL"); err != nil {
		return nil, err
	}
	if cfg.WebhookURL, err = get("TELEGRAM_WEBHOOK_URL"); err != nil {
		return nil, err
	}
	if strings.HasPrefix(cfg.WebhookURL, "/") {
		if core.PublicURL == "" {
			return nil, fmt.Errorf("TELEGRAM_WEBHOOK_URL=%q is a path: set --public-url (BOT_PUBLIC_URL) too, or give a full URL", cfg.WebhookURL)
		}
		cfg.WebhookURL = strings.TrimRight(core.PublicURL, "/") + cfg.WebhookURL
	}
	a, err := New(core, cfg)
	if err != nil {
		return nil, err
	}
	return a, nil
}
