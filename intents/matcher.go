package intents

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// Matcher reads questions and ranks the intents they may ask for. It is safe for concurrent use:
// nothing but its count of reads changes after NewMatcher.
type Matcher struct {
	reads     atomic.Int64     // messages read and topics ranked again, for Reads
	position  map[string]int32 // intent id → its index in intents
	tok       *tokenizer
	time      *timeReader
	numbers   numberWords
	phrases   phraseTable       // word sequences → one term (entity names, question words, concepts)
	wordTerms map[string]string // one folded word → its term, before stemming
	texting   map[string][]string
	stop      map[string]bool
	stopLang  map[knowledge.Lang]map[string]bool
	votes     map[string]langVote             // what each word says of the question's language
	stems     map[langMask]map[string]string  // by language, stem → concept term
	entities  map[string]string               // entity term → entity id
	generic   map[string]bool                 // generic entity ids (NATO, Iraq)
	topics    map[string]bool                 // entity ids every intent is about (Iraq)
	missions  map[string]bool                 // entity ids of missions
	types     map[string]string               // entity id → its type
	world     map[string]bool                 // entity id → no source names it (knowledge.Entity.World)
	num       numbering                       // entities and attributes, numbered
	implied   map[string][]string             // entity id → the entities that, named together, mean it
	since     map[string]knowledge.Date       // entity id → when it began
	until     map[string]knowledge.Date       // entity id → when it ended
	headOf    map[string]string               // attribute → the one it asks with "who"
	holders   map[string][]Holder             // "entity|role" → who held it, as of when
	givenOf   map[string]bool                 // "entity|attribute" → some intent about the entity gives it
	headTerm  map[string]string               // attribute → the concept term of the one it asks with "who"
	attrOf    map[string]string               // concept term → the attribute it asks
	proposes  map[string]knowledge.AnswerType // concept id → the type of answer it puts forward
	roles     map[string]bool                 // attributes that are roles a person holds
	dated     map[string]bool                 // attributes that are the start of something (Attribute.Dated)
	explicit  map[string]bool                 // attributes only a frame gives (Attribute.Explicit)
	people    map[string]bool                 // concept terms that name people: roles, people who act
	// nameConcepts are, by entity, the concepts its names hold (not attributes): "=operation" of
	// Operation Inherent Resolve.
	nameConcepts map[string][]string
	marks        marks
	followUps    []followUpPhrase
	followUpIs   map[string]FollowUp // the joined words of each follow-up phrase → its kind
	spell        *speller

	intents  []Intent
	docs     []doc
	examples []example
	// exNorm, exIntent and exLang are the examples' norms, intents and languages, side by side:
	// what the cosine reads for every example a question touches.
	exNorm   []float64
	exIntent []int32
	exLang   []knowledge.Lang
	postings map[string]termPostings // term → where it stands, with its weight
	about    map[string][]int32      // entity id → intents about it
	given    map[string]bool         // attributes some intent gives
	scratch  sync.Pool               // of *scratch
	df       map[string]int
	idf      map[string]float64
	unknownW float64           // weight of a term no intent holds
	avgLen   [nFields]float64  // average field length, by field
	keywords map[byte][]string // folded one-word keywords by first byte, for subsequence lookup

	typeahead map[langMask]typeahead // by language, for Suggest

	stemCache map[langMask]map[string]string
	// seen remembers, for the words of questions, what correcting and stemming made of them:
	// people ask with the same words again and again. Bounded, and safe to share.
	seen     *lru.Cache[string, string]
	words    map[string][]string // words of the texts indexed, while indexing: each is read twice
	indexing bool                // true only inside NewMatcher, while the stem cache may grow
}

type langMask uint8

const (
	inFrench langMask = 1 << iota
	inEnglish
)

// The fields of an intent's document, with their weights in BM25F.
const (
	fieldPhrases = iota
	fieldKeywords
	fieldAnswer
	fieldEvidence
	fieldAsked // questions people asked
	nFields
)

var fieldWeight = [nFields]float64{fieldPhrases: 1, fieldKeywords: 2, fieldAnswer: 0.5, fieldEvidence: 0.3, fieldAsked: 1}

// seenWords is how many words of questions the matcher remembers the reading of.
const seenWords = 1 << 14

// unknownFactor scales the weight of a word no intent holds, relative to the rarest word that
// one does: a word the domain has never seen says more about a question than any known word.
const unknownFactor = 1.3

// BM25 parameters: k1 as usual; b low, since an intent with many phrasings is not "longer" in
// the sense BM25 penalises.
const (
	bm25K1 = 1.2
	bm25B  = 0.3
)

// doc is an intent's bag of terms, by field, and its frame.
type doc struct {
	tf       [nFields]map[string]float64
	len      [nFields]float64
	asks     map[Asks]bool // the kinds of question its phrasings ask
	mentions bits          // the entities its phrasings, keywords, answer and frames name
	// speaksOf holds the attributes whose words its answer uses, and asksOf those its phrasings
	// use: what it says something of, though its frame may not list it.
	speaksOf, asksOf bits
	askedOf          bits // the attributes the questions people asked of it use
	frames           []compiledFrame
}

// typeahead is one language's example phrasings, folded for subsequence matching.
type typeahead struct {
	examples []int32
	folded   []string
}

// docPosting is an intent holding a term, with the term's BM25F contribution to its score.
type docPosting struct {
	doc  int32
	bm25 float64
	// own is true when the intent holds the term itself (phrasings, keywords, answer), not
	// only in the sentences of the sources around it.
	own bool
}

// example is one phrasing of an intent, as a set of terms.
type example struct {
	intent int32
	text   string
	lang   knowledge.Lang
	terms  []string
	norm   float64 // idf-weighted length
	// hidden is true for an example matched but never shown: an intent's keyword standing as an
	// example, or a question someone asked.
	hidden bool
}

// Options are what NewMatcher builds from besides the intents.
type Options struct {
	// Lexicon is the language knowledge; nil means DefaultLexicon.
	Lexicon *Lexicon
	// Entities are what the questions may name (knowledge/entities.yaml).
	Entities []*knowledge.Entity
	// Attributes are what the questions may ask of them; when set, every concept's attribute
	// must be one of them.
	Attributes []*knowledge.Attribute
	// Corpus is more domain text (the source documents) whose words are real words of the
	// domain: typos snap to them, and they are never taken for typos themselves.
	Corpus []string
}

// Holder is someone who held a role of an entity as of a date: Olsen, commander of NMI in late
// 2020.
type Holder struct {
	Person string
	AsOf   knowledge.Date
}

// NewMatcher indexes the intents.
func NewMatcher(intents []Intent, opt Options) (*Matcher, error) {
	lx := opt.Lexicon
	var err error
	if lx == nil {
		if lx, err = DefaultLexicon(); err != nil {
			return nil, err
		}
	}
	m := &Matcher{
		tok:       newTokenizer(lx),
		time:      newTimeReader(lx),
		wordTerms: map[string]string{},
		texting:   map[string][]string{},
		stop:      map[string]bool{},
		stopLang:  map[knowledge.Lang]map[string]bool{},
		stems:     map[langMask]map[string]string{inFrench: {}, inEnglish: {}},
		entities:  map[string]string{},
		generic:   map[string]bool{},
		topics:    map[string]bool{},
		missions:  map[string]bool{},
		types:     map[string]string{},
		implied:   map[string][]string{},
		since:     map[string]knowledge.Date{},
		until:     map[string]knowledge.Date{},
		headOf:    map[string]string{},
		givenOf:   map[string]bool{},
		world:     map[string]bool{},
		headTerm:  map[string]string{},
		attrOf:    map[string]string{},
		proposes:  map[string]knowledge.AnswerType{},
		roles:     map[string]bool{},
		dated:     map[string]bool{},
		explicit:  map[string]bool{},
		people:    map[string]bool{},
		postings:  map[string]termPostings{},
		about:     map[string][]int32{},
		given:     map[string]bool{},
		df:        map[string]int{},
		idf:       map[string]float64{},
		intents:   intents,
		position:  make(map[string]int32, len(intents)),
		stemCache: map[langMask]map[string]string{inFrench: {}, inEnglish: {}},
		indexing:  true,
	}
	for i, in := range intents {
		m.position[in.ID] = int32(i)
	}
	m.words = map[string][]string{}
	defer func() { m.indexing, m.words = false, nil }()
	if err := m.learnLexicon(lx, opt); err != nil {
		return nil, err
	}
	m.time.stop = m.stop
	vocab := map[string]int{}
	langWords := map[string]langMask{} // folded words seen in French or English phrasings and answers
	see := func(text string, mask langMask) {
		for _, w := range m.wordsOnce(text) {
			vocab[w]++
			langWords[w] |= mask
		}
	}
	ids := map[string]bool{}
	for _, in := range intents {
		if ids[in.ID] {
			return nil, fmt.Errorf("intents: duplicate intent %q", in.ID)
		}
		ids[in.ID] = true
		for _, lang := range knowledge.Langs {
			mask := maskOf(lang)
			for _, p := range in.Phrases.In(lang) {
				see(p, mask)
			}
			see(in.Answer.In(lang), mask)
		}
		for _, k := range in.Keywords {
			see(k, 0)
		}
	}
	for _, text := range opt.Corpus {
		see(text, 0)
	}
	for _, words := range lx.words() {
		for _, w := range m.tok.words(words) {
			vocab[w]++
		}
	}
	// The names of countries no source names are known words, never a correction: "galon" is not
	// Gabon, nor "belle" Belgian.
	worldOnly := map[string]bool{}
	for _, e := range opt.Entities {
		for _, n := range e.Names {
			for _, w := range m.tok.words(n) {
				if e.World && vocab[w] == 0 {
					worldOnly[w] = true
				}
				vocab[w]++
			}
		}
	}
	skip := maps.Clone(m.stop)
	for w := range m.stop {
		vocab[w]++
	}
	for w := range worldOnly {
		skip[w] = true
	}
	m.spell = newSpeller(vocab, skip)
	m.tok.known = make(map[string]string, len(vocab))
	for w := range vocab {
		if isASCII(w) && !strings.ContainsRune(w, '\'') {
			m.tok.known[w] = w
		}
	}
	m.votes = m.languageVotes(langWords)
	m.nameConcepts = map[string][]string{}
	for _, e := range opt.Entities {
		// « l'opération Inherent Resolve » speaks of an operation, though the name swallows the
		// word: an intent naming it holds the concept too.
		for _, n := range e.Names {
			for _, w := range m.tok.words(n) {
				for _, lang := range knowledge.Langs {
					if t := m.stem(w, lang, false); strings.HasPrefix(t, "=") && m.attrOf[t] == "" && !slices.Contains(m.nameConcepts[e.ID], t) {
						m.nameConcepts[e.ID] = append(m.nameConcepts[e.ID], t)
					}
				}
			}
		}
	}
	m.index()
	m.holders = m.roleHolders()
	if m.seen, err = lru.New[string, string](seenWords); err != nil {
		return nil, fmt.Errorf("intents: %w", err)
	}
	return m, nil
}

// Gives reports whether some intent about the entity gives the attribute.
func (m *Matcher) Gives(entity, attr string) bool { return m.givenOf[entity+"|"+attr] }

// roleHolders finds who held each role of each entity, and as of when, in the values of the
// intents that give that role: the commanders of NMI.
func (m *Matcher) roleHolders() map[string][]Holder {
	out := map[string][]Holder{}
	for _, in := range m.intents {
		// The people each value names, read once an intent, and only of one that gives a role.
		var named [][]Holder
		for _, fr := range in.Frames {
			for _, r := range fr.Gives {
				if !m.roles[r] {
					continue
				}
				if named == nil {
					named = m.peopleOf(in.Values)
				}
				for _, e := range fr.About {
					for _, people := range named {
						for _, h := range people {
							if h.Person != e && !slices.Contains(out[e+"|"+r], h) {
								out[e+"|"+r] = append(out[e+"|"+r], h)
							}
						}
					}
				}
			}
		}
	}
	return out
}

// Reads returns how many messages the matcher has read (Match, MatchAfter) and topics it has
// ranked again (Resume): what one message of a conversation costs, counted.
func (m *Matcher) Reads() int64 { return m.reads.Load() }

// PeopleIn returns the people a text names, in the order of the entities it names.
func (m *Matcher) PeopleIn(text string) []string {
	var out []string
	for _, e := range m.EntitiesIn(text) {
		if m.types[e] == "person" {
			out = append(out, e)
		}
	}
	return out
}

// peopleOf returns, for each value, the people it names, as of its date.
func (m *Matcher) peopleOf(values []Value) [][]Holder {
	out := make([][]Holder, len(values))
	for i, v := range values {
		for _, p := range m.EntitiesIn(v.Answer.FR + " " + v.Answer.EN) {
			if m.types[p] == "person" {
				out[i] = append(out[i], Holder{p, v.AsOf})
			}
		}
	}
	return out
}

// langVote is what one word says of a question's language: its weight for French and for English.
type langVote struct{ fr, en float64 }

// languageVotes folds the stop words of each language, the words seen in each language's phrasings
// and the French-only "où" into one vote a word, so reading a question's language looks each word up
// once.
func (m *Matcher) languageVotes(langWords map[string]langMask) map[string]langVote {
	votes := map[string]langVote{}
	add := func(w string, fr, en float64) {
		v := votes[w]
		v.fr += fr
		v.en += en
		votes[w] = v
	}
	for w := range m.stopLang[French] {
		add(w, 1, 0)
	}
	for w := range m.stopLang[English] {
		add(w, 0, 1)
	}
	for w, mask := range langWords {
		switch mask {
		case inFrench:
			add(w, 0.5, 0)
		case inEnglish:
			add(w, 0, 0.5)
		}
	}
	add(whereWord, 1, 0)
	return votes
}

func maskOf(lang knowledge.Lang) langMask {
	if lang == English {
		return inEnglish
	}
	return inFrench
}

// English and French are the languages of questions; short names for knowledge's.
const (
	English = knowledge.English
	French  = knowledge.French
)

// addTerm maps a sequence of words to a term: one word directly, several in the phrase table.
// The first mapping of a word wins.
func (m *Matcher) addTerm(surface, term string) {
	words := m.tok.words(surface)
	switch len(words) {
	case 0:
	case 1:
		if _, taken := m.wordTerms[words[0]]; !taken {
			m.wordTerms[words[0]] = term
		}
	default:
		m.phrases.add(words, term)
	}
}

func (m *Matcher) learnLexicon(lx *Lexicon, opt Options) error {
	for lang, words := range lx.Stopwords {
		set := map[string]bool{}
		for _, w := range words {
			ws := m.tok.words(w)
			if len(ws) > 1 {
				// A phrase that says nothing ("en ce moment", "right now") goes as a whole.
				m.phrases.add(ws, dropTerm)
				continue
			}
			for _, f := range ws {
				set[f] = true
				m.stop[f] = true
			}
		}
		m.stopLang[lang] = set
	}
	for _, forms := range lx.Texting {
		for form, meaning := range forms {
			m.texting[Fold(form)] = m.tok.words(meaning)
		}
	}
	for _, e := range opt.Entities {
		term := entityTerm(e.ID)
		m.entities[term] = e.ID
		m.generic[e.ID] = e.Generic
		m.topics[e.ID] = e.Topic
		m.missions[e.ID] = e.Type == "mission"
		m.types[e.ID] = e.Type
		if e.World {
			m.world[e.ID] = true
		}
		m.implied[e.ID] = e.ImpliedBy
		if e.Type == "source" {
			// "La dépêche Belga d'août 2023": a publisher's name dates its document too.
			for _, n := range e.Names {
				if ws := m.tok.words(n); len(ws) > 0 {
					m.time.sources[ws[0]] = append(m.time.sources[ws[0]], ws)
				}
			}
		}
		if !e.Since.IsZero() {
			m.since[e.ID] = e.Since
		}
		if !e.Until.IsZero() {
			m.until[e.ID] = e.Until
		}
		for _, n := range e.Names {
			m.addTerm(n, term)
		}
		m.entities[anaphoraTerm(e.ID)] = e.ID
		for _, n := range e.Anaphora {
			m.addTerm(n, anaphoraTerm(e.ID))
		}
	}
	for asks, forms := range lx.Questions {
		for _, f := range forms {
			m.addTerm(f, asksTerm(asks))
		}
	}
	for name, n := range m.time.months {
		m.wordTerms[name] = monthTerm(n)
	}
	attrs := map[string]bool{}
	for _, a := range opt.Attributes {
		attrs[a.ID] = true
		m.roles[a.ID] = a.Role
		m.dated[a.ID] = a.Dated
		m.explicit[a.ID] = a.Explicit
		if a.Who != "" {
			m.headOf[a.ID] = a.Who
		}
	}
	// The concepts' own words first, then the thesaurus's, which never take a word or a stem
	// from another concept, a name, a question word or a stop word.
	var problems []error
	for _, c := range lx.Concepts {
		if c.Attribute != "" && opt.Attributes != nil && !attrs[c.Attribute] {
			problems = append(problems, fmt.Errorf("concept %q asks unknown attribute %q", c.ID, c.Attribute))
		}
		term := conceptTerm(c.ID)
		if c.People || m.roles[c.Attribute] {
			m.people[term] = true
		}
		if c.Attribute != "" {
			m.attrOf[term] = c.Attribute
			for a, who := range m.headOf {
				if who == c.Attribute && m.headTerm[a] == "" {
					m.headTerm[a] = term
				}
			}
		}
		if c.Proposes != "" {
			if !slices.Contains(knowledge.AnswerTypes, c.Proposes) {
				problems = append(problems, fmt.Errorf("concept %q proposes unknown answer type %q", c.ID, c.Proposes))
			}
			m.proposes[c.ID] = c.Proposes
		}
		for _, lang := range knowledge.Langs {
			for _, f := range c.In(lang) {
				if err := m.learnConceptWord(f, term, lang, false); err != nil {
					problems = append(problems, fmt.Errorf("concept %q: %w", c.ID, err))
				}
			}
			for _, f := range c.Exact.In(lang) {
				for _, w := range m.tok.words(f) {
					if t, taken := m.wordTerms[w]; taken && t != term {
						problems = append(problems, fmt.Errorf("concept %q: word %q is also %s", c.ID, f, t))
					}
					m.wordTerms[w] = term
				}
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("intents: lexicon: %w", errors.Join(problems...))
	}
	for _, c := range lx.Concepts {
		th, ok := lx.Thesaurus[c.ID]
		if !ok || !c.Expands() {
			continue
		}
		for _, lang := range knowledge.Langs {
			for _, f := range th.In(lang) {
				_ = m.learnConceptWord(f, conceptTerm(c.ID), lang, true)
			}
		}
	}
	m.marks = newMarks(lx, m.tok)
	m.numbers = newNumberWords(lx, m.tok)
	m.followUps = newFollowUps(lx, m.tok)
	m.followUpIs = make(map[string]FollowUp, len(m.followUps))
	for _, p := range m.followUps {
		m.followUpIs[p.words] = p.kind
	}
	m.num = numbering{entity: map[string]int{}, attr: map[string]int{}}
	for _, e := range opt.Entities {
		m.num.entity[e.ID] = len(m.num.entity)
	}
	number := func(a string) {
		if _, ok := m.num.attr[a]; !ok && a != "" {
			m.num.attr[a] = len(m.num.attr)
		}
	}
	for _, a := range opt.Attributes {
		number(a.ID)
	}
	for _, c := range lx.Concepts {
		number(c.Attribute)
	}
	return nil
}

// learnConceptWord maps a word or phrase of a concept to its term. A word is known by its stem;
// when another concept's word has the same stem ("nationality" and "nation"), by its exact form.
// A word of the concept's own list must be no name, question word or other concept's word; a word
// from the thesaurus (weak) gives way to everything else.
func (m *Matcher) learnConceptWord(form, term string, lang knowledge.Lang, weak bool) error {
	words := m.tok.words(form)
	if len(words) > 1 {
		if weak {
			if n, _ := m.phrases.at(words); n == len(words) {
				return nil
			}
		}
		m.phrases.add(words, term)
		return nil
	}
	for _, w := range words {
		if t, taken := m.wordTerms[w]; taken && t != term {
			if weak {
				return nil
			}
			return fmt.Errorf("word %q is also %s", form, t)
		}
		if weak {
			// A thesaurus word is known by its own form only: its stem may be that of a common
			// word of the domain ("gouverner", "gouvernement"). Nor does it take a word whose
			// stem is another concept's.
			if old, taken := m.stems[maskOf(lang)][m.stemIn(w, lang)]; (!taken || old == term) && !m.stop[w] && len(w) >= 3 {
				m.wordTerms[w] = term
			}
			continue
		}
		s := snowballStem(w, lang)
		if old, taken := m.stems[maskOf(lang)][s]; taken && old != term {
			if !weak {
				m.wordTerms[w] = term
			}
			continue
		}
		m.stems[maskOf(lang)][s] = term
	}
	return nil
}

// termPostings is what the index holds of a term, read with one lookup a term: its weight, the
// examples that hold it and the intents that hold it, with its BM25F part in each.
type termPostings struct {
	weight   float64
	examples []int32
	docs     []docPosting
}

// index builds the BM25F documents, the examples and their postings.
// namedTypes are the types of answer an intent holds by the entities its answer names, beside
// those its frame lists: one naming the King Abdullah II centre, of the training in Jordan, gives
// a name and a place.
func (m *Matcher) namedTypes(named []string, fr knowledge.Frame) uint8 {
	var out uint8
	for _, id := range named {
		if len(fr.About) > 0 && id == fr.About[0] {
			continue
		}
		switch m.types[id] {
		case "country":
			// A country names where someone is from, not what is asked the name of.
			out |= typeBit(knowledge.TypePlace)
		case "place":
			out |= typeBit(knowledge.TypeName) | typeBit(knowledge.TypePlace)
		default:
			out |= typeBit(knowledge.TypeName)
		}
	}
	return out
}

func (m *Matcher) index() {
	m.docs = make([]doc, len(m.intents))
	stated := map[string]int{} // term → how many intents state it in their own text
	for i, in := range m.intents {
		d := &m.docs[i]
		for f := range d.tf {
			d.tf[f] = map[string]float64{}
		}
		d.asks = map[Asks]bool{}
		d.mentions = newBits(len(m.num.entity))
		d.speaksOf, d.asksOf, d.askedOf = newBits(len(m.num.attr)), newBits(len(m.num.attr)), newBits(len(m.num.attr))
		mention := func(terms []string) {
			for _, t := range terms {
				if id, ok := m.entities[t]; ok {
					d.mentions.set(m.num.entityID(id))
				}
			}
		}
		speaks := func(set bits, terms []string) {
			for _, t := range terms {
				if a, ok := m.attrOf[t]; ok {
					set.set(m.num.attrID(a))
				}
			}
		}
		// A question that asks for it, an example phrasing or one people asked, stands as an
		// example of its own and says what kinds of question it answers.
		question := func(field int, text string, lang knowledge.Lang, terms []string, hidden bool) {
			d.add(field, terms)
			if field != fieldAsked {
				// A question people asked may name what the intent does not ("how many
				// Australian personnel?" of the headcount): what it names is its own.
				mention(terms)
			} else {
				for _, t := range terms {
					if a, ok := m.attrOf[t]; ok && !m.explicit[a] {
						d.askedOf.set(m.num.attrID(a))
					}
				}
			}
			speaks(d.asksOf, terms)
			m.examples = append(m.examples, example{intent: int32(i), text: text, lang: lang, hidden: hidden, terms: unique(terms)})
			d.asks[asksOf(terms)] = true
		}
		var named []string // the entities its answer names
		for _, lang := range knowledge.Langs {
			for _, p := range in.Phrases.In(lang) {
				question(fieldPhrases, p, lang, m.terms(m.wordsOnce(p), lang, false), false)
			}
			answer := m.terms(m.wordsOnce(in.Answer.In(lang)), lang, false)
			for _, t := range answer {
				id, ok := m.entities[t]
				if !ok {
					continue
				}
				answer = append(answer, m.nameConcepts[id]...)
				if !m.generic[id] && !slices.Contains(named, id) {
					named = append(named, id)
				}
			}
			d.add(fieldAnswer, answer)
			mention(answer)
			// What an answer speaks of is what its main statement says, before a colon or a
			// semicolon adds more ("l'OTAN donne des formations sur place : des équipes ont
			// commencé…" says nothing of a start).
			main, _, _ := strings.Cut(strings.ReplaceAll(in.Answer.In(lang), ";", ":"), ":")
			speaks(d.speaksOf, m.terms(m.tok.words(main), lang, false))
		}
		for _, lang := range knowledge.Langs {
			for _, p := range in.Asked.In(lang) {
				question(fieldAsked, p, lang, m.askedTerms(p, lang), true)
			}
		}
		for _, ev := range in.Evidence {
			d.add(fieldEvidence, m.terms(m.wordsOnce(ev), French, false))
		}
		for _, k := range in.Keywords {
			// Keywords are names and acronyms: either language's stem may be asked. Each is also
			// an example of its own, so that "hintzy" alone is as close as a full question.
			terms := unique(append(m.terms(m.tok.words(k), French, false), m.terms(m.tok.words(k), English, false)...))
			d.add(fieldKeywords, terms)
			mention(terms)
			if len(terms) > 0 {
				m.examples = append(m.examples, example{intent: int32(i), text: k, hidden: true, terms: terms})
			}
		}
		for _, fr := range in.Frames {
			for _, a := range fr.Gives {
				m.given[a] = true
				for _, e := range fr.About {
					m.givenOf[e+"|"+a] = true
				}
			}
			for _, e := range fr.About {
				if !contains(m.aboutOf(e), int32(i)) {
					m.about[e] = append(m.about[e], int32(i))
				}
				d.mentions.set(m.num.entityID(e))
			}
			cf := m.num.compile(fr)
			cf.mission = slices.ContainsFunc(fr.About, func(e string) bool { return m.types[e] == "mission" })
			cf.types |= m.namedTypes(named, fr)
			d.frames = append(d.frames, cf)
		}
		if len(d.frames) == 0 {
			d.frames = []compiledFrame{m.num.compile(knowledge.Frame{})}
		}
		for t := range d.terms() {
			m.df[t]++
			if d.states(t) {
				stated[t]++
			}
		}
	}
	n := float64(len(m.intents))
	for t, df := range m.df {
		// How rare a term is, the intents' own text tells: the questions people asked would
		// make a concept they often ask ("where") weigh less than a word nobody knows. A term
		// only they hold counts them.
		if s := stated[t]; s > 0 {
			df = s
		}
		m.idf[t] = math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
	}
	m.unknownW = unknownFactor * math.Log(1+(n+0.5)/0.5)
	var total [nFields]float64
	for _, d := range m.docs {
		for f := range total {
			total[f] += d.len[f]
		}
	}
	for f := range total {
		m.avgLen[f] = max(total[f]/max(n, 1), 1)
	}
	for i := range m.examples {
		e := &m.examples[i]
		for _, t := range e.terms {
			w := m.weight(t)
			e.norm += w * w
			p := m.postings[t]
			p.examples = append(p.examples, int32(i))
			m.postings[t] = p
		}
		e.norm = math.Sqrt(e.norm)
		m.exNorm, m.exIntent, m.exLang = append(m.exNorm, e.norm), append(m.exIntent, e.intent), append(m.exLang, e.lang)
	}
	for i := range m.docs {
		d := &m.docs[i]
		for t := range d.terms() {
			var tf float64
			own := false
			for f := range d.tf {
				if n := d.tf[f][t]; n > 0 {
					tf += fieldWeight[f] * n / (1 - bm25B + bm25B*d.len[f]/m.avgLen[f])
					own = own || f != fieldEvidence
				}
			}
			p := m.postings[t]
			p.docs = append(p.docs, docPosting{doc: int32(i), bm25: m.weight(t) * tf / (bm25K1 + tf), own: own})
			m.postings[t] = p
		}
	}
	for t, p := range m.postings {
		p.weight = m.weight(t)
		m.postings[t] = p
	}
	m.scratch.New = func() any { return m.newScratch() }
	m.typeahead = map[langMask]typeahead{}
	for i, e := range m.examples {
		if e.hidden {
			continue
		}
		ta := m.typeahead[maskOf(e.lang)]
		ta.examples = append(ta.examples, int32(i))
		ta.folded = append(ta.folded, Fold(e.text))
		m.typeahead[maskOf(e.lang)] = ta
	}
	// Keywords of one word, by first letter: an abbreviation starts like what it abbreviates.
	seen := map[string]bool{}
	m.keywords = map[byte][]string{}
	for _, in := range m.intents {
		for _, k := range in.Keywords {
			f := Fold(k)
			if !seen[f] && f != "" && !strings.ContainsRune(f, ' ') {
				seen[f] = true
				m.keywords[f[0]] = append(m.keywords[f[0]], f)
			}
		}
	}
	for _, ks := range m.keywords {
		sort.Strings(ks)
	}
}

// aboutOf returns the intents about an entity.
func (m *Matcher) aboutOf(entity string) []int32 { return m.about[entity] }

func (d *doc) add(field int, terms []string) {
	for _, t := range terms {
		d.tf[field][t]++
	}
	d.len[field] += float64(len(terms))
}

// askedTerms reads a question someone asked as text is read, texting expanded (a typo stays a word
// of its own: a question's typos are what the speller corrects), and of the context around the
// question only the names and dates it gives ("a photo of NMI's gender adviser… what was that
// course about?").
func (m *Matcher) askedTerms(text string, lang knowledge.Lang) []string {
	asked, context := m.questionWords(text)
	terms := m.terms(asked, lang, false)
	for _, t := range m.terms(context, lang, false) {
		if strings.HasPrefix(t, "#") || isDigits(t) {
			terms = append(terms, t)
		}
	}
	return terms
}

// states reports whether the intent's own text holds t: a field other than what people asked.
func (d *doc) states(t string) bool {
	for f := range d.tf {
		if f != fieldAsked && d.tf[f][t] > 0 {
			return true
		}
	}
	return false
}

func (d *doc) terms() map[string]bool {
	set := map[string]bool{}
	for _, tf := range d.tf {
		for t := range tf {
			set[t] = true
		}
	}
	return set
}

// weight is a term's idf, or the weight of a term no intent holds.
func (m *Matcher) weight(t string) float64 {
	if w, ok := m.idf[t]; ok {
		return w
	}
	return m.unknownW
}

func unique(terms []string) []string {
	seen := make(map[string]bool, len(terms))
	out := terms[:0:0]
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// terms turns folded words into the terms matched: entity names, question words, months and
// concepts become their term, stop words go, other words are stemmed in lang. When query is true,
// words the domain does not know are first corrected to the closest domain word, if one is close.
func (m *Matcher) terms(words []string, lang knowledge.Lang, query bool) []string {
	return m.analyse(words, lang, query, nil)
}

// analyse is terms, also reporting the words left unknown.
func (m *Matcher) analyse(words []string, lang knowledge.Lang, query bool, unknown *[]string) []string {
	rd := m.reading(words, lang, query, unknown, nil)
	out := make([]string, 0, len(rd.terms))
	for _, t := range rd.terms {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// reading is a text's words as the matcher reads them: after texting forms, qualifiers of dates,
// typo corrections and phrases, each with the term it makes ("" for a word that carries none).
type reading struct {
	words, terms []string
	lang         knowledge.Lang
}

// reading reads words into terms, keeping each word beside its term so that where a term stands
// among the words (right after "which") can be told.
//
// capitals are the words typed in capitals, folded: "US", "CAN".
func (m *Matcher) reading(words []string, lang knowledge.Lang, query bool, unknown *[]string, capitals map[string]bool) reading {
	words = m.time.dropQualifiers(m.expand(words))
	if query {
		// Correct typos first, so that a misspelt name ("nato mision in irak") is still one.
		fixed := make([]string, len(words))
		for i, w := range words {
			fixed[i] = m.correct(w, lang)
		}
		words = fixed
	}
	words = m.phrases.replace(words)
	rd := reading{words: words, terms: make([]string, len(words)), lang: lang}
	for i, w := range words {
		if !query && strings.HasPrefix(w, "&") {
			// Indexed text names the entity itself.
			w = entityTerm(m.entities[w])
		}
		switch t, ok := m.wordTerms[w]; {
		case w == dropTerm:
		case isTerm(w):
			rd.terms[i] = w
		case ok && query && m.stopLang[lang][w] && m.entities[t] != "" && !capitals[w]:
			// A name that is a stop word of the question's language is that word unless typed
			// in capitals: « donne-moi » does not name the Ministry of Interior (MoI), nor "tell
			// us" the US.
		case ok:
			rd.terms[i] = t
		case m.stopLang[lang][w], len(w) == 1 && !isDigits(w):
			// Stop words and lone letters carry no meaning of their own.
		case isDigits(w):
			rd.terms[i] = w
		default:
			t := m.stem(w, lang, query)
			if unknown != nil && m.df[t] == 0 {
				*unknown = append(*unknown, w)
			}
			rd.terms[i] = t
		}
	}
	return rd
}

// expand replaces texting forms by what they stand for: "wen" → "when", "cb" → "combien".
func (m *Matcher) expand(words []string) []string {
	var out []string
	for i, w := range words {
		meaning, ok := m.texting[w]
		if !ok {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(words)+4), words[:i]...)
		}
		out = append(out, meaning...)
	}
	if out == nil {
		return words
	}
	return out
}

// correct returns the domain word a word the domain does not know was meant to be: the word
// itself with an elision whose apostrophe was left out ("lotan"), the closest known word by edit
// distance, or an abbreviated keyword.
func (m *Matcher) correct(w string, lang knowledge.Lang) string {
	if m.spell.known(w) || isDigits(w) || isTerm(w) {
		return w
	}
	key := "c\x00" + string(lang) + "\x00" + w
	if c, ok := m.seen.Get(key); ok {
		return c
	}
	c := m.correction(w, lang)
	m.seen.Add(key, c)
	return c
}

func (m *Matcher) correction(w string, lang knowledge.Lang) string {
	if base, ok := strings.CutSuffix(w, "s"); ok && len(base) >= 3 {
		// A possessive typed without its apostrophe: "nmis gender adviser", "natos page".
		if m.entities[m.wordTerms[base]] != "" {
			return base
		}
	}
	for _, e := range m.tok.elisionList {
		// French elisions only: in English "task" is no « t'ask ».
		if rest, ok := strings.CutPrefix(w, e); ok && lang != knowledge.English && len(rest) >= 3 && m.spell.known(rest) && !m.stop[rest] {
			return rest
		}
	}
	if fixed, ok := m.spell.correct(w); ok {
		return fixed
	}
	if k, ok := m.keyword(w); ok {
		return k
	}
	return w
}

// dropTerm is what the phrase table makes of a phrase that carries no meaning.
const dropTerm = "@-"

// isTerm reports whether w is already a term made by the phrase table.
func isTerm(w string) bool {
	return strings.HasPrefix(w, "@") || strings.HasPrefix(w, "=") || strings.HasPrefix(w, "#") || strings.HasPrefix(w, "&")
}

// stem returns the term of a word in lang: its concept, or its stem. A question's word whose stem
// in lang is unknown to the index but known in the other language (a name, a borrowed word) takes
// that one.
func (m *Matcher) stem(w string, lang knowledge.Lang, query bool) string {
	s := m.stemIn(w, lang)
	if c, ok := m.stems[maskOf(lang)][s]; ok {
		return c
	}
	if query && m.df[s] == 0 {
		other := French
		if lang == French {
			other = English
		}
		s2 := m.stemIn(w, other)
		if c, ok := m.stems[maskOf(other)][s2]; ok {
			return c
		}
		if m.df[s2] > 0 {
			return s2
		}
	}
	return s
}

// wordsOnce is the tokenizer's words, remembered while indexing: the vocabulary and the index read
// the same phrasings and answers.
func (m *Matcher) wordsOnce(text string) []string {
	if w, ok := m.words[text]; ok {
		return w
	}
	w := m.tok.words(text)
	if m.words != nil {
		m.words[text] = w
	}
	return w
}

// stemIn stems w in lang. Stems met while indexing are kept, since the phrasings repeat the same
// words many times; after NewMatcher the cache is only read, so Match stays safe to share.
func (m *Matcher) stemIn(w string, lang knowledge.Lang) string {
	cache := m.stemCache[maskOf(lang)]
	if s, ok := cache[w]; ok {
		return s
	}
	if m.indexing {
		s := snowballStem(w, lang)
		cache[w] = s
		return s
	}
	key := string(lang) + "\x00" + w
	if s, ok := m.seen.Get(key); ok {
		return s
	}
	s := snowballStem(w, lang)
	m.seen.Add(key, s)
	return s
}

func snowballStem(w string, lang knowledge.Lang) string {
	if lang == English {
		return english.Stem(w, false)
	}
	return french.Stem(w, false)
}

// inCapitals returns the words of a text typed wholly in capitals, of two letters or more, folded.
func inCapitals(text string) map[string]bool {
	var out map[string]bool
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) >= 2 && strings.ToUpper(w) == w {
			if out == nil {
				out = map[string]bool{}
			}
			out[Fold(w)] = true
		}
	}
	return out
}
