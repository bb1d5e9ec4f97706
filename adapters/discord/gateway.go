package discord

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/nmi-factbot/nmibot/adapters"
)

const (
	// restTimeout bounds one REST request.
	restTimeout = 20 * time.Second
	// handlerTimeout bounds what one event may take, REST retries included.
	handlerTimeout = 30 * time.Second
	// maxRateLimitRetries is how many times a rate-limited request is retried before giving up:
	// discordgo would retry for ever.
	maxRateLimitRetries = 3
	// maxRetryWait caps the wait Discord asks for before a retry: a longer one means the bot is
	// well over its limits, and an answer that late is useless. The first response to an
	// interaction waits for none past its deadline (see Config.RespondWithin).
	maxRetryWait = 10 * time.Second
	// minBackoff and maxBackoff bound the wait between two attempts to connect to the gateway.
	minBackoff = time.Second
	maxBackoff = 2 * time.Minute
)

// Run connects to the gateway and answers until ctx ends or Discord closes the connection for
// good; it reconnects, resuming the session, after any other disconnection. Without a token it
// only waits for ctx. The error wraps ErrFatalClose when Discord refused the connection for a
// reason reconnecting cannot cure, such as a privileged intent not enabled for the application.
// Run must not be called twice at once.
func (b *Adapter) Run(ctx context.Context) error {
	if b.session == nil {
		<-ctx.Done()
		return b.finishInFlight()
	}
	down := make(chan struct{}, 1)
	defer b.session.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
		b.connected.Store(false)
		select {
		case down <- struct{}{}:
		default:
		}
	})()
	defer b.connected.Store(false)
	b.session.Dialer = b.dialer()
	wait := minBackoff
	for {
		err := b.open(ctx)
		if ctx.Err() != nil {
			// Answers in flight go over REST, which outlives the gateway.
			b.close()
			return b.finishInFlight()
		}
		if errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			err = nil // a late disconnect signal from the previous connection: still connected
		}
		if err != nil {
			if fatal := fatalClose(err, b.cfg); fatal != nil {
				return fatal
			}
			b.log.Warn("discord: cannot connect to the gateway, retrying", "err", err, "in", wait.String())
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(wait):
			}
			wait = min(2*wait, maxBackoff)
			continue
		}
		wait = minBackoff
		b.connected.Store(true)
		b.log.Info("discord: connected to the gateway", "shard", b.cfg.ShardID, "shards", b.cfg.ShardCount)
		select {
		case <-ctx.Done():
			b.close()
			return nil
		case <-down:
			b.log.Warn("discord: disconnected from the gateway, reconnecting")
		}
	}
}

// Ready returns nil while the gateway is connected, or always when the adapter has no token (HTTP
// interactions need no connection); otherwise an error wrapping ErrDisconnected: before Run
// connects, and from a disconnection (which discordgo reports a second after it, once it has
// closed its side) until the bot has connected again.
func (b *Adapter) Ready() error {
	if b.session == nil || b.connected.Load() {
		return nil
	}
	return fmt.Errorf("%w (shard %d of %d)", ErrDisconnected, b.cfg.ShardID, b.cfg.ShardCount)
}

// open opens the gateway connection, giving up when ctx ends: discordgo's Open takes no context
// and waits for READY without a deadline, so the connection it dialled is closed under it.
func (b *Adapter) open(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- b.session.Open() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		b.mu.Lock()
		if b.conn != nil {
			b.conn.Close()
		}
		b.mu.Unlock()
		return <-done
	}
}

func (b *Adapter) close() {
	if err := b.session.Close(); err != nil {
		b.log.Warn("discord: closing the gateway connection", "err", err)
	}
}

// dialer is discordgo's default websocket dialer, keeping hold of the connection it dials so that
// open can abort it.
func (b *Adapter) dialer() *websocket.Dialer {
	d := *websocket.DefaultDialer
	d.HandshakeTimeout = restTimeout
	nd := &net.Dialer{Timeout: restTimeout, KeepAlive: 30 * time.Second}
	d.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := nd.DialContext(ctx, network, addr)
		if err == nil {
			b.mu.Lock()
			b.conn = c
			b.mu.Unlock()
		}
		return c, err
	}
	return &d
}

// fatalClose returns the error Run stops with when err is a gateway close that reconnecting cannot
// cure (https://discord.com/developers/docs/topics/opcodes-and-status-codes), nil otherwise.
func fatalClose(err error, cfg Config) error {
	if errors.Is(err, discordgo.ErrWSShardBounds) {
		return fmt.Errorf("%w: %w", ErrFatalClose, err)
	}
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return nil
	}
	var why string
	switch ce.Code {
	case 4004:
		why = "authentication failed: DISCORD_TOKEN is not a valid bot token"
	case 4010:
		why = fmt.Sprintf("invalid shard %d of %d", cfg.ShardID, cfg.ShardCount)
	case 4011:
		why = "sharding required: the bot is in too many guilds for one connection; set --shard-count"
	case 4012:
		why = "invalid API version"
	case 4013:
		why = "invalid intents"
	case 4014:
		why = "disallowed intent: the privileged MESSAGE_CONTENT intent is not enabled for this application; " +
			"enable \"Message Content Intent\" under Bot in the Discord Developer Portal, or unset DISCORD_MESSAGE_CONTENT"
		if !cfg.MessageContent {
			why = "disallowed intent: a privileged intent is not enabled for this application"
		}
	default:
		return nil
	}
	return fmt.Errorf("%w: close code %d, %s: %w", ErrFatalClose, ce.Code, why, err)
}

// addHandlers registers the gateway event handlers, each recovered: a panic is logged, and the
// bot goes on.
func (b *Adapter) addHandlers() {
	b.session.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		b.recovered("ready", func() { b.onReady(r) })
	})
	b.session.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
		b.recovered("interaction", func() { b.onInteraction(ic.Interaction) })
	})
	b.session.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		b.recovered("message", func() { b.onMessage(m.Message) })
	})
}

// recovered runs f, logging a panic instead of crashing the process: discordgo runs each handler
// in its own goroutine, where a panic would end the program.
func (b *Adapter) recovered(event string, f func()) {
	b.inflight.Add(1)
	defer b.inflight.Done()
	defer adapters.Recover(b.log, b.failed, "a gateway event", "event", event)
	f()
}

// defaultShutdown bounds the wait for answers in flight when the core sets no shutdown timeout.
const defaultShutdown = 10 * time.Second

// finishInFlight waits, within the core's shutdown timeout, for the answers still being sent:
// events handled, deferred responses not yet edited in.
func (b *Adapter) finishInFlight() error {
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	timeout := b.core.ShutdownTimeout
	if timeout <= 0 {
		timeout = defaultShutdown
	}
	select {
	case <-done:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("discord: answers in flight not sent within %v", timeout)
	}
}

// onReady remembers who the bot is and registers the commands, once per process and from shard 0
// only: every shard would otherwise overwrite the same commands.
func (b *Adapter) onReady(r *discordgo.Ready) {
	b.mu.Lock()
	if r.User != nil {
		b.botUserID = r.User.ID
	}
	register := !b.registered && b.cfg.ShardID == 0
	b.mu.Unlock()
	if !register {
		return
	}
	if r.Application == nil || r.Application.ID == "" {
		b.log.Error("discord: READY without an application id: commands not registered")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), handlerTimeout)
	defer cancel()
	if err := b.Register(ctx, r.Application.ID); err != nil {
		b.log.Error("discord: registering commands", "err", err)
		b.failed(err)
		return
	}
	b.mu.Lock()
	b.registered = true
	b.mu.Unlock()
	b.log.Info("discord: commands registered", "guild", b.cfg.GuildID)
}

// Register registers the slash commands of application appID, in the configured guild or
// globally, replacing what was registered before. It needs a token; its error is Discord's.
func (b *Adapter) Register(ctx context.Context, appID string) error {
	if b.session == nil {
		return fmt.Errorf("%w: registering commands needs a token", ErrConfig)
	}
	return b.retry(ctx, time.Time{}, func(opts ...discordgo.RequestOption) error {
		_, err := b.session.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, commands(), opts...)
		return err
	})
}

// onInteraction responds to an interaction within the deadline: with its answer when ready and
// sent in time, otherwise with a deferred response, the answer edited in when ready.
func (b *Adapter) onInteraction(i *discordgo.Interaction) {
	deadline := time.Now().Add(b.respondWithin())
	ctx, cancel := context.WithTimeout(context.Background(), handlerTimeout)
	defer cancel()
	pending := b.compose(ctx, i)
	deferred := deferral(i)
	c, ready := await(pending, deadline)
	if !ready && deferred == nil {
		c, ready = <-pending, true // nothing to defer it with: the response goes late
	}
	if ready {
		if c.err != nil {
			b.log.Warn("discord: interaction not answered", "err", c.err)
			return
		}
		err := b.retry(ctx, deadline, func(opts ...discordgo.RequestOption) error {
			return b.session.InteractionRespond(i, c.resp, opts...)
		})
		if err == nil {
			return
		}
		if deferred == nil || !errors.Is(err, errLate) {
			b.log.Error("discord: responding to an interaction", "type", int(i.Type), "err", redact(err, i.Token))
			b.failed(err)
			return
		}
		b.log.Warn("discord: rate limited past the deadline, deferring the response", "type", int(i.Type))
		pending = resolved(c)
	}
	err := b.retry(ctx, deadline, func(opts ...discordgo.RequestOption) error {
		return b.session.InteractionRespond(i, deferred, opts...)
	})
	if err != nil {
		b.log.Error("discord: deferring a response", "type", int(i.Type), "err", redact(err, i.Token))
		b.failed(err)
		return
	}
	b.finish(ctx, i, pending)
}

// onMessage answers a message that mentions the bot (or any message in a DM), in a reply to it.
func (b *Adapter) onMessage(m *discordgo.Message) {
	b.mu.Lock()
	self := b.botUserID
	b.mu.Unlock()
	q, ok := mentionQuestion(m, self)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), handlerTimeout)
	defer cancel()
	a := b.answer(ctx, m.ChannelID, m.Author.ID, q, "")
	msg := render(a, q)
	send := &discordgo.MessageSend{
		Content:         shorten(msg.content, maxContent),
		Components:      msg.components,
		AllowedMentions: noMentions(),
		// A reply to a message deleted meanwhile is sent as a plain message.
		Reference: &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: new(false)},
	}
	if msg.embed != nil {
		send.Embeds = []*discordgo.MessageEmbed{msg.embed}
	}
	err := b.retry(ctx, time.Time{}, func(opts ...discordgo.RequestOption) error {
		_, err := b.session.ChannelMessageSendComplex(m.ChannelID, send, opts...)
		return err
	})
	if err != nil {
		b.log.Error("discord: replying to a mention", "err", err)
		b.failed(err)
	}
}

// mentionQuestion returns the question in a message to answer: one that mentions the bot, or any
// in a DM, from a person. The mention itself is removed.
func mentionQuestion(m *discordgo.Message, self string) (string, bool) {
	if m == nil || m.Author == nil || m.Author.Bot || self == "" || m.Author.ID == self {
		return "", false
	}
	mentioned := m.GuildID == ""
	for _, u := range m.Mentions {
		if u != nil && u.ID == self {
			mentioned = true
		}
	}
	if !mentioned {
		return "", false
	}
	q := strings.NewReplacer("<@"+self+">", " ", "<@!"+self+">", " ").Replace(m.Content)
	return strings.TrimSpace(q), true
}

// retry calls a REST method, retrying it at most maxRateLimitRetries times when rate limited,
// after the wait Discord asks for (capped). A wait that would end past deadline, when not zero,
// is not waited for: the error then wraps errLate. It returns the last error, ctx's when it ends
// first.
func (b *Adapter) retry(ctx context.Context, deadline time.Time, call func(opts ...discordgo.RequestOption) error) error {
	for attempt := 0; ; attempt++ {
		err := call(discordgo.WithContext(ctx))
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) {
			return err
		}
		if attempt == maxRateLimitRetries {
			return fmt.Errorf("discord: still rate limited after %d retries: %w", attempt, err)
		}
		wait := min(max(rl.RetryAfter, 0), maxRetryWait)
		if !deadline.IsZero() && time.Now().Add(wait).After(deadline) {
			return fmt.Errorf("%w: asked to wait %v: %w", errLate, rl.RetryAfter, err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("discord: waiting out a rate limit: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// redact hides an interaction token in an error about a request: its URL holds the token, which
// lets anyone post as the bot in that conversation for 15 minutes.
func redact(err error, token string) string {
	return hide(err.Error(), token)
}

// hide replaces every secret in s.
func hide(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "<token>")
		}
	}
	return s
}
