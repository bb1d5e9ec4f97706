// Package discord serves the bot on Discord: slash commands (/ask, /sources, /help) answered with
// cited embeds, "did you mean" buttons, /ask autocomplete, and replies to messages that mention the
// bot. It runs in two ways, which may be combined: over the gateway (a websocket, with a bot
// token), or as an HTTP interactions endpoint (POST /discord/interactions, signed by Discord,
// needing no connection and keeping no state, so replicas scale out behind any load balancer).
//
// The package translates only: a Discord event becomes an answers.Question, the Engine answers it,
// and the answers.Answer becomes an embed. It is the only package that imports discordgo.
package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/nmi-factbot/nmibot/adapters"
)

// Config configures an Adapter. Token, PublicKey or both must be set.
type Config struct {
	// Token is the bot token, without the "Bot " prefix; it enables the gateway. It is never
	// logged.
	Token string
	// PublicKey is the application's public key; it enables the HTTP interactions endpoint.
	PublicKey ed25519.PublicKey
	// GuildID registers the commands in that guild only, where they update at once (for testing);
	// "" registers them globally.
	GuildID string
	// APIURL is the base URL of Discord's REST API, "" for discord.com: a rate-limit proxy shared
	// by replicas, or a fake in tests.
	APIURL string
	// ShardID and ShardCount split the guilds between several gateway connections; ShardCount 0
	// means 1.
	ShardID, ShardCount int
	// MessageContent requests the privileged MESSAGE_CONTENT intent, which must be enabled for
	// the application in the Developer Portal. Without it Discord still shows the bot the text of
	// the messages that mention it and of its DMs, which is all it answers; the intent is for
	// when Discord withholds that text anyway.
	MessageContent bool
	// RespondWithin is how long after receiving an interaction the bot may take to send its
	// first response, waiting for neither an answer nor a rate limit past it; 0 means
	// DefaultRespondWithin. Discord drops an interaction not answered within 3 seconds, so an
	// answer not sent by then is deferred ("thinking…") and edited in when ready.
	RespondWithin time.Duration
}

// failed reports an error talking to Discord to the core's OnError.
func (b *Adapter) failed(err error) {
	if b.core.OnError != nil && err != nil {
		b.core.OnError(err)
	}
}

// Adapter is the Discord adapter. Run drives the gateway; Routes adds the interactions endpoint.
type Adapter struct {
	core      adapters.Core
	cfg       Config
	log       *slog.Logger
	session   *discordgo.Session // the gateway, nil without a token
	rest      *discordgo.Session // REST calls: the gateway's session, or one without a token
	publicKey ed25519.PublicKey
	seen      adapters.Seen

	connected atomic.Bool    // the gateway connection is open: from Run's connecting until a disconnection
	inflight  sync.WaitGroup // events handled and deferred responses being edited in, which Run waits for

	mu         sync.Mutex
	botUserID  string   // from READY, to recognise mentions of the bot
	registered bool     // commands registered by this process
	conn       net.Conn // the gateway connection last dialled, to abort an Open
}

// ErrFatalClose is wrapped by the error Run returns when Discord closes the gateway with a code
// that reconnecting cannot cure (bad token, intent not granted, bad shard).
var ErrFatalClose = errors.New("discord: gateway closed for good")

// ErrDisconnected is wrapped by Ready's error while the gateway is not connected.
var ErrDisconnected = errors.New("discord: gateway not connected")

// ErrConfig is wrapped by the errors of a wrong configuration.
var ErrConfig = errors.New("discord: bad configuration")

// New returns the adapter on core, whose Engine is required. Core.Conversations answers a
// message within its conversation (a user in a channel), so that follow-ups ("et en 2019 ?",
// "source ?", "in English please") refer to the previous question; nil answers each message
// alone. Core.Logger receives errors and events, never tokens nor question text; discordgo's
// own lines (warnings and errors) go to it too, structured, at their level and at most a few a
// second per kind of line: as discordgo has one logger for the process, they go to the Logger
// of the adapter made last. Core.Seen remembers the ids of the interactions answered over HTTP,
// so that one posted again (a replay of a signed request) is refused; nil keeps them in this
// process, which is enough for one replica. Core.OnError is told of every error talking to
// Discord that left a user unanswered, and of every error of Seen.
func New(core adapters.Core, cfg Config) (*Adapter, error) {
	if core.Engine == nil {
		return nil, fmt.Errorf("%w: no engine", ErrConfig)
	}
	if cfg.Token == "" && cfg.PublicKey == nil {
		return nil, fmt.Errorf("%w: neither a token nor a public key", ErrConfig)
	}
	if cfg.ShardCount == 0 {
		cfg.ShardCount = 1
	}
	if cfg.ShardCount < 1 || cfg.ShardID < 0 || cfg.ShardID >= cfg.ShardCount {
		return nil, fmt.Errorf("%w: shard %d of %d: want 0 <= shard id < shard count", ErrConfig, cfg.ShardID, cfg.ShardCount)
	}
	if cfg.PublicKey != nil && len(cfg.PublicKey) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: public key of %d bytes, want %d", ErrConfig, len(cfg.PublicKey), ed25519.PublicKeySize)
	}
	if cfg.RespondWithin < 0 || cfg.RespondWithin >= interactionWindow {
		return nil, fmt.Errorf("%w: respond within %v: want 0 (for %v) up to Discord's %v", ErrConfig, cfg.RespondWithin, DefaultRespondWithin, interactionWindow)
	}
	log := core.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Adapter{core: core, cfg: cfg, log: log, publicKey: cfg.PublicKey, seen: core.Seen}
	if b.seen == nil && cfg.PublicKey != nil {
		b.seen = newMemorySeen(maxSeen)
	}
	s, err := newSession(cfg)
	if err != nil {
		return nil, err
	}
	routeLibraryLog(log, cfg.Token)
	b.rest = s
	if cfg.Token != "" {
		b.session = s
		b.addHandlers()
	}
	return b, nil
}

// ParsePublicKey decodes an application's public key as the Developer Portal shows it (hex).
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	k, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("%w: public key: %w", ErrConfig, err)
	}
	if len(k) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: public key of %d bytes, want %d", ErrConfig, len(k), ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(k), nil
}

// newSession configures a discordgo session. Defaults that do not suit a long-running service are
// changed: discordgo retries a 429 forever and reconnects forever, even when Discord says the
// connection can never succeed, so both are handled here instead (see Run and retry). Without a
// token the session only edits interaction responses, which their own token authorises.
func newSession(cfg Config) (*discordgo.Session, error) {
	auth := ""
	if cfg.Token != "" {
		auth = "Bot " + cfg.Token
	}
	s, err := discordgo.New(auth)
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	s.ShouldRetryOnRateLimit = false
	s.ShouldReconnectOnError = false
	s.StateEnabled = false // the bot needs no cache of guilds, channels or messages
	s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	s.Identify.Intents = discordgo.IntentGuildMessages | discordgo.IntentDirectMessages
	if cfg.MessageContent {
		s.Identify.Intents |= discordgo.IntentMessageContent
	}
	s.LogLevel = sessionLogLevel
	client, err := httpClient(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	s.Client = client
	return s, nil
}

// discordHost is the host of discordgo's REST endpoints, fixed when the package loads.
const discordHost = "discord.com"

// httpClient returns the REST client: for another base URL, a client whose transport rewrites
// every request to discord.com, since discordgo's endpoint variables are computed at start-up.
func httpClient(apiURL string) (*http.Client, error) {
	c := &http.Client{Timeout: restTimeout}
	if apiURL == "" {
		return c, nil
	}
	u, err := url.Parse(apiURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: API URL %q: want http(s)://host[:port][/path]", ErrConfig, apiURL)
	}
	c.Transport = rewrite{base: u, next: http.DefaultTransport}
	return c, nil
}

// rewrite sends requests for discord.com to another base URL, keeping their path under its own.
type rewrite struct {
	base *url.URL
	next http.RoundTripper
}

func (t rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != discordHost {
		return t.next.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.base.Scheme, t.base.Host, t.base.Host
	r.URL.Path = strings.TrimSuffix(t.base.Path, "/") + r.URL.Path
	r.URL.RawPath = ""
	return t.next.RoundTrip(r)
}
