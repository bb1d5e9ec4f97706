package intents

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nmi-factbot/nmibot/knowledge"
)

func TestWordsOf(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		// Case, accents and ligatures fold away.
		{"accents", "Quand la NMI a-t-elle été LANCÉE ?", []string{"quand", "la", "nmi", "a", "t", "elle", "ete", "lancee"}},
		{"ligature", "le cœur de Bagdad", []string{"le", "coeur", "de", "bagdad"}},
		// French elisions go, whatever the apostrophe.
		{"elisions", "l'OTAN qu’a d`Iraq jusqu'en", []string{"otan", "a", "iraq", "en"}},
		// English contractions are cut.
		{"contractions", "What's NATO's role? Don't", []string{"what", "nato", "role", "don"}},
		// Thousands groups join into one number, in both conventions.
		{"numbers", "15 000 officiers, 15,000 officers, 7 500 000", []string{"15000", "officiers", "15000", "officers", "7500000"}},
		{"decimals stay apart", "7,5 millions", []string{"7", "5", "millions"}},
		// "où" (where) must not fold into "ou" (or).
		{"where", "Où est basée la NMI ou la NTM-I ?", []string{whereWord, "est", "basee", "la", "nmi", "ou", "la", "ntm", "i"}},
		{"unaccented where", "ou est basee la nmi ou", []string{whereWord, "est", "basee", "la", "nmi", whereWord}},
		{"markup", "<b>x</b> _*[", []string{"b", "x", "b"}},
		{"emoji only", "😀🚀", []string{}},
	}
	tok := mustTokenizer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tok.words(tt.in)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("wordsOf(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"invalid UTF-8 is replaced, then dropped as a separator", "qui\xff\xfecommande", "qui commande"},
		{"control characters separate words", "qui\x00commande\x1b[31m", "qui commande [31m"},
		{"white space collapses", "  qui \t\n commande  ", "qui commande"},
		{"a zero-width space separates words", "qui\u200bcommande", "qui commande"},
		{"a soft hyphen inside a word goes", "com\u00admande", "commande"},
		{"a zero-width non-joiner inside a word goes", "com\u200cmande", "commande"},
		{"a zero-width joiner inside a word goes", "com\u200dmande", "commande"},
		{"a word joiner inside a word goes", "com\u2060mande", "commande"},
		{"a byte-order mark goes", "\ufeffqui commande", "qui commande"},
		{"bidirectional marks go", "qui \u202ecom\u200fmande\u202c", "qui commande"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clean(tt.in)
			if got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Clean(%q) = %q is not valid UTF-8", tt.in, got)
			}
		})
	}
}

func date(y, m, d int) knowledge.Date { return knowledge.Date{Year: y, Month: m, Day: d} }

func TestRelativeYearsNameTheYearOfTheQuestionBefore(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct{ in, want string }{
		{"en octobre de la même année", "en octobre 2016"},
		{"and what happened the following year", "and what happened 2017"},
		{"l'année précédente", "2015"},
		{"en 2018", "en 2018"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := strings.Join(m.time.relativeYears(m.tok.words(tt.in), 2016), " "); got != tt.want {
				t.Errorf("relativeYears(%q, 2016) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTimeOf(t *testing.T) {
	tests := []struct {
		in   string
		want *Time
	}{
		{"Que s'est-il passé en décembre 2008 ?", &Time{From: date(2008, 12, 0), To: date(2008, 12, 0), Relation: At}},
		{"What happened on 22 January 2018?", &Time{From: date(2018, 1, 22), To: date(2018, 1, 22), Relation: At}},
		{"what happened on January 22nd, 2018", &Time{From: date(2018, 1, 22), To: date(2018, 1, 22), Relation: At}},
		{"le 1er mars 2016", &Time{From: date(2016, 3, 1), To: date(2016, 3, 1), Relation: At}},
		{"qui commandait en 2019", &Time{From: date(2019, 0, 0), To: date(2019, 0, 0), Relation: At}},
		{"avant 2023", &Time{From: date(2023, 0, 0), To: date(2023, 0, 0), Relation: Before}},
		{"since 2020", &Time{From: date(2020, 0, 0), To: date(2020, 0, 0), Relation: After}},
		// "After" a few words before its date: the event between dates the question.
		{"après le sommet de Varsovie de 2016", &Time{From: date(2016, 0, 0), To: date(2016, 0, 0), Relation: After}},
		{"before the 2014 Wales summit", &Time{From: date(2014, 0, 0), To: date(2014, 0, 0), Relation: Before}},
		{"avant 2010, et en 2016", &Time{From: date(2010, 0, 0), To: date(2010, 0, 0), Relation: Before}},
		{"entre 2015 et 2017", &Time{From: date(2015, 0, 0), To: date(2017, 0, 0), Relation: Between}},
		{"from 2017 to 2015", &Time{From: date(2015, 0, 0), To: date(2017, 0, 0), Relation: Between}},
		{"2015-2017", &Time{From: date(2015, 0, 0), To: date(2017, 0, 0), Relation: Between}},
		{"de juillet 2018 à août 2023", &Time{From: date(2018, 7, 0), To: date(2023, 8, 0), Relation: Between}},
		// A decade is a span of ten years.
		{"dans les années 2000", &Time{From: date(2000, 0, 0), To: date(2009, 0, 0), Relation: Between}},
		{"les années 90", &Time{From: date(1990, 0, 0), To: date(1999, 0, 0), Relation: Between}},
		{"in the 2010s", &Time{From: date(2010, 0, 0), To: date(2019, 0, 0), Relation: Between}},
		// Not dates: a day that does not exist, a number that is no year, none at all.
		{"le 31 février 2018", &Time{From: date(2018, 2, 0), To: date(2018, 2, 0), Relation: At}},
		{"15 000 officiers", nil},
		{"qui commande la NMI", nil},
		// A date beside a document's noun dates the document: context, unless the question
		// names another date.
		{"the commander named on NATO's 2020 page", &Time{From: date(2020, 0, 0), To: date(2020, 0, 0), Relation: At, Context: true}},
		{"selon la dépêche de février 2018", &Time{From: date(2018, 2, 0), To: date(2018, 2, 0), Relation: At, Context: true}},
		{"la page OTAN de 2020", &Time{From: date(2020, 0, 0), To: date(2020, 0, 0), Relation: At, Context: true}},
		{"in the 2020 write-up, the 2019 course", &Time{From: date(2019, 0, 0), To: date(2019, 0, 0), Relation: At}},
		{"according to the article, in 2016", &Time{From: date(2016, 0, 0), To: date(2016, 0, 0), Relation: At}},
		{"d'après l'interview parue en 2025", &Time{From: date(2025, 0, 0), To: date(2025, 0, 0), Relation: At, Context: true}},
		{"the page updated in March 2024", &Time{From: date(2024, 3, 0), To: date(2024, 3, 0), Relation: At, Context: true}},
	}
	m := mustMatcher(t)
	for _, tt := range tests {
		got := m.time.of(m.tok.words(tt.in))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("timeOf(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// testIntents is a small domain for the matcher's own tests; the real base is tested in answers.
var testIntents = []Intent{
	{
		ID: "launch",
		Phrases: knowledge.Phrases{
			FR: []string{"Quand la NMI a-t-elle été lancée ?", "Date de lancement de la mission OTAN en Iraq"},
			EN: []string{"When was NATO Mission Iraq launched?", "When did NMI start?"},
		},
		Answer: knowledge.Text{FR: "En juillet 2018, à Bruxelles.", EN: "In July 2018, in Brussels."},
	},
	{
		ID: "commander",
		Phrases: knowledge.Phrases{
			FR: []string{"Qui commande la NMI ?", "Qui est le commandant de la mission ?"},
			EN: []string{"Who commands NMI?", "Who is the commander of the NATO Mission Iraq?"},
		},
		Keywords: []string{"Hintzy", "Olsen"},
		Answer:   knowledge.Text{FR: "Le général Christophe Hintzy.", EN: "Major General Christophe Hintzy."},
	},
	{
		ID: "awacs",
		Phrases: knowledge.Phrases{
			FR: []string{"L'OTAN fournit-elle des avions à la coalition ?"},
			EN: []string{"Does NATO provide aircraft to the coalition?"},
		},
		Keywords: []string{"AWACS"},
		Answer:   knowledge.Text{FR: "Des avions AWACS contre Daech.", EN: "AWACS aircraft against Daesh."},
	},
	{
		ID: "ntmi-end",
		Phrases: knowledge.Phrases{
			FR: []string{"Pourquoi la NTM-I a-t-elle pris fin ?"},
			EN: []string{"Why did NTM-I end?"},
		},
		Answer: knowledge.Text{FR: "Faute d'accord sur le statut juridique.", EN: "No agreement on legal status."},
	},
}

// testEntities are the entities the test intents name.
var testEntities = []*knowledge.Entity{
	{ID: "nmi", Type: "mission", Names: []string{"NMI", "mission OTAN en Iraq", "mission de l'OTAN en Irak", "NATO Mission Iraq", "nato mission in iraq", "nato mission in irak"}},
	{ID: "ntmi", Type: "mission", Names: []string{"NTM-I", "ntm i", "NTMI"}},
	{ID: "nato", Type: "organisation", Generic: true, Names: []string{"OTAN", "NATO"}},
	{ID: "iraq", Type: "country", Generic: true, Names: []string{"Iraq", "Irak", "iraqi"}},
	{ID: "baghdad", Type: "place", Names: []string{"Bagdad", "Baghdad"}},
	{ID: "hintzy", Type: "person", Names: []string{"Hintzy", "Christophe Hintzy"}},
	{ID: "awacs", Type: "programme", Names: []string{"AWACS"}},
}

func mustMatcher(tb testing.TB) *Matcher {
	tb.Helper()
	m, err := NewMatcher(testIntents, Options{Entities: testEntities, Corpus: []string{"La mission OTAN en Iraq est basée à Bagdad."}})
	if err != nil {
		tb.Fatalf("NewMatcher: %v", err)
	}
	return m
}

func mustTokenizer(tb testing.TB) *tokenizer {
	tb.Helper()
	lx, err := DefaultLexicon()
	if err != nil {
		tb.Fatalf("DefaultLexicon: %v", err)
	}
	return newTokenizer(lx)
}

func TestMatch(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		name     string
		q        string
		wantID   string // "" means declined: no match above Threshold
		wantLang knowledge.Lang
	}{
		// Phrasings, accents or not.
		{"exact", "Quand la NMI a-t-elle été lancée ?", "launch", "fr"},
		{"no accents, SMS", "qd la nmi a ete lancee", "launch", "fr"},
		{"English paraphrase", "when did the nato mission in iraq begin", "launch", "en"},
		// Aliases and typos.
		{"typos and alias", "who commnds the nato mision in irak", "commander", "en"},
		{"French alias", "qui dirige la mission de l'OTAN en Irak ?", "commander", "fr"},
		{"keyword alone", "hintzy", "commander", "en"},
		{"abbreviated keyword", "hntzy", "commander", "en"},
		{"acronym", "awacs", "awacs", "en"},
		{"NTM-I spelt apart", "pourquoi la ntm i a pris fin", "ntmi-end", "fr"},
		// A speaker's name before a colon is not part of the question; a known lead is.
		{"speaker's name", "Éloïse 😀 : quand la NMI a-t-elle été lancée ?", "launch", "fr"},
		{"known lead", "NMI : qui commande ?", "commander", "fr"},
		// Out of scope.
		{"capital of France", "Quelle est la capitale de la France ?", "", "fr"},
		{"gibberish", "asdf qwerty", "", ""},
		{"weather", "What's the weather in Baghdad today?", "", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := m.Match(tt.q, "")
			got := ""
			if best, ok := r.Best(); ok && best.Confidence >= Threshold {
				got = best.ID
			}
			if got != tt.wantID {
				t.Errorf("Match(%q) = %q (%+v), want %q", tt.q, got, r.Matches, tt.wantID)
			}
			if tt.wantLang != "" && r.Lang != tt.wantLang {
				t.Errorf("Match(%q).Lang = %q, want %q", tt.q, r.Lang, tt.wantLang)
			}
		})
	}
}

func TestMatchLanguageHint(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		q        string
		hint     knowledge.Lang
		want     knowledge.Lang
		wantSure bool
	}{
		{"NMI ?", "fr", "fr", false},
		{"NMI ?", "en", "en", false},
		{"NMI ?", "", "en", false},
		{"who commands NMI", "fr", "en", true},
		{"qui commande la NMI", "en", "fr", true},
	}
	for _, tt := range tests {
		r := m.Match(tt.q, tt.hint)
		if r.Lang != tt.want || r.LangSure != tt.wantSure {
			t.Errorf("Match(%q, hint %q) lang = %q (sure %v), want %q (sure %v)", tt.q, tt.hint, r.Lang, r.LangSure, tt.want, tt.wantSure)
		}
	}
}

func TestMatchReadsTheQuestionKind(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		q    string
		want Asks
	}{
		{"Quand la NMI a-t-elle été lancée ?", AsksWhen},
		{"Où est basée la NMI ?", AsksWhere},
		{"who commands NMI?", AsksWho},
		{"cb de pays participent", AsksCount},
		{"how many countries", AsksCount},
		{"pk la ntm-i a pris fin", AsksWhy},
		{"que s'est-il passé en 2008 ?", AsksHappened},
		{"What did NATO do in 2016?", AsksHappened},
		// Saying is not doing.
		{"What did Stoltenberg say the mission would set up in 2018?", AsksAny},
		{"NMI", AsksAny},
	}
	for _, tt := range tests {
		if got := m.Match(tt.q, "").Asks; got != tt.want {
			t.Errorf("Match(%q).Asks = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		typed string
		lang  knowledge.Lang
		want  string // the first suggestion's intent
	}{
		{"qd nmi lanc", "fr", "launch"},
		{"Qui comm", "fr", "commander"},
		{"why ntm", "en", "ntmi-end"},
		{"", "en", "launch"},
	}
	for _, tt := range tests {
		got := m.Suggest(tt.typed, tt.lang, 3)
		if len(got) == 0 || got[0].ID != tt.want {
			t.Errorf("Suggest(%q, %s) = %+v, want %q first", tt.typed, tt.lang, got, tt.want)
		}
		for _, s := range got {
			if !strings.Contains(strings.Join(phrasesOf(tt.lang), "\n"), s.Phrase) {
				t.Errorf("Suggest(%q, %s) offered %q, not a %s phrasing", tt.typed, tt.lang, s.Phrase, tt.lang)
			}
		}
	}
	if got := m.Suggest("zzzzzz", "fr", 3); len(got) != 0 {
		t.Errorf("Suggest(%q) = %+v, want nothing", "zzzzzz", got)
	}
}

func phrasesOf(lang knowledge.Lang) []string {
	var out []string
	for _, in := range testIntents {
		out = append(out, in.Phrases.In(lang)...)
	}
	return out
}

func TestNewMatcherRejectsDuplicateIntents(t *testing.T) {
	_, err := NewMatcher([]Intent{testIntents[0], testIntents[0]}, Options{})
	if err == nil || !strings.Contains(err.Error(), `duplicate intent "launch"`) {
		t.Errorf("NewMatcher(duplicates) error = %v, want duplicate intent", err)
	}
}

func TestSpellerCorrectsWithinDistance(t *testing.T) {
	s := newSpeller(map[string]int{"commands": 3, "mission": 5, "commander": 1, "iraq": 2, "faire": 9, "toute": 4}, map[string]bool{"faire": true})
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"commnds", "commands", true},    // a letter missing
		{"mision", "mission", true},      // a letter missing
		{"misison", "mission", true},     // transposed
		{"comandeer", "commander", true}, // two edits in a long word
		{"missiin", "mission", true},     // substituted
		{"iraz", "", false},              // four letters: too short to guess
		{"irk", "", false},               // too short to guess
		{"weather", "", false},           // nothing close
	}
	for _, tt := range tests {
		got, ok := s.correct(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("correct(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// A word longer than any known word by more than the edits allowed is near none of them: the
// speller must not build its hundreds of deletions (allocations count the work, not the clock).
func TestSpellerDoesNoWorkOnAWordLongerThanAnyKnown(t *testing.T) {
	s := newSpeller(map[string]int{"commands": 3, "mission": 5, "commander": 1}, nil)
	s.correct("comandeer") // builds the index
	for _, n := range []int{12, 500, 5000} {
		w := strings.Repeat("a", n)
		if allocs := testing.AllocsPerRun(10, func() { s.correct(w) }); allocs > 0 {
			t.Errorf("correct(%d letters) made %.0f allocations, want none", n, allocs)
		}
	}
}

func TestMatchBadInputNeverPanics(t *testing.T) {
	m := mustMatcher(t)
	inputs := []string{
		"", "   ", "\x00\x01\x02", "\xff\xfe\xfd", strings.Repeat("a", 100_000),
		strings.Repeat("qui commande la NMI ", 5000), "😀🚀🇫🇷", "**gras** _it_ `code` [lien](http://x)",
		"<script>alert(1)</script>", "\u202e\u200f", strings.Repeat("2018 ", 1000),
	}
	for _, in := range inputs {
		r := m.Match(in, "")
		if !utf8.ValidString(r.Question) {
			t.Errorf("Match(%.20q).Question is not valid UTF-8", in)
		}
		if len(r.Matches) > MaxMatches {
			t.Errorf("Match(%.20q) returned %d matches, want at most %d", in, len(r.Matches), MaxMatches)
		}
	}
}

func TestMatchFindsTheQuestionsOfAMessage(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		name string
		q    string
		want []string // the text of each question read
	}{
		{"one question", "qui commande la NMI ?", []string{"qui commande la NMI ?"}},
		{"two questions joined by a question word", "qui commande la NMI et quand a-t-elle été lancée ?", []string{"qui commande la NMI", "quand a-t-elle été lancée ?"}},
		{"two questions, the second short", "Who commands NMI, and since when?", []string{"Who commands NMI,", "since when?"}},
		{"and that opens no question", "What are the goals and the divisions of NMI?", []string{"What are the goals and the divisions of NMI?"}},
		{"context first", "Je suis journaliste à Liège. Qui commande la NMI ?", []string{"Qui commande la NMI ?"}},
		{"context ending in a name with a hyphen", "Mon député veut comprendre qui a financé la NTM-I. Combien de pays ont donné ?", []string{"Combien de pays ont donné ?"}},
		{"an abbreviation is no end", "M. Stoltenberg a-t-il visité Bagdad ?", []string{"M. Stoltenberg a-t-il visité Bagdad ?"}},
		{"two question marks", "Who commands NMI? When was it launched?", []string{"Who commands NMI?", "When was it launched?"}},
		{"a lead ending in but", "I know it was in Baghdad, but who commands NMI?", []string{"who commands NMI?"}},
		{"a comma is no lead", "Si la NMI grandit, qui doit donner son accord ?", []string{"Si la NMI grandit, qui doit donner son accord ?"}},
		{"the document read, after the question", "En quelle année la NTM-I a-t-elle pris fin, selon la dépêche sur l'élargissement de la NMI ?", []string{"En quelle année la NTM-I a-t-elle pris fin ?"}},
		{"the document read, before the question", "According to the February 2018 dispatch, who commands NMI?", []string{"who commands NMI?"}},
		{"a person read is no document", "D'après le général Hintzy, qui commande la NMI ?", []string{"D'après le général Hintzy, qui commande la NMI ?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := m.Match(tt.q, "")
			var got []string
			if len(r.Parts) == 0 {
				got = []string{r.Text}
			}
			for _, p := range r.Parts {
				got = append(got, p.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Match(%q) read questions %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

func TestMatchReadsTheFrame(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		name     string
		q        string
		subjects []string
		attrs    []string
		typ      knowledge.AnswerType
		yesNo    bool
	}{
		{"who commands", "Qui commande la NMI ?", []string{"nmi"}, []string{"head"}, knowledge.TypePerson, false},
		{"texting", "wen was nmi lanched", []string{"nmi"}, []string{"launch"}, knowledge.TypeDate, false},
		{"a paraphrase from the lexicon", "who's the boss of NMI rn?", []string{"nmi"}, []string{"head"}, knowledge.TypePerson, false},
		{"generic entities only", "When did NATO come to Iraq?", []string{"nato", "iraq"}, nil, knowledge.TypeDate, false},
		{"nationality", "What nationality is General Hintzy?", []string{"hintzy"}, []string{"nationality"}, "", false},
		{"yes/no by inversion", "L'OTAN a-t-elle déjà combattu en Irak ?", []string{"nato", "iraq"}, []string{"combat"}, "", true},
		{"yes/no by auxiliary", "Did NATO ever fight in Iraq?", []string{"nato", "iraq"}, []string{"combat"}, "", true},
		{"est-ce que", "Est-ce que la NMI combat en Irak ?", []string{"nmi"}, []string{"combat"}, "", true},
		{"qu'est-ce que asks what", "Qu'est-ce que la NMI ?", []string{"nmi"}, nil, "", false},
		{"a verb that is a question word", "La NMI date-t-elle de 2018 ?", []string{"nmi"}, nil, "", true},
		{"a name", "Comment s'appelle le commandant de la NMI ?", []string{"nmi"}, []string{"head"}, knowledge.TypeName, false},
		{"a relative clause set off by commas", "Le général Hintzy, qui commande la NMI, est-il basé à Bagdad ?", []string{"hintzy", "nmi", "baghdad"}, []string{"head", "location"}, "", true},
		{"yes or no after a clause of time", "When NATO joined the coalition against ISIS, were all of its members already part of it?", []string{"nato"}, []string{"members"}, "", true},
		{"the publisher of a document is not what is asked", "qui commandait la NMI selon la page OTAN de 2020 ?", []string{"nmi"}, []string{"head"}, knowledge.TypePerson, false},
		{"a document's noun beside its date asks nothing", "Dans l'entretien de 2025, qui commande la NMI ?", []string{"nmi"}, []string{"head"}, knowledge.TypePerson, false},
		{"a question word as a noun after an article", "Le général Hintzy a-t-il cité le nombre de conseillers ?", []string{"hintzy"}, []string{"advise"}, "", true},
		{"a possessive without its apostrophe", "who's nmis boss?", []string{"nmi"}, []string{"head"}, knowledge.TypePerson, false},
		{"a question word after a preposition", "À partir de quand la NMI a-t-elle été lancée ?", []string{"nmi"}, []string{"launch"}, knowledge.TypeDate, false},
		{"a date set off by a comma is no antecedent", "En 2018, pourquoi l'OTAN voulait-elle lancer la NMI ?", []string{"nmi"}, []string{"launch"}, knowledge.TypeReason, false},
		{"when after a name in a question an auxiliary opens", "Were all the Allies members of the coalition when NATO joined it?", []string{"nato"}, []string{"members"}, "", true},
		{"after a date with no comma, a relative", "La NMI lancée en juillet 2018 où Hintzy commande est-elle à Bagdad ?", []string{"nmi", "hintzy", "baghdad"}, []string{"launch", "head"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := m.Match(tt.q, "")
			if !reflect.DeepEqual(r.Subjects, tt.subjects) || !reflect.DeepEqual(r.Attributes, tt.attrs) || r.Type != tt.typ || r.YesNo != tt.yesNo {
				t.Errorf("Match(%q): subjects %q, attributes %q, type %q, yes/no %v; want %q, %q, %q, %v",
					tt.q, r.Subjects, r.Attributes, r.Type, r.YesNo, tt.subjects, tt.attrs, tt.typ, tt.yesNo)
			}
		})
	}
}

func TestMatchReadsWhatAYesNoQuestionPutsForward(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		q        string
		ever     bool
		absent   []string
		proposes knowledge.AnswerType
	}{
		{"Has Denmark ever provided a commander to NMI?", true, nil, ""},
		{"La NMI a-t-elle déjà eu un commandant danois ?", true, nil, ""},
		{"Did the Council extend NMI without any request?", false, []string{"=request"}, ""},
		{"La NTM-I a-t-elle formé des soldats sans aucun policier ?", false, []string{"=police"}, ""},
		{"Did NTM-I end because of the pandemic?", false, nil, knowledge.TypeReason},
		{"Is NMI based in Baghdad?", false, nil, ""},
		// A short lead before a comma sets the scene; the question opens after it.
		{"In 2016, did NATO ever train Iraqi officers in Jordan?", true, nil, ""},
		{"Selon la dépêche Belga, le CAN a-t-il étendu la NMI sans demande ?", false, []string{"=request"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			r := m.Match(tt.q, "")
			if !r.YesNo || r.Ever != tt.ever || !reflect.DeepEqual(r.Absent, tt.absent) || r.Proposes != tt.proposes {
				t.Errorf("Match(%q): yes/no %v, ever %v, absent %q, proposes %q; want true, %v, %q, %q",
					tt.q, r.YesNo, r.Ever, r.Absent, r.Proposes, tt.ever, tt.absent, tt.proposes)
			}
		})
	}
}

func TestMatchReadsEarlierAndNow(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		q            string
		earlier, now bool
	}{
		{"Qui commandait la NMI avant le général Hintzy ?", true, false},
		{"Who commanded NMI before Olsen?", true, false},
		{"Qui était le prédécesseur d'Olsen ?", true, false},
		{"Quel était le poste du général Hintzy avant de prendre le commandement de la NMI ?", false, false},
		{"Qui commande la NMI actuellement ?", false, true},
		{"who is in charge of NMI today", false, true},
		{"Qui commandait la NMI avant 2023 ?", false, false},
	}
	for _, tt := range tests {
		r := m.Match(tt.q, "")
		if r.Earlier != tt.earlier || r.Now != tt.now {
			t.Errorf("Match(%q): Earlier %v, Now %v; want %v, %v", tt.q, r.Earlier, r.Now, tt.earlier, tt.now)
		}
	}
}

func TestAskedQuestionsAreMatchedButNeverShown(t *testing.T) {
	const asked = "My grandpa served with NATO and grumbles about it all the time. Why did ntmi get axed?"
	with := append([]Intent(nil), testIntents...)
	for i := range with {
		if with[i].ID == "ntm-end" || with[i].ID == "ntmi-end" {
			with[i].Asked = knowledge.Phrases{EN: []string{asked}}
		}
	}
	m, err := NewMatcher(with, Options{Entities: testEntities})
	if err != nil {
		t.Fatal(err)
	}
	plain := mustMatcher(t)
	const q = "Why did ntmi get axed?"
	got, ok := m.Match(q, "").Best()
	if !ok || got.ID != "ntmi-end" {
		t.Fatalf("Match(%q) = %+v, want ntmi-end", q, got)
	}
	if before, _ := plain.Match(q, "").Best(); got.Confidence <= before.Confidence {
		t.Errorf("Match(%q) confidence %.3f with the asked question, %.3f without: want it higher", q, got.Confidence, before.Confidence)
	}
	if strings.Contains(got.Phrase, "axed") {
		t.Errorf("Match(%q).Phrase = %q: an asked question is never shown", q, got.Phrase)
	}
	for _, s := range m.Suggest("my grandpa served", knowledge.English, 10) {
		if strings.Contains(s.Phrase, "axed") {
			t.Errorf("Suggest offers the asked question %q", s.Phrase)
		}
	}
	// The context around the question is not learnt: it says nothing of the end of NTM-I.
	const context = "my grandpa grumbles all the time"
	if b, ok := m.Match(context, "").Best(); ok && b.ID == "ntmi-end" && b.Confidence >= Threshold {
		t.Errorf("Match(%q) = %+v: the context of an asked question was learnt", context, b)
	}
}

func TestMatchFocusIsNoAttributeFarFromTheQuestionWord(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		q     string
		focus []string
	}{
		{"Qui commande la NMI ?", []string{"head"}},
		// The equipment, far from « quand », is said of NTM-I; when is asked.
		{"À partir de quand la NTM-I a-t-elle tourné à plein régime, avec tout son monde et tout son matos ?", nil},
	}
	for _, tt := range tests {
		if r := m.Match(tt.q, ""); !reflect.DeepEqual(r.Focus, tt.focus) {
			t.Errorf("Match(%q).Focus = %q, want %q", tt.q, r.Focus, tt.focus)
		}
	}
}

func TestAskedQuestionsSayWhatAnIntentGives(t *testing.T) {
	// The intent's frame lists nothing of where NTM-I was; people asked it where, and it answered.
	base := []Intent{
		{ID: "ntmi-set-up", Phrases: knowledge.Phrases{EN: []string{"How was NTM-I set up?"}},
			Answer: knowledge.Text{FR: "La NTM-I a été mise en place à Bagdad.", EN: "NTM-I was set up in Baghdad."},
			Frames: []knowledge.Frame{{About: []string{"ntmi"}}}},
		{ID: "ntmi-end", Phrases: knowledge.Phrases{EN: []string{"Why did NTM-I end?"}},
			Answer: knowledge.Text{FR: "Faute d'accord sur le statut juridique.", EN: "No agreement on legal status."},
			Frames: []knowledge.Frame{{About: []string{"ntmi"}, Gives: []string{"end"}}}},
	}
	lx, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	var attrs []*knowledge.Attribute
	for _, c := range lx.Concepts {
		if c.Attribute != "" && !slices.ContainsFunc(attrs, func(a *knowledge.Attribute) bool { return a.ID == c.Attribute }) {
			attrs = append(attrs, &knowledge.Attribute{ID: c.Attribute, Types: []knowledge.AnswerType{knowledge.TypePlace}})
		}
	}
	with := append([]Intent(nil), base...)
	with[0].Asked = knowledge.Phrases{EN: []string{"Where was NTM-I located?"}}
	const q = "Where was NTM-I headquartered?"
	for _, tt := range []struct {
		name    string
		intents []Intent
		fits    bool
	}{{"without", base, false}, {"with", with, true}} {
		m, err := NewMatcher(tt.intents, Options{Entities: testEntities, Attributes: attrs})
		if err != nil {
			t.Fatal(err)
		}
		r := m.Match(q, "")
		got, ok := r.Best()
		if !ok || got.ID != "ntmi-set-up" || got.Fits != tt.fits {
			t.Errorf("%s the asked question: Match(%q) = %+v, want ntmi-set-up with Fits %v", tt.name, q, got, tt.fits)
		}
	}
}

func TestMatchAPartTakesTheAttributesBeforeOnlyWhenItAsksNoneOfItsOwn(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		q     string
		takes bool // whether the second part asks what the first asks
	}{
		// "and since when?" asks when of what the first part asks.
		{"Qui commande la NMI, et depuis quand ?", true},
		// A part with words of its own asks its own thing, of the same subject.
		{"Qui commande la NMI, et avec quels autres acteurs travaille-t-elle sur place ?", false},
		// A pronoun after the part's own name is of that name.
		{"Qui commande la NMI, et quand l'Irak a-t-il soumis son projet de programme ?", false},
	}
	for _, tt := range tests {
		r := m.Match(tt.q, "")
		if len(r.Parts) != 2 {
			t.Errorf("Match(%q) read %d parts, want 2", tt.q, len(r.Parts))
			continue
		}
		if got := slices.Contains(r.Parts[1].Attributes, "head"); got != tt.takes {
			t.Errorf("Match(%q): second part's attributes %q; want the first's (head) %v", tt.q, r.Parts[1].Attributes, tt.takes)
		}
	}
}

func TestNegatedInReadsWhatATextDenies(t *testing.T) {
	m := mustMatcher(t)
	for _, c := range []struct {
		text string
		lang knowledge.Lang
		want int // windows of denied terms
	}{
		{"Baghdad had refused to grant immunity to Allied troops.", knowledge.English, 1},
		{"La NMI n'est pas une mission de combat.", knowledge.French, 1},
		{"La mission est basée à Bagdad.", knowledge.French, 0},
		// Punctuation ends what a negation denies: nothing after "no," is denied.
		{"There was no, as far as anyone knows, plan.", knowledge.English, 0},
	} {
		if got := m.NegatedIn(c.text, c.lang); len(got) != c.want {
			t.Errorf("NegatedIn(%q) = %q, want %d window(s)", c.text, got, c.want)
		}
	}
}
