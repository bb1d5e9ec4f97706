package discord

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/nmi-factbot/nmibot/internal/liblog"
)

// sessionLogLevel is the most detailed level of discordgo's own lines: warnings say why a
// connection dropped; its informational lines are chatter, and its debug ones print the IDENTIFY
// packet, token included, and every event, questions included.
const sessionLogLevel = discordgo.LogWarning

// minSecret is the length of the shortest token hidden in discordgo's lines: a real one is some
// seventy characters, and hiding a shorter string (a test's "t") would garble every line.
const minSecret = 8

// maxFormats bounds the rate limits kept by message format; discordgo has a few dozen.
const maxFormats = 64

// libraryLog is where discordgo's lines go. discordgo logs through one package-level function,
// discordgo.Logger, for every session of the process, so this state is one too: the logger of
// the adapter made last, and the tokens of every adapter made, which are redacted.
var libraryLog = &libraryLines{}

// libraryLogOnce sets discordgo.Logger, once: it is read by discordgo without synchronisation, so
// it is set before the first session exists and never changed.
var libraryLogOnce sync.Once

// libraryLines routes discordgo's lines to a slog.Logger, rate-limited per message format.
type libraryLines struct {
	mu       sync.Mutex
	logger   *slog.Logger
	secrets  []string
	byFormat map[string]*liblog.Lines
}

// routeLibraryLog sends discordgo's lines to logger from now on, redacting token.
func routeLibraryLog(logger *slog.Logger, token string) {
	libraryLogOnce.Do(func() { discordgo.Logger = libraryLog.print })
	libraryLog.use(logger, token)
}

func (l *libraryLines) use(logger *slog.Logger, token string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if logger != l.logger {
		l.logger, l.byFormat = logger, map[string]*liblog.Lines{}
	}
	if len(token) >= minSecret && !slices.Contains(l.secrets, token) {
		l.secrets = append(l.secrets, token)
	}
}

// print is discordgo.Logger: one line of discordgo at its level, formatted.
func (l *libraryLines) print(level, _ int, format string, args ...any) {
	l.mu.Lock()
	if l.logger == nil {
		l.mu.Unlock()
		return
	}
	lines, ok := l.byFormat[format]
	if !ok {
		key := format
		if len(l.byFormat) >= maxFormats {
			key = "" // past the bound, formats share one budget
		}
		if lines, ok = l.byFormat[key]; !ok {
			lines = liblog.New(l.logger, "discordgo", slog.LevelWarn)
			l.byFormat[key] = lines
		}
	}
	secrets := l.secrets[:len(l.secrets):len(l.secrets)]
	l.mu.Unlock()
	line := fmt.Sprintf(format, withheld(args)...)
	lines.Print(slogLevel(level), hide(line, secrets...))
}

// slogLevel is the slog level of a discordgo level.
func slogLevel(level int) slog.Level {
	switch level {
	case discordgo.LogError:
		return slog.LevelError
	case discordgo.LogWarning:
		return slog.LevelWarn
	case discordgo.LogInformational:
		return slog.LevelInfo
	}
	return slog.LevelDebug
}

// withheld returns the arguments of a discordgo line with what may carry a payload replaced by
// its size or type: discordgo prints raw events (what users wrote) and structs with %#v.
// Numbers, durations, errors and short plain strings (a URL, an event name) are kept.
func withheld(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			out[i] = v
			if len(v) > 120 || strings.ContainsAny(v, "{[\"\n") {
				out[i] = fmt.Sprintf("<%d bytes withheld>", len(v))
			}
		case []byte:
			out[i] = fmt.Sprintf("<%d bytes withheld>", len(v))
		case error:
			out[i] = v.Error()
		case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64, bool, time.Duration, time.Time:
			out[i] = v
		default:
			out[i] = fmt.Sprintf("<%T withheld>", v)
		}
	}
	return out
}
