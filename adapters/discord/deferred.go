package discord

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/nmi-factbot/nmibot/adapters"
)

// DefaultRespondWithin is the time to the first response when Config.RespondWithin is 0: half a
// second short of Discord's 3, for the response to travel.
const DefaultRespondWithin = 2500 * time.Millisecond

// interactionWindow is how long Discord waits for the first response to an interaction.
const interactionWindow = 3 * time.Second

// errLate is wrapped by retry's error when the wait Discord asks for would end past the deadline.
var errLate = errors.New("discord: rate limited past the deadline")

// respondWithin is the time the bot takes at most to send its first response to an interaction.
func (b *Adapter) respondWithin() time.Duration {
	if b.cfg.RespondWithin > 0 {
		return b.cfg.RespondWithin
	}
	return DefaultRespondWithin
}

// composed is the response to an interaction, or why there is none.
type composed struct {
	resp *discordgo.InteractionResponse
	err  error
}

// compose composes the response to i in a goroutine of its own and returns where it arrives: the
// conversation store it may ask is network I/O, which must not hold the first response past its
// deadline. A panic is logged, and arrives as an error.
func (b *Adapter) compose(ctx context.Context, i *discordgo.Interaction) <-chan composed {
	out := make(chan composed, 1)
	go func() {
		defer adapters.Recover(b.log, func(err error) { out <- composed{err: fmt.Errorf("discord: %w", err)} }, "an interaction")
		resp, err := b.respond(ctx, i)
		out <- composed{resp, err}
	}()
	return out
}

// await returns the composed response if it arrives by deadline; ok is false when it does not.
func await(pending <-chan composed, deadline time.Time) (c composed, ok bool) {
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case c = <-pending:
		return c, true
	case <-t.C:
		return composed{}, false
	}
}

// deferral is the deferred response to i ("thinking…"), private when the answer will be, since an
// edit cannot change that; nil for an interaction whose response cannot be deferred (a ping, an
// autocomplete).
func deferral(i *discordgo.Interaction) *discordgo.InteractionResponse {
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
	default:
		return nil
	}
	d := &discordgo.InteractionResponseData{AllowedMentions: noMentions()}
	if ephemeral(i) {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: d}
}

// finish waits for the response to i and edits it in place of the deferred one. The follow-up
// webhook stays valid 15 minutes, so the edit waits out rate limits; ctx bounds it all.
func (b *Adapter) finish(ctx context.Context, i *discordgo.Interaction, pending <-chan composed) {
	var c composed
	select {
	case c = <-pending:
	case <-ctx.Done():
		c.err = fmt.Errorf("discord: composing a deferred response: %w", ctx.Err())
	}
	if c.err == nil && (c.resp == nil || c.resp.Data == nil) {
		c.err = fmt.Errorf("%w: a deferred response without a message", ErrUnsupported)
	}
	if c.err == nil {
		c.err = b.retry(ctx, time.Time{}, func(opts ...discordgo.RequestOption) error {
			_, err := b.rest.InteractionResponseEdit(i, edit(c.resp.Data), opts...)
			return err
		})
	}
	if c.err != nil {
		b.log.Error("discord: editing a deferred response", "type", int(i.Type), "err", redact(c.err, i.Token))
		b.failed(c.err)
	}
}

// edit is the edit of a deferred response into the message d.
func edit(d *discordgo.InteractionResponseData) *discordgo.WebhookEdit {
	e := &discordgo.WebhookEdit{AllowedMentions: noMentions()}
	if d.Content != "" {
		e.Content = &d.Content
	}
	if len(d.Embeds) > 0 {
		e.Embeds = &d.Embeds
	}
	if len(d.Components) > 0 {
		e.Components = &d.Components
	}
	return e
}

// resolved is a pending response already composed.
func resolved(c composed) <-chan composed {
	out := make(chan composed, 1)
	out <- c
	return out
}
