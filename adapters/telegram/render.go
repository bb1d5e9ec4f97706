package telegram

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nmi-factbot/nmibot/adapters"
	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// maxMessage is Telegram's limit on a message's text, in UTF-16 units. Splitting measures the
// HTML source, tags and escapes included, which is never shorter than the text Telegram counts.
const maxMessage = 4096

// maxShortQuote is the longest quote shown in an answer; a longer one is cut, and the "Full
// quote" button shows it whole. Mobile readers want the answer first.
const maxShortQuote = 300

// maxSuggestions is how many suggestion buttons an answer carries.
const maxSuggestions = 3

// maxCallbackData is Telegram's limit on a button's callback data, in bytes.
const maxCallbackData = 64

// Callback data prefixes: a button either asks a question or shows the sources of a fact.
const (
	dataAsk    = "q:"
	dataSource = "src:"
)

// reply is a rendered answer: one or more HTML messages, and the buttons that go under the last.
type reply struct {
	parts    []string
	keyboard *keyboard
}

// keyboard is an inline keyboard. It is our own type rather than models.InlineKeyboardMarkup,
// whose buttons always carry a "copy_text" object, empty ones included, which the Bot API may
// refuse (BUTTON_COPY_TEXT_INVALID).
type keyboard struct {
	Rows [][]button `json:"inline_keyboard"`
}

// button is a callback button.
type button struct {
	Text string `json:"text"`
	Data string `json:"callback_data"`
}

// block is a piece of a message: plain text, rendered escaped between open and close tags.
// Splitting keeps each part's tags balanced by cutting blocks, not HTML.
type block struct {
	open, close string
	text        string
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes plain text safe in Telegram's HTML parse mode, which knows only the entities
// &amp; &lt; &gt; and &quot;.
func escape(s string) string { return escaper.Replace(s) }

func (b block) render(text string) string { return b.open + escape(text) + b.close }

// renderAnswer renders an answer for a chat: the answer, then its first quote in a blockquote
// (cut when long) and its source; buttons for the full sources when some were left out, and for
// the suggested questions.
func renderAnswer(a answers.Answer, sources string) reply {
	blocks := []block{{text: a.Text}}
	var kb keyboard
	if a.Kind == answers.KindSources {
		// "source ?": every quote in full, once.
		for _, c := range a.Citations {
			blocks = append(blocks,
				block{open: "<blockquote>", close: "</blockquote>", text: c.Quote},
				block{open: "<i>", close: "</i>", text: messages.Say(a.Lang, msgSourceLine, c.Title, c.Date)})
		}
		return reply{parts: pack(blocks, maxMessage)}
	}
	if len(a.Citations) > 0 {
		c := a.Citations[0]
		quote, cut := shorten(c.Quote, maxShortQuote)
		blocks = append(blocks,
			block{open: "<blockquote>", close: "</blockquote>", text: quote},
			block{open: "<i>", close: "</i>", text: messages.Say(a.Lang, msgSourceLine, c.Title, c.Date)})
		if (cut || len(a.Citations) > 1) && sources != "" {
			label := messages.Say(a.Lang, msgButtonSource)
			if len(a.Citations) > 1 {
				label = messages.Say(a.Lang, msgButtonSources, len(a.Citations))
			}
			kb.Rows = append(kb.Rows, []button{{Text: label, Data: callbackData(dataSource, sources)}})
		}
	}
	for i, s := range a.Suggestions {
		if i == maxSuggestions {
			break
		}
		kb.Rows = append(kb.Rows, []button{{Text: s, Data: callbackData(dataAsk, s)}})
	}
	r := reply{parts: pack(blocks, maxMessage)}
	if len(kb.Rows) > 0 {
		r.keyboard = &kb
	}
	return r
}

// renderSources renders the list of source documents with their dates.
func renderSources(lang knowledge.Lang, sources []*knowledge.Source) reply {
	blocks := []block{{open: "<b>", close: "</b>", text: messages.Say(lang, msgSourcesHeader, len(sources))}}
	for i, s := range sources {
		blocks = append(blocks, block{text: strconv.Itoa(i+1) + ". " + s.Title.In(lang) + " — " + s.When.In(lang)})
	}
	return reply{parts: pack(blocks, maxMessage)}
}

// renderText renders a plain message of the adapter's own.
func renderText(text string) reply {
	return reply{parts: pack([]block{{text: text}}, maxMessage)}
}

// renderCard renders an answer as an inline-mode card: one message, without buttons (a message
// sent through inline mode belongs to the chat it is sent to, not to the bot).
func renderCard(a answers.Answer) string {
	r := renderAnswer(a, "")
	if len(r.parts) == 1 {
		return r.parts[0]
	}
	// Too long for one message: keep the answer, cut to fit.
	text, _ := shortenUnits(a.Text, maxMessage-16)
	return escape(text)
}

// callbackData builds a button's data from a prefix and a value, cut on a rune boundary to
// Telegram's 64 bytes.
func callbackData(prefix, value string) string {
	d := prefix + value
	if len(d) <= maxCallbackData {
		return d
	}
	d = d[:maxCallbackData]
	for !utf8.ValidString(d) {
		d = d[:len(d)-1]
	}
	return d
}

// shorten cuts s to at most n runes, at a word boundary when there is one, and marks the cut
// with an ellipsis. It reports whether it cut.
func shorten(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	rs := []rune(s)[:n]
	cut := string(rs)
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRightFunc(cut, unicode.IsSpace) + " …", true
}

// shortenUnits cuts s so that its escaped form is at most n UTF-16 units.
func shortenUnits(s string, n int) (string, bool) {
	if adapters.UTF16Len(escape(s)) <= n {
		return s, false
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		u := adapters.UTF16Len(escape(string(r)))
		if used+u > n-2 {
			break
		}
		used += u
		b.WriteRune(r)
	}
	return b.String() + " …", true
}

// pack renders blocks into messages of at most limit UTF-16 units, one block a line. A block too
// long for one message is split on line boundaries, and a line too long on a word boundary; each
// piece is wrapped in the block's tags, so every message is valid HTML on its own.
func pack(blocks []block, limit int) []string {
	var out []string
	var cur strings.Builder
	curSize := 0
	for _, b := range blocks {
		for _, p := range b.pieces(limit) {
			ps := adapters.UTF16Len(p)
			if curSize > 0 && curSize+1+ps > limit {
				out = append(out, cur.String())
				cur.Reset()
				curSize = 0
			}
			if curSize > 0 {
				cur.WriteByte('\n')
				curSize++
			}
			cur.WriteString(p)
			curSize += ps
		}
	}
	if curSize > 0 {
		out = append(out, cur.String())
	}
	return out
}

// pieces renders a block as one or more HTML fragments of at most limit UTF-16 units.
func (b block) pieces(limit int) []string {
	if strings.TrimSpace(b.text) == "" {
		return nil
	}
	if whole := b.render(b.text); adapters.UTF16Len(whole) <= limit {
		return []string{whole}
	}
	budget := max(limit-adapters.UTF16Len(b.open)-adapters.UTF16Len(b.close), 16)
	var out []string
	var cur []string
	curSize := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, b.render(strings.Join(cur, "\n")))
			cur, curSize = nil, 0
		}
	}
	for _, line := range strings.Split(b.text, "\n") {
		for _, seg := range splitLine(line, budget) {
			ss := adapters.UTF16Len(escape(seg))
			if len(cur) > 0 && curSize+1+ss > budget {
				flush()
			}
			if len(cur) > 0 {
				curSize++
			}
			cur = append(cur, seg)
			curSize += ss
		}
	}
	flush()
	return out
}

// splitLine cuts a line whose escaped form exceeds budget UTF-16 units into segments that fit,
// at the last space before the limit when there is one.
func splitLine(line string, budget int) []string {
	var out []string
	for adapters.UTF16Len(escape(line)) > budget {
		used, end, lastSpace := 0, 0, -1
		for i, r := range line {
			u := adapters.UTF16Len(escape(string(r)))
			if used+u > budget {
				break
			}
			used += u
			end = i + utf8.RuneLen(r)
			if unicode.IsSpace(r) {
				lastSpace = i
			}
		}
		if lastSpace > 0 {
			end = lastSpace
		}
		out = append(out, line[:end])
		line = strings.TrimLeftFunc(line[end:], unicode.IsSpace)
	}
	return append(out, line)
}
