package discord

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/internal/golden"

	"github.com/bwmarrin/discordgo"

	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/knowledge"

	"github.com/nmi-factbot/nmibot/adapters"
)

// Fixed answers, not the engine's, so that the goldens change only when rendering does.
var (
	commanderFR = answers.Answer{
		Question: "Qui commande la NMI ?", Lang: knowledge.French, Answered: true, Kind: answers.KindFact,
		Intent: "nmi-commander", Confidence: 0.99,
		Text: "En 2025, la NMI est commandée par le général de division Christophe Hintzy, basé à Bagdad.",
		Citations: []answers.Citation{
			{Source: "002_e6841f8475bc7b21.txt", Title: "Entretien avec le général Christophe Hintzy, commandant de la NMI", Date: "2025",
				Quote: "explique le général de division Christophe Hintzy, commandant de la NMI et basé à Bagdad", Line: 1},
			{Source: "002_e6841f8475bc7b21.txt", Title: "Entretien avec le général Christophe Hintzy, commandant de la NMI", Date: "2025",
				Quote: "Le général Christophe Hintzy, en poste depuis quelques mois", Line: 3},
			{Source: "000_69db24bb4d4db2b1.txt", Title: "OTAN, « Mission OTAN en Iraq (NMI) »", Date: "fin 2020",
				Quote: "Elle est placée sous le commandement du lieutenant-général Per Pugholm Olsen (Danemark).", Line: 5},
		},
		Suggestions: []string{},
	}
	declinedEN = answers.Answer{
		Question: "What is the capital of France?", Lang: knowledge.English, Kind: answers.KindNone,
		Text:        "I don't know that from my sources, which are about NATO Mission Iraq. Try for example:",
		Citations:   []answers.Citation{},
		Suggestions: []string{"When was NATO Mission Iraq launched?", "Who commands NATO Mission Iraq?", "Who commands NATO Mission Iraq?"},
	}
)

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name    string
		a       answers.Answer
		private bool
	}{
		{"commander-fr", commanderFR, false},
		{"declined-en-private", declinedEN, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.MarshalIndent(reply(render(tt.a, tt.a.Question), tt.private), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden.Check(t, filepath.Join("testdata", tt.name+".golden"), string(got))
		})
	}
}

func TestRenderRespectsDiscordLimits(t *testing.T) {
	long := func(s string, n int) string { return strings.Repeat(s, n) }
	cite := func(n int, quote string) []answers.Citation {
		var cs []answers.Citation
		for i := range n {
			cs = append(cs, answers.Citation{Source: "00" + string(rune('0'+i%10)) + ".txt", Title: "Titre du document", Date: "2025", Quote: quote})
		}
		return cs
	}
	tests := []struct {
		name string
		a    answers.Answer
	}{
		{"long answer", answers.Answer{Lang: knowledge.French, Answered: true, Text: long("mot ", 2000), Citations: cite(1, "une citation")}},
		{"long quote", answers.Answer{Lang: knowledge.French, Answered: true, Text: "court", Citations: cite(1, long("cité ", 400))}},
		{"over 6000 in all", answers.Answer{Lang: knowledge.English, Answered: true, Text: long("word ", 800), Citations: cite(6, long("quote ", 170))}},
		{"many citations", answers.Answer{Lang: knowledge.English, Answered: true, Text: long("x", 4096), Citations: cite(20, long("q", 1024))}},
		{"emoji count twice", answers.Answer{Lang: knowledge.French, Answered: true, Text: long("🇮🇶", 1500), Citations: cite(1, "c")}},
		{"long question and suggestions", answers.Answer{Question: long("q", 300), Lang: knowledge.French, Text: "?",
			Suggestions: []string{long("une très longue suggestion ", 10), "a", "b", "c", "d", "e", "f"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := render(tt.a, tt.a.Question)
			e := m.embed
			if n := adapters.UTF16Len(e.Title); n > maxTitle {
				t.Errorf("title of %d characters, want at most %d", n, maxTitle)
			}
			if n := adapters.UTF16Len(e.Description); n > maxDescription {
				t.Errorf("description of %d characters, want at most %d", n, maxDescription)
			}
			if len(e.Fields) > maxFields {
				t.Errorf("%d fields, want at most %d", len(e.Fields), maxFields)
			}
			for _, f := range e.Fields {
				if adapters.UTF16Len(f.Name) > maxFieldName || adapters.UTF16Len(f.Value) > maxFieldValue || f.Value == "" {
					t.Errorf("field %q of %d characters, want 1 to %d", f.Name, adapters.UTF16Len(f.Value), maxFieldValue)
				}
			}
			if n := embedLength(e); n > maxEmbedTotal {
				t.Errorf("embed of %d characters, want at most %d", n, maxEmbedTotal)
			}
			if adapters.UTF16Len(tt.a.Text) > maxDescription && !strings.HasSuffix(e.Description, ellipsis) {
				t.Errorf("a shortened description must end with %q: …%q", ellipsis, e.Description[len(e.Description)-20:])
			}
			if len(tt.a.Citations) > 0 && (len(e.Fields) == 0 || !strings.HasPrefix(e.Fields[0].Name, "Titre du document")) {
				t.Errorf("fields %+v, want the first document kept", e.Fields)
			}
			for _, row := range m.components {
				for _, c := range row.(discordgo.ActionsRow).Components {
					b := c.(discordgo.Button)
					if adapters.UTF16Len(b.Label) > maxLabel || adapters.UTF16Len(b.CustomID) > maxCustomID {
						t.Errorf("button label %d, custom id %d characters; want at most %d and %d", adapters.UTF16Len(b.Label), adapters.UTF16Len(b.CustomID), maxLabel, maxCustomID)
					}
				}
				if n := len(row.(discordgo.ActionsRow).Components); n > maxButtons {
					t.Errorf("%d buttons in a row, want at most %d", n, maxButtons)
				}
			}
		})
	}
}

func TestRenderCitesEachDocumentOnceByTitleAndDate(t *testing.T) {
	type field struct{ name, value string }
	interview := func(q string) answers.Citation {
		return answers.Citation{Source: "002_e6841f8475bc7b21.txt", Title: "Entretien avec le général Hintzy", Date: "2025", Quote: q}
	}
	nato := func(q string) answers.Citation {
		return answers.Citation{Source: "000_69db24bb4d4db2b1.txt", Title: "OTAN, « Mission OTAN en Iraq (NMI) »", Date: "fin 2020", Quote: q}
	}
	tests := []struct {
		name       string
		lang       knowledge.Lang
		cites      []answers.Citation
		want       []field
		wantFooter string
	}{
		{"one quote", knowledge.French, []answers.Citation{interview("basé à Bagdad")},
			[]field{{"Entretien avec le général Hintzy, 2025", "« basé à Bagdad »"}}, "mot pour mot"},
		{"two quotes of one document share its field", knowledge.French, []answers.Citation{interview("basé à Bagdad"), interview("commandant de la NMI")},
			[]field{{"Entretien avec le général Hintzy, 2025", "« basé à Bagdad »\n« commandant de la NMI »"}}, "mot pour mot"},
		{"documents in the order first cited", knowledge.French, []answers.Citation{interview("a"), nato("b"), interview("c")},
			[]field{{"Entretien avec le général Hintzy, 2025", "« a »\n« c »"}, {"OTAN, « Mission OTAN en Iraq (NMI) », fin 2020", "« b »"}}, "mot pour mot"},
		{"a quote cited twice is shown once", knowledge.French, []answers.Citation{nato("b"), nato("b")},
			[]field{{"OTAN, « Mission OTAN en Iraq (NMI) », fin 2020", "« b »"}}, "mot pour mot"},
		{"no date", knowledge.French, []answers.Citation{{Source: "004.txt", Title: "Communiqué", Quote: "q"}},
			[]field{{"Communiqué", "« q »"}}, "mot pour mot"},
		{"English says the quotes are in French", knowledge.English, []answers.Citation{interview("basé à Bagdad")},
			[]field{{"Entretien avec le général Hintzy, 2025", "\u201cbasé à Bagdad\u201d"}}, "original French"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := render(answers.Answer{Lang: tt.lang, Answered: true, Text: "x", Citations: tt.cites}, "q").embed
			var got []field
			for _, f := range e.Fields {
				got = append(got, field{f.Name, f.Value})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("fields = %q, want %q", got, tt.want)
			}
			if e.Footer == nil || !strings.Contains(e.Footer.Text, tt.wantFooter) {
				t.Errorf("footer = %+v, want it to hold %q", e.Footer, tt.wantFooter)
			}
			if j, _ := json.Marshal(e); strings.Contains(string(j), ".txt") {
				t.Errorf("embed %s names a file, want titles only", j)
			}
		})
	}
}

func TestRenderTitleIsTheQuestionCleaned(t *testing.T) {
	tests := []struct {
		name, question, want string
	}{
		// Mentions are removed: a title pings no one, and shows no raw ids.
		{"user mention", "<@123456789> qui commande la NMI ?", "qui commande la NMI ?"},
		{"nickname mention", "dis <@!123>, qui commande ?", "dis, qui commande ?"},
		{"channel and role", "<#42> <@&7> who commands?", "who commands?"},
		{"everyone and here", "@everyone @here who commands?", "who commands?"},
		{"custom emoji keeps its name", "qui commande <:nato:123> ?", "qui commande :nato: ?"},
		{"command mention keeps its name", "comme </ask:99> dit", "comme /ask dit"},
		{"timestamp", "depuis <t:1700000000:R> ?", "depuis ?"},

		// Markdown is stripped, its text kept.
		{"bold and italics", "**qui** *commande* __la__ _NMI_ ?", "qui commande la NMI ?"},
		{"nested", "***qui*** commande ?", "qui commande ?"},
		{"code", "`qui` commande ```la NMI``` ?", "qui commande la NMI ?"},
		{"spoiler and strike", "||qui|| ~~commande~~ ?", "qui commande ?"},
		{"masked link", "voir [la NMI](https://evil.example/x) ?", "voir la NMI ?"},
		{"heading and quote", "# qui commande ?", "qui commande ?"},
		{"block quote", ">>> qui commande ?", "qui commande ?"},
		{"lone star is kept", "2*3 mandats ?", "2*3 mandats ?"},
		{"escaped stars stay literal", `\*qui\* ?`, `\*qui\* ?`},
		{"snake case", "le mot nmi_mission_id ?", "le mot nmi_mission_id ?"},

		// White space is collapsed, the length bounded.
		{"white space", "  qui\n\tcommande   ?  ", "qui commande ?"},
		{"line break before a heading", "qui\n# commande ?", "qui # commande ?"},
		{"only a mention", "<@1>", ""},
		{"long, in UTF-16 units", strings.Repeat("😀", 200), strings.Repeat("😀", 127) + ellipsis},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(answers.Answer{Lang: knowledge.French, Text: "x"}, tt.question).embed.Title
			if got != tt.want {
				t.Errorf("title of %q = %q, want %q", tt.question, got, tt.want)
			}
			if n := adapters.UTF16Len(got); n > maxTitle {
				t.Errorf("title of %d UTF-16 units, want at most %d", n, maxTitle)
			}
		})
	}
}

func TestReplyShortensContent(t *testing.T) {
	r := reply(message{content: strings.Repeat("é", 2500)}, false)
	if n := adapters.UTF16Len(r.Data.Content); n != maxContent || !strings.HasSuffix(r.Data.Content, ellipsis) {
		t.Errorf("content of %d characters, want %d ending with an ellipsis", n, maxContent)
	}
}

func TestShorten(t *testing.T) {
	tests := []struct {
		name string
		s    string
		n    int
		want string
	}{
		{"fits", "abc", 3, "abc"},
		{"cut", "abcdef", 4, "abc…"},
		{"trailing space dropped", "ab cdef", 4, "ab…"},
		{"never splits a rune", "ééééé", 3, "éé…"},
		{"emoji are two units", "🇮🇶🇮🇶", 5, "🇮🇶…"},
		{"zero", "abc", 0, ""},
	}
	for _, tt := range tests {
		if got := shorten(tt.s, tt.n); got != tt.want {
			t.Errorf("%s: shorten(%q, %d) = %q, want %q", tt.name, tt.s, tt.n, got, tt.want)
		}
	}
}

func TestAskID(t *testing.T) {
	tests := []struct {
		name     string
		id       string
		wantLang knowledge.Lang
		wantQ    string
		wantOK   bool
	}{
		{"French", askID(knowledge.French, "Qui commande la NMI ?"), knowledge.French, "Qui commande la NMI ?", true},
		{"cut to 100", askID(knowledge.English, strings.Repeat("why ", 40)), knowledge.English, strings.Repeat("why ", 40)[:93], true},
		{"other button", "vote:yes", "", "", false},
		{"unknown language", "ask:de:Wer?", "", "", false},
		{"no language", "ask:", "", "", false},
	}
	for _, tt := range tests {
		lang, q, ok := parseAskID(tt.id)
		if lang != tt.wantLang || q != tt.wantQ || ok != tt.wantOK || adapters.UTF16Len(tt.id) > maxCustomID {
			t.Errorf("%s: parseAskID(%q) = %q, %q, %v; want %q, %q, %v", tt.name, tt.id, lang, q, ok, tt.wantLang, tt.wantQ, tt.wantOK)
		}
	}
}

func TestMentionQuestion(t *testing.T) {
	bot := &discordgo.User{ID: "BOT1", Bot: true}
	alice := &discordgo.User{ID: "U1"}
	tests := []struct {
		name   string
		m      *discordgo.Message
		want   string
		wantOK bool
	}{
		{"mention", &discordgo.Message{GuildID: "G", Author: alice, Content: "<@BOT1> qui commande ?", Mentions: []*discordgo.User{bot}}, "qui commande ?", true},
		{"nickname mention", &discordgo.Message{GuildID: "G", Author: alice, Content: "dis <@!BOT1>, qui commande ?", Mentions: []*discordgo.User{bot}}, "dis  , qui commande ?", true},
		{"mention alone", &discordgo.Message{GuildID: "G", Author: alice, Content: "<@BOT1>", Mentions: []*discordgo.User{bot}}, "", true},
		{"direct message", &discordgo.Message{Author: alice, Content: "who commands?"}, "who commands?", true},
		{"no mention", &discordgo.Message{GuildID: "G", Author: alice, Content: "qui commande ?"}, "", false},
		{"another user mentioned", &discordgo.Message{GuildID: "G", Author: alice, Content: "<@U2> hi", Mentions: []*discordgo.User{{ID: "U2"}}}, "", false},
		{"from a bot", &discordgo.Message{GuildID: "G", Author: &discordgo.User{ID: "B2", Bot: true}, Content: "<@BOT1> x", Mentions: []*discordgo.User{bot}}, "", false},
		{"from itself", &discordgo.Message{Author: bot, Content: "x"}, "", false},
		{"no author", &discordgo.Message{Content: "x"}, "", false},
		{"nil mention", &discordgo.Message{GuildID: "G", Author: alice, Content: "x", Mentions: []*discordgo.User{nil}}, "", false},
	}
	for _, tt := range tests {
		if got, ok := mentionQuestion(tt.m, "BOT1"); got != tt.want || ok != tt.wantOK {
			t.Errorf("%s: mentionQuestion(%q) = %q, %v; want %q, %v", tt.name, tt.m.Content, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestStripMentions(t *testing.T) {
	tests := []struct{ in, want string }{
		{"@everyone qui commande ?", "qui commande ?"},
		{"<@&42> <#7> <@1> @here who?", "who?"},
		{"email@example.org", "email@example.org"},
	}
	for _, tt := range tests {
		if got := strings.Join(strings.Fields(stripMentions(tt.in)), " "); got != tt.want {
			t.Errorf("stripMentions(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLocaleLang(t *testing.T) {
	tests := []struct {
		locale   discordgo.Locale
		want, ui knowledge.Lang
	}{
		{"fr", knowledge.French, knowledge.French},
		{"en-US", knowledge.English, knowledge.English},
		{"en-GB", knowledge.English, knowledge.English},
		{"de", "", knowledge.English},
		{"", "", knowledge.English},
	}
	for _, tt := range tests {
		if got, ui := localeLang(tt.locale), uiLang(tt.locale); got != tt.want || ui != tt.ui {
			t.Errorf("localeLang(%q), uiLang = %q, %q; want %q, %q", tt.locale, got, ui, tt.want, tt.ui)
		}
	}
}

func TestAPIURLRewritesEveryRequest(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Host+r.URL.Path)
	}))
	defer srv.Close()
	tests := []struct {
		name, base, want string
	}{
		{"host", srv.URL, "/api/v9/gateway"},
		{"host and path", srv.URL + "/proxy/", "/proxy/api/v9/gateway"},
	}
	for _, tt := range tests {
		c, err := httpClient(tt.base)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.Get(discordgo.EndpointGateway)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		resp.Body.Close()
		if last := got[len(got)-1]; last != srv.Listener.Addr().String()+tt.want {
			t.Errorf("%s: request reached %s, want %s%s", tt.name, last, srv.Listener.Addr(), tt.want)
		}
	}
	for _, bad := range []string{"ftp://x", "127.0.0.1:80", "http://"} {
		if _, err := httpClient(bad); err == nil {
			t.Errorf("httpClient(%q) succeeded, want an error", bad)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"nothing", Config{}},
		{"shard out of range", Config{Token: "t", ShardID: 2, ShardCount: 2}},
		{"negative shard", Config{Token: "t", ShardID: -1}},
		{"short public key", Config{PublicKey: make([]byte, 5)}},
		{"bad API URL", Config{Token: "t", APIURL: "discord"}},
		{"negative response time", Config{Token: "t", RespondWithin: -time.Second}},
		{"response time past Discord's 3 s", Config{Token: "t", RespondWithin: 3 * time.Second}},
	}
	for _, tt := range tests {
		if _, err := New(adapters.Core{Engine: mustEngine(t)}, tt.cfg); err == nil {
			t.Errorf("%s: New succeeded, want an error", tt.name)
		}
	}
	if _, err := ParsePublicKey("zz"); err == nil {
		t.Error("ParsePublicKey(zz) succeeded, want an error")
	}
	if k, err := ParsePublicKey(strings.Repeat("ab", 32)); err != nil || len(k) != 32 {
		t.Errorf("ParsePublicKey(64 hex digits) = %v, %v", k, err)
	}
}
