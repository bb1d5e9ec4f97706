package answers

import (
	"fmt"
	"strings"

	"github.com/nmi-factbot/nmibot/intents"
	"github.com/nmi-factbot/nmibot/knowledge"
)

// message names a text the bot says in either language.
type message int

const (
	msgHelp message = iota
	msgUnknown
	msgDidYouMean
	msgTooLong
	msgNoEvent
	msgMoreEvents
	msgEarlier
	msgLatest
	msgNotAttested
	msgSources
	msgAfterSources
	msgNothingAfter
	msgUnknownName
	msgUnsourced
	msgBeforeFact
	msgSeeAlso
	msgToday
	msgFuture
	msgExactDate
	msgExactFigure
	msgList
	msgUnattested
	msgLimited
	msgLangSet
	msgPassage
	msgNothingEarlier
	msgBeforeThat
	msgSourcesOfLast
	msgListSep
	msgNobody
	msgUnsaid
	msgUnsaidAny
	msgOtherTime
	msgTheySay
	msgTryInstead
	msgPartUnknown
	msgNoYesNo
	msgTypePerson
	msgTypeName
	msgTypeDate
	msgTypePlace
	msgTypeNumber
	msgTypeReason
	msgTypeAny
)

var messages = map[message]knowledge.Text{
	msgHelp: {
		FR: "Bonjour ! Je réponds aux questions sur la mission OTAN en Iraq (NMI) et les relations entre l'OTAN et l'Iraq, d'après cinq documents sources, avec citations. Essayez par exemple :",
		EN: "Hello! I answer questions about NATO Mission Iraq (NMI) and NATO–Iraq relations from five source documents, with quotes. Try for example:",
	},
	msgUnknown: {
		FR: "Je ne trouve pas de réponse dans mes sources, qui portent sur la mission OTAN en Iraq. Essayez par exemple :",
		EN: "I don't know that from my sources, which are about NATO Mission Iraq. Try for example:",
	},
	msgDidYouMean: {
		FR: "Je ne suis pas sûr de comprendre la question. Vouliez-vous dire :",
		EN: "I'm not sure I understand the question. Did you mean:",
	},
	msgTooLong: {
		FR: "Votre question est trop longue : posez-la en %d caractères au plus. Par exemple :",
		EN: "Your question is too long: please ask it in %d characters or fewer. For example:",
	},
	msgNoEvent: {
		FR: "Mes sources ne rapportent aucun événement %s.",
		EN: "My sources report no event %s.",
	},
	msgMoreEvents: {
		FR: "… et %d autre(s) événement(s) sur cette période.",
		EN: "… and %d more event(s) in that period.",
	},
	msgEarlier: {FR: "Auparavant : %s", EN: "Earlier: %s"},
	msgLatest:  {FR: "Plus récemment : %s", EN: "More recently: %s"},
	msgNotAttested: {
		FR: "Mes sources ne donnent pas cette information pour %s ; la plus proche qu'elles donnent :",
		EN: "My sources do not give this for %s; the closest they give:",
	},
	msgSources:     {FR: "Sources", EN: "Sources (quotes in the original French)"},
	msgSeeAlso:     {FR: "Voir aussi :", EN: "See also:"},
	msgToday:       {FR: "aujourd'hui", EN: "today"},
	msgFuture:      {FR: "l'avenir", EN: "the future"},
	msgExactDate:   {FR: "la date exacte", EN: "the exact date"},
	msgExactFigure: {FR: "le chiffre exact", EN: "the exact figure"},
	msgList:        {FR: "la liste", EN: "the list"},
	msgUnsaid: {
		FR: "Sur %s, mes sources ne disent pas %s.",
		EN: "On %s, my sources do not say %s.",
	},
	msgUnsaidAny: {
		FR: "Mes sources ne disent pas %s.",
		EN: "My sources do not say %s.",
	},
	msgOtherTime: {
		FR: "Mes sources ne rapportent pas cela %s ; ce qu'elles rapportent, et quand :",
		EN: "My sources do not report this %s; what they report, and when:",
	},
	msgTheySay:    {FR: "Elles disent seulement :", EN: "They only say:"},
	msgTryInstead: {FR: "Essayez par exemple :", EN: "Try for example:"},
	msgPartUnknown: {
		FR: "« %s » : je ne trouve pas de réponse dans mes sources.",
		EN: "\"%s\": I don't find the answer in my sources.",
	},
	msgNoYesNo: {
		FR: "Mes sources ne permettent pas de répondre par oui ou par non. Elles disent :",
		EN: "My sources do not say yes or no to this. They say:",
	},
	msgTypePerson: {FR: "qui", EN: "who"},
	msgTypeName:   {FR: "le nom", EN: "the name"},
	msgTypeDate:   {FR: "la date", EN: "the date"},
	msgTypePlace:  {FR: "le lieu", EN: "the place"},
	msgTypeNumber: {FR: "le nombre", EN: "the number"},
	msgTypeReason: {FR: "la raison", EN: "the reason"},
	msgTypeAny:    {FR: "cela", EN: "this"},
	msgPassage: {
		FR: "Aucune fiche ne répond exactement ; passage le plus proche dans les sources : « %s » (%s, %s)",
		EN: "No fact answers this exactly; closest passage in the sources, in French: \"%s\" (%s, %s)",
	},
	msgLangSet: {
		FR: "D'accord, je réponds désormais en français. Posez votre question, par exemple :",
		EN: "All right, I will answer in English from now on. Ask your question, for example:",
	},
	msgNothingEarlier: {
		FR: "Mes sources ne donnent rien d'antérieur sur ce point.",
		EN: "My sources give nothing earlier on this.",
	},
	msgBeforeThat: {FR: "avant %s", EN: "before %s"},
	msgListSep:    {FR: " ; ", EN: "; "},
	msgNobody: {
		FR: "De qui parlez-vous ? Nommez la personne, ou posez d'abord une question à son sujet ; par exemple :",
		EN: "Who do you mean? Name the person, or first ask a question about them; for example:",
	},
	msgSourcesOfLast: {
		FR: "Sources : %s. Les citations, en entier :",
		EN: "Sources: %s. The quotes in full, in the original French:",
	},
	msgLimited: {
		FR: "Vous posez beaucoup de questions : merci de patienter %d s avant la suivante.",
		EN: "You are asking a lot of questions: please wait %d s before the next one.",
	},
	msgUnattested: {
		FR: "Mes sources ne donnent pas cette information pour %s. Voici ce qu'elles disent, et de quand :",
		EN: "My sources do not give this for %s. Here is what they say, and as of when:",
	},
	msgUnsourced: {
		FR: "Mes sources ne disent rien %s : elles portent sur la mission OTAN en Iraq. Essayez par exemple :",
		EN: "My sources say nothing of %s: they are about NATO Mission Iraq. Try for example:",
	},
	msgUnknownName: {
		FR: "Mes sources ne parlent pas de « %s » : elles portent sur la mission OTAN en Iraq. Essayez par exemple :",
		EN: "My sources say nothing of \"%s\": they are about NATO Mission Iraq. Try for example:",
	},
	msgNothingAfter: {
		FR: "Mes sources ne rapportent rien %s : la dernière date qu'elles donnent est %s. Essayez par exemple :",
		EN: "My sources report nothing %s: the latest date they give is %s. Try for example:",
	},
	msgAfterSources: {
		FR: "Mes sources s'arrêtent en %s : elles ne disent rien de %s. Essayez par exemple :",
		EN: "My sources end in %s: they say nothing of %s. Try for example:",
	},
	msgBeforeFact: {
		FR: "Mes sources n'en disent rien pour %s : cela ne vaut qu'à partir de %s. Voyez plutôt :",
		EN: "My sources say nothing of this for %s: it only applies from %s. See instead:",
	},
}

func msg(lang knowledge.Lang, m message, args ...any) string {
	t := messages[m].In(lang)
	if len(args) == 0 {
		return t
	}
	return fmt.Sprintf(t, args...)
}

// timePhrase says the time a question named, as it follows "no event …" or "for …".
func timePhrase(lang knowledge.Lang, t *intents.Time) string {
	from, to := t.From.Format(lang), t.To.Format(lang)
	if lang == knowledge.English {
		switch t.Relation {
		case intents.Before:
			return "before " + from
		case intents.After:
			return "after " + from
		case intents.Between:
			return "between " + from + " and " + to
		}
		if t.From.Day != 0 {
			return "on " + from
		}
		return "in " + from
	}
	switch t.Relation {
	case intents.Before:
		return "avant " + from
	case intents.After:
		return "après " + from
	case intents.Between:
		return "entre " + from + " et " + to
	}
	if t.From.Day != 0 {
		return "le " + from
	}
	return "en " + from
}

// String renders the answer for a terminal: the text, then the numbered sources with their
// quotes, or the questions to try.
func (a Answer) String() string {
	var b strings.Builder
	b.WriteString(a.Text)
	b.WriteString("\n")
	if len(a.Citations) > 0 {
		fmt.Fprintf(&b, "\n%s\n", msg(a.Lang, msgSources))
		for i, c := range a.Citations {
			open, closing := "« ", " »"
			if a.Lang == knowledge.English {
				open, closing = "\"", "\""
			}
			fmt.Fprintf(&b, " [%d] %s, %s\n     %s%s%s\n", i+1, c.Title, c.Date, open, c.Quote, closing)
		}
	}
	if a.Answered && len(a.Suggestions) > 0 {
		// After an answer, suggestions are close alternatives; after a refusal, the text
		// already introduces them.
		fmt.Fprintf(&b, "\n%s\n", msg(a.Lang, msgSeeAlso))
	}
	for _, s := range a.Suggestions {
		fmt.Fprintf(&b, " • %s\n", s)
	}
	return b.String()
}
