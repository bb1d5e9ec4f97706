package intents

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nmi-factbot/nmibot/knowledge"
)

//go:embed lexicon.yaml
var lexiconYAML []byte

//go:embed thesaurus.yaml
var thesaurusYAML []byte

//go:generate go run ./internal/thesaurus/cmd/genthesaurus -lexicon lexicon.yaml -o thesaurus.yaml

// Lexicon is what the matcher knows of the language of questions beyond the intents' phrasings:
// question words, concepts (synonyms, some of them attributes a question asks), texting forms,
// the words that mark a question's kind, follow-ups, time words and stop words. Its format is
// documented in lexicon.yaml; Thesaurus holds the synonyms generated into thesaurus.yaml.
type Lexicon struct {
	Questions    map[Asks][]string                    `yaml:"questions"`
	Concepts     []Concept                            `yaml:"concepts"`
	Texting      map[knowledge.Lang]map[string]string `yaml:"texting"`
	Markers      Markers                              `yaml:"markers"`
	FollowUps    map[string][]string                  `yaml:"followups"`
	Time         TimeWords                            `yaml:"time"`
	Where        WhereWords                           `yaml:"where"`
	Numbers      NumberWords                          `yaml:"numbers"`
	Elisions     []string                             `yaml:"elisions"`
	Contractions []string                             `yaml:"contractions"`
	// Whole are words with an elision that mean something else without it: "d'après".
	Whole     []string                    `yaml:"whole"`
	Stopwords map[knowledge.Lang][]string `yaml:"stopwords"`
	// Thesaurus maps a concept id to more words of it, by language, drawn from a thesaurus.
	Thesaurus map[string]ConceptWords `yaml:"-"`
}

// Concept is a group of words that mean the same for matching.
type Concept struct {
	ID string `yaml:"id"`
	// Attribute is the attribute of knowledge/attributes.yaml the concept asks for, if any.
	Attribute    string `yaml:"attribute"`
	ConceptWords `yaml:",inline"`
	// Proposes is the type of answer the concept puts forward in a yes/no question: "because of
	// the pandemic?" proposes a reason, which a fact giving another reason answers "no".
	Proposes knowledge.AnswerType `yaml:"proposes"`
	// People is true for a concept naming people who act ("the leaders", "the ministers"): a
	// fact naming them says who did something, though it names no one.
	People bool `yaml:"people"`
	// Exact are words known by their own form only, not by their stem: "don", whose stem is
	// that of « donner » (to give an order, a green light, training).
	Exact ConceptWords `yaml:"exact"`
	// Thesaurus is false for a concept the thesaurus generator must not expand.
	Thesaurus *bool `yaml:"thesaurus"`
	// ThesaurusExclude lists words the thesaurus would add that do not mean the concept here.
	ThesaurusExclude []string `yaml:"thesaurus_exclude"`
}

// ConceptWords are the words of a concept, by language.
type ConceptWords struct {
	FR []string `yaml:"fr"`
	EN []string `yaml:"en"`
}

// In returns the words of lang.
func (w ConceptWords) In(lang knowledge.Lang) []string {
	if lang == knowledge.English {
		return w.EN
	}
	return w.FR
}

// Expands reports whether the thesaurus generator may add words to the concept.
func (c Concept) Expands() bool { return c.Thesaurus == nil || *c.Thesaurus }

// NumberWords are the words of figures: numbers written out, scale words and the words that
// compare a figure ("more than 100 million").
type NumberWords struct {
	Words  map[string]float64 `yaml:"words"`
	Scales map[string]float64 `yaml:"scales"`
	More   []string           `yaml:"more"`
	Less   []string           `yaml:"less"`
	About  []string           `yaml:"about"`
}

// Markers are the words that set what a question asks beyond its terms.
type Markers struct {
	Name    []string `yaml:"name"`
	Earlier []string `yaml:"earlier"`
	Now     []string `yaml:"now"`
	Future  []string `yaml:"future"`
	Exact   []string `yaml:"exact"`
	// ExactFigure are the words that ask for a figure to the unit: "the exact number".
	ExactFigure []string `yaml:"exact_figure"`
	Before      []string `yaml:"before"`
	BeforeOwn   []string `yaml:"before_own"`
	According   []string `yaml:"according"`
	SourceNouns []string `yaml:"source_nouns"`
	// Exclusive are classes of values of which one excludes the others (ranks, military
	// ranks, assessments), by class and value.
	Exclusive      map[string]map[string][]string `yaml:"exclusive"`
	YesNoOpen      map[knowledge.Lang][]string    `yaml:"yesno_open"`
	YesNoTail      map[knowledge.Lang][]string    `yaml:"yesno_tail"`
	Inversion      []string                       `yaml:"inversion"`
	Cleft          []string                       `yaml:"cleft"`
	Wh             []string                       `yaml:"wh"`
	WhStart        []string                       `yaml:"wh_start"`
	Only           []string                       `yaml:"only"`
	NotOnly        []string                       `yaml:"not_only"`
	Articles       []string                       `yaml:"articles"`
	Outside        []string                       `yaml:"outside"`
	Ever           []string                       `yaml:"ever"`
	StartDoing     []string                       `yaml:"start_doing"`
	StartDoingBy   []string                       `yaml:"start_doing_by"`
	RequestOpen    []string                       `yaml:"request_open"`
	Without        []string                       `yaml:"without"`
	Negations      []string                       `yaml:"negations"`
	Pronouns       []string                       `yaml:"pronouns"`
	Personal       []string                       `yaml:"personal"`
	WhereFrom      []string                       `yaml:"where_from"`
	Impersonal     []string                       `yaml:"impersonal"`
	CountryOf      []string                       `yaml:"country_of"`
	Doing          []string                       `yaml:"doing"`
	Auxiliary      []string                       `yaml:"auxiliaries"`
	Saying         []string                       `yaml:"saying"`
	DoingNouns     []string                       `yaml:"doing_nouns"`
	AuxAfter       []string                       `yaml:"auxiliaries_after"`
	Conjuction     []string                       `yaml:"conjunction"`
	LeadEnd        []string                       `yaml:"lead_end"`
	Sequence       []string                       `yaml:"sequence"`
	Demonstratives []string                       `yaml:"demonstratives"`
	ObjectOf       []string                       `yaml:"object_of"`
	ComplementOf   []string                       `yaml:"complement_of"`
	Locative       []string                       `yaml:"locative"`
	RelativeAfter  []string                       `yaml:"relative_after"`
	RelativeWh     []string                       `yaml:"relative_wh"`
	Relative       []string                       `yaml:"relative"`
	Indirect       []string                       `yaml:"indirect"`
	Expecting      struct {
		Words    []string `yaml:"words"`
		Concepts []string `yaml:"concepts"`
	} `yaml:"expecting"`
	Yes knowledge.Text `yaml:"yes"`
	No  knowledge.Text `yaml:"no"`
}

// WhereWords are the forms of "where" that folding accents would lose: "où" is "where", "ou" is
// "or", but an unaccented "ou" that opens or ends a question ("la NMI est basée ou ?") asks where.
type WhereWords struct {
	Accented []string `yaml:"accented"`
	Ends     []string `yaml:"ends"`
}

// TimeWords are the words of dates and of their relation to what is asked.
type TimeWords struct {
	Months   map[int][]string `yaml:"months"`
	Before   []string         `yaml:"before"`
	After    []string         `yaml:"after"`
	To       []string         `yaml:"to"`
	Ordinals []string         `yaml:"ordinals"`
	// Qualifiers are words that qualify a date rather than ask something: "fin 2020".
	Qualifiers []string `yaml:"qualifiers"`
	// Starts are the attributes of a start: « avant le lancement de la NMI ».
	Starts []string `yaml:"starts"`
	// Ends are the attributes of an end: "before NTM-I was suspended" is before its end.
	Ends []string `yaml:"ends"`
	// Sources are the nouns of a document: a date beside one ("NATO's 2020 page", « la dépêche
	// de février 2018 ») dates what the asker read, not what is asked.
	Sources []string `yaml:"sources"`
	// SourceOf are the words that join a document's noun to its date: « la dépêche de 2018 ».
	SourceOf []string `yaml:"source_of"`
	// SourceVerbs are verbs of publishing between a document's noun and its date: « parue en
	// 2025 ».
	SourceVerbs []string `yaml:"source_verbs"`
	// Decades are the words before a round year that make it a decade: « les années 2000 ».
	Decades []string `yaml:"decades"`
	// YearsAfter are the words that name a year by its distance from the one named before: 0
	// for « la même année », "that same year"; 1 for « l'année suivante ».
	YearsAfter map[int][]string `yaml:"years_after"`
	// MonthsAfter are the words that name a month by its distance from the month asked before.
	MonthsAfter map[int][]string `yaml:"months_after"`
}

// DefaultLexicon returns the lexicon embedded in the binary, with its thesaurus.
func DefaultLexicon() (*Lexicon, error) {
	lx, err := ParseLexicon(lexiconYAML)
	if err != nil {
		return nil, err
	}
	if lx.Thesaurus, err = ParseThesaurus(thesaurusYAML); err != nil {
		return nil, err
	}
	return lx, nil
}

// ParseLexicon reads a lexicon in the format of lexicon.yaml.
func ParseLexicon(b []byte) (*Lexicon, error) {
	var lx Lexicon
	if err := yaml.Unmarshal(b, &lx); err != nil {
		return nil, fmt.Errorf("intents: lexicon: %w", err)
	}
	seen := map[string]bool{}
	for _, c := range lx.Concepts {
		if c.ID == "" || seen[c.ID] {
			return nil, fmt.Errorf("intents: lexicon: concept %q: missing or repeated id", c.ID)
		}
		seen[c.ID] = true
	}
	return &lx, nil
}

// thesaurusFile is the file thesaurus.yaml: the words a thesaurus adds to each concept, and where
// they come from (written by intents/internal/thesaurus).
type thesaurusFile struct {
	Generator string                  `yaml:"generator"`
	Sources   []string                `yaml:"sources"`
	Concepts  map[string]ConceptWords `yaml:"concepts"`
}

// ParseThesaurus reads thesaurus.yaml.
func ParseThesaurus(b []byte) (map[string]ConceptWords, error) {
	var th thesaurusFile
	if err := yaml.Unmarshal(b, &th); err != nil {
		return nil, fmt.Errorf("intents: thesaurus: %w", err)
	}
	return th.Concepts, nil
}

// words returns every form the lexicon lists, for the vocabulary of known words.
func (lx *Lexicon) words() []string {
	var out []string
	for _, forms := range lx.Questions {
		out = append(out, forms...)
	}
	for _, c := range lx.Concepts {
		out = append(append(out, c.FR...), c.EN...)
	}
	for _, c := range lx.Thesaurus {
		out = append(append(out, c.FR...), c.EN...)
	}
	// The words of phrases that say nothing ("je voulais dire", "different topic") and of
	// follow-ups: known, so the speller leaves them as typed and the phrase is found.
	for _, phrases := range lx.Stopwords {
		for _, p := range phrases {
			if strings.ContainsAny(p, " '-") {
				out = append(out, p)
			}
		}
	}
	for _, phrases := range lx.FollowUps {
		out = append(out, phrases...)
	}
	return out
}

// phraseTable replaces sequences of words by one term, longest sequence first.
type phraseTable struct {
	byFirst map[string][][]string // first word → sequences (with their term last), longest first
}

// add maps a sequence of words to term; the first mapping of a sequence wins.
func (p *phraseTable) add(words []string, term string) {
	if len(words) == 0 {
		return
	}
	if p.byFirst == nil {
		p.byFirst = map[string][][]string{}
	}
	for _, seq := range p.byFirst[words[0]] {
		if len(seq)-1 == len(words) && equalWords(seq[:len(words)], words) {
			return
		}
	}
	seq := append(append([]string(nil), words...), term)
	list := append(p.byFirst[words[0]], seq)
	sort.SliceStable(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	p.byFirst[words[0]] = list
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// replace returns words with every known sequence replaced by its term. A sequence gives way to
// a longer one that starts inside it: "la mission OTAN de formation" is NTM-I, not "la mission".
func (p *phraseTable) replace(words []string) []string {
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		n, term := p.at(words[i:])
		for k := 1; k < n; k++ {
			if n2, _ := p.at(words[i+k:]); n2 > n {
				n = 0
				break
			}
		}
		if n == 0 {
			out = append(out, words[i])
			i++
			continue
		}
		out = append(out, term)
		i += n
	}
	return out
}

func (p *phraseTable) at(words []string) (int, string) {
	for _, seq := range p.byFirst[words[0]] {
		n := len(seq) - 1
		if n > len(words) {
			continue
		}
		match := true
		for k := 1; k < n; k++ {
			if words[k] != seq[k] {
				match = false
				break
			}
		}
		if match {
			return n, seq[n]
		}
	}
	return 0, ""
}

// conceptTerm is the term a concept's words become.
func conceptTerm(id string) string { return "=" + id }

// entityTerm is the term an entity's names become.
func entityTerm(id string) string { return "#" + id }

// anaphoraTerm is the term an entity's anaphora become in a question, until read.
func anaphoraTerm(id string) string { return "&" + id }

// asksTerm is the term a question word becomes.
func asksTerm(a Asks) string { return "@" + string(a) }

// set makes a set of folded words.
func set(words ...[]string) map[string]bool {
	out := map[string]bool{}
	for _, ws := range words {
		for _, w := range ws {
			out[Fold(w)] = true
		}
	}
	return out
}

// joined folds each phrase to its words joined by spaces, as FollowUpOf compares them.
func joined(phrases []string, tok *tokenizer) []string {
	out := make([]string, 0, len(phrases))
	for _, p := range phrases {
		out = append(out, strings.Join(tok.words(p), " "))
	}
	return out
}
