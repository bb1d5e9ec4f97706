package telegram

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/nmi-factbot/nmibot/internal/golden"

	"github.com/go-telegram/bot/models"

	"github.com/nmi-factbot/nmibot/adapters"
	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/knowledge"
)

var (
	engineOnce sync.Once
	engine     *answers.Engine
	engineErr  error
)

// mustEngine returns the real engine on the embedded fact base, loaded once for all tests.
// rendered is the reply to q, with its "Sources" button.
func rendered(eng *answers.Engine, q string) reply {
	a := eng.Answer(answers.Question{Text: q})
	return renderAnswer(a, eng.SourcesRef(a))
}

// sourcesOf is what the "Sources" button of the answer to q shows.
func sourcesOf(tb testing.TB, eng *answers.Engine, q string) answers.Answer {
	tb.Helper()
	a := eng.Answer(answers.Question{Text: q})
	s, ok := eng.SourcesOf(eng.SourcesRef(a), a.Lang)
	if !ok {
		tb.Fatalf("SourcesOf(SourcesRef(%q)) not found", q)
	}
	return s
}

func mustEngine(tb testing.TB) *answers.Engine {
	tb.Helper()
	engineOnce.Do(func() { engine, engineErr = answers.Default() })
	if engineErr != nil {
		tb.Fatalf("answers.Default: %v", engineErr)
	}
	return engine
}

var allowedTag = regexp.MustCompile(`</?(b|i|blockquote)>`)

// checkHTML fails the test unless s is what Telegram's HTML parse mode accepts from us: only
// our tags, balanced, and text with every <, > and & escaped.
func checkHTML(tb testing.TB, s string) {
	tb.Helper()
	for _, tag := range []string{"b", "i", "blockquote"} {
		if o, c := strings.Count(s, "<"+tag+">"), strings.Count(s, "</"+tag+">"); o != c {
			tb.Errorf("unbalanced <%s>: %d opened, %d closed in\n%s", tag, o, c, s)
		}
	}
	text := allowedTag.ReplaceAllString(s, "")
	if strings.ContainsAny(text, "<>") {
		tb.Errorf("unescaped < or > in\n%s", s)
	}
	for i := strings.Index(text, "&"); i >= 0; i = strings.Index(text, "&") {
		rest := text[i:]
		if !strings.HasPrefix(rest, "&amp;") && !strings.HasPrefix(rest, "&lt;") && !strings.HasPrefix(rest, "&gt;") && !strings.HasPrefix(rest, "&quot;") {
			tb.Errorf("unescaped & in\n%s", s)
			return
		}
		text = rest[1:]
	}
}

func TestEscape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"markup", "<b>x</b> _*[", "&lt;b&gt;x&lt;/b&gt; _*["},
		{"ampersand first", "&lt; & <", "&amp;lt; &amp; &lt;"},
		{"plain French", "Qu'a fait l'OTAN « en 2018 » ?", "Qu'a fait l'OTAN « en 2018 » ?"},
	}
	for _, tt := range tests {
		if got := escape(tt.in); got != tt.want {
			t.Errorf("%s: escape(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// Rendered answers are compared with golden files, rewritten by go test -update.
func TestRenderGolden(t *testing.T) {
	eng := mustEngine(t)
	hostile := "<b>x</b> _*[ & </blockquote>"
	tests := []struct {
		name  string
		reply reply
	}{
		{"commander-fr", rendered(eng, "Qui commande la NMI ?")},
		{"launch-en", rendered(eng, "When was NATO Mission Iraq launched?")},
		{"declined-fr", renderAnswer(eng.Answer(answers.Question{Text: "Quelle est la capitale de la France ?"}), "")},
		{"help-en", renderAnswer(eng.Help(knowledge.English), "")},
		{"sources-fr", renderSources(knowledge.French, eng.Base().Sources)},
		{"citations-en", renderAnswer(sourcesOf(t, eng, "Who commands NMI?"), "")},
		// Every piece of user- or source-derived text is escaped.
		{"hostile", renderAnswer(answers.Answer{
			Question: hostile, Lang: knowledge.French, Answered: true, Intent: "x", Text: hostile,
			Citations:   []answers.Citation{{Title: hostile, Date: hostile, Quote: hostile}},
			Suggestions: []string{hostile},
		}, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range tt.reply.parts {
				checkHTML(t, p)
			}
			got := strings.Join(tt.reply.parts, "\n---\n")
			if tt.reply.keyboard != nil {
				b, err := json.MarshalIndent(tt.reply.keyboard, "", " ")
				if err != nil {
					t.Fatal(err)
				}
				got += "\n--- keyboard\n" + string(b)
			}
			got += "\n"
			golden.Check(t, filepath.Join("testdata", tt.name+".golden"), got)
		})
	}
}

// The keyboard is our own type: the library's buttons carry an empty "copy_text" the Bot API
// may refuse.
func TestKeyboardJSONHasOnlyCallbackButtons(t *testing.T) {
	eng := mustEngine(t)
	a := eng.Answer(answers.Question{Text: "Qui commande la NMI ?"})
	r := renderAnswer(a, eng.SourcesRef(a))
	b, err := json.Marshal(r.keyboard)
	if err != nil {
		t.Fatal(err)
	}
	want := `"callback_data":"src:` + eng.SourcesRef(a) + `"`
	if strings.Contains(string(b), "copy_text") || !strings.Contains(string(b), want) {
		t.Errorf("keyboard = %s; want callback buttons only, with %s", b, want)
	}
}

func TestSplitLongMessages(t *testing.T) {
	line := strings.Repeat("é", 9) + " " + strings.Repeat("a<", 44) // 98 runes, 142 escaped units
	var lines []string
	for range 50 {
		lines = append(lines, line)
	}
	longLines := strings.Join(lines, "\n")
	oneLine := strings.Repeat("mot ", 2500) // 10 000 characters, no line break
	tests := []struct {
		name      string
		blocks    []block
		wantParts int
	}{
		{"5000-character answer", []block{{text: strings.Repeat(strings.Repeat("x", 99)+"\n", 50)}}, 2},
		{"escapes count", []block{{text: longLines}}, 3},
		{"long quote keeps its tags", []block{{text: "réponse"}, {open: "<blockquote>", close: "</blockquote>", text: longLines}, {open: "<i>", close: "</i>", text: "Source"}}, 3},
		{"one long line", []block{{text: oneLine}}, 3},
		{"short", []block{{text: "a"}, {open: "<i>", close: "</i>", text: "b"}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := pack(tt.blocks, maxMessage)
			if len(parts) != tt.wantParts {
				t.Errorf("pack: %d parts, want %d", len(parts), tt.wantParts)
			}
			var words []string
			for _, p := range parts {
				if n := adapters.UTF16Len(p); n > maxMessage {
					t.Errorf("part of %d UTF-16 units, over %d", n, maxMessage)
				}
				checkHTML(t, p)
				words = append(words, strings.Fields(allowedTag.ReplaceAllString(p, " "))...)
			}
			var want []string
			for _, b := range tt.blocks {
				want = append(want, strings.Fields(escape(b.text))...)
			}
			if strings.Join(words, " ") != strings.Join(want, " ") {
				t.Errorf("pack lost or cut words")
			}
		})
	}
	// Parts break on line boundaries: every line arrives whole.
	parts := pack([]block{{text: longLines}}, maxMessage)
	for _, p := range parts {
		for _, l := range strings.Split(p, "\n") {
			if l != escape(line) {
				t.Fatalf("a line was cut: %q", l)
			}
		}
	}
}

func TestParseCommand(t *testing.T) {
	ent := func(n int) []models.MessageEntity {
		return []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: n}}
	}
	tests := []struct {
		name                    string
		text                    string
		ents                    []models.MessageEntity
		wantName, wantTo, wantQ string
		wantOK                  bool
	}{
		{"plain", "/help", ent(5), "help", "", "", true},
		{"addressed", "/help@NMI_Facts_Bot", ent(19), "help", "NMI_Facts_Bot", "", true},
		{"ask addressed", "/ask@nmi_facts_bot Qui commande la NMI ?", ent(18), "ask", "nmi_facts_bot", "Qui commande la NMI ?", true},
		{"accented argument", "/ask Où est basée la NMI ?", ent(4), "ask", "", "Où est basée la NMI ?", true},
		{"no entity", "/LANG   en", nil, "lang", "", "en", true},
		{"new line", "/ask\nQui ?", nil, "ask", "", "Qui ?", true},
		{"entity out of range", "/ask", ent(40), "ask", "", "", true},
		{"not a command", "qui commande ? /help", nil, "", "", "", false},
		{"bare slash", "/ qui", nil, "", "", "", false},
	}
	for _, tt := range tests {
		name, to, q, ok := parseCommand(tt.text, tt.ents)
		if name != tt.wantName || to != tt.wantTo || q != tt.wantQ || ok != tt.wantOK {
			t.Errorf("%s: parseCommand(%q) = %q, %q, %q, %v; want %q, %q, %q, %v", tt.name, tt.text,
				name, to, q, ok, tt.wantName, tt.wantTo, tt.wantQ, tt.wantOK)
		}
	}
}

// Every mention is taken out of the question, the bot's and anyone else's: mention and
// text_mention entities, whose offsets are UTF-16 units (accented letters count one, emoji
// two), and @username tokens without an entity. Only an entity says the bot is addressed.
func TestMention(t *testing.T) {
	me := &models.User{ID: 123, Username: "nmi_facts_bot"}
	mentionAt := func(offset int) []models.MessageEntity {
		return []models.MessageEntity{{Type: models.MessageEntityTypeMention, Offset: offset, Length: 14}}
	}
	// ents marks each of subs in text as an entity of type typ.
	ents := func(text string, typ models.MessageEntityType, subs ...string) []models.MessageEntity {
		var out []models.MessageEntity
		for _, sub := range subs {
			i := strings.Index(text, sub)
			out = append(out, models.MessageEntity{Type: typ, Offset: adapters.UTF16Len(text[:i]), Length: adapters.UTF16Len(sub)})
		}
		return out
	}
	const (
		first  = "@nmi_facts_bot @alice quand la NMI a-t-elle été lancée ?"
		middle = "Question pour @nmi_facts_bot (cc @alice) : quand ?"
		last   = "@nmi_facts_bot quand la NMI a-t-elle été lancée ? 😀 @alice"
		named  = "@nmi_facts_bot Alice Martin demande : quand ?"
		addr   = "/ask@nmi_facts_bot @alice qui ?"
	)
	alice := append(ents(named, models.MessageEntityTypeMention, "@nmi_facts_bot"),
		models.MessageEntity{Type: models.MessageEntityTypeTextMention, Offset: 15, Length: 12, User: &models.User{ID: 1003}})
	tests := []struct {
		name   string
		text   string
		ents   []models.MessageEntity
		want   string
		wantOK bool
	}{
		// The bot's own mention.
		{"first", "@nmi_facts_bot qui commande la NMI ?", mentionAt(0), "qui commande la NMI ?", true},
		{"after accents and emoji", "Éloïse 😀 demande à @nmi_facts_bot : quand ?", mentionAt(20), "Éloïse 😀 demande à  : quand ?", true},
		{"case", "@NMI_Facts_Bot où ?", mentionAt(0), "où ?", true},
		{"text mention", "Bot, qui ?", []models.MessageEntity{{Type: models.MessageEntityTypeTextMention, Offset: 0, Length: 3, User: &models.User{ID: 123}}}, ", qui ?", true},
		// Someone else's mentions go too.
		{"someone else after the bot", first, ents(first, models.MessageEntityTypeMention, "@nmi_facts_bot", "@alice"), "quand la NMI a-t-elle été lancée ?", true},
		{"someone else in the middle", middle, ents(middle, models.MessageEntityTypeMention, "@nmi_facts_bot", "@alice"), "Question pour  (cc ) : quand ?", true},
		{"someone else at the end, after emoji", last, ents(last, models.MessageEntityTypeMention, "@nmi_facts_bot", "@alice"), "quand la NMI a-t-elle été lancée ? 😀", true},
		{"text mention of someone else", named, alice, "demande : quand ?", true},
		{"someone else alone", "@someone_else qui ?", []models.MessageEntity{{Type: models.MessageEntityTypeMention, Offset: 0, Length: 13}}, "qui ?", false},
		{"username without an entity", "@nmi_facts_bot @bob_smith qui ?", mentionAt(0), "qui ?", true},
		// An @username without an entity is taken out, but does not address the bot.
		{"no entities", "@nmi_facts_bot qui ?", nil, "qui ?", false},
		{"byte offset is not UTF-16", "été @nmi_facts_bot", mentionAt(6), "été", false},
		{"out of range", "@nmi", mentionAt(0), "@nmi", false},
		// What only looks like a mention stays.
		{"e-mail address", "écrire à camille@example.org : qui ?", nil, "écrire à camille@example.org : qui ?", false},
		{"command addressed to the bot", addr, append(ents(addr, models.MessageEntityTypeBotCommand, "/ask@nmi_facts_bot"), ents(addr, models.MessageEntityTypeMention, "@alice")...), "/ask@nmi_facts_bot  qui ?", false},
	}
	for _, tt := range tests {
		got, ok := mention(tt.text, tt.ents, me)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("%s: mention(%q) = %q, %v; want %q, %v", tt.name, tt.text, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestCallbackDataFitsTelegram(t *testing.T) {
	for _, s := range []string{"Qui commande la NMI ?", strings.Repeat("é", 40), strings.Repeat("x", 100)} {
		d := callbackData(dataAsk, s)
		if len(d) > maxCallbackData || !utf8.ValidString(d) || !strings.HasPrefix(d, dataAsk) {
			t.Errorf("callbackData(%q) = %q (%d bytes); want at most %d bytes of valid UTF-8", s, d, len(d), maxCallbackData)
		}
	}
}

func TestLangOf(t *testing.T) {
	tests := []struct {
		code string
		want knowledge.Lang
	}{
		{"fr", knowledge.French}, {"fr-CA", knowledge.French}, {"EN-gb", knowledge.English},
		{"en", knowledge.English}, {"de", ""}, {"", ""}, {"french", ""},
	}
	for _, tt := range tests {
		if got := langOf(tt.code); got != tt.want {
			t.Errorf("langOf(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}
