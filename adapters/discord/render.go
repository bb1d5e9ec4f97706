package discord

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/nmi-factbot/nmibot/adapters"
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

// label names a text the adapter says of its own in either language; the answers themselves
// come from the engine.
type label int

const (
	labelOpen         label = iota // the quotation marks around a quote
	labelClose                     //
	labelQuotesNote                // the footer of an answer citing documents
	labelSources                   // the title of /sources
	labelSourcesIntro              //
	labelUnsupported               // the reply to a command, button or form the bot does not know
)

var labels = adapters.Messages[label]{
	labelOpen:         {FR: "« ", EN: "\u201c"},
	labelClose:        {FR: " »", EN: "\u201d"},
	labelQuotesNote:   {FR: "Citations mot pour mot des sources.", EN: "Quoted word for word from the sources, in the original French."},
	labelSources:      {FR: "Sources", EN: "Sources"},
	labelSourcesIntro: {FR: "Chaque réponse vient de l'un de ces documents, cité mot pour mot.", EN: "Every answer comes from one of these documents (in French), quoted word for word."},
	labelUnsupported: {
		FR: "Je ne connais pas cette commande, ce bouton ou ce formulaire : il vient peut-être d'une version précédente du bot. " +
			"Utilisez /demander, /sources ou /aide, ou mentionnez-moi avec une question.",
		EN: "I don't know this command, button or form: it may come from an older version of the bot. " +
			"Use /ask, /sources or /help, or mention me with a question.",
	},
}

// render turns an answer into an embed: the answer as its description, then one field per cited
// document, named by its title and date and holding its verbatim quotes; suggestions become
// buttons. title is the question as the user typed it, "" for none: the embed shows it cleaned
// (see cleanTitle).
func render(a answers.Answer, title string) message {
	e := &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       cleanTitle(title),
		Description: a.Text,
		Color:       colorNone,
	}
	if a.Answered {
		e.Color = colorAnswered
	}
	for _, d := range documents(a.Citations) {
		var quotes []string
		for _, q := range d.quotes {
			quotes = append(quotes, labels.Say(a.Lang, labelOpen)+q+labels.Say(a.Lang, labelClose))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: d.name, Value: strings.Join(quotes, "\n")})
	}
	if len(e.Fields) > 0 {
		e.Footer = &discordgo.MessageEmbedFooter{Text: labels.Say(a.Lang, labelQuotesNote)}
	}
	fit(e)
	return message{embed: e, components: buttons(a.Suggestions, a.Lang)}
}

// document is a cited document as an answer shows it: its title and date, and its quotes.
type document struct {
	name   string
	quotes []string
}

// documents groups citations by document, in the order each is first cited, each quote once.
func documents(cs []answers.Citation) []document {
	var docs []document
	at := map[string]int{} // by source file
	for _, c := range cs {
		i, ok := at[c.Source]
		if !ok {
			name := c.Title
			if c.Date != "" {
				name += ", " + c.Date
			}
			i = len(docs)
			at[c.Source] = i
			docs = append(docs, document{name: name})
		}
		if !slices.Contains(docs[i].quotes, c.Quote) {
			docs[i].quotes = append(docs[i].quotes, c.Quote)
		}
	}
	return docs
}

// Discord's message syntax, as a question may hold it.
var (
	customEmojiRE = regexp.MustCompile(`<a?:(\w+):\d+>`)             // <:name:id> shows as :name:
	commandRE     = regexp.MustCompile(`</([\w -]+):\d+>`)           // </name:id> shows as /name
	otherTagRE    = regexp.MustCompile(`<t:-?\d+(?::\w)?>|<id:\w+>`) // timestamps, guild navigation
	escapeRE      = regexp.MustCompile(`\\[^\p{L}\p{N}\s]`)          // \* shows a literal *
	maskedLinkRE  = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)      // [text](url) shows as text
	spaceBeforeRE = regexp.MustCompile(`\s+([,.])`)
	lineStartRE   = regexp.MustCompile(`^(?:#{1,3}|-#|>>>|>|[-*])\s+`)
	// markdownRE are the spans of inline Markdown, whose text is kept: code first, as Discord
	// reads it first, then the pairs of markers, longest first.
	markdownRE = []*regexp.Regexp{
		regexp.MustCompile("```(?:\\w*\n)?([^`]+)```"),
		regexp.MustCompile("``([^`]+)``"),
		regexp.MustCompile("`([^`]+)`"),
		regexp.MustCompile(`\*\*(\S(?:.*?\S)?)\*\*`),
		regexp.MustCompile(`__(\S(?:.*?\S)?)__`),
		regexp.MustCompile(`~~(\S(?:.*?\S)?)~~`),
		regexp.MustCompile(`\|\|(\S(?:.*?\S)?)\|\|`),
		regexp.MustCompile(`\*(\S(?:[^*]*?\S)?)\*`),
		regexp.MustCompile(`(^|[^\p{L}\p{N}_])_(\S(?:[^_]*?\S)?)_($|[^\p{L}\p{N}_])`), // not in snake_case
	}
)

// cleanTitle is a question as an embed title shows it: without mentions, which would show raw
// ids (and never ping, allowed_mentions aside), Discord tags rendered as their names, Markdown
// spans reduced to their text (an escaped marker stays escaped), on one line with white space
// collapsed, within the title's limit of UTF-16 units.
func cleanTitle(q string) string {
	q, escaped := setEscapesAside(q)
	q = oneLine(plainMarkdown(plainTags(q)))
	return shorten(restoreEscapes(q, escaped), maxTitle)
}

// plainTags renders Discord's tags as text: mentions and timestamps go, emoji and commands
// keep their names.
func plainTags(q string) string {
	q = customEmojiRE.ReplaceAllString(q, ":$1:")
	q = commandRE.ReplaceAllString(q, "/$1")
	q = otherTagRE.ReplaceAllString(q, " ")
	return mentionRE.ReplaceAllString(q, " ")
}

// plainMarkdown reduces links and inline Markdown spans to their text, nested ones too.
func plainMarkdown(q string) string {
	q = maskedLinkRE.ReplaceAllString(q, "$1")
	for changed := true; changed; {
		changed = false
		for _, re := range markdownRE {
			repl := "$1"
			if re.NumSubexp() == 3 {
				repl = "$1$2$3"
			}
			if next := re.ReplaceAllString(q, repl); next != q {
				q, changed = next, true
			}
		}
	}
	return q
}

// oneLine collapses white space and control characters into single spaces, and drops the marks
// that format a line from its start (headings, quotes, list items).
func oneLine(q string) string {
	q = strings.Join(strings.FieldsFunc(q, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	q = spaceBeforeRE.ReplaceAllString(q, "$1")
	for {
		next := lineStartRE.ReplaceAllString(q, "")
		if next == q {
			return q
		}
		q = next
	}
}

// setEscapesAside replaces each escaped marker ("\*") by a placeholder, so that it pairs with
// nothing, and returns them in order.
func setEscapesAside(q string) (string, []string) {
	var escaped []string
	q = strings.Map(func(r rune) rune {
		if isPlaceholder(r) {
			return -1
		}
		return r
	}, q)
	q = escapeRE.ReplaceAllStringFunc(q, func(e string) string {
		escaped = append(escaped, e)
		return string(placeholder(len(escaped) - 1))
	})
	return q, escaped
}

// Escaped markers stand aside as runes of the Private Use Area while a title is cleaned; any the
// question held itself are dropped first.
const placeholderBase = 0xE000

func isPlaceholder(r rune) bool { return r >= placeholderBase && r <= 0xF8FF }

func placeholder(i int) rune { return placeholderBase + rune(min(i, 0xF8FF-placeholderBase)) }

// restoreEscapes puts the escapes set aside back in place of their placeholders.
func restoreEscapes(s string, escaped []string) string {
	if len(escaped) == 0 {
		return s
	}
	var out strings.Builder
	for _, r := range s {
		if i := int(r - placeholderBase); isPlaceholder(r) && i < len(escaped) {
			out.WriteString(escaped[i])
			continue
		}
		out.WriteRune(r)
	}
	return out.String()
}

// renderSources lists the source documents: title, date and file name.
func renderSources(srcs []*knowledge.Source, lang knowledge.Lang) message {
	e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Title: labels.Say(lang, labelSources), Description: labels.Say(lang, labelSourcesIntro), Color: colorAnswered}
	for _, s := range srcs {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  s.Title.In(lang),
			Value: s.When.In(lang),
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
	return head + adapters.CutUTF16(q, maxCustomID-adapters.UTF16Len(head))
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
// characters: the answer first, then the quotes, the last document's first; the documents' names
// stay.
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
	parts := []*string{&e.Description}
	for i := len(e.Fields) - 1; i >= 0; i-- {
		parts = append(parts, &e.Fields[i].Value)
	}
	for _, p := range parts {
		excess -= trim(p, excess, 100)
		if excess <= 0 {
			return
		}
	}
	// Still too long (many documents): drop the last fields, keeping the first document.
	for excess > 0 && len(e.Fields) > 1 {
		last := e.Fields[len(e.Fields)-1]
		e.Fields = e.Fields[:len(e.Fields)-1]
		excess -= adapters.UTF16Len(last.Name) + adapters.UTF16Len(last.Value)
	}
	if excess > 0 {
		trim(&e.Title, excess, 1)
	}
}

// trim shortens *s by up to n characters, keeping at least keep, and returns how many went.
func trim(s *string, n, keep int) int {
	l := adapters.UTF16Len(*s)
	target := max(l-n, keep)
	if target >= l {
		return 0
	}
	*s = shorten(*s, target)
	return l - adapters.UTF16Len(*s)
}

func embedLength(e *discordgo.MessageEmbed) int {
	n := adapters.UTF16Len(e.Title) + adapters.UTF16Len(e.Description)
	for _, f := range e.Fields {
		n += adapters.UTF16Len(f.Name) + adapters.UTF16Len(f.Value)
	}
	if e.Footer != nil {
		n += adapters.UTF16Len(e.Footer.Text)
	}
	if e.Author != nil {
		n += adapters.UTF16Len(e.Author.Name)
	}
	return n
}

// ellipsis ends a shortened text.
const ellipsis = "…"

// shorten returns s cut to at most n characters, ending with an ellipsis when cut.
func shorten(s string, n int) string {
	if adapters.UTF16Len(s) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	return strings.TrimRightFunc(adapters.CutUTF16(s, n-1), unicode.IsSpace) + ellipsis
}
