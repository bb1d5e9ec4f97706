package telegram

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Retry policy. The library does not retry; Telegram asks bots over their rate limit to wait
// retry_after seconds, and a network error or a 5xx is usually gone a moment later.
const (
	maxAttempts   = 4
	firstBackoff  = 250 * time.Millisecond
	maxBackoff    = 4 * time.Second
	maxRetryAfter = time.Minute // a longer wait is given up: the asker has moved on
)

// retry calls call until it succeeds, fails for good, or has failed maxAttempts times. A 429
// waits retry_after; other transient errors back off exponentially, with jitter.
func (a *Adapter) retry(ctx context.Context, method string, call func(context.Context) error) error {
	backoff := firstBackoff
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		if err == nil {
			return nil
		}
		var wait time.Duration
		var tooMany *bot.TooManyRequestsError
		switch {
		case errors.As(err, &tooMany):
			wait = time.Duration(tooMany.RetryAfter) * time.Second
			if wait <= 0 {
				wait = time.Second
			}
			if wait > maxRetryAfter {
				return fmt.Errorf("%s: rate limited for %s: %w", method, wait, err)
			}
		case !transient(err):
			return fmt.Errorf("%s: %w", method, err)
		default:
			wait = backoff/2 + rand.N(backoff/2+1)
			backoff = min(2*backoff, maxBackoff)
		}
		if attempt == maxAttempts {
			return fmt.Errorf("%s: giving up after %d attempts: %w", method, attempt, err)
		}
		a.log.Debug("retrying", "method", method, "attempt", attempt, "wait", wait.String(), "err", a.redact(err))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: %w (last error: %w)", method, ctx.Err(), err)
		case <-t.C:
		}
	}
}

// transient reports whether an error may go away on retry: not a request Telegram refused
// (bad request, forbidden, unauthorized, not found, conflict, chat migrated), not a cancelled
// context. Network errors and 5xx answers are transient.
func transient(err error) bool {
	var migrate *bot.MigrateError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, bot.ErrorBadRequest), errors.Is(err, bot.ErrorForbidden),
		errors.Is(err, bot.ErrorUnauthorized), errors.Is(err, bot.ErrorNotFound),
		errors.Is(err, bot.ErrorConflict), errors.As(err, &migrate):
		return false
	}
	return true
}

// origin is where a reply goes: a chat, the forum topic, and the message it quotes, if any.
type origin struct {
	chatID   int64
	threadID int
	replyTo  int // the message to quote, 0 for none
}

// originOf returns where a reply to m goes. In groups it quotes m, so that threads stay
// readable; in private chats there is only one thread.
func originOf(m *models.Message) origin {
	o := origin{chatID: m.Chat.ID}
	if m.IsTopicMessage {
		o.threadID = m.MessageThreadID
	}
	if m.Chat.Type != models.ChatTypePrivate {
		o.replyTo = m.ID
	}
	return o
}

// send sends a rendered reply, one message a part, the buttons under the last. It stops at the
// first part that cannot be sent.
//
// A group upgraded to a supergroup has a new chat id, and Telegram refuses messages to the old
// one with migrate_to_chat_id: the part, and those after it, go to the supergroup instead, once
// (a supergroup is not upgraded again), without quoting the question, whose message id is the
// old chat's. The conversation is not moved: its key is the chat id (chatKey), so the supergroup
// starts a conversation of its own, without the old group's last question or its /lang, and the
// old one expires in the store. The service messages of the upgrade (migrate_to_chat_id in the
// old chat, migrate_from_chat_id in the new one) carry no text and get no answer.
func (a *Adapter) send(ctx context.Context, to origin, r reply) error {
	migrated := false
	for i := range r.parts {
		err := a.sendPart(ctx, to, r, i)
		var moved *bot.MigrateError
		if errors.As(err, &moved) && !migrated {
			a.log.Info("group upgraded to a supergroup; answering there", "chat", to.chatID, "supergroup", moved.MigrateToChatID)
			to, migrated = origin{chatID: int64(moved.MigrateToChatID)}, true
			err = a.sendPart(ctx, to, r, i)
		}
		if err != nil {
			return fmt.Errorf("telegram: send part %d of %d: %w", i+1, len(r.parts), a.redact(err))
		}
	}
	return nil
}

// sendPart sends part i of a reply, with retries.
func (a *Adapter) sendPart(ctx context.Context, to origin, r reply, i int) error {
	p := &bot.SendMessageParams{
		ChatID:             to.chatID,
		MessageThreadID:    to.threadID,
		Text:               r.parts[i],
		ParseMode:          models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()},
	}
	if i == 0 && to.replyTo != 0 {
		// The question may have been deleted meanwhile: answer anyway.
		p.ReplyParameters = &models.ReplyParameters{MessageID: to.replyTo, AllowSendingWithoutReply: true}
	}
	if i == len(r.parts)-1 && r.keyboard != nil {
		p.ReplyMarkup = r.keyboard
	}
	return a.retry(ctx, "sendMessage", func(ctx context.Context) error {
		_, err := a.client.SendMessage(ctx, p)
		return err
	})
}
