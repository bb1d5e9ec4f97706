package answers

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/nmi-factbot/nmibot/intents"
	"github.com/nmi-factbot/nmibot/internal/golden"
	"github.com/nmi-factbot/nmibot/knowledge"
)

var (
	engineOnce sync.Once
	engine     *Engine
	engineErr  error
)

// mustEngine returns the engine on the embedded base, built once for all tests.
func mustEngine(tb testing.TB) *Engine {
	tb.Helper()
	engineOnce.Do(func() { engine, engineErr = Default() })
	if engineErr != nil {
		tb.Fatalf("Default(): %v", engineErr)
	}
	return engine
}

// Rendered answers are compared with golden files; go test ./answers -update rewrites them.
func TestAnswerGolden(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		name string
		q    string
	}{
		{"commander-fr", "Qui commande la NMI ?"},
		{"commander-en-typos", "who commnds the nato mision in irak"},
		{"commander-2019", "Qui commandait la mission OTAN en Iraq en 2019 ?"},
		{"ntmi-trained-two-figures", "Combien de personnes la NTM-I a-t-elle formées ?"},
		{"declined-fr", "Quelle est la capitale de la France ?"},
		{"timeline-december-2008", "Que s'est-il passé en décembre 2008 ?"},
		{"timeline-no-event", "What happened in March 2019?"},
		{"help-empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden.Check(t, filepath.Join("testdata", tt.name+".golden"), e.Answer(Question{Text: tt.q}).String())
		})
	}
}

func TestAnswerSaysWhenAValueHeld(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		name         string
		q            string
		want, absent []string // folded substrings of the text
		wantAnswered bool
	}{
		// The latest value by default, with what the sources said before.
		{name: "latest by default", q: "Qui commande la NMI ?", want: []string{"hintzy", "2025", "olsen"}, wantAnswered: true},
		// A time the sources say nothing of is no answer, though the reply says what they say.
		{name: "a past year the sources do not cover", q: "Who commanded NMI in 2019?", want: []string{"olsen", "do not give this for 2019", "hintzy"}, wantAnswered: false},
		{name: "a year between two values", q: "ki commandait la nmi en 2023", want: []string{"ne donnent pas cette information pour 2023"}, wantAnswered: false},
		{name: "the year a value is attested", q: "Qui commandait la NMI en 2020 ?", want: []string{"olsen"}, absent: []string{"ne donnent pas"}, wantAnswered: true},
		{name: "allies before 2023", q: "How many Allies were there before 2023?", want: []string{"29"}, wantAnswered: true},
		{name: "allies now", q: "Combien de pays membres compte l'OTAN ?", want: []string{"31", "29"}, wantAnswered: true},
		{name: "partners in 2024", q: "Quels pays partenaires participaient à la NMI en 2024 ?", want: []string{"australie"}, wantAnswered: true},
		// "Before X": the value before the one named, or nothing earlier.
		{name: "before a named value", q: "Qui commandait la NMI avant le général Hintzy ?", want: []string{"olsen"}, wantAnswered: true},
		{name: "before the earliest value", q: "Who commanded NMI before Olsen?", want: []string{"nothing earlier"}, wantAnswered: false},
		{name: "allies before 31", q: "Combien d'Alliés avant les 31 ?", want: []string{"29"}, wantAnswered: true},
		{name: "before, of something that did not change", q: "Que faisait l'OTAN en Irak avant la NMI ?", absent: []string{"nothing earlier", "rien d'anterieur"}, wantAnswered: true},
		// A name the sources do not give is not answered with the fact that lacks it.
		{name: "a name the sources give", q: "Comment s'appelle le commandant de la NMI ?", want: []string{"hintzy"}, wantAnswered: true},
		{name: "a name the sources do not give", q: "What's the name of the Turkish general who leads an NMI division?", want: []string{"do not say the name", "turkish general"}, wantAnswered: false},
		// A name asked is one the fact gives beside what it is about: the centre in Jordan; of
		// someone, a person's, not a country's.
		{name: "a name the fact gives", q: "What is the name of the training centre in Jordan used in 2016?", want: []string{"king abdullah"}, wantAnswered: true},
		{name: "a person's name the fact does not give", q: "Comment s'appelait le président irakien que Stoltenberg a rencontré lors de sa deuxième visite officielle, en mars 2018 ?", want: []string{"ne disent pas"}, wantAnswered: false},
		{name: "the name of a centre the fact names", q: "c koi le nom du centre en jordanie ou ils ont forme les 350 officiers irakiens", want: []string{"roi abdallah"}, wantAnswered: true},
		{name: "the name of someone the fact names none of", q: "Comment s'appelle la conseillère genre de la mission OTAN en Irak ?", want: []string{"ne disent pas le nom"}, wantAnswered: false},
		{name: "name as a verb", q: "Name some topics NMI advises Iraqi staffs and schools on", want: []string{"logistics"}, wantAnswered: true},
		// A number the sources do not give is not answered with the fact that lacks it.
		{name: "a count the sources give in words", q: "Combien de personnels compte la NMI ?", want: []string{"plusieurs centaines"}, wantAnswered: true},
		{name: "a count the sources give in digits", q: "How many Iraqi officers were trained in Jordan?", want: []string{"350"}, wantAnswered: true},
		// A figure with no time of its own holds at its sources' dates, not at another.
		{name: "a count of a year no source speaks for", q: "Combien de personnels comptait la NMI fin 2022 ?", want: []string{"pas cette information pour 2022", "plusieurs centaines"}, wantAnswered: false},
		// A place asked must be one the question does not name already.
		{name: "a finer place than the sources give", q: "Dans quelle ville de Jordanie se trouve le Centre d'entraînement Roi Abdallah II pour les opérations spéciales ?", want: []string{"ne disent pas le lieu"}, wantAnswered: false},
		{name: "a place within one the question names", q: "Where exactly in Baghdad is NMI located?", want: []string{"international zone"}, wantAnswered: true},
		// A count of a concept needs a figure of it: the 31 of the NAC's members are no count of
		// police, and "several hundred personnel" none of soldiers trained.
		{name: "a count of something the figure does not count", q: "Combien de policiers fédéraux irakiens la NMI a-t-elle conseillés ou formés depuis 2023 ?", want: []string{"ne disent pas le nombre"}, wantAnswered: false},
		{name: "a count in words of what is asked", q: "Combien d'officiers ont rejoint les premiers éléments déployés à Bagdad en août 2004 ?", want: []string{"cinquante"}, wantAnswered: true},
		// A count whose figure the question states asks another figure.
		{name: "a count of part of a stated figure", q: "How many of NMI's 28 long-term objectives have been achieved so far?", want: []string{"do not say the number", "28"}, wantAnswered: false},
		{name: "a count the sources do not give", q: "How many AWACS aircraft did NATO make available?", want: []string{"do not say the number", "awacs"}, wantAnswered: false},
		// "Now" of a value the sources last give years before their latest date is not answered.
		{name: "now, of a stale value", q: "Qui est le premier ministre irakien actuellement ?", want: []string{"ne donnent pas cette information pour aujourd'hui", "al-abadi"}, wantAnswered: false},
		{name: "now, of a recent value", q: "Qui commande la NMI actuellement ?", want: []string{"hintzy"}, wantAnswered: true},
		// Nothing is known after the latest source.
		{name: "after the sources", q: "Qui est le secrétaire général de l'OTAN en 2026 ?", want: []string{"s'arretent en 2025"}, wantAnswered: false},
		// A date with no event is declined, never rounded to a nearby one.
		{name: "no event that month", q: "Que s'est-il passé en mars 2019 ?", want: []string{"aucun evenement en mars 2019"}, wantAnswered: false},
		{name: "an event that day", q: "What happened on 22 January 2018?", want: []string{"mattis"}, wantAnswered: true},
		// What someone decided at a time is what happened then: nothing, in a year of no event.
		{name: "a decision of a year with no event", q: "Qu'est-ce que l'OTAN a décidé au sujet de l'Irak en 2013 ?", want: []string{"aucun evenement en 2013"}, wantAnswered: false},
		{name: "a decision of a year with one", q: "What did NATO decide in 2021?", want: []string{"february 2021"}, wantAnswered: true},
		// "What decision…" asks the decisions of the time, not its other events.
		{name: "a decision of a year with events but none decided", q: "Quelle décision les ministres de la Défense de l'OTAN ont-ils prise sur la mission en Irak en 2019 ?", want: []string{"aucun evenement en 2019"}, wantAnswered: false},
		{name: "what decision, of a year with one", q: "Quelle décision l'OTAN a-t-elle prise en février 2021 ?", want: []string{"fevrier 2021"}, wantAnswered: true},
		{name: "a span", q: "que s'est-il passé entre 2015 et 2016 ?", want: []string{"juillet 2015", "varsovie"}, wantAnswered: true},
		// Disagreeing figures are both given.
		{name: "two figures", q: "How many people did NTM-I train?", want: []string{"15000", "5000", "10000"}, wantAnswered: true},
		{name: "two reasons", q: "Pourquoi la NTM-I a-t-elle pris fin ?", want: []string{"statut juridique", "immunite"}, wantAnswered: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.Answer(Question{Text: tt.q})
			text := fold(a.Text)
			if a.Answered != tt.wantAnswered {
				t.Errorf("Answer(%q).Answered = %v, want %v; text %q", tt.q, a.Answered, tt.wantAnswered, a.Text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("Answer(%q) = %q, want it to contain %q", tt.q, a.Text, w)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(text, w) {
					t.Errorf("Answer(%q) = %q, want it without %q", tt.q, a.Text, w)
				}
			}
		})
	}
}

func TestAnswerBadInput(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		name string
		in   string
		want string // folded substring of the reply
	}{
		{"empty", "", "try for example"},
		{"white space", " \t\n ", "try for example"},
		{"100 KB", strings.Repeat("who commands NMI ", 6000), "too long"},
		{"100 KB in French", strings.Repeat("qui commande la mission à Bagdad ", 3000), "trop longue"},
		{"invalid UTF-8", "qui \xff\xfe commande la NMI", "hintzy"},
		{"emoji", "😀🚀🇮🇶", "try for example"},
		{"emoji around a question", "🤔 who commands NMI? 🙏", "hintzy"},
		{"control characters", "qui\x00commande\x07la\x1bNMI", "hintzy"},
		{"markdown", "**qui** _commande_ `la` [NMI](http://x)", "hintzy"},
		{"html", "<b>x</b> _*[", ""},
		{"script", "<script>alert('qui commande la NMI')</script>", ""},
		{"right-to-left override", "\u202equi commande la NMI", "hintzy"},
		{"soft hyphen inside a word", "Qui com\u00admande la NMI ?", "hintzy"},
		{"zero-width non-joiner inside a word", "who com\u200cmands NMI?", "hintzy"},
		{"zero-width joiner inside a name", "qui commande la N\u200dMI ?", "hintzy"},
		{"one 500-letter word", strings.Repeat("a", 500), "try for example"},
		{"a 500-letter word around a question", "who commands NMI? " + strings.Repeat("x", 480), "hintzy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.Answer(Question{Text: tt.in})
			if a.Text == "" {
				t.Fatalf("Answer(%.40q) has no text", tt.in)
			}
			if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Question) {
				t.Errorf("Answer(%.40q) is not valid UTF-8", tt.in)
			}
			if !strings.Contains(fold(a.Text), tt.want) {
				t.Errorf("Answer(%.40q) = %q, want it to contain %q", tt.in, a.Text, tt.want)
			}
			if utf8.RuneCountInString(a.Question) > MaxQuestionRunes && a.Answered {
				t.Errorf("Answer(%.40q) answered a question over the cap", tt.in)
			}
		})
	}
}

func TestAnswerJSONContract(t *testing.T) {
	e := mustEngine(t)
	for _, q := range []string{"Qui commande la NMI ?", "asdf", ""} {
		b, err := json.Marshal(e.Answer(Question{Text: q}))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"question", "lang", "answered", "kind", "intent", "confidence", "text", "citations", "suggestions"} {
			if _, ok := m[k]; !ok {
				t.Errorf("JSON of Answer(%q) lacks %q: %s", q, k, b)
			}
		}
		// Lists are never null, so tools can iterate without a check.
		if m["citations"] == nil || m["suggestions"] == nil {
			t.Errorf("JSON of Answer(%q) has a null list: %s", q, b)
		}
		answered, kind := m["answered"].(bool), m["kind"].(string)
		if answered != (kind == "fact" || kind == "passage") {
			t.Errorf("JSON of Answer(%q): answered %v with kind %q", q, answered, kind)
		}
	}
}

func TestAnswerFollowsTheLanguageHint(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		q    string
		hint knowledge.Lang
		want knowledge.Lang
	}{
		{"NMI ?", knowledge.French, knowledge.French},
		{"hintzy", knowledge.French, knowledge.French},
		{"hintzy", knowledge.English, knowledge.English},
		{"Qui commande la NMI ?", knowledge.English, knowledge.French},
	}
	for _, tt := range tests {
		if got := e.Answer(Question{Text: tt.q, Lang: tt.hint}).Lang; got != tt.want {
			t.Errorf("Answer(%q, hint %s).Lang = %s, want %s", tt.q, tt.hint, got, tt.want)
		}
	}
}

func TestDeclineOffersExamples(t *testing.T) {
	e := mustEngine(t)
	a := e.Answer(Question{Text: "Qui a gagné la Coupe du monde 2018 ?"})
	if a.Answered || a.Kind != KindNone || len(a.Citations) != 0 {
		t.Fatalf("Answer = %+v, want a refusal", a)
	}
	if n := len(a.Suggestions); n < 2 || n > 3 {
		t.Errorf("refusal suggests %d questions, want 2 or 3: %q", n, a.Suggestions)
	}
	for _, s := range a.Suggestions {
		if got := e.Answer(Question{Text: s}); !got.Answered {
			t.Errorf("suggested %q is not answered itself", s)
		}
	}
}

func TestHelpAndSuggest(t *testing.T) {
	e := mustEngine(t)
	for _, lang := range []knowledge.Lang{knowledge.French, knowledge.English} {
		h := e.Help(lang)
		if h.Answered || h.Lang != lang || len(h.Suggestions) < 2 {
			t.Errorf("Help(%s) = %+v, want a greeting in %s with examples", lang, h, lang)
		}
	}
	got := e.Suggest("qui comm", knowledge.French, 5)
	if len(got) == 0 || len(got) > 5 {
		t.Fatalf("Suggest(qui comm) = %q, want 1 to 5 questions", got)
	}
	// sahilm/fuzzy ranks contiguous, word-start matches first.
	if !strings.HasPrefix(fold(got[0]), "qui comm") {
		t.Errorf("Suggest(qui comm) = %q, want a question starting so first", got)
	}
}

func TestPassageFallback(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		name     string
		q        string
		wantKind Kind
	}{
		{"worded like a sentence no fact phrasing covers", "défis communs menaces capacités", KindPassage},
		{"a fact wins when one answers", "Qui commande la NMI ?", KindFact},
		{"out of scope stays declined", "Quelle est la capitale du Danemark ?", KindNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.Answer(Question{Text: tt.q})
			if a.Kind != tt.wantKind {
				t.Fatalf("Answer(%q).Kind = %q (%q), want %q", tt.q, a.Kind, a.Text, tt.wantKind)
			}
			if a.Kind != KindPassage {
				return
			}
			if !a.Answered || len(a.Citations) != 1 || !strings.Contains(a.Text, a.Citations[0].Quote) || !strings.Contains(a.Text, "passage le plus proche") {
				t.Errorf("passage answer = %+v, want the quoted sentence, marked as the closest passage", a)
			}
		})
	}
}

func TestTwoQuestionsGetBothFacts(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		q    string
		want []string
	}{
		{"Mission de l'OTAN en Irak : qui en est le commandant et depuis quand elle existe ?", []string{"hintzy", "juillet 2018"}},
		{"Who commands NMI and when was it launched?", []string{"hintzy", "july 2018"}},
	}
	for _, tt := range tests {
		a := e.Answer(Question{Text: tt.q})
		for _, w := range tt.want {
			if !strings.Contains(fold(a.Text), w) {
				t.Errorf("Answer(%q) = %q, want both facts (%q missing)", tt.q, a.Text, w)
			}
		}
		if len(a.Citations) < 2 {
			t.Errorf("Answer(%q) cites %d passages, want the sources of both facts", tt.q, len(a.Citations))
		}
	}
}

// text, answered and kind of the reply to each question, for the tests below.
type reply struct {
	q            string
	want, absent []string // folded substrings of the text
	wantAnswered bool
	wantKind     Kind
}

func checkReplies(t *testing.T, tests []reply) {
	t.Helper()
	e := mustEngine(t)
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := e.Answer(Question{Text: tt.q})
			text := fold(a.Text)
			if a.Answered != tt.wantAnswered || (tt.wantKind != "" && a.Kind != tt.wantKind) {
				t.Errorf("Answer(%q) answered %v, kind %q; want %v, %q; text %q", tt.q, a.Answered, a.Kind, tt.wantAnswered, tt.wantKind, a.Text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("Answer(%q) = %q, want it to contain %q", tt.q, a.Text, w)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(text, w) {
					t.Errorf("Answer(%q) = %q, want it without %q", tt.q, a.Text, w)
				}
			}
			if (a.Kind == KindRelated || a.Answered) && len(a.Citations) == 0 {
				t.Errorf("Answer(%q) says what the sources say without citing them", tt.q)
			}
		})
	}
}

func TestAnswerSaysWhatTheSourcesDoNotGive(t *testing.T) {
	checkReplies(t, []reply{
		// Something the sources know, asked what they do not say of it: declined, with what
		// they do say.
		{q: "What nationality is General Hintzy?", want: []string{"do not say the nationality", "hintzy"}, wantKind: KindRelated},
		{q: "Qui dirige la mission de conseil de l'UE en Irak ?", want: []string{"ne disent pas qui dirige", "union europeenne"}, wantKind: KindRelated},
		{q: "Who commanded NTM-I?", want: []string{"do not say who heads", "ntm-i"}, wantKind: KindRelated},
		{q: "How old is Lieutenant General Per Pugholm Olsen?", want: []string{"do not say the age", "olsen"}, wantKind: KindRelated},
		{q: "What is NMI's annual budget?", want: []string{"budget"}, wantKind: KindRelated},
		{q: "Who took over from Stoltenberg as NATO secretary general?", want: []string{"successor"}, wantKind: KindRelated},
		{q: "How many Australian troops serve in NMI?", want: []string{"do not say the number"}, wantKind: KindRelated},
		// The figure stated, the list asked: the fact giving only the figure does not answer.
		{q: "Quels sont les 28 pays qui participent à la NMI ?", want: []string{"ne disent pas la liste", "28 pays"}, wantKind: KindRelated},
		// An exact figure asked of a fact that gives none.
		{q: "What is the exact number of NMI personnel?", want: []string{"do not say the exact figure", "several hundred"}, wantKind: KindRelated},
		{q: "Combien de personnes compte la NMI, au chiffre près ?", want: []string{"ne disent pas le chiffre exact"}, wantKind: KindRelated},
		// A question people asked of the headcount may name Australia; the headcount does not.
		{q: "How many Australian personnel serve in NMI?", want: []string{"do not say the number"}, wantKind: KindRelated},
		{q: "What's the street address of NMI's headquarters in Baghdad?", want: []string{"do not say the street address"}, wantKind: KindRelated},
		{q: "Quelle est l'adresse de la NMI à Bagdad ?", want: []string{"ne disent pas l'adresse postale"}, wantKind: KindRelated},
		// Something they never mention: a plain refusal.
		{q: "Tell me about KFOR", wantKind: KindNone},
		{q: "Quelle est la capitale du Danemark ?", wantKind: KindNone},
		// A time they report nothing of.
		{q: "What did NATO defence ministers decide about the Iraq mission in June 2021?", want: []string{"june 2021"}},
		{q: "cb d'officiers irakiens l'otan a formé en jordanie en 2017", wantKind: KindRelated, want: []string{"2016"}},
	})
}

func TestAnswerYesNo(t *testing.T) {
	checkReplies(t, []reply{
		{q: "Did NATO ever fight in Iraq?", want: []string{"no", "non-combat"}, absent: []string{"no. no"}, wantAnswered: true},
		{q: "L'OTAN a-t-elle déjà combattu en Irak ?", want: []string{"non", "non combattante"}, wantAnswered: true},
		{q: "Les soldats de l'OTAN partent-ils au front avec les troupes irakiennes ?", want: []string{"non"}, wantAnswered: true},
		{q: "L'Autriche participe-t-elle à la NMI ?", want: []string{"oui", "autriche"}, wantAnswered: true},
		// A partner is not a member: the fact that names it as a partner says no.
		{q: "L'Australie est-elle membre de l'OTAN ?", want: []string{"non", "partenaires"}, wantAnswered: true},
		{q: "Is Austria a NATO member?", want: []string{"no", "partner"}, wantAnswered: true},
		// "Member country": the class noun a fact of partner countries gives does not say yes.
		{q: "Is Australia a NATO member country?", want: []string{"no", "partner"}, wantAnswered: true},
		// A place the sources never name, put forward for what a fact places elsewhere.
		{q: "Is NMI's headquarters in Erbil?", want: []string{"no", "baghdad"}, wantAnswered: true},
		{q: "Le QG de la NMI est-il à Erbil ?", want: []string{"non", "bagdad"}, wantAnswered: true},
		// What a fact puts outside something is not part of it.
		{q: "Pour l'OTAN, l'Irak fait-il partie de la région euro-atlantique ?", want: []string{"non", "hors de la region euro-atlantique"}, wantAnswered: true},
		{q: "Is Iraq outside the Euro-Atlantic area?", want: []string{"yes", "outside"}, wantAnswered: true},
		{q: "L'Autriche participe-t-elle à la NMI alors qu'elle n'est pas membre de l'OTAN ?", want: []string{"oui"}, wantAnswered: true},
		{q: "Was NMI launched in 2017?", want: []string{"no", "july 2018"}, wantAnswered: true},
		{q: "Did NTM-I train 15,000 Iraqi officers?", want: []string{"yes", "15000"}, wantAnswered: true},
		{q: "Is NATO a full member of the global coalition against ISIS?", want: []string{"yes", "full member"}, wantAnswered: true},
		{q: "Was the 2016 train-the-trainers course for Iraqi officers held in Europe?", absent: []string{"yes"}},
		// A question that names what it asks of a list is answered from the fact that says it.
		{q: "Did the DCB package for Iraq cover military medicine?", want: []string{"yes", "military medicine"}, wantAnswered: true},
		// "Without" asks that something was absent: a fact that says it answers "no".
		{q: "Did NATO launch NMI without any request from the Iraqi government?", want: []string{"no", "request"}, wantAnswered: true},
		// A question with no time is also decided by earlier values.
		{q: "Has a Danish general ever commanded NMI?", want: []string{"yes", "olsen"}, wantAnswered: true},
		// A value the fact does not name is not a yes.
		{q: "Has Canada ever provided a commander to NMI?", absent: []string{"yes."}},
		// What people asked of a fact is no evidence that it says so: 98%, not all of it.
		{q: "Did Stoltenberg say in February 2018 that all of the territory IS had occupied had been liberated?", absent: []string{"yes."}},
		// An event on the other side of the time asked is a no; the event that dates the
		// question is not its subject.
		{q: "Was NTM-I set up after the Warsaw summit of 2016?", want: []string{"no", "2004"}, wantAnswered: true},
		{q: "La NMI a-t-elle été lancée avant le sommet du pays de Galles de 2014 ?", want: []string{"non", "2018"}, wantAnswered: true},
		// The fact about what the question is first about decides, though its words are far
		// behind: NMI's launch, not what Warsaw decided.
		{q: "La NMI a-t-elle été lancée à Varsovie ?", want: []string{"non", "bruxelles"}, wantAnswered: true},
		{q: "Was NMI launched at the Warsaw summit?", want: []string{"no", "brussels"}, wantAnswered: true},
		// What can happen many times (a visit) is not denied by one of another time; "his first
		// visit" is one.
		{q: "Stoltenberg s'est-il rendu en Irak en 2020 ?", want: []string{"2016"}, wantKind: KindRelated},
		{q: "Did Stoltenberg visit Iraq in 2018?", want: []string{"yes", "2018"}, wantAnswered: true},
		{q: "Was Stoltenberg's March 2018 trip his first official visit to Iraq?", want: []string{"no", "2016"}, wantAnswered: true},
		// "Without X?" of a fact that does not speak of X leaves it open.
		{q: "La NTM-I a-t-elle été mise sur pied sans aucun mandat de l'ONU ?", absent: []string{"oui."}},
		// Another value of the same kind answers no, even beside one the fact does name.
		{q: "D'après la dépêche Belga, la coalition formée contre l'État islamique était-elle dirigée par le Royaume-Uni ?", want: []string{"non", "etats-unis"}, wantAnswered: true},
		// What a source said at its date decides a question about that source.
		{q: "La page de l'OTAN mise à jour en mars 2024 cite-t-elle l'Autriche parmi les pays partenaires de la NMI ?", want: []string{"non", "australie"}, wantAnswered: true},
		{q: "Was the commander named on NATO's late-2020 NMI page a Dane?", want: []string{"yes", "olsen"}, wantAnswered: true},
		// A value of another time than the one asked does not say yes; the value of that time
		// may say no.
		{q: "Was Lt Gen Per Pugholm Olsen still the NMI commander in 2025?", want: []string{"no", "hintzy"}, wantAnswered: true},
		{q: "Is Olsen still in charge of NMI?", want: []string{"no", "hintzy"}, wantAnswered: true},
		// "The exact number?" of a figure given in words.
		{q: "En février 2018, Stoltenberg a-t-il donné le nombre exact de personnels prévus pour la future mission ?", want: []string{"non", "plusieurs centaines"}, wantAnswered: true},
		// The role right before a name is that person's.
		{q: "Was Fouad Massoum Iraq's prime minister when Stoltenberg came on his first official visit in 2016?", want: []string{"no", "president fouad massoum"}, wantAnswered: true},
		{q: "Was Haïdar Al-Abadi Iraq's prime minister in 2016?", want: []string{"yes"}, wantAnswered: true},
		{q: "Did Stoltenberg meet Iraq's president during his March 2018 trip?", want: []string{"yes"}, wantAnswered: true},
		// A place put forward (« à Bagdad ») is denied by a fact naming another place or country.
		{q: "La conférence de 2018 pour la reconstruction de l'Irak s'est-elle tenue à Bagdad ?", want: []string{"non", "koweit"}, wantAnswered: true},
		// "Before NTM-I was suspended" is before its end, not its start.
		{q: "Did Iraq get NATO partner status before NTM-I was suspended?", want: []string{"yes", "april 2011"}, wantAnswered: true},
		{q: "L'Irak est-il devenu pays partenaire de l'OTAN avant la suspension de la NTM-I ?", want: []string{"oui", "avril 2011"}, wantAnswered: true},
		// The fact of the value put forward decides: the first visit, not the second.
		{q: "La première visite officielle de Jens Stoltenberg en Irak date-t-elle de 2018 ?", want: []string{"non", "2016"}, wantAnswered: true},
		// A figure the question states that the fact's figures do not hold.
		{q: "La NTM-I a-t-elle été créée conformément à la résolution 1325 du Conseil de sécurité de l'ONU ?", want: []string{"non", "1546"}, wantAnswered: true},
		// Shrinking and increasing exclude each other.
		{q: "Did NATO defence ministers decide in February 2021 to shrink NMI?", want: []string{"no", "increase"}, wantAnswered: true},
		// Member and partner exclude each other.
		{q: "Does General Hintzy say the long-term aim is for Iraq to become a full member of NATO?", want: []string{"no", "partner"}, wantAnswered: true},
		// "Only" asks whether nothing else holds; "not only" whether something else does too.
		{q: "Is NMI only based in Baghdad?", want: []string{"no"}, wantAnswered: true},
		{q: "La NTM-I a-t-elle aussi formé des policiers irakiens, et pas seulement des militaires ?", want: []string{"oui", "policiers"}, wantAnswered: true},
		// An event of the time asked decides before a closer-worded one of another time.
		{q: "In 2004, did NATO decide to set up a training centre in Iraq?", want: []string{"yes", "2004"}, wantAnswered: true},
		// NATO or Iraq put forward as a value, and a fact that does not name it: no "yes".
		{q: "Is Iraq one of NATO's member countries?", absent: []string{"yes."}},
		// A cleft question puts a value forward; its "qui"/"who" asks nothing.
		{q: "Est-ce Stoltenberg qui a visité Besmaya en 2018 ?", want: []string{"oui", "besmaya"}, wantAnswered: true},
		{q: "Was it Olsen who visited Besmaya in 2018?", want: []string{"no", "stoltenberg"}, wantAnswered: true},
		// Another reason than the one put forward is a no.
		{q: "Did NTM-I end because of the COVID-19 pandemic?", want: []string{"no", "immunity"}, wantAnswered: true},
		// NATO beside the subject the fact is about only says whose it is.
		{q: "Did NATO donate military equipment to Iraq during NTM-I?", want: []string{"yes", "115"}, wantAnswered: true},
		// Another rank than the one put forward is a no; « premier ministre » is no rank.
		{q: "Was it on his first official visit to Iraq that Stoltenberg toured NATO's training facilities at Besmaya?", want: []string{"no", "second"}, wantAnswered: true},
		{q: "Stoltenberg a-t-il visité Besmaya lors de sa deuxième visite officielle en Irak ?", want: []string{"oui", "deuxieme"}, wantAnswered: true},
		// Another value of an exclusive class (a military rank, an assessment) is a no.
		{q: "Is the general commanding NMI in 2025 a lieutenant general?", want: []string{"no", "major general"}, wantAnswered: true},
		{q: "Is Hintzy a major general?", want: []string{"yes"}, wantAnswered: true},
		{q: "Le général Hintzy tire-t-il un premier bilan négatif de la mission ?", want: []string{"non", "encourageant"}, wantAnswered: true},
		{q: "Hintzy est-il en poste depuis plusieurs années ?", want: []string{"non", "quelques mois"}, wantAnswered: true},
		// A question word after a noun is a relative pronoun: the question still asks yes or no.
		{q: "Les Alliés étaient-ils 31 à la réunion des ministres de la Défense de février 2018 où a été lancée la planification de la mission ?", want: []string{"non", "29"}, wantAnswered: true},
		// « Avant le lancement de la NMI »: the launch itself decides nothing; what came before does.
		{q: "L'OTAN formait-elle déjà des Irakiens avant le lancement de la NMI ?", want: []string{"oui", "fevrier 2018"}, wantAnswered: true},
		// A relative « sur lesquels » asks nothing: the question is still yes/no.
		{q: "La digitalisation fait-elle partie des thèmes sur lesquels la NMI conseille les Irakiens ?", want: []string{"oui", "digitalisation"}, wantAnswered: true},
		// "Before his March 2018 trip" is a time, not his past before a post.
		{q: "Had Stoltenberg already made an official visit to Iraq before his March 2018 trip?", want: []string{"yes", "2016"}, wantAnswered: true},
		// "Alone" of a fact naming another actor is a no.
		{q: "Were NMI's 28 long-term objectives drawn up by NATO alone?", want: []string{"no", "jointly"}, wantAnswered: true},
		// The inverted verb (« ont-ils lancé ») says what is asked; the request is put forward.
		{q: "Les dirigeants alliés ont-ils lancé la NMI à la demande du gouvernement irakien ?", want: []string{"oui", "demande"}, wantAnswered: true},
		// A fact giving one of the things put forward may decide: advisers do not go into combat.
		{q: "Do NATO advisers go out on operations with Iraqi troops?", want: []string{"no"}, wantAnswered: true},
		// A figure compared or scaled is decided by the value's figure of the same thing.
		{q: "Did Allied countries donate more than 100 million euros' worth of military equipment to Iraq under NTM-I?", want: []string{"yes", "115"}, wantAnswered: true},
		{q: "Did the 2018 Kuwait reconstruction conference raise about 300 billion dollars?", want: []string{"no", "300 million"}, wantAnswered: true},
		{q: "La conférence du Koweït de 2018 a-t-elle permis de récolter plus d'un milliard de dollars ?", want: []string{"non", "300 millions"}, wantAnswered: true},
		// One body put forward for what another decided or makes up: no.
		{q: "Did NATO foreign ministers decide the August 2023 extension of NMI?", want: []string{"no", "north atlantic council"}, wantAnswered: true},
		{q: "Le Conseil de l'Atlantique Nord réunit-il les ministres de la Défense des Alliés ?", want: []string{"non", "ambassadeurs"}, wantAnswered: true},
		{q: "Did the North Atlantic Council decide to expand NMI in August 2023?", want: []string{"yes", "north atlantic council"}, wantAnswered: true},
		{q: "Was Saddam Hussein overthrown by a NATO-led coalition?", want: []string{"no", "us-led"}, wantAnswered: true},
		// A question word after a lead set off by a comma opens the question: no relative.
		{q: "Au final, combien d'officiers irakiens la NTM-I a-t-elle formés ?", want: []string{"15000"}, absent: []string{"oui.", "non."}, wantAnswered: true},
		// A request that opens like a yes/no question asks for what it names.
		{q: "Can you tell me who commands NMI?", want: []string{"hintzy"}, absent: []string{"yes.", "no."}, wantAnswered: true},
		{q: "Peux-tu me dire quand la NMI a été lancée ?", want: []string{"juillet 2018"}, absent: []string{"oui.", "non."}, wantAnswered: true},
		// « qui » after a name, in a question that inverts its verb, is a relative pronoun.
		{q: "Le sommet de Bruxelles qui devait lancer la NMI était-il prévu en juillet 2018 ?", want: []string{"oui", "juillet 2018"}, wantAnswered: true},
		// A cleft question puts a body forward; the decision of the month asked decides.
		{q: "Ce sont bien les ministres des Affaires étrangères qui ont élargi la NMI en août 2023 ?", want: []string{"non", "atlantique nord"}, wantAnswered: true},
		// Meant to last: "permanent?" of a temporary cell.
		{q: "Was the 2012 NATO transition cell in Baghdad a permanent office?", want: []string{"no", "temporary"}, wantAnswered: true},
		// A size or a currency put forward for another one the fact gives: no.
		{q: "En 2018, l'OTAN avait-elle déjà une grande présence en Irak pour former les troupes ?", want: []string{"non", "petite echelle"}, wantAnswered: true},
		{q: "La conférence du Koweït a-t-elle récolté 300 millions d'euros ?", want: []string{"non", "dollars"}, wantAnswered: true},
		// NATO's mission described, with a time before NMI began, is NTM-I.
		{q: "Was NATO's 2004 training mission in Iraq set up at the request of Iraq's interim government?", want: []string{"yes", "interim government"}, wantAnswered: true},
	})
}

func TestAnswerPrefersTheFactOfTheValueNamed(t *testing.T) {
	checkReplies(t, []reply{
		// "2e fois" names the second visit: the fact of the first says another value.
		{q: "stoltenberg est venu en irak pr la 2e fois officiellement qd ?", want: []string{"5 mars 2018"}, wantAnswered: true},
	})
}

func TestAnswerWhenSomethingStartedIsTheDateOfWhatItDid(t *testing.T) {
	checkReplies(t, []reply{
		// No fact gives the launch of COVID-19 help as such; the fact dating the help answers.
		{q: "wen did nato start helpin iraq w covid", want: []string{"may 2020"}, wantAnswered: true},
		{q: "Depuis quand l'OTAN a-t-elle commencé à aider l'Irak face au Covid ?", want: []string{"mai 2020"}, wantAnswered: true},
		// NATO's own founding is no activity a dated fact gives the start of.
		{q: "When was NATO founded?", absent: []string{"since"}, wantKind: KindRelated},
		{q: "Quand l'OTAN a-t-elle été fondée ?", absent: []string{"depuis"}, wantKind: KindRelated},
		// The EU mission has no date in the sources: still declined.
		{q: "When did the EU advisory mission in Iraq start?", wantKind: KindRelated},
	})
}

func TestAnswerReadsCommonVerbsAndPronounsForWhatTheyAre(t *testing.T) {
	checkReplies(t, []reply{
		// « donner son aval » approves; « donner » alone is no gift of money.
		{q: "À quelle date les ambassadeurs de l'Alliance ont-ils donné leur aval au concept d'opération de la future mission en Irak ?", want: []string{"26 avril 2018"}, wantAnswered: true},
		{q: "Depuis quand l'OTAN donne-t-elle des formations sur place en Irak ?", want: []string{"janvier 2017"}, wantAnswered: true},
		// « moi » is no Ministry of Interior (MoI), "us" no United States unless typed "US".
		{q: "Donne-moi une recette de couscous", absent: []string{"interieur"}},
		{q: "Did the US lead the coalition against ISIS?", want: []string{"yes", "united states"}, wantAnswered: true},
		// A fact that only gives a figure, asked of a year its sources do not speak for.
		{q: "What was NMI's total headcount in 2022?", want: []string{"do not give this for 2022"}, wantKind: KindRelated},
	})
}

func TestAnswerWhatHappenedToWhatTheQuestionNames(t *testing.T) {
	checkReplies(t, []reply{
		// Events of the time, about what the question names: NTM-I's, not Saddam Hussein's.
		{q: "What did NTM-I do before 2010?", want: []string{"ntm-i"}, absent: []string{"saddam"}, wantAnswered: true},
		// What changed at a time is what happened then.
		{q: "Qu'est-ce qui a changé pour la NMI en 2021 ?", want: []string{"fevrier 2021"}, wantAnswered: true},
		{q: "Did anything change for NMI in 2022?", want: []string{"no event in 2022"}, wantKind: KindNone},
		// What was decided at a time: the decisions, whether their frame or their words say so;
		// no other event of that time.
		{q: "What did the North Atlantic Council decide about NMI in 2025?", want: []string{"no event in 2025"}, wantKind: KindNone},
		{q: "Qu'ont décidé les Alliés en 2007 pour la police fédérale irakienne ?", want: []string{"gendarmerie"}, wantAnswered: true},
		// "What" before a noun is "which": "did" is an auxiliary, not "what was done".
		{q: "What three offices in Baghdad did NMI advise in 2020?", want: []string{"national security"}, wantAnswered: true},
	})
}

func TestAnswerDeclinesNamesTheSourcesNeverMention(t *testing.T) {
	checkReplies(t, []reply{
		{q: "What did NATO do in Libya in 2011?", want: []string{"say nothing of libya"}},
		{q: "Comment s'est terminée la mission de l'ONU au Mali ?", want: []string{"rien du mali"}},
		{q: "What did NATO do in Tatooine in 2011?", want: []string{"say nothing of \"tatooine\""}},
		// A name the sources know under another one is not unknown.
		{q: "Who was the Pentagon chief who wrote to NATO in January 2018?", want: []string{"mattis"}, wantAnswered: true},
	})
}

// A country no source names (from the data set of the world's countries) is something the sources
// say nothing of: no figure or list answers a question restricted to it. Only a yes/no question
// about someone the sources name gets a verdict, from what they say of that person; the sources
// list no mission's every member, so whether a country takes part is declined.
func TestAnswerCountriesTheSourcesNeverName(t *testing.T) {
	checkReplies(t, []reply{
		{q: "Was Lieutenant General Per Pugholm Olsen Norwegian?", want: []string{"no", "denmark"}, wantAnswered: true},
		{q: "Le général Olsen est-il suédois ?", want: []string{"non", "danemark"}, wantAnswered: true},
		{q: "Was Olsen Danish?", want: []string{"yes", "denmark"}, wantAnswered: true},
		{q: "Combien d'entreprises françaises ont participé à la conférence de reconstruction de l'Irak au Koweït ?", want: []string{"rien de la france"}},
		{q: "Does Norway take part in NMI?", want: []string{"say nothing of norway"}},
		{q: "Le Canada fait-il partie des pays qui participent à la NMI ?", want: []string{"rien du canada"}},
		{q: "Quel rôle jouent les Pays-Bas dans la NMI ?", want: []string{"rien des pays-bas"}},
		// Named in the context, a country takes nothing from the question.
		{q: "I'm a Canadian student and I'd like to know when NMI was launched.", want: []string{"11 july 2018"}, wantAnswered: true},
		{q: "Je suis journaliste norvégienne. Qui commande la NMI ?", want: []string{"hintzy"}, wantAnswered: true},
		// No correction turns a word into a country: "galon" is not Gabon.
		{q: "Il a quel galon, le chef de la NMI en 2025 ?", want: []string{"general de division"}, absent: []string{"gabon"}, wantAnswered: true},
	})
}

// Words asking for a language, before or after the question, choose the reply's language and
// ask nothing: "French" there is no country.
func TestAnswerRepliesInTheLanguageAQuestionAsksFor(t *testing.T) {
	checkReplies(t, []reply{
		{q: "Answer in French: who commands NMI?", want: []string{"commandee", "hintzy"}, wantAnswered: true},
		{q: "who commands NMI? in French please", want: []string{"commandee", "hintzy"}, wantAnswered: true},
		{q: "qui commande la NMI ? en anglais stp", want: []string{"commanded", "hintzy"}, wantAnswered: true},
	})
}

// A fact that denies what a yes/no question asserts ("Baghdad had refused to grant immunity", «
// faute d'accord ») answers it "no"; a question that asserts the denial itself is answered yes.
func TestAnswerYesNoByWhatAFactDenies(t *testing.T) {
	checkReplies(t, []reply{
		{q: "Bagdad avait-il accepté d'accorder l'immunité aux militaires alliés de la NTM-I ?", want: []string{"non", "immunite"}, wantAnswered: true},
		{q: "Did Iraq agree to grant immunity to NATO troops of NTM-I?", want: []string{"no", "immunity"}, wantAnswered: true},
		{q: "Was there an agreement on the legal status of NATO troops in 2011?", want: []string{"no", "lack of agreement"}, wantAnswered: true},
		{q: "Was NTM-I suspended because Baghdad refused to grant immunity?", want: []string{"yes"}, wantAnswered: true},
		// « non combattante de formation » denies combat, not training.
		{q: "La NMI est-elle une mission de formation ?", want: []string{"oui"}, wantAnswered: true},
	})
}

func TestAnswerReadsIndirectYesNoQuestions(t *testing.T) {
	checkReplies(t, []reply{
		{q: "I wonder whether NMI's medical advisers were helping Iraq's military health services back in 2019.", want: []string{"yes", "medical"}, wantAnswered: true},
		{q: "On me dit que l'Irak est devenu pays partenaire de l'OTAN avant 2010, c'est exact ?", want: []string{"non", "2011"}, wantAnswered: true},
	})
}

// A question after a lead that asks for it (« je me demande », « je veux savoir : », "tell me")
// asks what its question word asks: the word is no relative pronoun, and the lead weighs nothing.
func TestAnswerReadsAQuestionAfterALeadThatAsksForIt(t *testing.T) {
	checkReplies(t, []reply{
		{q: "Je me demande quand la NMI a-t-elle été lancée ?", want: []string{"11 juillet 2018"}, absent: []string{"oui"}, wantAnswered: true},
		{q: "demande : quand la NMI a-t-elle été lancée ?", want: []string{"11 juillet 2018"}, absent: []string{"oui"}, wantAnswered: true},
		{q: "je veux savoir : quand la NMI a-t-elle été lancée ?", want: []string{"11 juillet 2018"}, wantAnswered: true},
		{q: "I want to know who commands NMI", want: []string{"hintzy"}, wantAnswered: true},
		// Still a relative after a noun, in a yes/no question.
		{q: "Le sommet où la NMI a été lancée s'est-il tenu à Varsovie ?", want: []string{"non", "bruxelles"}, wantAnswered: true},
	})
}

// "Before" or "after" an entity that has a start dates the question by it, even beside a year:
// "after NTM-I packed up, … in mid-2012" is after NTM-I's end.
func TestAnswerDatesAQuestionByTheEntityBeforeOrAfter(t *testing.T) {
	checkReplies(t, []reply{
		{q: "After NTM-I packed up, what stopgap did NATO open in Baghdad in mid-2012 to smooth things over?", want: []string{"transition"}, wantAnswered: true},
		{q: "Before NMI existed, was NATO already training Iraqi forces partly in Jordan, according to the February 2018 dispatch?", want: []string{"yes", "jordan"}, wantAnswered: true},
	})
}

// A French elision typed without its apostrophe is read so in French only: "task" is no « t'ask ».
func TestAnswerReadsElisionsWithoutApostropheInFrenchOnly(t *testing.T) {
	checkReplies(t, []reply{
		{q: "What is the main task of NMI's strategic communication division?", want: []string{"strategic communication"}, wantAnswered: true},
		{q: "lotan forme t elle des irakiens", want: []string{"l'otan"}, wantAnswered: true},
	})
}

// In a how-many question, a verb of thinking says what was expected; it asks no opinion.
func TestAnswerReadsWhatWasExpectedInAHowManyQuestion(t *testing.T) {
	checkReplies(t, []reply{
		{q: "How many people did NATO think it would send to Iraq?", want: []string{"several hundred"}, absent: []string{"do not say the view"}, wantAnswered: true},
		{q: "Que pense l'OTAN de la mission en Irak ?", absent: []string{"ne disent pas le nombre"}, wantAnswered: true},
	})
}

// Idioms for what the lexicon's concepts mean: calling someone « à la rescousse » asks for help,
// « mis KO » is a defeat; « côté irakien » only says whose side.
func TestAnswerReadsIdiomsAsTheirConcepts(t *testing.T) {
	checkReplies(t, []reply{
		// "How many stars" asks a rank; "calling the shots" is commanding, inflected.
		{q: "How many stars does the NMI commander have?", want: []string{"major general"}, wantAnswered: true},
		{q: "Le général Hintzy, il a combien d'étoiles ?", want: []string{"general de division"}, wantAnswered: true},
		{q: "Who was calling the shots at NMI in late 2020?", want: []string{"olsen"}, wantAnswered: true},
		{q: "Qui a tiré la sonnette d'alarme côté irakien en 2004 pour appeler l'OTAN à la rescousse ?", want: []string{"allawi"}, wantAnswered: true},
		{q: "Daech a été mis KO en Irak à quel moment, d'après l'OTAN ?", want: []string{"2017"}, wantAnswered: true},
	})
}

func TestAnswerDeclinesTheFuture(t *testing.T) {
	checkReplies(t, []reply{
		{q: "Il va faire quel temps à Bagdad demain ?", want: []string{"avenir", "2025"}},
		{q: "Will NMI still exist next year?", want: []string{"future"}},
		// Nothing is dated after the November 2025 elections.
		{q: "What happened to NMI after Iraq's November 2025 elections?", want: []string{"nothing after november 2025"}},
	})
}

func TestAnswerSaysWhoOnlyWhenAFactNamesSomeone(t *testing.T) {
	checkReplies(t, []reply{
		// The fact says "SACEUR", not who held the post.
		{q: "Who was SACEUR when the activation order for NTM-I was issued in December 2004?", want: []string{"do not say who"}, wantKind: KindRelated},
		{q: "Who issued the activation order for NTM-I in December 2004?", want: []string{"saceur"}, wantAnswered: true},
		// "Which <role held by one named person>" needs that person named.
		{q: "Which Iraqi prime minister asked NATO to extend NMI to the Interior Ministry in 2023?", want: []string{"do not say who"}, wantKind: KindRelated},
		{q: "Which Iraqi prime minister asked NATO to expand NTM-I in 2008?", want: []string{"maliki"}, wantAnswered: true},
		// A question naming only NATO is about a fact that names it, not one about a mission of
		// NATO's.
		{q: "who asked nato for help in 2004", want: []string{"allawi"}, wantAnswered: true},
		{q: "Quand l'OTAN a-t-elle été fondée ?", want: []string{"ne disent pas la date"}, wantKind: KindRelated},
		// People named by their role (« les ministres des Affaires étrangères ») say who; "la
		// mission" of 2004 is NTM-I, which the fact need not name.
		{q: "Qui a filé au SACEUR l'autorisation de passer à l'étape suivante de la mission en décembre 2004 ?", want: []string{"ministres"}, wantAnswered: true},
		{q: "Who is Christophe Hintzy?", want: []string{"commander"}, wantAnswered: true},
	})
}

func TestAnswerDoesNotGiveAFigureOfSomethingElse(t *testing.T) {
	checkReplies(t, []reply{
		// "Women" restricts the figure; only the sources around the divisions speak of gender.
		{q: "Combien de femmes travaillent à la NMI ?", want: []string{"ne disent pas le nombre"}, wantKind: KindRelated},
		// A place or a date is the event's, whoever took part: the leaders do not restrict it.
		{q: "Dans quelle ville les chefs d'État de l'Alliance se sont-ils mis d'accord, fin juin 2004, pour aider l'Irak à former ses forces de sécurité ?", want: []string{"istanbul"}, wantAnswered: true},
	})
}

func TestAnswerSaysWhenAPostWasTakenUpOnlyIfTheSourcesDo(t *testing.T) {
	checkReplies(t, []reply{
		{q: "When exactly did Olsen take command of NMI?", want: []string{"do not say when the post was taken up"}, wantKind: KindRelated},
		{q: "Quand Hintzy a-t-il pris le commandement de la NMI ?", want: []string{"quelques mois"}, wantAnswered: true},
		// A date to the day, of a fact that gives none.
		{q: "wat exact date did hintzy take over nmi", want: []string{"exact date"}, wantKind: KindRelated},
		{q: "When exactly did Iraq become a NATO partner country?", want: []string{"april 2011"}, wantAnswered: true},
		// Asked with "who", taking up a post asks who heads.
		{q: "Who took over NMI in 2025?", want: []string{"hintzy"}, wantAnswered: true},
	})
}

func TestAnswerReadsARoleOfTheSubjectAsWhoHeldIt(t *testing.T) {
	checkReplies(t, []reply{
		// The commander of NMI, of the time asked: Olsen in 2020, Hintzy now, whose nationality
		// the sources do not give.
		{q: "De quel pays venait le commandant de la NMI en 2020 ?", want: []string{"danemark"}, wantAnswered: true},
		{q: "What nationality is the commander of NMI?", want: []string{"hintzy", "do not say the nationality"}, wantKind: KindRelated},
		// NMI's own place is NMI's.
		{q: "Where is NMI's commander based?", want: []string{"baghdad"}, wantAnswered: true},
	})
}

func TestAnswerSaysNothingOfASubjectsPast(t *testing.T) {
	checkReplies(t, []reply{
		{q: "What job did Lt Gen Per Pugholm Olsen hold before he took command of NMI?", want: []string{"olsen"}, wantKind: KindRelated},
		{q: "Quel poste occupait le général Hintzy avant de prendre la tête de la NMI ?", want: []string{"hintzy"}, wantKind: KindRelated},
		{q: "What did Olsen do before taking command of NMI?", want: []string{"olsen"}, wantKind: KindRelated},
		{q: "Que faisait Hintzy avant qu'il prenne la tête de la NMI ?", want: []string{"rien d'anterieur"}, wantKind: KindRelated},
		// "Before" a name still asks for the earlier value.
		{q: "Qui commandait la NMI avant le général Hintzy ?", want: []string{"olsen"}, wantAnswered: true},
	})
}

func TestAnswerDoesNotGiveALifetimeFigureForOneYear(t *testing.T) {
	checkReplies(t, []reply{
		{q: "How many Iraqis did NTM-I train in 2011 alone?", want: []string{"do not give this for 2011", "2004 to 2011"}, wantKind: KindRelated},
		{q: "How many people did NTM-I train?", want: []string{"15000"}, wantAnswered: true},
		{q: "Combien de policiers la mission a-t-elle formés entre 2004 et 2011 ?", want: []string{"10000"}, wantAnswered: true},
	})
}

func TestAnswerLiftsTheOneFactThatFitsAParaphrase(t *testing.T) {
	checkReplies(t, []reply{
		// Words the facts never use, but a frame only one fact fits: the visit to Besmaya, when.
		{q: "Le grand patron de l'OTAN est allé jeter un œil aux installations d'entraînement de Besmaya : c'était quand ?", want: []string{"mars 2018"}, wantAnswered: true},
	})
}

func TestQuestionsReadIntoTheFramesOfTheBase(t *testing.T) {
	m := mustEngine(t).Matcher()
	tests := []struct {
		name     string
		q        string
		subjects []string
		attrs    []string
		typ      knowledge.AnswerType
	}{
		// A role that says who is asked: after "which", or after "who" with a relative pronoun;
		// the other roles then name other people.
		{"which role, and another role", "Quel dirigeant irakien a écrit au secrétaire général de l'OTAN en 2004 pour demander de l'aide ?", []string{"iraq", "nato"}, []string{"request"}, knowledge.TypePerson},
		{"who was the role who", "Who was the Iraqi interior honcho who asked for oil-police training in 2010?", []string{"iraq"}, []string{"request", "train"}, knowledge.TypePerson},
		// A role after a preposition is another participant.
		{"a role that receives", "Qui, côté irakien, a écrit au secrétaire général de l'OTAN en juin 2004 pour demander une aide à la formation ?", []string{"iraq", "nato"}, []string{"request", "train"}, knowledge.TypePerson},
		// "Nous sommes" is not a summit.
		{"a form of être", "Nous sommes en 2025 : qui est à la tête de la NMI ?", []string{"nmi"}, []string{"head"}, knowledge.TypePerson},
		// "The mission" of a time before NMI began is the mission of that time.
		{"the mission of its time", "Combien de policiers la mission a-t-elle formés entre 2004 et 2011 ?", []string{"ntmi"}, []string{"train"}, knowledge.TypeNumber},
		{"the mission now", "Combien de pays la mission rassemble-t-elle ?", []string{"nmi"}, []string{"countries"}, knowledge.TypeNumber},
		// A question opening with "when" that asks, after the comma, how many.
		{"when, then how many", "When NTM-I was set up in 2004, how many trainers did SACEUR send?", []string{"ntmi", "saceur"}, []string{"launch", "train"}, knowledge.TypeNumber},
		// Whom the asker read is not what the question is about; a name that starts like
		// "per" is still a name.
		{"according to someone", "D'après le général Hintzy, combien de divisions compte la NMI ?", []string{"nmi"}, []string{"divisions"}, knowledge.TypeNumber},
		{"a name that starts with per", "What rank did Per Pugholm Olsen hold in 2020?", []string{"olsen"}, []string{"rank"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := m.Match(tt.q, "")
			if !slices.Equal(r.Subjects, tt.subjects) || !slices.Equal(r.Attributes, tt.attrs) || r.Type != tt.typ {
				t.Errorf("Match(%q): subjects %q, attributes %q, type %q; want %q, %q, %q", tt.q, r.Subjects, r.Attributes, r.Type, tt.subjects, tt.attrs, tt.typ)
			}
		})
	}
}

// A date that dates the document the asker read, or the context, is context time; a question that
// names its own date, or points back at its context ("that summit"), asks of that time.
func TestWhichTimesAreContext(t *testing.T) {
	m := mustEngine(t).Matcher()
	tests := []struct {
		q       string
		context bool
	}{
		{"D'après la dépêche Belga d'août 2023, quel pays dirigeait la coalition ?", true},
		{"Selon l'article d'août 2023, qui a décidé d'étendre la NMI ?", true},
		{"Qu'a décidé l'OTAN après août 2023 ?", false},
		{"D'après la page, qu'a fait l'OTAN en 2016 ?", false},
		{"The decision was taken at a summit in 2016. Which city hosted that summit?", false},
		{"Un élève a apporté une dépêche Belga d'août 2023. D'après ce texte, en quelle année l'EI a-t-il conquis l'Irak ?", true},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			r := m.Match(tt.q, "")
			if r.Time == nil || r.Time.Context != tt.context || (tt.context && r.Time.Relation != intents.At) {
				t.Errorf("Match(%q).Time = %+v; want context %v", tt.q, r.Time, tt.context)
			}
		})
	}
}

func TestAnswerEachPartOfAMessage(t *testing.T) {
	checkReplies(t, []reply{
		{q: "Where is NMI based, and who commands it?", want: []string{"baghdad", "hintzy"}, wantAnswered: true},
		{q: "Quand la NMI a-t-elle été lancée ? Et qui la commande ?", want: []string{"juillet 2018", "hintzy"}, wantAnswered: true},
		// The second question keeps the subject and the attribute of the first.
		{q: "Qui commande la NMI et depuis quand ?", want: []string{"hintzy", "depuis quelques mois"}, wantAnswered: true},
		// A part the sources do not answer is declined on its own line.
		{q: "Who commands NMI, and what is its budget?", want: []string{"hintzy", "budget"}, wantAnswered: true},
		// What comes before a conjunction must ask something for the message to have two parts;
		// a dash ends a remark before a question long enough to stand alone.
		{q: "Besides the UN and the EU, which military operation does NMI coordinate closely with?", want: []string{"inherent resolve"}, wantAnswered: true},
		{q: "Forget the summit photo op — when did NMI actually get up and running on the ground in Baghdad?", want: []string{"october 2018"}, wantAnswered: true},
		// A pronoun after a name of the part's own is that name's: the second part asks of the
		// IPCP, not of the partner status the first asks.
		{q: "Quand l'Irak est-il devenu partenaire de l'OTAN, et quand l'Irak a-t-il envoyé son projet d'IPCP ?", want: []string{"avril 2011", "mai 2012"}, absent: []string{"ne disent pas"}, wantAnswered: true},
		{q: "When did Iraq become a NATO partner and when did Iraq hand in its draft IPCP?", want: []string{"april 2011", "may 2012"}, absent: []string{"do not say"}, wantAnswered: true},
		// After "puis", with no question word of its own, the same question of something else.
		{q: "À quelles dates le Conseil de l'Atlantique Nord a-t-il approuvé le concept d'opération puis le plan d'opération de la NMI ?", want: []string{"26 avril 2018", "22 juin 2018"}, wantAnswered: true},
		// « et qu'ont-ils… » opens a second question with an elided question word; the ministers
		// who agreed are not asked.
		{q: "Qu'ont convenu les ministres de la Défense de l'OTAN en octobre 2020 au sujet de la NMI, et qu'ont-ils décidé ensuite en février 2021 ?", want: []string{"octobre 2020", "effectifs"}, absent: []string{"ne disent pas"}, wantAnswered: true},
		// « la même année » is the year of the question before; Iraq's minister of 2010 is
		// not the one of 2016.
		{q: "Sur quoi les ministres des Affaires étrangères de l'OTAN se sont-ils accordés le 19 mai 2016, et qui a reçu le ministre irakien des Affaires étrangères au siège en octobre de la même année ?", want: []string{"projeter la stabilite", "al-jaafari"}, wantAnswered: true},
		// A name that swallows a word (« l'opération Inherent Resolve ») still speaks of it.
		{q: "Which US-led operation does NMI coordinate with?", want: []string{"inherent resolve"}, wantAnswered: true},
		// "Which authority did the ministers authorise?" asks the authority, not the minister.
		{q: "En décembre 2004, quelle autorité militaire de l'OTAN les ministres des Affaires étrangères ont-ils autorisée à passer à l'étape suivante de la mission ?", want: []string{"saceur"}, wantAnswered: true},
		{q: "What did NATO foreign ministers agree on 19 May 2016?", want: []string{"project stability"}, wantAnswered: true},
		// Before an event, that event is not the answer; "offices" are no officers.
		{q: "which iraqi offices did nmi advise b4 the 2023 expansion", want: []string{"defence", "national security"}, wantAnswered: true},
		// Two times asked, two timelines.
		{q: "Qu'ont décidé les pays de l'OTAN pour la NMI en octobre 2020, puis en février 2021 ?", want: []string{"octobre 2020", "fevrier 2021"}, wantAnswered: true},
	})
}

func TestAnswerReadsTheQuestionInsideAMessage(t *testing.T) {
	checkReplies(t, []reply{
		{q: "My cousin was one of the Iraqi officers NATO trained abroad in 2016. I know it was in Jordan, but in which fields were they trained there?",
			want: []string{"jordan", "medicine"}, wantAnswered: true},
		{q: "Je suis journaliste à Liège et je relis une dépêche Belga de l'été 2023 sur l'élargissement de la mission de l'OTAN en Irak. Combien de pays membres étaient représentés au sein de l'organe qui a pris cette décision ?",
			want: []string{"31"}, wantAnswered: true},
		// A mission named in the context is the one "cette mission" means.
		{q: "Mon grand-père me parlait souvent d'une mission de formation de l'OTAN en Irak. Combien de policiers irakiens cette mission a-t-elle formés ?",
			want: []string{"10000"}, wantAnswered: true},
		// Texting and paraphrase.
		{q: "wen was nmi lanched", want: []string{"july 2018"}, wantAnswered: true},
		{q: "cb de pays ds la nmi auj", want: []string{"28"}, wantAnswered: true},
		{q: "who's the boss of NMI rn?", want: []string{"hintzy"}, wantAnswered: true},
		{q: "Qui est le patron de la NMI ?", want: []string{"hintzy"}, wantAnswered: true},
		{q: "When did NATO kick off its current mission in Iraq?", want: []string{"july 2018"}, wantAnswered: true},
	})
}

func TestAnswerWhatIsNMIDescribesTheMission(t *testing.T) {
	// Questions that name NMI and ask nothing else get what it is, not its goals: no example of
	// another fact reads as NMI alone.
	checkReplies(t, []reply{
		{q: "What is NMI?", want: []string{"non-combat"}, wantAnswered: true},
		{q: "C'est quoi la NMI ?", want: []string{"non combattante"}, wantAnswered: true},
		{q: "What is the point of NMI?", want: []string{"terrorism"}, wantAnswered: true},
	})
}
