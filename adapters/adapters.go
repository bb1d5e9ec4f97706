// Package adapters is what the bot's chat platforms have in common: the contract an adapter
// fulfils for `bot serve` (Adapter, and the optional Router and Readier), the core it is built
// on (Core: the engine, the conversations, the log), the Platform that registers it with the
// command line, and the helpers every adapter needs (Messages, UTF16Len, CutUTF16, Recover).
//
// # Writing an adapter
//
// An adapter translates, nothing more: a platform event becomes an answers.Question, which
// Core.Conversations answers within its conversation (follow-ups, the language a chat fixed,
// "source ?"), and the answers.Answer becomes the platform's messages. It keeps no
// conversation, language or sources logic of its own. To add a platform, say Slack:
//
//  1. Write package adapters/slack, the only one importing the platform's client library, with
//     a type that has Run (and Routes for webhooks, Ready if it holds a connection).
//  2. Export its registration, a Platform: the settings it reads from the environment and a
//     Build that makes the adapter from them and a Core, returning nil when the platform is not
//     configured (no token).
//  3. Add slack.Platform to the table of platforms in cmd/bot (one line). `bot serve` runs it
//     when its token is set, `bot slack` runs it alone, and both usages list its settings.
//
// Test it against a fake of the platform's API on 127.0.0.1 driving the real client library, as
// adapters/telegram and adapters/discord do.
package adapters

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// Adapter is a chat platform the bot answers on.
type Adapter interface {
	// Run connects to the platform and answers until ctx ends, then lets the answers in flight
	// be sent and returns nil or ctx's error. It returns another error when the platform refuses
	// the bot for good (a revoked token): the service stops then.
	Run(ctx context.Context) error
}

// Router is an Adapter that takes HTTP requests too (a webhook, signed interactions); Routes is
// called before Run, on the mux of the service's HTTP server.
type Router interface {
	Routes(mux *http.ServeMux)
}

// Readier is an Adapter that can tell whether it is connected to its platform, for /readyz.
type Readier interface {
	// Ready returns nil when the adapter can take messages, else what it waits for.
	Ready() error
}

// Engine is what an adapter asks the answer engine besides questions in conversations;
// *answers.Engine satisfies it, and so does the engine behind the service's rate limits. Its
// methods never fail: what the sources cannot answer gets a reply saying so.
type Engine interface {
	// Answer replies to a question alone (an inline query, a slash command without context).
	Answer(q answers.Question) answers.Answer
	// Help returns the greeting in lang, with example questions.
	Help(lang knowledge.Lang) answers.Answer
	// Suggest returns up to n known questions in lang that fit what a user has typed so far.
	Suggest(typed string, lang knowledge.Lang, n int) []string
	// Base returns the fact base, for the list of sources.
	Base() *knowledge.Base
	// SourcesRef names the quotes of an answer, for a "Sources" button; SourcesOf shows them,
	// whatever was asked since, and reports false for a name from another fact base.
	SourcesRef(a answers.Answer) string
	SourcesOf(ref string, lang knowledge.Lang) (answers.Answer, bool)
}

// Conversations answers messages within their conversation; *answers.Dialogue satisfies it.
type Conversations interface {
	// Reply answers q in the conversation key. The answer is always usable; an error says the
	// conversation's state could not be read or kept (the store did not answer in time).
	Reply(ctx context.Context, key string, q answers.Question) (answers.Answer, error)
	// SetLang fixes the reply language of a conversation; "" returns to each question's. An error
	// is the store's.
	SetLang(ctx context.Context, key string, lang knowledge.Lang) error
	// Lang returns the reply language a conversation fixed, "" when none. An error is the store's.
	Lang(ctx context.Context, key string) (knowledge.Lang, error)
}

var (
	_ Engine        = (*answers.Engine)(nil)
	_ Conversations = (*answers.Dialogue)(nil)
)

// Seen remembers the ids of the platform events already taken, so that an event delivered
// twice, or replayed, is answered once, by any replica.
type Seen interface {
	// First reports whether id is taken for the first time, and remembers it for ttl. An error
	// means the memory could not be asked (Redis did not answer in time).
	First(ctx context.Context, id string, ttl time.Duration) (bool, error)
}

// Core is what every adapter is built on, the same for every platform.
type Core struct {
	Engine        Engine
	Conversations Conversations
	// Seen, when set, is shared by the replicas (in Redis); nil leaves an adapter its own.
	Seen Seen
	// Logger receives the adapter's logs; never tokens, and question texts only with
	// LogQuestions, at debug level.
	Logger       *slog.Logger
	LogQuestions bool
	// OnError, when set, is told of every error of the platform that left a user unanswered, for
	// metrics.
	OnError func(error)
	// PublicURL is the public base URL of the service's HTTP server, for webhooks; "" when none.
	PublicURL string
	// ShutdownTimeout bounds how long the answers in flight may take to be sent on shutdown.
	ShutdownTimeout time.Duration
}

// Setting is an environment variable a platform reads.
type Setting struct {
	Name string // TELEGRAM_TOKEN
	Help string // one line for the usage
	// Secret settings may be given in a file instead, named by NAME_FILE; they are never logged.
	Secret bool
	// Flag, when set, is the flag of the platform's own command (`bot telegram`) that overrides
	// the variable: "webhook-url".
	Flag string
}

// Lookup returns the value of a setting: the variable, or for a secret the contents of the file
// its NAME_FILE names. An error is a file that cannot be read.
type Lookup func(name string) (string, error)

// Platform registers an adapter with the command line: `bot serve` builds every platform
// configured, `bot NAME` builds this one alone.
type Platform struct {
	Name  string // the command and the log's name: "telegram"
	Title string // the platform's name for people: "Telegram"
	// Settings are the variables Build reads, listed in the usage in this order.
	Settings []Setting
	// Token is the setting without which `bot NAME` cannot run, and Alone the settings it sets
	// whatever the environment says (Discord's gateway command leaves out HTTP interactions).
	Token string
	Alone map[string]string
	// Build makes the adapter from its settings and the core; it returns nil, nil when the
	// platform is not configured (no token), and an error when its settings are wrong.
	Build func(get Lookup, core Core) (Adapter, error)
}

// Messages are the texts an adapter says of its own in either language (the answers come from
// the engine), by name.
type Messages[K comparable] map[K]knowledge.Text

// Say returns message k in lang, formatted with args when there are any.
func (m Messages[K]) Say(lang knowledge.Lang, k K, args ...any) string {
	t := m[k].In(lang)
	if len(args) == 0 {
		return t
	}
	return fmt.Sprintf(t, args...)
}

// UTF16Len is the length of s as Telegram and Discord count it, in UTF-16 code units: an emoji
// counts two. It is never less than the count of code points (an invalid byte, sent as U+FFFD,
// counts one), so a text that fits one way fits the other.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Units(r)
	}
	return n
}

// CutUTF16 returns the longest prefix of s of at most n UTF-16 units, never splitting a rune.
func CutUTF16(s string, n int) string {
	used := 0
	for i, r := range s {
		used += utf16Units(r)
		if used > n {
			return s[:i]
		}
	}
	return s
}

func utf16Units(r rune) int {
	if r >= 0x10000 && r <= 0x10FFFF {
		return 2
	}
	return 1
}

// Recover, deferred by the goroutine handling one platform event, recovers a panic and logs it
// with its stack and the event's attributes, so that one bad event does not stop the others;
// onError, when set, counts it. What the user wrote is not among what is logged.
func Recover(logger *slog.Logger, onError func(error), event string, attrs ...any) {
	p := recover()
	if p == nil {
		return
	}
	if logger != nil {
		logger.Error("panic handling "+event, append(attrs, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))...)
	}
	if onError != nil {
		onError(fmt.Errorf("panic handling %s: %v", event, p))
	}
}
