package discord

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/knowledge"

	"github.com/nmi-factbot/nmibot/adapters"
)

// The slash commands and their options, by their default (English) names: Discord sends these
// names whatever the user's language.
const (
	cmdAsk      = "ask"
	cmdSources  = "sources"
	cmdHelp     = "help"
	optQuestion = "question"
	optPrivate  = "private"
)

// ErrUnsupported is wrapped by the error of an interaction the bot cannot answer: one of an
// unknown type, an autocomplete of another command.
var ErrUnsupported = errors.New("discord: unsupported interaction")

// commands are the slash commands registered at start, with French names and descriptions.
func commands() []*discordgo.ApplicationCommand {
	fr := func(s string) *map[discordgo.Locale]string { return &map[discordgo.Locale]string{discordgo.French: s} }
	frOpt := func(s string) map[discordgo.Locale]string { return map[discordgo.Locale]string{discordgo.French: s} }
	return []*discordgo.ApplicationCommand{
		{
			Name:                     cmdAsk,
			NameLocalizations:        fr("demander"),
			Description:              "Ask a question about NATO Mission Iraq; the answer cites its source",
			DescriptionLocalizations: fr("Poser une question sur la mission OTAN en Iraq ; la réponse cite sa source"),
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:                     discordgo.ApplicationCommandOptionString,
					Name:                     optQuestion,
					NameLocalizations:        frOpt("question"),
					Description:              "Your question, in English or French",
					DescriptionLocalizations: frOpt("Votre question, en français ou en anglais"),
					Required:                 true,
					Autocomplete:             true,
					MaxLength:                answers.MaxQuestionRunes,
				},
				{
					Type:                     discordgo.ApplicationCommandOptionBoolean,
					Name:                     optPrivate,
					NameLocalizations:        frOpt("privé"),
					Description:              "Only you see the answer",
					DescriptionLocalizations: frOpt("Vous seul voyez la réponse"),
				},
			},
		},
		{
			Name:                     cmdSources,
			NameLocalizations:        fr("sources"),
			Description:              "List the documents the answers come from",
			DescriptionLocalizations: fr("Lister les documents d'où viennent les réponses"),
		},
		{
			Name:                     cmdHelp,
			NameLocalizations:        fr("aide"),
			Description:              "What the bot knows and how to ask it",
			DescriptionLocalizations: fr("Ce que sait le bot et comment l'interroger"),
		},
	}
}

// localeLang is the language of a Discord locale ("fr", "en-US"), "" for any other.
func localeLang(l discordgo.Locale) knowledge.Lang {
	switch {
	case strings.HasPrefix(string(l), "fr"):
		return knowledge.French
	case strings.HasPrefix(string(l), "en"):
		return knowledge.English
	}
	return ""
}

// uiLang is the language of texts that are not answers (/sources, /help, autocomplete):
// English for locales the bot does not speak.
func uiLang(l discordgo.Locale) knowledge.Lang {
	if lang := localeLang(l); lang != "" {
		return lang
	}
	return knowledge.English
}

// respond returns the response to an interaction. ctx bounds the conversation store's calls.
// A command, button or form the bot does not know (one of an older version, or of another
// application) gets a private message saying what the bot can do. The error wraps
// ErrUnsupported for an interaction that cannot be answered so: an unknown type, an autocomplete
// of another command.
func (b *Adapter) respond(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	switch i.Type {
	case discordgo.InteractionPing:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, nil
	case discordgo.InteractionApplicationCommand:
		data, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
		switch data.Name {
		case cmdAsk:
			q := stringOption(data.Options, optQuestion)
			a := b.answer(ctx, i.ChannelID, userID(i), q, localeLang(i.Locale))
			return reply(render(a, q), ephemeral(i)), nil
		case cmdSources:
			return reply(renderSources(b.core.Engine.Base().Sources, uiLang(i.Locale)), ephemeral(i)), nil
		case cmdHelp:
			return reply(render(b.core.Engine.Help(uiLang(i.Locale)), ""), ephemeral(i)), nil
		}
		return b.unsupported(i), nil
	case discordgo.InteractionApplicationCommandAutocomplete:
		data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok || data.Name != cmdAsk {
			// A command of an older version, or another one's: no choices, rather than an error
			// the user would see as a failure.
			return &discordgo.InteractionResponse{
				Type: discordgo.InteractionApplicationCommandAutocompleteResult,
				Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}},
			}, nil
		}
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: b.choices(stringOption(data.Options, optQuestion), uiLang(i.Locale))},
		}, nil
	case discordgo.InteractionMessageComponent:
		data, _ := i.Data.(discordgo.MessageComponentInteractionData)
		lang, q, ok := parseAskID(data.CustomID)
		if !ok {
			return b.unsupported(i), nil
		}
		a := b.answer(ctx, i.ChannelID, userID(i), q, lang)
		return reply(render(a, q), ephemeral(i)), nil
	case discordgo.InteractionModalSubmit:
		return b.unsupported(i), nil
	}
	return nil, fmt.Errorf("%w: type %d", ErrUnsupported, i.Type)
}

// ephemeral reports whether the reply to i is seen by its user only: an /ask with private set,
// a button under a private answer, and what the bot does not know. It is known before the reply
// is composed, as a deferred response must say it.
func ephemeral(i *discordgo.Interaction) bool {
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
		switch data.Name {
		case cmdAsk:
			return boolOption(data.Options, optPrivate)
		case cmdSources, cmdHelp:
			return false
		}
	case discordgo.InteractionMessageComponent:
		data, _ := i.Data.(discordgo.MessageComponentInteractionData)
		if _, _, ok := parseAskID(data.CustomID); ok {
			return i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0
		}
	}
	return true
}

// unsupported is the reply to a command, button or form the bot does not know: a private message
// in the user's language saying so and naming the commands, above the greeting and its example
// questions.
func (b *Adapter) unsupported(i *discordgo.Interaction) *discordgo.InteractionResponse {
	lang := uiLang(i.Locale)
	b.log.Info("discord: unknown interaction answered with help", "type", int(i.Type)) // a custom id may hold a question: not logged
	m := render(b.core.Engine.Help(lang), "")
	m.content = labels.Say(lang, labelUnsupported)
	return reply(m, true)
}

// reply is a channel-message response holding m, seen by its asker only when private.
func reply(m message, private bool) *discordgo.InteractionResponse {
	d := &discordgo.InteractionResponseData{
		Content:         shorten(m.content, maxContent),
		Components:      m.components,
		AllowedMentions: noMentions(),
	}
	if m.embed != nil {
		d.Embeds = []*discordgo.MessageEmbed{m.embed}
	}
	if private {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: d}
}

// choices are the autocomplete choices for what the user has typed: known questions that fit it.
// A question longer than a choice may be is left out rather than cut, as its value is what
// Discord puts in the option. When nothing fits, what was typed is offered as is, since an empty
// list reads as a failure.
func (b *Adapter) choices(typed string, lang knowledge.Lang) []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, s := range b.core.Engine.Suggest(typed, lang, maxChoices) {
		if adapters.UTF16Len(s) <= maxChoice && len(out) < maxChoices {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
		}
	}
	if t := strings.TrimSpace(typed); len(out) == 0 && t != "" {
		t = adapters.CutUTF16(t, maxChoice)
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: t, Value: t})
	}
	return out
}

// answer answers q asked by user in channel, with lang as the hint when the text does not tell,
// within the conversation of that user in that channel. The conversation store is a convenience:
// its errors are logged and the message is answered alone.
func (b *Adapter) answer(ctx context.Context, channel, user, q string, lang knowledge.Lang) answers.Answer {
	question := answers.Question{Text: stripMentions(q), Lang: lang, Channel: "discord", User: user}
	if b.core.Conversations == nil || user == "" {
		return b.core.Engine.Answer(question)
	}
	a, err := b.core.Conversations.Reply(ctx, "discord:"+channel+":"+user, question)
	if err != nil {
		b.log.Warn("discord: conversation store", "err", err)
	}
	return a
}

// mentionRE matches Discord's mention syntax: users, roles, channels, @everyone and @here.
var mentionRE = regexp.MustCompile(`<@[!&]?\d+>|<#\d+>|@everyone|@here`)

// stripMentions removes mentions from a question: they mean nothing to the matcher.
func stripMentions(s string) string {
	return strings.TrimSpace(mentionRE.ReplaceAllString(s, " "))
}

// userID returns who sent an interaction: a member in a guild, a user in a DM.
func userID(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

// stringOption returns the value of a string option, "" when absent or of another type: the
// library's own accessors panic on a type mismatch, and the payload comes from outside.
func stringOption(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o != nil && o.Name == name {
			s, _ := o.Value.(string)
			return s
		}
	}
	return ""
}

// boolOption returns the value of a boolean option, false when absent or of another type.
func boolOption(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) bool {
	for _, o := range opts {
		if o != nil && o.Name == name {
			v, _ := o.Value.(bool)
			return v
		}
	}
	return false
}
