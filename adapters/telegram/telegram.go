// Package telegram is the bot's Telegram adapter: it turns Telegram updates (private messages,
// group messages addressed to the bot, inline queries, button presses) into answers.Question,
// and answers.Answer into Telegram messages in HTML parse mode, with the verbatim quote in a
// blockquote.
//
// It is the only package that imports github.com/go-telegram/bot. That library leaves to its
// callers what a production bot needs, so the adapter adds it: retries on 429 and transient
// errors, recovery from a panicking handler, commands addressed as /cmd@BotName, UTF-16 entity
// offsets, mentions taken out of questions, answers that follow a group upgraded to a
// supergroup, malformed updates dropped without logging what they say, a webhook handler that
// checks the secret in constant time and answers 401, and a shutdown that lets the answers in
// flight be sent.
package telegram

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nmi-factbot/nmibot/adapters"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// Config is the adapter's configuration. Only Token is required.
type Config struct {
	// Token is the bot's token from BotFather. It is never logged.
	Token string
	// APIURL is the Bot API server, "" for the public one (https://api.telegram.org): a
	// self-hosted server, or a fake in tests.
	APIURL string
	// WebhookURL is the public HTTPS URL Telegram posts updates to; "" means long polling. Its
	// path is the route the adapter adds to the HTTP server ("/telegram/webhook" when it has none).
	WebhookURL string
	// WebhookSecret is the secret Telegram sends with each webhook update; "" derives one from the
	// token, so that replicas behind a load balancer agree on it without more configuration.
	WebhookSecret string
}

// Adapter is the Telegram bot. Build it with New and run it with Run; in webhook mode, Routes
// adds the webhook route to the HTTP server first.
type Adapter struct {
	core   adapters.Core
	cfg    Config
	log    *slog.Logger
	client *bot.Bot

	secret      string // the webhook secret
	webhookPath string // the route of the webhook, "" in polling mode

	me      atomic.Pointer[models.User] // the bot's own user, known once Run has called getMe
	running atomic.Bool                 // set up and taking updates

	// work is the context answers are sent with: it outlives the polling context, so that the
	// answers in flight are sent on shutdown, and is cancelled after ShutdownTimeout.
	work     context.Context
	inflight sync.WaitGroup
	slots    chan struct{} // bounds the updates handled at once
}

// Limits of the adapter.
const (
	defaultShutdown = 10 * time.Second
	maxConcurrent   = 64               // updates handled at once; more wait in the library's queue
	updateTimeout   = 2 * time.Minute  // one update's handling, retries included
	maxWebhookBody  = 1 << 20          // Telegram's updates are far smaller
	pollTimeout     = 50 * time.Second // long-polling wait, under the HTTP client's timeout
)

// allowedUpdates are the updates the bot asks Telegram for. Edited messages are not among them:
// an answer already sent is not rewritten.
var allowedUpdates = []string{
	models.AllowedUpdateMessage,
	models.AllowedUpdateInlineQuery,
	models.AllowedUpdateCallbackQuery,
}

// New builds the adapter on core, whose Engine and Conversations are required. The core's
// OnError is told of every Telegram API error that left an update unanswered, every update
// dropped as malformed and every error the client library reports (a poll that failed); none
// quotes what a user wrote. New makes no network call: Run checks the token.
func New(core adapters.Core, cfg Config) (*Adapter, error) {
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, errors.New("telegram: no token")
	}
	if core.Engine == nil || core.Conversations == nil {
		return nil, errors.New("telegram: no engine or no conversations")
	}
	if core.ShutdownTimeout <= 0 {
		core.ShutdownTimeout = defaultShutdown
	}
	logger := core.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	a := &Adapter{
		core:  core,
		cfg:   cfg,
		log:   logger.With("adapter", "telegram"),
		slots: make(chan struct{}, maxConcurrent),
		work:  context.Background(),
	}
	a.secret = cfg.WebhookSecret
	if a.secret == "" {
		a.secret = deriveSecret(cfg.Token)
	} else if !validSecret(a.secret) {
		return nil, errors.New("telegram: webhook secret: want 1 to 256 characters among A-Z, a-z, 0-9, _ and -")
	}
	if cfg.WebhookURL != "" {
		u, err := url.Parse(cfg.WebhookURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("telegram: webhook URL %q: want an absolute https URL", cfg.WebhookURL)
		}
		if u.Path == "" || u.Path == "/" {
			u.Path = "/telegram/webhook"
			a.cfg.WebhookURL = u.String()
		}
		a.webhookPath = u.Path
	}
	opts := []bot.Option{
		// Run calls getMe itself, with retries, and keeps the bot's name for mentions.
		bot.WithSkipGetMe(),
		// Updates are dispatched by our handler, which starts one goroutine per update and
		// counts it, so that shutdown can wait for the answers in flight.
		bot.WithNotAsyncHandlers(),
		bot.WithDefaultHandler(a.dispatch),
		// The library's errors quote the bodies of updates, which hold what users wrote.
		bot.WithErrorsHandler(a.clientError),
		bot.WithAllowedUpdates(allowedUpdates),
		bot.WithHTTPClient(pollTimeout, pollClient{a: a, http: &http.Client{Timeout: pollTimeout + 10*time.Second}}),
		bot.WithWebhookSecretToken(a.secret),
	}
	if cfg.APIURL != "" {
		opts = append(opts, bot.WithServerURL(strings.TrimRight(cfg.APIURL, "/")))
	}
	c, err := bot.New(cfg.Token, opts...)
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", a.redact(err))
	}
	a.client = c
	return a, nil
}

// Run runs the bot until ctx ends: it checks the token (getMe), registers the command menu,
// then takes updates by long polling, or registers the webhook and takes them from Routes. When
// ctx ends it stops taking updates and waits, up to the shutdown timeout, for the answers in
// flight to be sent. Run must be called once. It fails when the token is refused or the webhook
// cannot be registered.
func (a *Adapter) Run(ctx context.Context) error {
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	a.work = work // set before any update is dispatched: the library's workers start below

	var me *models.User
	err := a.retry(ctx, "getMe", func(ctx context.Context) error {
		var err error
		me, err = a.client.GetMe(ctx)
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("telegram: check the token: %w", a.redact(err))
	}
	a.me.Store(me)
	a.setCommands(ctx)

	if a.webhookPath != "" {
		err := a.retry(ctx, "setWebhook", func(ctx context.Context) error {
			_, err := a.client.SetWebhook(ctx, &bot.SetWebhookParams{
				URL:            a.cfg.WebhookURL,
				AllowedUpdates: allowedUpdates,
				SecretToken:    a.secret,
			})
			return err
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("telegram: register the webhook: %w", a.redact(err))
		}
		a.log.Info("started", "bot", me.Username, "mode", "webhook", "path", a.webhookPath)
		a.running.Store(true)
		a.client.StartWebhook(ctx)
	} else {
		// getUpdates is refused while a webhook is set: polling replaces it.
		err := a.retry(ctx, "deleteWebhook", func(ctx context.Context) error {
			_, err := a.client.DeleteWebhook(ctx, &bot.DeleteWebhookParams{})
			return err
		})
		if err != nil && ctx.Err() == nil {
			a.log.Warn("could not delete the webhook; polling may fail", "err", a.redact(err))
		}
		a.log.Info("started", "bot", me.Username, "mode", "polling")
		a.running.Store(true)
		a.client.Start(ctx)
	}
	a.running.Store(false)
	a.log.Info("stopped taking updates; sending the answers in flight", "timeout", a.core.ShutdownTimeout.String())
	// The library's workers have returned, so no update is dispatched any more: waiting for
	// the ones in flight cannot race with a new one.
	return a.drain(cancelWork)
}

// Ready reports whether the bot takes updates: its token checked and, in webhook mode, the
// webhook registered. It fails before Run has set the bot up and once it is stopping.
func (a *Adapter) Ready() error {
	if !a.running.Load() {
		return errors.New("telegram: not connected")
	}
	return nil
}

// drain waits for the answers in flight, up to the shutdown timeout, then cancels those left.
func (a *Adapter) drain(cancelWork context.CancelFunc) error {
	done := make(chan struct{})
	go func() { a.inflight.Wait(); close(done) }()
	t := time.NewTimer(a.core.ShutdownTimeout)
	defer t.Stop()
	select {
	case <-done:
		a.log.Info("stopped")
		return nil
	case <-t.C:
	}
	cancelWork()
	<-done // cancelled sends return at once
	return fmt.Errorf("telegram: answers in flight not sent within %s", a.core.ShutdownTimeout)
}

// setCommands registers the command menu in French, in English, and by default (English). A
// failure is logged, not fatal: the commands work without the menu.
func (a *Adapter) setCommands(ctx context.Context) {
	for _, lc := range []string{"", "fr", "en"} {
		lang := knowledge.English
		if lc == "fr" {
			lang = knowledge.French
		}
		var cmds []models.BotCommand
		for _, c := range menu {
			cmds = append(cmds, models.BotCommand{Command: c.name, Description: c.desc.In(lang)})
		}
		err := a.retry(ctx, "setMyCommands", func(ctx context.Context) error {
			_, err := a.client.SetMyCommands(ctx, &bot.SetMyCommandsParams{
				Commands:     cmds,
				Scope:        &models.BotCommandScopeDefault{},
				LanguageCode: lc,
			})
			return err
		})
		if err != nil {
			a.log.Warn("could not register the command menu", "language", lc, "err", a.redact(err))
		}
	}
}

// redact removes the token from an error's text, in case a library error quotes a URL.
func (a *Adapter) redact(err error) error {
	if err == nil || !strings.Contains(err.Error(), a.cfg.Token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), a.cfg.Token, "***"))
}

// deriveSecret derives the webhook secret from the token: stable across restarts and replicas,
// unguessable without the token, and made of the characters Telegram allows.
func deriveSecret(token string) string {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("nmibot telegram webhook secret"))
	return hex.EncodeToString(m.Sum(nil))
}

// validSecret reports whether s is a secret Telegram accepts.
func validSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
