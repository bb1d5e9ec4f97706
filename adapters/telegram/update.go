package telegram

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nmi-factbot/nmibot/adapters"
	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// maxInlineCards is how many answer cards inline mode offers.
const maxInlineCards = 3

// dispatch is the library's handler for every update. The library calls it from its workers,
// one update after another; it hands the update to a goroutine of its own, counted, so that
// shutdown can wait for it, and running with the work context, which outlives polling.
func (a *Adapter) dispatch(ctx context.Context, _ *bot.Bot, upd *models.Update) {
	select {
	case a.slots <- struct{}{}:
	case <-ctx.Done():
		a.log.Warn("update dropped at shutdown", "update", upd.ID)
		return
	}
	a.inflight.Add(1)
	go func() {
		defer a.inflight.Done()
		defer func() { <-a.slots }()
		ctx, cancel := context.WithTimeout(a.work, updateTimeout)
		defer cancel()
		defer adapters.Recover(a.log, a.core.OnError, "an update", "update", upd.ID)
		a.handle(ctx, upd)
	}()
}

// handle answers one update.
func (a *Adapter) handle(ctx context.Context, upd *models.Update) {
	var err error
	switch {
	case upd.Message != nil:
		err = a.onMessage(ctx, upd.Message)
	case upd.CallbackQuery != nil:
		err = a.onCallback(ctx, upd.CallbackQuery)
	case upd.InlineQuery != nil:
		err = a.onInline(ctx, upd.InlineQuery)
	default:
		// Edited messages (an answer already sent is not rewritten), channel posts, membership
		// changes: nothing to answer.
	}
	if err != nil {
		err = a.redact(err)
		a.log.Warn("update not answered", "update", upd.ID, "err", err)
		if a.core.OnError != nil {
			a.core.OnError(err)
		}
	}
}

// onMessage answers a message: every text in a private chat; in groups, commands, mentions of
// the bot and replies to it; other group chatter is none of the bot's business.
func (a *Adapter) onMessage(ctx context.Context, m *models.Message) error {
	me := a.me.Load()
	if me == nil || m.ViaBot != nil && m.ViaBot.ID == me.ID || m.From != nil && m.From.IsBot {
		// An answer card a user sent through inline mode, or another bot: not a question.
		return nil
	}
	private := m.Chat.Type == models.ChatTypePrivate
	if m.Chat.Type == models.ChatTypeChannel {
		return nil
	}
	to := originOf(m)
	who := askerOf(m.Chat.ID, m.From)

	if m.Text == "" {
		mentioned := false
		if m.Caption != "" {
			_, mentioned = mention(m.Caption, m.CaptionEntities, me)
		}
		if hasContent(m) && (private || mentioned || a.repliesToMe(m)) {
			lang, _ := a.chatLang(ctx, who)
			return a.send(ctx, to, renderText(messages.Say(uiLang(lang), msgNotText)))
		}
		return nil
	}

	// q is the question: the text without the mentions, the bot's and anyone else's, which mean
	// nothing to the engine; addressed says whether one of them is the bot's.
	q, addressed := mention(m.Text, m.Entities, me)
	if name, target, args, ok := parseCommand(m.Text, m.Entities); ok {
		if target != "" && !strings.EqualFold(target, me.Username) {
			return nil // addressed to another bot in the group
		}
		switch name {
		case "start", "help":
			lang, _ := a.chatLang(ctx, who)
			return a.send(ctx, to, renderAnswer(a.core.Engine.Help(uiLang(lang)), ""))
		case "sources":
			lang, _ := a.chatLang(ctx, who)
			return a.send(ctx, to, renderSources(uiLang(lang), a.core.Engine.Base().Sources))
		case "lang":
			return a.setLang(ctx, who, to, args)
		case "ask":
			// q starts with the same command, the mentions it lost being after it.
			_, _, args, _ = parseCommand(q, m.Entities)
			return a.ask(ctx, who, to, args)
		}
		if private {
			lang, _ := a.chatLang(ctx, who)
			return a.send(ctx, to, renderAnswer(a.core.Engine.Help(uiLang(lang)), ""))
		}
		return nil // a command of another bot, sent without its name
	}
	if private || addressed || a.repliesToMe(m) {
		return a.ask(ctx, who, to, q)
	}
	return nil
}

// asker is who asks, and where.
type asker struct {
	key  string         // the conversation's key in the store
	hint knowledge.Lang // the user's Telegram language, when French or English
	user string         // the user's id, for the rate limits; "" when unknown
}

// askerOf returns the asker of a message or button press in a chat.
func askerOf(chatID int64, from *models.User) asker {
	who := asker{key: chatKey(chatID)}
	if from != nil {
		who.hint = langOf(from.LanguageCode)
		who.user = strconv.FormatInt(from.ID, 10)
	}
	return who
}

// question makes the engine's question; reply is the language the chat fixed, if any.
func (who asker) question(text string, reply knowledge.Lang) answers.Question {
	return answers.Question{Text: text, Lang: who.hint, Reply: reply, Channel: "telegram", User: who.user}
}

// ask answers a message within the chat's conversation.
func (a *Adapter) ask(ctx context.Context, who asker, to origin, text string) error {
	if strings.TrimSpace(text) == "" {
		lang, _ := a.chatLang(ctx, who)
		return a.send(ctx, to, renderAnswer(a.core.Engine.Help(uiLang(lang)), ""))
	}
	ans, err := a.core.Conversations.Reply(ctx, who.key, who.question(text, ""))
	if err != nil {
		a.log.Warn("could not use the conversation", "chat", who.key, "err", err)
	}
	// The question's text is logged only when asked for: what was understood is enough to
	// follow the bot.
	a.log.Info("answered", "chat", who.key, "intent", ans.Intent, "answered", ans.Answered,
		"confidence", ans.Confidence, "lang", string(ans.Lang))
	if a.core.LogQuestions {
		a.log.Debug("question", "chat", who.key, "text", ans.Question)
	}
	return a.send(ctx, to, renderAnswer(ans, a.core.Engine.SourcesRef(ans)))
}

// setLang handles /lang fr|en|auto.
func (a *Adapter) setLang(ctx context.Context, who asker, to origin, args string) error {
	var text string
	var lang knowledge.Lang
	switch arg := strings.ToLower(strings.TrimSpace(args)); arg {
	case "fr", "français", "francais", "french":
		lang, text = knowledge.French, messages.Say(knowledge.French, msgLangSet)
	case "en", "english", "anglais":
		lang, text = knowledge.English, messages.Say(knowledge.English, msgLangSet)
	case "auto":
		lang, text = "", messages.Say(uiLang(who.hint), msgLangAuto)
	default:
		cur, _ := a.chatLang(ctx, who)
		return a.send(ctx, to, renderText(messages.Say(uiLang(cur), msgLangUsage)))
	}
	if err := a.core.Conversations.SetLang(ctx, who.key, lang); err != nil {
		return fmt.Errorf("telegram: store the language of %s: %w", who.key, err)
	}
	return a.send(ctx, to, renderText(text))
}

// chatLang returns the language to speak in a chat (the one it fixed with /lang, else the
// asker's) and the one it fixed, "" when none. A conversation that cannot be read is logged and
// taken as having fixed none: the message still gets an answer.
func (a *Adapter) chatLang(ctx context.Context, who asker) (lang, fixed knowledge.Lang) {
	fixed, err := a.core.Conversations.Lang(ctx, who.key)
	if err != nil {
		a.log.Warn("could not read the conversation", "chat", who.key, "err", err)
	}
	if fixed != "" {
		return fixed, fixed
	}
	return who.hint, ""
}

// onCallback handles a button press: it acknowledges it at once, so that the button stops
// spinning, then asks the suggested question or shows the full sources.
func (a *Adapter) onCallback(ctx context.Context, cq *models.CallbackQuery) error {
	ackErr := a.retry(ctx, "answerCallbackQuery", func(ctx context.Context) error {
		_, err := a.client.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: cq.ID})
		return err
	})
	if ackErr != nil {
		a.log.Warn("could not acknowledge a button", "err", a.redact(ackErr))
	}
	var to origin
	var buttons *models.InlineKeyboardMarkup
	switch {
	case cq.Message.Message != nil:
		to = originOf(cq.Message.Message)
		buttons = cq.Message.Message.ReplyMarkup
	case cq.Message.InaccessibleMessage != nil:
		to = origin{chatID: cq.Message.InaccessibleMessage.Chat.ID}
	default:
		return nil // a button of a message sent in inline mode: no chat to answer in
	}
	who := askerOf(to.chatID, &cq.From)
	switch {
	case strings.HasPrefix(cq.Data, dataAsk):
		return a.ask(ctx, who, to, buttonText(buttons, cq.Data))
	case strings.HasPrefix(cq.Data, dataSource):
		return a.showSources(ctx, who, to, strings.TrimPrefix(cq.Data, dataSource))
	}
	return nil
}

// buttonText returns the question a button asks: its text, which holds the whole question,
// when the message still carries it; else its data, which may be cut.
func buttonText(kb *models.InlineKeyboardMarkup, data string) string {
	if kb != nil {
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if b.CallbackData == data {
					return b.Text
				}
			}
		}
	}
	return strings.TrimPrefix(data, dataAsk)
}

// showSources sends every quote of the answer whose "Sources" button was pressed: the button
// names them, so that whatever was asked since and whichever replica takes the press, they are
// those of that answer.
func (a *Adapter) showSources(ctx context.Context, who asker, to origin, ref string) error {
	lang, _ := a.chatLang(ctx, who)
	lang = uiLang(lang)
	ans, ok := a.core.Engine.SourcesOf(ref, lang)
	if !ok {
		return a.send(ctx, to, renderText(messages.Say(lang, msgSourceGone)))
	}
	return a.send(ctx, to, renderAnswer(ans, ""))
}

// onInline answers an inline query with up to three answer cards: the answer to what was typed,
// then answers to the known questions it resembles. An empty query offers the example questions.
func (a *Adapter) onInline(ctx context.Context, iq *models.InlineQuery) error {
	// A user's private chat with the bot has the user's id: its /lang holds here too.
	var who asker
	if iq.From != nil {
		who = askerOf(iq.From.ID, iq.From)
	}
	who.user = "inline:" + who.user // typing spends a budget of its own, not the chat's
	lang, fixed := a.chatLang(ctx, who)
	typed := strings.TrimSpace(iq.Query)
	var candidates []string
	if typed == "" {
		candidates = a.core.Engine.Help(uiLang(lang)).Suggestions
	} else {
		// Each candidate is answered, and counts against the rate limit: few of them.
		candidates = append([]string{typed}, a.core.Engine.Suggest(typed, lang, maxInlineCards-1)...)
	}
	results := []models.InlineQueryResult{}
	seen := map[string]bool{}
	for _, q := range candidates {
		if len(results) == maxInlineCards {
			break
		}
		ans := a.core.Engine.Answer(who.question(q, fixed))
		if !ans.Answered || seen[ans.Text] {
			continue
		}
		seen[ans.Text] = true
		desc, _ := shorten(ans.Text, 200)
		title, _ := shorten(q, 100)
		results = append(results, &models.InlineQueryResultArticle{
			ID:          resultID(ans),
			Title:       title,
			Description: desc,
			InputMessageContent: &models.InputTextMessageContent{
				MessageText:        renderCard(ans),
				ParseMode:          models.ParseModeHTML,
				LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()},
			},
		})
	}
	a.log.Info("inline query answered", "cards", len(results))
	return a.retry(ctx, "answerInlineQuery", func(ctx context.Context) error {
		_, err := a.client.AnswerInlineQuery(ctx, &bot.AnswerInlineQueryParams{
			InlineQueryID: iq.ID,
			Results:       results,
			CacheTime:     300,
			IsPersonal:    true, // the language follows the user's settings
		})
		return err
	})
}

// resultID names an inline result by its content: at most 64 bytes, as Telegram requires.
func resultID(a answers.Answer) string {
	h := sha256.Sum256([]byte(string(a.Lang) + "\x00" + a.Text))
	return hex.EncodeToString(h[:12])
}

// repliesToMe reports whether m replies to a message of the bot.
func (a *Adapter) repliesToMe(m *models.Message) bool {
	me := a.me.Load()
	r := m.ReplyToMessage
	return me != nil && r != nil && r.From != nil && r.From.ID == me.ID
}

// chatKey is a chat's key in the conversation store.
func chatKey(chatID int64) string { return "telegram:" + strconv.FormatInt(chatID, 10) }

// hasContent reports whether a message carries something a user sent (a sticker, a photo, a
// voice message …) rather than a service event (a member joined, a title changed).
func hasContent(m *models.Message) bool {
	return m.Sticker != nil || len(m.Photo) > 0 || m.Voice != nil || m.Video != nil ||
		m.VideoNote != nil || m.Audio != nil || m.Document != nil || m.Animation != nil ||
		m.Location != nil || m.Contact != nil || m.Poll != nil || m.Dice != nil || m.Venue != nil
}

// parseCommand reads the command a message starts with: its name in lower case, the bot it is
// addressed to ("/help@NMIBot"; "" when none) and the text after it. Telegram marks commands
// with a bot_command entity at offset 0; a text starting with "/" without one is read the same.
func parseCommand(text string, ents []models.MessageEntity) (name, target, args string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", "", false
	}
	token, rest, found := text, "", false
	for _, e := range ents {
		if e.Type == models.MessageEntityTypeBotCommand && e.Offset == 0 {
			token, rest = cutUnits(text, e.Offset, e.Length)
			found = true
			break
		}
	}
	if !found {
		if i := strings.IndexAny(text, " \t\n"); i >= 0 {
			token, rest = text[:i], text[i:]
		}
	}
	name, target, _ = strings.Cut(strings.TrimPrefix(token, "/"), "@")
	if name == "" {
		return "", "", "", false
	}
	return strings.ToLower(name), target, strings.TrimSpace(rest), true
}

// mention reports whether text mentions the bot ("@NMIBot", or a text mention of its user) and
// returns the text without any mention, the bot's or anyone else's: the question. The mention
// and text_mention entities say where mentions are; their offsets are in UTF-16 units, so a
// mention after accented letters or emoji is found where it is. An @username left without an
// entity is taken out too, but only an entity addresses the bot, as Telegram marks every
// mention it delivers.
func mention(text string, ents []models.MessageEntity, me *models.User) (string, bool) {
	units := utf16.Encode([]rune(text))
	var keep []uint16
	found, last := false, 0
	for _, e := range ents {
		if e.Type != models.MessageEntityTypeMention && e.Type != models.MessageEntityTypeTextMention {
			continue
		}
		if e.Offset < last || e.Length <= 0 || e.Offset+e.Length > len(units) {
			continue // overlapping or out of range: not ours to trust
		}
		s := string(utf16.Decode(units[e.Offset : e.Offset+e.Length]))
		if e.Type == models.MessageEntityTypeMention && me.Username != "" && strings.EqualFold(s, "@"+me.Username) ||
			e.Type == models.MessageEntityTypeTextMention && e.User != nil && e.User.ID == me.ID {
			found = true
		}
		keep = append(keep, units[last:e.Offset]...)
		last = e.Offset + e.Length
	}
	keep = append(keep, units[last:]...)
	return strings.TrimSpace(withoutUsernames(string(utf16.Decode(keep)))), found
}

// withoutUsernames removes the @username tokens of text: an @ that starts a word (not an e-mail
// address, not "/ask@NMIBot", not a URL's path) followed by 4 to 32 letters, digits or
// underscores, the first a letter, as Telegram's usernames are.
func withoutUsernames(text string) string {
	var b strings.Builder
	for i := 0; i < len(text); {
		if n := usernameAt(text, i); n > 0 {
			i += n
			continue
		}
		b.WriteByte(text[i])
		i++
	}
	return b.String()
}

// usernameAt returns the length in bytes of the @username token at text[i:], 0 when there is none.
func usernameAt(text string, i int) int {
	if text[i] != '@' {
		return 0
	}
	if i > 0 {
		if before, _ := utf8.DecodeLastRuneInString(text[:i]); wordRune(before) || before == '@' || before == '/' {
			return 0
		}
	}
	n := 0
	for i+1+n < len(text) && usernameByte(text[i+1+n]) {
		n++
	}
	if first := text[i+1]; n < 4 || n > 32 || first >= '0' && first <= '9' || first == '_' {
		return 0 // too short or too long, or starting with a digit or "_"
	}
	if after, _ := utf8.DecodeRuneInString(text[i+1+n:]); wordRune(after) {
		return 0 // "@alicé": not a username
	}
	return 1 + n
}

// usernameByte reports whether c may be in a Telegram username.
func usernameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// wordRune reports whether r is part of a word.
func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// cutUnits splits text at an entity given in UTF-16 units: the entity's text and what follows
// it. Out-of-range entities give the whole text.
func cutUnits(text string, offset, length int) (string, string) {
	units := utf16.Encode([]rune(text))
	if offset < 0 || length <= 0 || offset+length > len(units) {
		return text, ""
	}
	return string(utf16.Decode(units[offset : offset+length])), string(utf16.Decode(units[offset+length:]))
}
