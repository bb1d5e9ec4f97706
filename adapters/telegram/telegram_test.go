package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/adapters"
	"github.com/nmi-factbot/nmibot/adapters/telegram/telegramtest"
	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/conversations"
)

// testToken is the token the tests run with; no log may show it.
const testToken = "123:secret-test-token"

// wait bounds how long a test waits for the bot: a guard against a stuck test, not a timing
// requirement.
const wait = 10 * time.Second

// syncBuffer is a log destination safe for concurrent writes and reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is a running adapter, driven by the real go-telegram/bot client, against a fake Bot
// API server.
type harness struct {
	api    *telegramtest.Server
	a      *Adapter
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// start runs an adapter against a new fake server; cfg may set the webhook, core the timeout
// and OnError.
func start(t *testing.T, cfg Config, core adapters.Core) *harness {
	t.Helper()
	h := &harness{api: telegramtest.NewServer(t), logs: &syncBuffer{}, done: make(chan error, 1)}
	cfg.Token, cfg.APIURL = testToken, h.api.URL
	if core.ShutdownTimeout == 0 {
		core.ShutdownTimeout = 5 * time.Second
	}
	core.Logger = slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	core.Engine = mustEngine(t)
	core.Conversations = &answers.Dialogue{Engine: mustEngine(t), Store: conversations.NewMemory(100, time.Hour)}
	a, err := New(core, cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.a = a
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- a.Run(ctx) }()
	t.Cleanup(func() { h.stop(t) })
	return h
}

// stop stops the adapter, waits for Run to return and checks that no log showed the token.
func (h *harness) stop(t *testing.T) error {
	t.Helper()
	h.cancel()
	var err error
	select {
	case err = <-h.done:
		h.done <- err // a second stop gets the same result
	case <-time.After(wait):
		t.Fatalf("Run did not return after its context ended")
	}
	if strings.Contains(h.logs.String(), testToken) {
		t.Errorf("the logs show the token:\n%s", h.logs.String())
	}
	return err
}

// add queues the update of testdata/name for getUpdates.
func (h *harness) add(t *testing.T, name string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	h.api.AddUpdate(t, string(b))
}

// sentTo returns the sendMessage calls to a chat.
func sentTo(rs []*telegramtest.Request, chat int64) []*telegramtest.Request {
	var out []*telegramtest.Request
	for _, r := range rs {
		if r.Params["chat_id"] == fmt.Sprint(chat) {
			out = append(out, r)
		}
	}
	return out
}

// keyboardOf decodes a sendMessage's buttons.
func keyboardOf(t *testing.T, r *telegramtest.Request) keyboard {
	t.Helper()
	var kb keyboard
	if err := json.Unmarshal([]byte(r.Params["reply_markup"]), &kb); err != nil {
		t.Fatalf("reply_markup %q: %v", r.Params["reply_markup"], err)
	}
	return kb
}

// In a private chat every text is a question; the reply is HTML, escaped, link previews off.
func TestPrivateChat(t *testing.T) {
	tests := []struct {
		name        string
		update      string
		chat        int64
		want        []string // in the first message
		wantButtons int
	}{
		{"question", "private-question.json", 1001, []string{"11 juillet 2018", "<blockquote>", "</blockquote>\n<i>Source : OTAN"}, 1},
		{"someone mentioned", "private-mention-other.json", 1001, []string{"11 juillet 2018"}, 1},
		{"markup in the question", "private-html.json", 1001, []string{"Christophe Hintzy", "<blockquote>"}, 1},
		{"out of scope, with questions to try", "private-declined.json", 1001, []string{"Mes sources", "Essayez par exemple"}, 3},
		{"sticker", "private-sticker.json", 1001, []string{"Je ne lis que le texte"}, 0},
		{"over the length cap", "private-too-long.json", 1001, []string{"trop longue"}, 3},
		{"start", "private-start.json", 1001, []string{"Bonjour"}, 3},
		{"sources in English", "private-sources.json", 1002, []string{"My 5 source documents", "\n5. "}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, Config{}, adapters.Core{})
			h.add(t, tt.update)
			r := h.api.Wait(t, "sendMessage", 1, wait)[0]
			if got := r.Params["chat_id"]; got != fmt.Sprint(tt.chat) {
				t.Errorf("chat_id = %s, want %d", got, tt.chat)
			}
			if r.Params["parse_mode"] != "HTML" || r.Params["link_preview_options"] != `{"is_disabled":true}` {
				t.Errorf("parse_mode = %q, link_preview_options = %q; want HTML, previews off", r.Params["parse_mode"], r.Params["link_preview_options"])
			}
			if _, ok := r.Params["reply_parameters"]; ok {
				t.Errorf("a private reply quotes the question: %s", r.Params["reply_parameters"])
			}
			text := r.Params["text"]
			checkHTML(t, text)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("reply lacks %q:\n%s", w, text)
				}
			}
			if tt.wantButtons > 0 {
				kb := keyboardOf(t, r)
				if len(kb.Rows) != tt.wantButtons {
					t.Errorf("%d button rows, want %d: %s", len(kb.Rows), tt.wantButtons, r.Params["reply_markup"])
				}
			} else if r.Params["reply_markup"] != "" {
				t.Errorf("unexpected buttons: %s", r.Params["reply_markup"])
			}
		})
	}
}

// In groups the bot answers /ask, /cmd@BotName, mentions and replies to its messages, quoting
// the question, without the mentions of the bot or anyone else; other chatter (someone else
// mentioned alone included), other bots' commands, edited messages and service messages (a
// member joined, the group upgraded to a supergroup) get nothing.
func TestGroupAnswersOnlyWhatIsAddressedToIt(t *testing.T) {
	tests := []struct {
		name   string
		update string
		id     int    // the message's id, which the reply quotes
		want   string // "" when the bot must stay silent
	}{
		{"chatter", "group-chatter.json", 11, ""},
		{"another bot's command", "group-command-other-bot.json", 12, ""},
		{"edited mention", "group-edited.json", 13, ""},
		{"reply to a person", "group-reply-to-human.json", 14, ""},
		{"sticker", "group-sticker.json", 15, ""},
		{"member joined", "group-member-joined.json", 16, ""},
		{"someone else mentioned alone", "group-mention-other-only.json", 17, ""},
		{"upgraded to a supergroup (old chat)", "group-migrate-to.json", 18, ""},
		{"upgraded from a group (new chat)", "group-migrate-from.json", 1, ""},
		{"edited private message", "edited.json", 5, ""},
		{"ask", "group-ask.json", 21, "Christophe Hintzy"},
		{"ask at the bot", "group-ask-at-bot.json", 22, "July 2018"},
		{"help at the bot", "group-help-at-bot.json", 23, "Bonjour"},
		{"mention after accents", "group-mention-accents.json", 24, "11 juillet 2018"},
		{"reply to the bot", "group-reply-to-bot.json", 25, "Christophe Hintzy"},
		{"mention of the bot and someone else", "group-mention-bot-and-other.json", 26, "11 juillet 2018"},
		{"text mention of someone else", "group-text-mention-other.json", 27, "11 juillet 2018"},
		{"someone else's username without an entity", "group-mention-other-no-entity.json", 28, "11 juillet 2018"},
		{"ask, mentioning someone else", "group-ask-mention-other.json", 29, "11 juillet 2018"},
	}
	h := start(t, Config{}, adapters.Core{})
	for _, tt := range tests {
		h.add(t, tt.update)
	}
	// The library dispatches updates in order: once the last one is answered, every earlier one
	// has been dispatched, and stopping waits for those in flight.
	h.add(t, "private-question.json")
	h.api.WaitFor(t, "sendMessage", wait, func(r *telegramtest.Request) bool { return r.Params["chat_id"] == "1001" })
	if err := h.stop(t); err != nil {
		t.Fatalf("Run: %v", err)
	}
	sent := h.api.Requests("sendMessage")
	byID := map[int][]string{}
	for _, r := range sentTo(sent, -100200) {
		var rp struct {
			MessageID int  `json:"message_id"`
			Allow     bool `json:"allow_sending_without_reply"`
		}
		if err := json.Unmarshal([]byte(r.Params["reply_parameters"]), &rp); err != nil || !rp.Allow {
			t.Errorf("group reply without reply parameters quoting the question: %q", r.Params["reply_parameters"])
			continue
		}
		byID[rp.MessageID] = append(byID[rp.MessageID], r.Params["text"])
	}
	for _, tt := range tests {
		got := byID[tt.id]
		switch {
		case tt.want == "" && len(got) > 0:
			t.Errorf("%s (%s): the bot answered %q, want silence", tt.name, tt.update, got)
		case tt.want != "" && len(got) != 1:
			t.Errorf("%s (%s): %d replies, want 1", tt.name, tt.update, len(got))
		case tt.want != "" && !strings.Contains(got[0], tt.want):
			t.Errorf("%s (%s): reply lacks %q:\n%s", tt.name, tt.update, tt.want, got[0])
		}
	}
	if n := len(sentTo(sent, 1001)); n != 1 {
		t.Errorf("%d replies in the private chat, want 1 (the edited message is ignored)", n)
	}
	if n := len(sent) - len(sentTo(sent, -100200)) - len(sentTo(sent, 1001)); n != 0 {
		t.Errorf("%d replies in other chats (the service messages of an upgrade), want none", n)
	}
}

// /lang fixes the language of the chat's replies; /lang auto follows the question again.
func TestLangCommand(t *testing.T) {
	h := start(t, Config{}, adapters.Core{})
	steps := []struct {
		update string
		want   string
	}{
		{"private-lang-en.json", "I reply in English"},
		{"private-help.json", "Hello!"},
		{"private-start.json", "Hello!"},
		{"private-question.json", "11 July 2018"}, // asked in French, answered in English
		{"private-lang-auto.json", "dans la langue de chaque question"},
		{"private-question.json", "11 juillet 2018"},
	}
	for i, s := range steps {
		h.add(t, s.update)
		r := h.api.Wait(t, "sendMessage", i+1, wait)[i]
		if !strings.Contains(r.Params["text"], s.want) {
			t.Errorf("after %s: reply lacks %q:\n%s", s.update, s.want, r.Params["text"])
		}
	}
}

// The command menu is registered at start in French, in English and by default.
func TestCommandMenuRegistered(t *testing.T) {
	h := start(t, Config{}, adapters.Core{})
	rs := h.api.Wait(t, "setMyCommands", 3, wait)
	got := map[string]string{}
	for _, r := range rs {
		got[r.Params["language_code"]] = r.Params["commands"]
	}
	for lc, want := range map[string]string{"": "Ask a question", "en": "Ask a question", "fr": "Poser une question"} {
		if !strings.Contains(got[lc], want) || !strings.Contains(got[lc], `"command":"sources"`) {
			t.Errorf("setMyCommands(language_code %q) = %s; want %q and /sources", lc, got[lc], want)
		}
	}
}

// Inline mode offers up to three answer cards, each the answer and its source in HTML.
func TestInlineQuery(t *testing.T) {
	h := start(t, Config{}, adapters.Core{})
	h.add(t, "inline-query.json")
	r := h.api.Wait(t, "answerInlineQuery", 1, wait)[0]
	if r.Params["inline_query_id"] != "iq1" {
		t.Errorf("inline_query_id = %q, want iq1", r.Params["inline_query_id"])
	}
	var results []struct {
		Type    string `json:"type"`
		ID      string `json:"id"`
		Title   string `json:"title"`
		Content struct {
			Text      string `json:"message_text"`
			ParseMode string `json:"parse_mode"`
		} `json:"input_message_content"`
	}
	if err := json.Unmarshal([]byte(r.Params["results"]), &results); err != nil {
		t.Fatalf("results %q: %v", r.Params["results"], err)
	}
	if len(results) == 0 || len(results) > maxInlineCards {
		t.Fatalf("%d cards, want 1 to %d", len(results), maxInlineCards)
	}
	if !strings.Contains(results[0].Content.Text, "11 juillet 2018") {
		t.Errorf("first card = %q, want the launch of NMI", results[0].Content.Text)
	}
	for _, c := range results {
		checkHTML(t, c.Content.Text)
		if c.Type != "article" || c.Content.ParseMode != "HTML" || c.ID == "" || len(c.ID) > 64 || !strings.Contains(c.Content.Text, "<blockquote>") {
			t.Errorf("card %+v: want an HTML article with its quote", c)
		}
	}
}

// callbackUpdate is a button press on a message the bot sent, as Telegram delivers it.
func callbackUpdate(t *testing.T, id string, sent *telegramtest.Request, data string) string {
	t.Helper()
	var markup any
	if err := json.Unmarshal([]byte(sent.Params["reply_markup"]), &markup); err != nil {
		t.Fatal(err)
	}
	u := map[string]any{"callback_query": map[string]any{
		"id":            id,
		"from":          map[string]any{"id": 1001, "is_bot": false, "first_name": "Camille", "language_code": "fr"},
		"chat_instance": "ci",
		"data":          data,
		"message": map[string]any{
			"message_id": 900, "date": 1700000000, "text": sent.Params["text"],
			"chat":         map[string]any{"id": 1001, "type": "private"},
			"from":         map[string]any{"id": telegramtest.BotID, "is_bot": true, "first_name": "NMI facts"},
			"reply_markup": markup,
		},
	}}
	b, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// "Did you mean" buttons ask their question; the "Sources" button shows every quote in full.
// Both are acknowledged so the button stops spinning.
func TestButtons(t *testing.T) {
	tests := []struct {
		name     string
		question string
		button   func(kb keyboard) button
		want     []string
	}{
		{"suggested question", "private-declined.json", func(kb keyboard) button { return kb.Rows[0][0] },
			[]string{"11 juillet 2018", "<blockquote>"}},
		{"full sources", "private-commander.json", func(kb keyboard) button { return kb.Rows[0][0] },
			[]string{"Sources : ", "explique le général de division Christophe Hintzy", "Per Pugholm Olsen", "<i>Source : OTAN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, Config{}, adapters.Core{})
			h.add(t, tt.question)
			first := h.api.Wait(t, "sendMessage", 1, wait)[0]
			b := tt.button(keyboardOf(t, first))
			h.api.AddUpdate(t, callbackUpdate(t, "cb-"+tt.name, first, b.Data))
			ack := h.api.Wait(t, "answerCallbackQuery", 1, wait)[0]
			if ack.Params["callback_query_id"] != "cb-"+tt.name {
				t.Errorf("answerCallbackQuery(%q), want the button's query", ack.Params["callback_query_id"])
			}
			r := h.api.Wait(t, "sendMessage", 2, wait)[1]
			checkHTML(t, r.Params["text"])
			for _, w := range tt.want {
				if !strings.Contains(r.Params["text"], w) {
					t.Errorf("after pressing %q (%s): reply lacks %q:\n%s", b.Text, b.Data, w, r.Params["text"])
				}
			}
		})
	}
}

// The "Sources" button of an answer shows that answer's quotes even after other questions were
// asked in the chat; a follow-up in the chat keeps its subject.
func TestSourcesButtonAfterOtherQuestions(t *testing.T) {
	h := start(t, Config{}, adapters.Core{})
	h.add(t, "private-commander.json")
	first := h.api.Wait(t, "sendMessage", 1, wait)[0]
	h.add(t, "private-question.json") // when NMI was launched: another answer, other sources
	h.api.Wait(t, "sendMessage", 2, wait)
	b := keyboardOf(t, first).Rows[0][0]
	h.api.AddUpdate(t, callbackUpdate(t, "cb-later", first, b.Data))
	r := h.api.Wait(t, "sendMessage", 3, wait)[2]
	for _, w := range []string{"explique le général de division Christophe Hintzy", "Per Pugholm Olsen"} {
		if !strings.Contains(r.Params["text"], w) {
			t.Errorf("Sources pressed after another question: reply lacks %q:\n%s", w, r.Params["text"])
		}
	}
	if strings.Contains(r.Params["text"], "Bruxelles") {
		t.Errorf("Sources pressed after another question shows the other answer's quotes:\n%s", r.Params["text"])
	}
	// "source ?" typed now is about the last answer, the launch.
	h.api.AddUpdate(t, textUpdate(t, 1001, "source ?"))
	r = h.api.Wait(t, "sendMessage", 4, wait)[3]
	if !strings.Contains(r.Params["text"], "Bruxelles") || strings.Count(r.Params["text"], "<blockquote>") < 1 {
		t.Errorf("source ? after the launch question:\n%s", r.Params["text"])
	}
}

// textUpdate is a private message of text from user id.
func textUpdate(t *testing.T, id int64, text string) string {
	t.Helper()
	u := map[string]any{"update_id": time.Now().UnixNano() % 1e9, "message": map[string]any{
		"message_id": time.Now().UnixNano() % 1e6, "date": 1700000000,
		"chat": map[string]any{"id": id, "type": "private", "first_name": "Camille"},
		"from": map[string]any{"id": id, "is_bot": false, "first_name": "Camille", "language_code": "fr"},
		"text": text,
	}}
	b, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A 429 is retried after retry_after, a 5xx after a backoff; a request Telegram refuses is not
// retried, and the next update is answered all the same.
func TestRetries(t *testing.T) {
	const tooMany = `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`
	const unavailable = `{"ok":false,"error_code":502,"description":"Bad Gateway"}`
	const refused = `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`
	tests := []struct {
		name      string
		failures  [][2]any // status, body
		wantCalls int      // sendMessage calls for the first question
		wantSent  bool
	}{
		{"429 then success", [][2]any{{429, tooMany}}, 2, true},
		{"429 then 502 then success", [][2]any{{429, tooMany}, {502, unavailable}}, 3, true},
		{"refused", [][2]any{{400, refused}}, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, Config{}, adapters.Core{})
			for _, f := range tt.failures {
				h.api.Fail("sendMessage", f[0].(int), f[1].(string))
			}
			h.add(t, "private-question.json")
			rs := h.api.Wait(t, "sendMessage", tt.wantCalls, wait)
			for _, r := range rs {
				<-r.Done
			}
			// One failing update never stops the others.
			h.add(t, "private-sources.json")
			h.api.WaitFor(t, "sendMessage", wait, func(r *telegramtest.Request) bool { return r.Params["chat_id"] == "1002" })
			if err := h.stop(t); err != nil {
				t.Fatalf("Run: %v", err)
			}
			if n := len(sentTo(h.api.Requests("sendMessage"), 1001)); n != tt.wantCalls {
				t.Errorf("%d sendMessage calls for the question, want %d", n, tt.wantCalls)
			}
			if logged := strings.Contains(h.logs.String(), "update not answered"); logged == tt.wantSent {
				t.Errorf("logged a failure: %v, want %v:\n%s", logged, !tt.wantSent, h.logs.String())
			}
		})
	}
}

// webhook serves the adapter's routes on 127.0.0.1 and waits until the webhook is registered
// and the bot takes updates; post sends a request to the webhook route with the secret header,
// when not empty, and returns the status.
func (h *harness) webhook(t *testing.T, path string) (secret string, post func(method, secret, body string) int) {
	t.Helper()
	mux := http.NewServeMux()
	h.a.Routes(mux)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(mux)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	reg := h.api.Wait(t, "setWebhook", 1, wait)[0]
	secret = reg.Params["secret_token"]
	post = func(method, secret, body string) int {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if secret != "" {
			req.Header.Set(secretHeader, secret)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// The bot takes updates once setWebhook is done; until then it answers 503.
	<-reg.Done
	for post(http.MethodPost, secret, `{}`) == http.StatusServiceUnavailable {
		time.Sleep(10 * time.Millisecond)
	}
	return secret, post
}

// Once a group is upgraded to a supergroup, Telegram refuses messages to its old chat id with
// migrate_to_chat_id: the answer goes to the supergroup instead, once, every part of it, without
// quoting the question, whose message id is the old chat's.
func TestAnswerFollowsGroupUpgradedToSupergroup(t *testing.T) {
	const group, super, again = -200, -100123, -100456
	long := strings.Repeat(strings.Repeat("é", 99)+"\n", 50) // two messages
	tests := []struct {
		name       string
		migrations [][2]int64 // from, to
		text       string
		want       map[int64]int // sendMessage calls per chat
		wantErr    bool
	}{
		{"not upgraded", nil, long, map[int64]int{group: 2}, false},
		{"answer resent to the supergroup", [][2]int64{{group, super}}, "Réponse", map[int64]int{group: 1, super: 1}, false},
		{"every part goes to the supergroup", [][2]int64{{group, super}}, long, map[int64]int{group: 1, super: 2}, false},
		{"resent once only", [][2]int64{{group, super}, {super, again}}, "Réponse", map[int64]int{group: 1, super: 1, again: 0}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, Config{}, adapters.Core{})
			for _, m := range tt.migrations {
				h.api.Migrate(m[0], m[1])
			}
			err := h.a.send(context.Background(), origin{chatID: group, replyTo: 31}, renderText(tt.text))
			if (err != nil) != tt.wantErr {
				t.Errorf("send = %v; want an error: %v", err, tt.wantErr)
			}
			sent := h.api.Requests("sendMessage")
			for chat, n := range tt.want {
				if got := len(sentTo(sent, chat)); got != n {
					t.Errorf("%d sendMessage calls to chat %d, want %d", got, chat, n)
				}
			}
			for _, r := range sentTo(sent, super) {
				if rp := r.Params["reply_parameters"]; rp != "" {
					t.Errorf("the part resent to the supergroup quotes message of the old group: %s", rp)
				}
			}
		})
	}

	t.Run("through an update", func(t *testing.T) {
		h := start(t, Config{}, adapters.Core{})
		h.api.Migrate(group, super)
		h.add(t, "group-basic-ask.json")
		r := h.api.WaitFor(t, "sendMessage", wait, func(r *telegramtest.Request) bool { return r.Params["chat_id"] == fmt.Sprint(super) })
		if !strings.Contains(r.Params["text"], "Christophe Hintzy") {
			t.Errorf("answer sent to the supergroup lacks %q:\n%s", "Christophe Hintzy", r.Params["text"])
		}
		if err := h.stop(t); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if strings.Contains(h.logs.String(), "update not answered") {
			t.Errorf("the update was logged as not answered:\n%s", h.logs.String())
		}
	})
}

// Webhook mode: setWebhook registers the secret; updates without it, or with a wrong one, get
// 401 and are not processed; a right one is answered.
func TestWebhook(t *testing.T) {
	h := start(t, Config{WebhookURL: "https://bot.example.org/tg/hook"}, adapters.Core{})
	secret, post := h.webhook(t, "/tg/hook")
	reg := h.api.Requests("setWebhook")[0]
	if reg.Params["url"] != "https://bot.example.org/tg/hook" || secret == "" || strings.Contains(secret, testToken) {
		t.Fatalf("setWebhook(url %q, secret %q): want the URL and a secret", reg.Params["url"], secret)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	withID := func(name string, id int) string {
		return fmt.Sprintf(`{"update_id":%d,%s`, id, strings.TrimPrefix(read(name), "{"))
	}
	tests := []struct {
		name, method, secret, body string
		want                       int
	}{
		{"no secret", http.MethodPost, "", withID("private-question.json", 1), http.StatusUnauthorized},
		{"wrong secret", http.MethodPost, "wrong", withID("private-question.json", 2), http.StatusUnauthorized},
		{"secret with a suffix", http.MethodPost, secret + "x", withID("private-question.json", 3), http.StatusUnauthorized},
		{"GET", http.MethodGet, secret, "", http.StatusMethodNotAllowed},
		{"not JSON", http.MethodPost, secret, "update", http.StatusBadRequest},
		{"too large", http.MethodPost, secret, `{"x":"` + strings.Repeat("a", maxWebhookBody) + `"}`, http.StatusRequestEntityTooLarge},
		{"right secret", http.MethodPost, secret, withID("private-sources.json", 4), http.StatusOK},
	}
	for _, tt := range tests {
		if got := post(tt.method, tt.secret, tt.body); got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}
	h.api.WaitFor(t, "sendMessage", wait, func(r *telegramtest.Request) bool { return r.Params["chat_id"] == "1002" })
	if err := h.stop(t); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := len(sentTo(h.api.Requests("sendMessage"), 1001)); n != 0 {
		t.Errorf("%d answers to updates with a missing or wrong secret, want none", n)
	}
	if n := len(h.api.Requests("getUpdates")) + len(h.api.Requests("deleteWebhook")); n != 0 {
		t.Errorf("webhook mode called getUpdates or deleteWebhook")
	}
}

// A malformed update, whose JSON does not decode into the Bot API's types, is dropped with an
// error line and counted by OnError, and so is a getUpdates answer the library cannot read; what
// the user wrote appears in no log, and the next update is answered.
func TestMalformedUpdateLoggedWithoutItsText(t *testing.T) {
	const question = "Quel est le mot de passe du QG de la NMI ?"
	update := func(id int, messageID string) string {
		return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%s,"date":1700000000,`+
			`"chat":{"id":1001,"type":"private"},"from":{"id":1001,"is_bot":false,"first_name":"Camille"},"text":%q}}`, id, messageID, question)
	}
	malformed := update(7, `"seven"`)
	tests := []struct {
		name     string
		webhook  bool
		send     func(t *testing.T, h *harness) // sends the malformed update, then private-sources.json
		wantLine []string                       // in the log line
	}{
		{"polling", false, func(t *testing.T, h *harness) {
			h.api.AddUpdate(t, malformed)
			h.add(t, "private-sources.json")
		}, []string{"level=ERROR", "malformed update", "field message.message_id: want int"}},
		{"getUpdates answer the library cannot read", false, func(t *testing.T, h *harness) {
			h.api.Fail("getUpdates", http.StatusOK, `{"ok":"yes","result":[`+update(7, "7")+`]}`)
			h.add(t, "private-sources.json")
		}, []string{"level=WARN", "telegram client", "error decode response body for method getUpdates: (body left out)"}},
		{"webhook", true, func(t *testing.T, h *harness) {
			secret, post := h.webhook(t, "/tg/hook")
			if got := post(http.MethodPost, secret, malformed); got != http.StatusOK {
				t.Errorf("malformed update: status %d, want %d (so that Telegram does not send it again)", got, http.StatusOK)
			}
			post(http.MethodPost, secret, `{"update_id":8,`+strings.TrimPrefix(readTestdata(t, "private-sources.json"), "{"))
		}, []string{"level=ERROR", "malformed update", "field message.message_id: want int"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs atomic.Int32
			var cfg Config
			if tt.webhook {
				cfg.WebhookURL = "https://bot.example.org/tg/hook"
			}
			h := start(t, cfg, adapters.Core{OnError: func(error) { errs.Add(1) }})
			tt.send(t, h)
			h.api.WaitFor(t, "sendMessage", wait, func(r *telegramtest.Request) bool { return r.Params["chat_id"] == "1002" })
			if err := h.stop(t); err != nil {
				t.Fatalf("Run: %v", err)
			}
			logs := h.logs.String()
			if strings.Contains(logs, question) || strings.Contains(logs, "mot de passe") {
				t.Errorf("the logs show the text of the malformed update:\n%s", logs)
			}
			found := false
			for _, line := range strings.Split(logs, "\n") {
				found = found || containsAll(line, tt.wantLine)
			}
			if !found {
				t.Errorf("no log line with %q:\n%s", tt.wantLine, logs)
			}
			if n := errs.Load(); n != 1 {
				t.Errorf("OnError called %d times, want 1", n)
			}
			if n := len(sentTo(h.api.Requests("sendMessage"), 1001)); n != 0 {
				t.Errorf("%d answers to the malformed update, want none", n)
			}
		})
	}
}

// containsAll reports whether s contains every one of subs.
func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// readTestdata returns the text of testdata/name.
func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// On shutdown, polling stops but the answer in flight is still sent, with a context that
// outlived polling; past the shutdown timeout, Run gives up and says so.
func TestShutdownSendsAnswersInFlight(t *testing.T) {
	h := start(t, Config{}, adapters.Core{})
	release := h.api.Hold("sendMessage")
	h.add(t, "private-question.json")
	r := h.api.Wait(t, "sendMessage", 1, wait)[0]
	h.cancel()
	for !strings.Contains(h.logs.String(), "stopped taking updates") {
		time.Sleep(5 * time.Millisecond)
	}
	release()
	if err := h.stop(t); err != nil {
		t.Fatalf("Run: %v", err)
	}
	<-r.Done
	if r.Canceled {
		t.Errorf("the answer in flight was cancelled with polling")
	}

	t.Run("timeout", func(t *testing.T) {
		h := start(t, Config{}, adapters.Core{ShutdownTimeout: 100 * time.Millisecond})
		h.api.Hold("sendMessage") // never released
		h.add(t, "private-question.json")
		h.api.Wait(t, "sendMessage", 1, wait)
		if err := h.stop(t); err == nil || !strings.Contains(err.Error(), "not sent within") {
			t.Errorf("Run = %v, want an error saying answers were not sent in time", err)
		}
	})
}

// A 5000-character answer goes out as two messages on line boundaries, the buttons under the
// last.
func TestLongAnswerSentInTwoMessages(t *testing.T) {
	h := start(t, Config{}, adapters.Core{})
	eng := mustEngine(t)
	ans := eng.Answer(answers.Question{Text: "Qui commande la NMI ?"})
	ans.Text = strings.Repeat(strings.Repeat("é", 99)+"\n", 50)
	if err := h.a.send(context.Background(), origin{chatID: 7}, renderAnswer(ans, eng.SourcesRef(ans))); err != nil {
		t.Fatalf("send: %v", err)
	}
	rs := sentTo(h.api.Requests("sendMessage"), 7)
	if len(rs) != 2 {
		t.Fatalf("%d messages, want 2", len(rs))
	}
	for i, r := range rs {
		checkHTML(t, r.Params["text"])
		if adapters.UTF16Len(r.Params["text"]) > maxMessage {
			t.Errorf("message %d: %d units, over %d", i+1, adapters.UTF16Len(r.Params["text"]), maxMessage)
		}
		if hasButtons := r.Params["reply_markup"] != ""; hasButtons != (i == 1) {
			t.Errorf("message %d: buttons %v, want them under the last message only", i+1, hasButtons)
		}
	}
}

// A refused token stops Run with an error that does not show it. (A panicking handler is
// recovered by adapters.Recover, tested there.)
func TestFailures(t *testing.T) {
	t.Run("token refused", func(t *testing.T) {
		api := telegramtest.NewServer(t)
		api.Fail("getMe", 401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		eng := mustEngine(t)
		a, err := New(adapters.Core{Engine: eng, Conversations: &answers.Dialogue{Engine: eng, Store: conversations.NewMemory(10, time.Hour)}}, Config{Token: testToken, APIURL: api.URL})
		if err != nil {
			t.Fatal(err)
		}
		err = a.Run(context.Background())
		if err == nil || !strings.Contains(err.Error(), "token") || strings.Contains(err.Error(), testToken) {
			t.Errorf("Run = %v, want an error about the token, without it", err)
		}
		if len(api.Requests("getUpdates")) > 0 {
			t.Errorf("polled with a refused token")
		}
	})
	t.Run("configuration", func(t *testing.T) {
		eng := mustEngine(t)
		dlg := &answers.Dialogue{Engine: eng, Store: conversations.NewMemory(10, time.Hour)}
		core := adapters.Core{Engine: eng, Conversations: dlg}
		for _, tt := range []struct {
			name string
			core adapters.Core
			cfg  Config
		}{
			{"no token", core, Config{}},
			{"no conversations", adapters.Core{Engine: eng}, Config{Token: testToken}},
			{"bad webhook URL", core, Config{Token: testToken, WebhookURL: "not a URL"}},
			{"bad webhook secret", core, Config{Token: testToken, WebhookSecret: "has spaces"}},
		} {
			if _, err := New(tt.core, tt.cfg); err == nil {
				t.Errorf("New with %s succeeded, want an error", tt.name)
			}
		}
	})
}

// Only this package imports go-telegram/bot, and it imports no other adapter's library.
func TestImportsNoOtherAdapter(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to list dependencies")
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "bwmarrin/discordgo") || strings.Contains(dep, "nmibot/adapters/discord") {
			t.Errorf("the Telegram adapter depends on %s", dep)
		}
	}
}
