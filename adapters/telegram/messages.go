package telegram

import (
	"strings"

	"github.com/nmi-factbot/nmibot/adapters"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// message names a text the adapter says in either language; the answers themselves come from
// the engine.
type message int

const (
	msgNotText message = iota
	msgLangSet
	msgLangAuto
	msgLangUsage
	msgSourcesHeader
	msgSourceLine
	msgButtonSource
	msgButtonSources
	msgSourceGone
	msgQuotesHeader
)

var messages = adapters.Messages[message]{
	msgNotText: {
		FR: "Je ne lis que le texte : envoyez-moi votre question par écrit, par exemple « Qui commande la NMI ? »",
		EN: "I only read text: send me your question as a message, for example \"Who commands NMI?\"",
	},
	msgLangSet: {
		FR: "Entendu : je réponds en français dans cette conversation.",
		EN: "Got it: I reply in English in this chat.",
	},
	msgLangAuto: {
		FR: "Entendu : je réponds dans la langue de chaque question.",
		EN: "Got it: I reply in the language of each question.",
	},
	msgLangUsage: {
		FR: "Choisissez la langue des réponses : /lang fr, /lang en, ou /lang auto pour suivre celle de la question.",
		EN: "Choose the reply language: /lang fr, /lang en, or /lang auto to follow the question's.",
	},
	msgSourcesHeader: {
		FR: "Mes %d documents sources :",
		EN: "My %d source documents (in French):",
	},
	msgSourceLine: {
		FR: "Source : %s, %s",
		EN: "Source: %s, %s (quoted in the original French)",
	},
	msgButtonSource:  {FR: "Citation complète", EN: "Full quote"},
	msgButtonSources: {FR: "Toutes les sources (%d)", EN: "All sources (%d)"},
	msgSourceGone: {
		FR: "Je ne retrouve plus cette source : posez à nouveau la question.",
		EN: "I can no longer find that source: please ask the question again.",
	},
	msgQuotesHeader: {FR: "Sources", EN: "Sources (quotes in the original French)"},
}

// command is an entry of the command menu.
type command struct {
	name string
	desc knowledge.Text
}

// menu is the command menu registered with setMyCommands. /start is left out, as Telegram
// shows its own Start button.
var menu = []command{
	{"ask", knowledge.Text{FR: "Poser une question : /ask Qui commande la NMI ?", EN: "Ask a question: /ask Who commands NMI?"}},
	{"help", knowledge.Text{FR: "Aide et exemples de questions", EN: "Help and example questions"}},
	{"sources", knowledge.Text{FR: "Les documents sources et leurs dates", EN: "The source documents and their dates"}},
	{"lang", knowledge.Text{FR: "Langue des réponses : /lang fr ou /lang en", EN: "Reply language: /lang fr or /lang en"}},
}

// langOf reads a Telegram language_code ("fr", "fr-CA", "en-GB") as a hint; "" when it is
// neither French nor English.
func langOf(code string) knowledge.Lang {
	code = strings.ToLower(code)
	switch {
	case code == "fr" || strings.HasPrefix(code, "fr-"):
		return knowledge.French
	case code == "en" || strings.HasPrefix(code, "en-"):
		return knowledge.English
	}
	return ""
}

// uiLang is the language of the adapter's own texts for a hint: English when the hint says so,
// else French, as the engine's Help does.
func uiLang(hint knowledge.Lang) knowledge.Lang {
	if hint == knowledge.English {
		return knowledge.English
	}
	return knowledge.French
}
