package discord

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"

	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// Discord's limits, in characters. Discord rejects a message over any of them; the bot shortens
// instead.
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxFields      = 25
	maxEmbedTotal  = 6000 // title, description, field names and values, footer, of all embeds
	maxButtons     = 5    // one action row
	maxLabel       = 80
	maxCustomID    = 100
	maxChoices     = 25
	maxChoice      = 100
)

// Embed colours: NATO blue for an answer from the sources, grey for anything else.
const (
	colorAnswered = 0x004990
	colorNone     = 0x99aab5
)

// message is a reply before it becomes an interaction response or a channel message.
type message struct {
	content    string
	embed      *discordgo.MessageEmbed
	components []discordgo.MessageComponent
}

// noMentions allows no mention at all: a question echoed with "@everyone" in it pings no one.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// labels are the words of an embed, by language.
type labels struct {
	source, quote string
	open, close   string // quotation marks around a quote
	sources       string // the title of /sources
	sourcesIntro  string
}

func labelsFor(lang knowledge.Lang) labels {
	if lang == knowledge.English {
		return labels{
			source: "Source", quote: "Quote (original French)", open: "\u201c", close: "\u201d",
			sources:      "Sources",
			sourcesIntro: "Every answer comes from one of these documents (in French), quoted word for word.",
		}
	}
	return labels{
		source: "Source", quote: "Citation", open: "« ", close: " »",
		sources:      "Sources",
		sourcesIntro: "Chaque réponse vient de l'un de ces documents, cité mot pour mot.",
	}
}

// render turns an answer into an embed: the answer as its description, then for each citation
// the source's title and date and the verbatim quote, and the documents' file names in the
// footer; suggestions become buttons. title is the question as the user typed it, "" for none.
func render(a answers.Answer, title string) message {
	l := labelsFor(a.Lang)
	e := &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       strings.TrimSpace(title),
		Description: a.Text,
		Color:       colorNone,
	}
	if a.Answered {
		e.Color = colorAnswered
	}
	var files []string
	for i, c := range a.Citations {
		src, quote := l.source, l.quote
		if len(a.Citations) > 1 {
			n := " " + strconv.Itoa(i+1)
			src, quote = src+n, quote+n
		}
		where := c.Title
		if c.Date != "" {
			where += ", " + c.Date
		}
		e.Fields = append(e.Fields,
			&discordgo.MessageEmbedField{Name: src, Value: where},
			&discordgo.MessageEmbedField{Name: quote, Value: l.open + c.Quote + l.close})
		if !slices.Contains(files, c.Source) {
			files = append(files, c.Source)
		}
	}
	if len(files) > 0 {
		e.Footer = &discordgo.MessageEmbedFooter{Text: strings.Join(files, " · ")}
	}
	fit(e)
	return message{embed: e, components: buttons(a.Suggestions, a.Lang)}
}

// renderSources lists the source documents: title, date and file name.
func renderSources(srcs []*knowledge.Source, lang knowledge.Lang) message {
	l := labelsFor(lang)
	e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Title: l.sources, Description: l.sourcesIntro, Color: colorAnswered}
	for _, s := range srcs {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  s.Title.In(lang),
			Value: s.When.In(lang) + " · `" + s.File + "`",
		})
	}
	fit(e)
	return message{embed: e}
}

// buttons turns suggested questions into a row of buttons, each asking its question when pressed.
func buttons(sugg []string, lang knowledge.Lang) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	seen := map[string]bool{}
	for _, s := range sugg {
		id := askID(lang, s)
		if strings.TrimSpace(s) == "" || seen[id] || len(row) == maxButtons {
			continue
		}
		seen[id] = true
		row = append(row, discordgo.Button{Label: shorten(s, maxLabel), Style: discordgo.SecondaryButton, CustomID: id})
	}
	if len(row) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

// askPrefix starts the custom ID of a suggestion button: "ask:<lang>:<question>".
const askPrefix = "ask:"

// askID is the custom ID of a button asking q. The question is cut to fit Discord's 100
// characters: the matcher still recognises it, and the button needs no state to be answered.
func askID(lang knowledge.Lang, q string) string {
	head := askPrefix + string(lang) + ":"
	return head + cut(q, maxCustomID-length(head))
}

// parseAskID returns the language and question of a suggestion button's custom ID.
func parseAskID(id string) (knowledge.Lang, string, bool) {
	rest, ok := strings.CutPrefix(id, askPrefix)
	if !ok {
		return "", "", false
	}
	lang, q, ok := strings.Cut(rest, ":")
	if !ok {
		return "", "", false
	}
	switch knowledge.Lang(lang) {
	case knowledge.French, knowledge.English, "":
		return knowledge.Lang(lang), q, true
	}
	return "", "", false
}

// fit shortens an embed to Discord's limits, each part to its own, then the whole to 6000
// characters: the answer first, then the quotes, the last first; the sources stay.
func fit(e *discordgo.MessageEmbed) {
	if len(e.Fields) > maxFields {
		e.Fields = e.Fields[:maxFields]
	}
	e.Title = shorten(e.Title, maxTitle)
	e.Description = shorten(e.Description, maxDescription)
	for _, f := range e.Fields {
		f.Name = shorten(f.Name, maxFieldName)
		f.Value = shorten(f.Value, maxFieldValue)
	}
	if e.Footer != nil {
		e.Footer.Text = shorten(e.Footer.Text, maxFooter)
	}
	excess := embedLength(e) - maxEmbedTotal
	if excess <= 0 {
		return
	}
	// Quotes are the odd fields of an answer; a list of sources has none to spare.
	parts := []*string{&e.Description}
	for i := len(e.Fields) - 1; i >= 1; i -= 2 {
		parts = append(parts, &e.Fields[i].Value)
	}
	for _, p := range parts {
		excess -= trim(p, excess, 100)
		if excess <= 0 {
			return
		}
	}
	// Still too long (many citations): drop the last fields, keeping the first source.
	for excess > 0 && len(e.Fields) > 1 {
		last := e.Fields[len(e.Fields)-1]
		e.Fields = e.Fields[:len(e.Fields)-1]
		excess -= length(last.Name) + length(last.Value)
	}
	if excess > 0 {
		trim(&e.Title, excess, 1)
	}
}

// trim shortens *s by up to n characters, keeping at least keep, and returns how many went.
func trim(s *string, n, keep int) int {
	l := length(*s)
	target := max(l-n, keep)
	if target >= l {
		return 0
	}
	*s = shorten(*s, target)
	return l - length(*s)
}

func embedLength(e *discordgo.MessageEmbed) int {
	n := length(e.Title) + length(e.Description)
	for _, f := range e.Fields {
		n += length(f.Name) + length(f.Value)
	}
	if e.Footer != nil {
		n += length(e.Footer.Text)
	}
	if e.Author != nil {
		n += length(e.Author.Name)
	}
	return n
}

// length counts characters as Discord's clients do, in UTF-16 code units: an emoji counts two.
// It is never less than the count of code points, so a text that fits one way fits the other.
func length(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

// ellipsis ends a shortened text.
const ellipsis = "…"

// shorten returns s cut to at most n characters, ending with an ellipsis when cut.
func shorten(s string, n int) string {
	if length(s) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	return strings.TrimRightFunc(cut(s, n-1), unicode.IsSpace) + ellipsis
}

// cut returns the longest prefix of s of at most n characters, never splitting a rune.
func cut(s string, n int) string {
	used := 0
	for i, r := range s {
		used += max(utf16.RuneLen(r), 1) // an invalid rune is sent as U+FFFD, one unit
		if used > n {
			return s[:i]
		}
	}
	return s
}
