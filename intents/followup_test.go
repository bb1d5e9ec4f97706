package intents

import (
	"slices"
	"testing"

	"github.com/nmi-factbot/nmibot/knowledge"
)

func TestFollowUpOfReadsPhrasesWhateverLeadsThem(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		msg  string
		want FollowUp
	}{
		{"source ?", AskSources},
		{"tes sources ?", AskSources},
		{"ok, tes sources ?", AskSources},
		{"d'où tu tiens ça ?", AskSources},
		{"where's that from?", AskSources},
		{"and how do you know that?", AskSources},
		{"in English please", AskInEnglish},
		{"answer in French please", AskInFrench},
		{"en anglais stp", AskInEnglish},
		{"and before that?", AskEarlier},
		{"merci, et avant ?", AskEarlier},
		{"Qui commande la NMI ?", NotFollowUp},
		{"et en 2020 ?", NotFollowUp}, // a question, read against the topic
		{"", NotFollowUp},
	}
	for _, tt := range tests {
		if got := m.FollowUpOf(tt.msg); got != tt.want {
			t.Errorf("FollowUpOf(%q) = %d, want %d", tt.msg, got, tt.want)
		}
	}
}

// A message of a conversation is read against the topic of the question before it.
func TestMatchAfterReadsAgainstTheTopic(t *testing.T) {
	m := mustMatcher(t)
	commander := m.Match("Qui commande la NMI ?", "").Topic()
	commander.People = []string{"hintzy"}
	launch := m.Match("Quand la NMI a-t-elle été lancée ?", "").Topic()
	jan2018 := m.Match("Qui commandait la NMI en janvier 2018 ?", "").Topic()
	tests := []struct {
		name      string
		msg       string
		topic     *Topic
		entities  []string
		asks      Asks
		aside     bool
		retimed   bool
		nobody    bool
		wantMonth int // the month of the time read, 0 for none asked
	}{
		{"names nothing: the topic's subject", "et en 2020 ?", &commander, []string{"nmi"}, "", false, true, false, 0},
		{"a person pronoun: the person answered, aside", "il vient d'où ?", &commander, []string{"hintzy"}, "", true, false, false, 0},
		{"a pronoun with nobody before", "il vient d'où ?", nil, nil, "", false, false, true, 0},
		{"an inverted pronoun is no one", "Que s'est-il passé en 2004 ?", nil, nil, AsksHappened, false, false, false, 0},
		{"an impersonal pronoun is no one", "il y a combien de pays dans la NMI ?", nil, []string{"nmi"}, AsksCount, false, false, false, 0},
		{"a correction: what the topic asks, of what it names", "non, je voulais dire la NTM-I", &launch, []string{"ntmi"}, AsksWhen, false, false, false, 0},
		{"a new subject starts a new topic", "ok autre sujet : pourquoi la NTM-I a-t-elle pris fin ?", &launch, []string{"ntmi"}, AsksWhy, false, false, false, 0},
		{"a month named by its distance", "and what happened the month after?", &jan2018, []string{"nmi"}, AsksHappened, false, false, false, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := m.MatchAfter(tt.msg, "", tt.topic)
			if !slices.Equal(r.Entities, tt.entities) || r.Asks != tt.asks {
				t.Errorf("MatchAfter(%q): entities %q, asks %q; want %q, %q", tt.msg, r.Entities, r.Asks, tt.entities, tt.asks)
			}
			if r.aside != tt.aside || r.Retimed != tt.retimed || r.Nobody != tt.nobody {
				t.Errorf("MatchAfter(%q): aside %v, retimed %v, nobody %v; want %v, %v, %v", tt.msg, r.aside, r.Retimed, r.Nobody, tt.aside, tt.retimed, tt.nobody)
			}
			if tt.wantMonth != 0 && (r.Time == nil || r.Time.From != (knowledge.Date{Year: 2018, Month: tt.wantMonth})) {
				t.Errorf("MatchAfter(%q): time %+v, want 2018-%02d", tt.msg, r.Time, tt.wantMonth)
			}
		})
	}
}

func TestWhereFromAsksTheNationality(t *testing.T) {
	m := mustMatcher(t)
	for _, q := range []string{"Where is Hintzy from?", "where's Hintzy from", "D'où vient Hintzy ?", "Hintzy, il est de quel pays ?", "Which country is Hintzy from?"} {
		if r := m.Match(q, ""); !slices.Contains(r.Attributes, "nationality") {
			t.Errorf("Match(%q): attributes %q, want the nationality", q, r.Attributes)
		}
	}
	if r := m.Match("Where is NMI based?", ""); slices.Contains(r.Attributes, "nationality") {
		t.Errorf("Where is NMI based? asks the nationality")
	}
}

func TestRelativeMonthsCrossTheYear(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		in          string
		year, month int
		want        knowledge.Date
	}{
		{"the month after", 2018, 1, knowledge.Date{Year: 2018, Month: 2}},
		{"le mois précédent", 2018, 1, knowledge.Date{Year: 2017, Month: 12}},
		{"the month after", 2017, 12, knowledge.Date{Year: 2018, Month: 1}},
	}
	for _, tt := range tests {
		words := m.time.relativeMonths(m.tok.words(tt.in), tt.year, tt.month)
		if got := m.time.of(words); got == nil || got.From != tt.want {
			t.Errorf("relativeMonths(%q, %d-%02d) = %q, read as %+v; want %v", tt.in, tt.year, tt.month, words, got, tt.want)
		}
	}
}
