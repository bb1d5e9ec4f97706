package discord

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/conversations"
	"github.com/nmi-factbot/nmibot/knowledge"

	"github.com/nmi-factbot/nmibot/adapters"
)

var (
	engineOnce sync.Once
	engine     *answers.Engine
	engineErr  error
)

// mustEngine returns the real engine on the embedded fact base, loaded once for all tests.
func mustEngine(tb testing.TB) *answers.Engine {
	tb.Helper()
	engineOnce.Do(func() { engine, engineErr = answers.Default() })
	if engineErr != nil {
		tb.Fatal(engineErr)
	}
	return engine
}

// mustNew makes an adapter of cfg on core, with the real engine.
func mustNew(tb testing.TB, cfg Config, core adapters.Core) *Adapter {
	tb.Helper()
	core.Engine = mustEngine(tb)
	b, err := New(core, cfg)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return b
}

// The secrets of the tests, which the logs must never hold.
const testToken = "test-bot-token-do-not-log"

// response is the part of an interaction response or a message the tests look at.
type response struct {
	Type int `json:"type"`
	Data struct {
		Content string                          `json:"content"`
		Flags   int                             `json:"flags"`
		Embeds  []embed                         `json:"embeds"`
		Comps   []struct{ Components []button } `json:"components"`
		Choices []struct{ Name, Value string }  `json:"choices"`
		Mention *allowedMentions                `json:"allowed_mentions"`
	} `json:"data"`
}

type embed struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Fields      []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
	Footer struct {
		Text string `json:"text"`
	} `json:"footer"`
}

type button struct {
	Label    string `json:"label"`
	CustomID string `json:"custom_id"`
}

type allowedMentions struct {
	Parse       *[]string `json:"parse"`
	Users       []string  `json:"users"`
	Roles       []string  `json:"roles"`
	RepliedUser bool      `json:"replied_user"`
}

// message is a channel message as the bot posts it.
type postedMessage struct {
	Embeds    []embed                         `json:"embeds"`
	Comps     []struct{ Components []button } `json:"components"`
	Mention   *allowedMentions                `json:"allowed_mentions"`
	Reference struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
}

// checkNoMentions fails unless allowed mentions allow none.
func checkNoMentions(t *testing.T, m *allowedMentions) {
	t.Helper()
	if m == nil || m.Parse == nil || len(*m.Parse) != 0 || len(m.Users) != 0 || len(m.Roles) != 0 || m.RepliedUser {
		t.Errorf("allowed_mentions = %+v, want {parse: []} and nothing else", m)
	}
}

// checkCited fails unless e is an answer citing its source: text, then a field named by the
// source's title and date holding the quote; no file name is shown.
func checkCited(t *testing.T, e embed, text, source, quote string) {
	t.Helper()
	if !strings.Contains(e.Description, text) {
		t.Errorf("description = %q, want it to hold %q", e.Description, text)
	}
	cited := false
	for _, f := range e.Fields {
		cited = cited || strings.Contains(f.Name, source) && strings.Contains(f.Value, quote)
	}
	if !cited {
		t.Errorf("fields = %+v, want one named %q holding %q", e.Fields, source, quote)
	}
	if j := mustMarshal(e); strings.Contains(string(j), ".txt") {
		t.Errorf("embed %s names a file, want the documents' titles only", j)
	}
}

// checkUnsupported returns a check that a response is the private message in lang answering what
// the bot does not handle: what it is, the commands, and the greeting with example buttons.
func checkUnsupported(lang knowledge.Lang) func(t *testing.T, body []byte) {
	want := map[knowledge.Lang]struct{ content, command, greeting string }{
		knowledge.French:  {"Je ne connais pas cette commande", "/demander", "Bonjour"},
		knowledge.English: {"I don't know this command", "/ask", "Hello!"},
	}[lang]
	return func(t *testing.T, body []byte) {
		t.Helper()
		r := decode[response](t, body)
		if r.Type != 4 || r.Data.Flags != 64 {
			t.Fatalf("response type %d, flags %d; want a message only its user sees (type 4, flags 64)", r.Type, r.Data.Flags)
		}
		if !strings.HasPrefix(r.Data.Content, want.content) || !strings.Contains(r.Data.Content, want.command) {
			t.Errorf("content = %q, want it to start with %q and name %s", r.Data.Content, want.content, want.command)
		}
		if len(r.Data.Embeds) != 1 || !strings.HasPrefix(r.Data.Embeds[0].Description, want.greeting) || len(r.Data.Comps) != 1 {
			t.Errorf("response %+v, want the greeting (%q…) with example buttons", r.Data, want.greeting)
		}
		checkNoMentions(t, r.Data.Mention)
	}
}

func TestGateway(t *testing.T) {
	f := newFakeDiscord(t, fakeOptions{rateLimited: "/interactions/ratelimited/"})
	logs := newLogSink()
	b := mustNew(t, Config{Token: testToken, GuildID: "G1", APIURL: f.rest.URL}, adapters.Core{
		Conversations: &answers.Dialogue{Engine: mustEngine(t), Store: conversations.NewMemory(10, time.Minute)}, Logger: logs.logger(),
	})
	running(t, b)

	// Connecting: IDENTIFY with the token and no privileged intent, then the commands.
	op, id := f.handshake(t)
	if op != 2 || id["token"] != "Bot "+testToken {
		t.Errorf("handshake op %d, token %v; want IDENTIFY with the bot token", op, id["token"])
	}
	if intents := int(id["intents"].(float64)); intents&(1<<15) != 0 || intents&(1<<9) == 0 {
		t.Errorf("intents = %b, want guild messages and not MESSAGE_CONTENT", intents)
	}
	if _, sharded := id["shard"]; sharded {
		t.Errorf("IDENTIFY has a shard, want none for one connection")
	}
	c := f.conn(t)
	reg := f.next(t)
	if reg.Method != "PUT" || reg.Path != "/api/v9/applications/APP1/guilds/G1/commands" {
		t.Fatalf("first request %s %s, want the commands registered in guild G1", reg.Method, reg.Path)
	}
	var cmds []struct {
		Name    string            `json:"name"`
		NameFR  map[string]string `json:"name_localizations"`
		DescFR  map[string]string `json:"description_localizations"`
		Options []struct {
			Name         string            `json:"name"`
			NameFR       map[string]string `json:"name_localizations"`
			Autocomplete bool              `json:"autocomplete"`
		} `json:"options"`
	}
	if err := json.Unmarshal(reg.Body, &cmds); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name+"/"+c.NameFR["fr"])
		if c.DescFR["fr"] == "" {
			t.Errorf("command %q has no French description", c.Name)
		}
	}
	if got := strings.Join(names, " "); got != "ask/demander sources/sources help/aide" {
		t.Errorf("commands = %s, want ask/demander sources/sources help/aide", got)
	}
	if len(cmds) > 0 && (len(cmds[0].Options) != 2 || !cmds[0].Options[0].Autocomplete || cmds[0].Options[1].NameFR["fr"] != "privé") {
		t.Errorf("/ask options = %+v, want question (autocomplete) and private (privé)", cmds[0].Options)
	}

	tests := []struct {
		name     string
		event    string // dispatched
		file     string // in testdata/events
		wantPath string
		check    func(t *testing.T, body []byte)
	}{
		// Slash commands.
		{"ask in French", "INTERACTION_CREATE", "ask-fr.json", "/api/v9/interactions/101/tok-ask-fr/callback", func(t *testing.T, body []byte) {
			r := decode[response](t, body)
			if r.Type != 4 || len(r.Data.Embeds) != 1 || r.Data.Flags != 0 {
				t.Fatalf("response type %d, %d embeds, flags %d; want a public message with one embed", r.Type, len(r.Data.Embeds), r.Data.Flags)
			}
			checkCited(t, r.Data.Embeds[0], "Christophe Hintzy", "Entretien avec le général Christophe Hintzy, commandant de la NMI, 2025",
				"« explique le général de division Christophe Hintzy")
			checkNoMentions(t, r.Data.Mention)
		}},
		{"ask privately in English, with mentions in the question", "INTERACTION_CREATE", "ask-private-en.json", "/api/v9/interactions/102/tok-ask-private/callback", func(t *testing.T, body []byte) {
			r := decode[response](t, body)
			if r.Type != 4 || r.Data.Flags != 64 || len(r.Data.Embeds) != 1 {
				t.Fatalf("response type %d, flags %d; want an ephemeral message (flags 64)", r.Type, r.Data.Flags)
			}
			e := r.Data.Embeds[0]
			checkCited(t, e, "commanded by Major General Christophe Hintzy", "Interview with", "explique le général")
			if e.Title != "who commands NATO Mission Iraq?" {
				t.Errorf("title = %q, want the question without its mentions", e.Title)
			}
			checkNoMentions(t, r.Data.Mention)
		}},
		{"unclear question gets buttons", "INTERACTION_CREATE", "ask-unclear.json", "/api/v9/interactions/103/tok-ask-unclear/callback", func(t *testing.T, body []byte) {
			r := decode[response](t, body)
			if len(r.Data.Comps) != 1 || len(r.Data.Comps[0].Components) == 0 {
				t.Fatalf("components = %+v, want a row of suggestion buttons", r.Data.Comps)
			}
			for _, b := range r.Data.Comps[0].Components {
				if !strings.HasPrefix(b.CustomID, "ask:fr:") || b.Label == "" {
					t.Errorf("button %+v, want a label and custom id ask:fr:<question>", b)
				}
			}
			checkNoMentions(t, r.Data.Mention)
		}},
		{"pressing a suggestion answers it", "INTERACTION_CREATE", "button.json", "/api/v9/interactions/104/tok-button/callback", func(t *testing.T, body []byte) {
			r := decode[response](t, body)
			if r.Type != 4 || r.Data.Flags != 64 || len(r.Data.Embeds) != 1 {
				t.Fatalf("response type %d, flags %d; want a message, private as the one the button is under", r.Type, r.Data.Flags)
			}
			checkCited(t, r.Data.Embeds[0], "Christophe Hintzy", "Entretien", "Christophe Hintzy")
			checkNoMentions(t, r.Data.Mention)
		}},
		{"autocomplete", "INTERACTION_CREATE", "autocomplete.json", "/api/v9/interactions/105/tok-autocomplete/callback", func(t *testing.T, body []byte) {
			r := decode[response](t, body)
			if r.Type != 8 || len(r.Data.Choices) == 0 || len(r.Data.Choices) > 25 {
				t.Fatalf("response type %d with %d choices, want type 8 with 1 to 25", r.Type, len(r.Data.Choices))
			}
			if !hasChoice(r, "Qui commande la NMI ?") {
				t.Errorf("choices = %+v, want %q among them", r.Data.Choices, "Qui commande la NMI ?")
			}
		}},
		{"sources", "INTERACTION_CREATE", "sources.json", "/api/v9/interactions/106/tok-sources/callback", func(t *testing.T, body []byte) {
			r := decode[response](t, body)
			if len(r.Data.Embeds) != 1 || len(r.Data.Embeds[0].Fields) != 5 {
				t.Fatalf("embeds = %+v, want one listing the five sources", r.Data.Embeds)
			}
			for _, f := range r.Data.Embeds[0].Fields {
				if f.Name == "" || f.Value == "" || strings.Contains(f.Name+f.Value, ".txt") {
					t.Errorf("source field %+v, want its title and date, no file name", f)
				}
			}
			checkNoMentions(t, r.Data.Mention)
		}},
		{"help in the user's locale", "INTERACTION_CREATE", "help.json", "/api/v9/interactions/107/tok-help/callback", func(t *testing.T, body []byte) {
			r := decode[response](t, body)
			if len(r.Data.Embeds) != 1 || !strings.HasPrefix(r.Data.Embeds[0].Description, "Hello!") || len(r.Data.Comps) != 1 {
				t.Fatalf("response %+v, want the English greeting with example buttons", r.Data)
			}
			checkNoMentions(t, r.Data.Mention)
		}},

		// What the bot does not know gets a private message saying what it can do, in the
		// user's locale, rather than "This interaction failed".
		{"unknown command", "INTERACTION_CREATE", "unknown-command.json", "/api/v9/interactions/108/tok-unknown/callback", checkUnsupported(knowledge.French)},
		{"stale button", "INTERACTION_CREATE", "button-stale.json", "/api/v9/interactions/109/tok-button-stale/callback", checkUnsupported(knowledge.English)},
		{"button of an older version", "INTERACTION_CREATE", "button-old-version.json", "/api/v9/interactions/110/tok-button-old/callback", checkUnsupported(knowledge.French)},
		{"modal submit, in a locale the bot does not speak", "INTERACTION_CREATE", "modal.json", "/api/v9/interactions/111/tok-modal/callback", checkUnsupported(knowledge.English)},

		// Mentions.
		{"mention gets a reply", "MESSAGE_CREATE", "mention.json", "/api/v9/channels/C1/messages", func(t *testing.T, body []byte) {
			m := decode[postedMessage](t, body)
			if m.Reference.MessageID != "M1" || len(m.Embeds) != 1 {
				t.Fatalf("message %s, want a reply to M1 with one embed", body)
			}
			checkCited(t, m.Embeds[0], "juillet 2018", "Relations avec l'Iraq", "Bruxelles")
			checkNoMentions(t, m.Mention)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.dispatch(t, tt.event, readEvent(t, tt.file))
			r := f.next(t)
			if r.Method != "POST" || r.Path != tt.wantPath {
				t.Fatalf("request %s %s, want POST %s", r.Method, r.Path, tt.wantPath)
			}
			tt.check(t, r.Body)
		})
	}

	t.Run("429 is retried a bounded number of times", func(t *testing.T) {
		c.dispatch(t, "INTERACTION_CREATE", readEvent(t, "ask-ratelimited.json"))
		for range 1 + maxRateLimitRetries {
			if r := f.next(t); !strings.Contains(r.Path, "/ratelimited/") {
				t.Fatalf("request %s %s, want the rate-limited callback again", r.Method, r.Path)
			}
		}
		logs.waitFor(t, "still rate limited")
		select {
		case r := <-f.requests:
			t.Errorf("request %s %s after giving up", r.Method, r.Path)
		default:
		}
		if l := logs.all(); strings.Contains(l, "tok-ratelimited") {
			t.Errorf("the log holds the interaction token:\n%s", l)
		}
	})

	t.Run("logs hold no token and no question", func(t *testing.T) {
		l := logs.all()
		for _, secret := range []string{testToken, "Qui commande", "who commands", "quand la NMI"} {
			if strings.Contains(l, secret) {
				t.Errorf("the log holds %q:\n%s", secret, l)
			}
		}
	})
}

func hasChoice(r response, want string) bool {
	for _, c := range r.Data.Choices {
		if c.Name == want && c.Value == want {
			return true
		}
	}
	return false
}

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%v in %s", err, body)
	}
	return v
}

func TestGatewayStopsWhenAnIntentIsNotGranted(t *testing.T) {
	f := newFakeDiscord(t, fakeOptions{closeAfterIdentify: 4014})
	b := mustNew(t, Config{Token: testToken, APIURL: f.rest.URL, MessageContent: true, ShardID: 1, ShardCount: 2}, adapters.Core{})
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	err := b.Run(ctx)
	if ctx.Err() != nil {
		t.Fatal("Run went on reconnecting after close code 4014")
	}
	var ce *websocket.CloseError
	if !errors.Is(err, ErrFatalClose) || !errors.As(err, &ce) || ce.Code != 4014 || !strings.Contains(err.Error(), "MESSAGE_CONTENT") {
		t.Errorf("Run = %v, want ErrFatalClose with close code 4014 naming MESSAGE_CONTENT", err)
	}
	_, id := f.handshake(t)
	if intents := int(id["intents"].(float64)); intents&(1<<15) == 0 {
		t.Errorf("intents = %b, want MESSAGE_CONTENT requested", intents)
	}
	if shard, _ := id["shard"].([]any); len(shard) != 2 || shard[0] != 1.0 || shard[1] != 2.0 {
		t.Errorf("shard = %v, want [1 2]", id["shard"])
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("the error holds the token: %v", err)
	}
}

func TestGatewayResumesAfterADisconnection(t *testing.T) {
	f := newFakeDiscord(t, fakeOptions{dropFirst: 4000})
	b := mustNew(t, Config{Token: testToken, APIURL: f.rest.URL}, adapters.Core{})
	running(t, b)
	if op, _ := f.handshake(t); op != 2 {
		t.Fatalf("first handshake op %d, want IDENTIFY (2)", op)
	}
	op, d := f.handshake(t)
	if op != 6 || d["session_id"] != "S1" {
		t.Fatalf("second handshake op %d %v, want RESUME (6) of session S1", op, d)
	}
	if r := f.next(t); r.Method != "PUT" {
		t.Fatalf("request %s %s, want the commands registered", r.Method, r.Path)
	}
	// discordgo's heartbeat can close the new connection while the first one closes (a race in
	// the library), and then the bot connects again; the fake does not replay events as Discord
	// does on a resume, so the event is sent again on each new connection until it is answered.
	ask := readEvent(t, "ask-fr.json")
	f.conn(t).send("INTERACTION_CREATE", ask)
	for {
		select {
		case r := <-f.requests:
			if !strings.HasSuffix(r.Path, "/callback") {
				t.Fatalf("request %s %s, want the interaction answered after resuming", r.Method, r.Path)
			}
			return
		case c := <-f.conns:
			c.send("INTERACTION_CREATE", ask)
		case <-time.After(wait):
			t.Fatal("the interaction was not answered after resuming")
		}
	}
}

// readiness is how the server's /readyz asks a component whether it is connected.
type readiness interface{ Ready() error }

func TestReadyFollowsTheGatewayConnection(t *testing.T) {
	hold := make(chan struct{})
	f := newFakeDiscord(t, fakeOptions{holdReconnect: hold})
	b := mustNew(t, Config{Token: testToken, APIURL: f.rest.URL}, adapters.Core{})
	r, ok := any(b).(readiness)
	if !ok {
		t.Fatal("*Adapter has no Ready() error method: /readyz cannot tell the gateway is down")
	}
	if err := r.Ready(); err == nil {
		t.Error("Ready() = nil before Run, want an error")
	}
	running(t, b)
	c := f.conn(t)
	waitReady(t, r, true, "once connected")

	// Discord closes the connection; the next one is held, so the bot stays disconnected.
	c.close(t)
	waitReady(t, r, false, "after Discord closed the connection")
	close(hold)
	f.conn(t)
	waitReady(t, r, true, "after reconnecting")

}

func TestReadyWithoutAGatewayIsNil(t *testing.T) {
	b := mustNew(t, Config{PublicKey: make([]byte, 32)}, adapters.Core{})
	r, ok := any(b).(readiness)
	if !ok {
		t.Fatal("*Adapter has no Ready() error method")
	}
	if err := r.Ready(); err != nil {
		t.Errorf("HTTP interactions only: Ready() = %v, want nil: there is no connection to wait for", err)
	}
}

// waitReady waits until r.Ready() says ready or not, as want.
func waitReady(t *testing.T, r readiness, want bool, when string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		err := r.Ready()
		if (err == nil) == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: Ready() = %v, want ready %v", when, err, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestHandlersRecoverPanics(t *testing.T) {
	logs := newLogSink()
	b := mustNew(t, Config{PublicKey: make([]byte, 32)}, adapters.Core{Logger: logs.logger()})
	b.recovered("message", func() { panic("boom") })
	logs.waitFor(t, "panic handling a gateway event")
	if !strings.Contains(logs.all(), "boom") {
		t.Errorf("log = %s, want the panic value", logs.all())
	}
}
