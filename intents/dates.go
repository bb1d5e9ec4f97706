package intents

import (
	"strconv"
	"strings"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// timeReader reads the time a question names, with the lexicon's month names and time words.
type timeReader struct {
	months            map[string]int // folded month names and abbreviations → 1–12
	before, after, to map[string]bool
	ordinals          []string // day suffixes: "1er", "22nd"
	qualifiers        phraseSet
	sources           phraseSet // nouns of a document, whose date dates the document
	sourceOf          map[string]bool
	starts            map[string]bool // attributes of a start
	ends              map[string]bool // attributes of an end
	sourceVerbs       phraseSet       // verbs of publishing: « parue en 2025 »
	stop              map[string]bool // the matcher's stop words, which the reach of "before" skips
	decades           map[string]bool // « années » before a round year: a decade
	yearsAfter        map[int]phraseSet
	monthsAfter       map[int]phraseSet
	monthName         map[int]string // a month's number → a word that names it
}

func newTimeReader(lx *Lexicon) *timeReader {
	tr := &timeReader{months: map[string]int{}, before: set(lx.Time.Before), after: set(lx.Time.After), to: set(lx.Time.To),
		decades: set(lx.Time.Decades)}
	tr.monthName = map[int]string{}
	for m, names := range lx.Time.Months {
		for _, n := range names {
			tr.months[Fold(n)] = m
		}
		if len(names) > 0 {
			tr.monthName[m] = Fold(names[0])
		}
	}
	tr.ordinals = append(tr.ordinals, lx.Time.Ordinals...)
	tok := newTokenizer(lx)
	tr.qualifiers = newPhraseSet(tok, lx.Time.Qualifiers)
	tr.sources = newPhraseSet(tok, lx.Time.Sources)
	tr.sourceOf = set(lx.Time.SourceOf)
	tr.starts = set(lx.Time.Starts)
	tr.ends = set(lx.Time.Ends)
	tr.sourceVerbs = newPhraseSet(tok, lx.Time.SourceVerbs)
	tr.yearsAfter = map[int]phraseSet{}
	for n, words := range lx.Time.YearsAfter {
		tr.yearsAfter[n] = newPhraseSet(tok, words)
	}
	tr.monthsAfter = map[int]phraseSet{}
	for n, words := range lx.Time.MonthsAfter {
		tr.monthsAfter[n] = newPhraseSet(tok, words)
	}
	return tr
}

// relativeMonths writes the months that words name by their distance from a month of a year as
// that month and year: "the month after", after a question of January 2018, is "february 2018".
func (tr *timeReader) relativeMonths(words []string, year, month int) []string {
	if month == 0 {
		return words
	}
	return replaceDistances(words, tr.monthsAfter, func(n int) []string {
		m := year*12 + month - 1 + n // months since year 0
		return []string{tr.monthName[m%12+1], strconv.Itoa(m / 12)}
	})
}

// relativeYears writes the years that words name by their distance from year as that year's
// number: « en octobre de la même année », after a question of 2016, is « en octobre 2016 ».
func (tr *timeReader) relativeYears(words []string, year int) []string {
	return replaceDistances(words, tr.yearsAfter, func(n int) []string { return []string{strconv.Itoa(year + n)} })
}

// replaceDistances replaces each phrase of words that names a distance (a key of phrases) by the
// words write gives for it.
func replaceDistances(words []string, phrases map[int]phraseSet, write func(distance int) []string) []string {
	var out []string
	for i := 0; i < len(words); i++ {
		replaced := false
		for n, ps := range phrases {
			if k := ps.at(words, i); k > 0 {
				out = append(out, write(n)...)
				i += k - 1
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, words[i])
		}
	}
	return out
}

// dropQualifiers drops the words that qualify a date ("fin 2020", "early 2018", "l'été 2023"):
// they say when, not what is asked ("fin" is no end).
func (tr *timeReader) dropQualifiers(words []string) []string {
	var out []string
	for i := 0; i < len(words); i++ {
		n := tr.qualifiers.at(words, i)
		if n > 0 && (i+n >= len(words) || (yearOf(words[i+n]) == 0 && tr.months[words[i+n]] == 0)) {
			n = 0
		}
		if n == 0 {
			if out != nil {
				out = append(out, words[i])
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(words)), words[:i]...)
		}
		out = append(out, dropTerm)
		i += n - 1
	}
	if out == nil {
		return words
	}
	return out
}

// monthTerm is the term a month name becomes, the same in both languages.
func monthTerm(m int) string { return "@m" + strconv.Itoa(m) }

// dateAt reads a date starting at words[i]: "22 janvier 2018", "1er mars 2016", "January 22 2018",
// "décembre 2008", "2019". It returns the date and how many words it took, or 0.
func (tr *timeReader) dateAt(words []string, i int) (knowledge.Date, int) {
	w := func(k int) string {
		if i+k < len(words) {
			return words[i+k]
		}
		return ""
	}
	if day := tr.dayOf(w(0)); day > 0 {
		if m := tr.months[w(1)]; m > 0 {
			if y := yearOf(w(2)); y > 0 {
				return valid(knowledge.Date{Year: y, Month: m, Day: day}, 3)
			}
		}
	}
	if m := tr.months[w(0)]; m > 0 {
		if day := tr.dayOf(w(1)); day > 0 {
			if y := yearOf(w(2)); y > 0 {
				return valid(knowledge.Date{Year: y, Month: m, Day: day}, 3)
			}
		}
		if y := yearOf(w(1)); y > 0 {
			return knowledge.Date{Year: y, Month: m}, 2
		}
		if (w(1) == "of" || w(1) == "de") && yearOf(w(2)) > 0 {
			return knowledge.Date{Year: yearOf(w(2)), Month: m}, 3
		}
	}
	if y := yearOf(w(0)); y > 0 {
		return knowledge.Date{Year: y}, 1
	}
	return knowledge.Date{}, 0
}

// decadeAt reads a decade at words[i]: « années 2000 », « années 90 », "2000s", "1990s". It
// returns its first and last years and how many words it took, or 0.
func (tr *timeReader) decadeAt(words []string, i int) (from, to knowledge.Date, n int) {
	round := func(s string) int {
		if len(s) == 2 && isDigits(s) {
			// « les années 90 »: of the last century.
			s = "19" + s
		}
		if y := yearOf(s); y > 0 && y%10 == 0 {
			return y
		}
		return 0
	}
	if tr.decades[words[i]] && i+1 < len(words) {
		if y := round(words[i+1]); y > 0 {
			return knowledge.Date{Year: y}, knowledge.Date{Year: y + 9}, 2
		}
	}
	if s, ok := strings.CutSuffix(words[i], "s"); ok && len(s) == 4 {
		if y := round(s); y > 0 {
			return knowledge.Date{Year: y}, knowledge.Date{Year: y + 9}, 1
		}
	}
	return knowledge.Date{}, knowledge.Date{}, 0
}

func valid(d knowledge.Date, n int) (knowledge.Date, int) {
	if !d.Valid() {
		return knowledge.Date{}, 0
	}
	return d, n
}

// dayOf reads a day of the month: "22", "1er", "1st", "22nd".
func (tr *timeReader) dayOf(s string) int {
	for _, suf := range tr.ordinals {
		if t := strings.TrimSuffix(s, suf); t != s {
			s = t
			break
		}
	}
	if len(s) == 0 || len(s) > 2 || !isDigits(s) {
		return 0
	}
	d, _ := strconv.Atoi(s)
	if d < 1 || d > 31 {
		return 0
	}
	return d
}

// yearOf reads a year from 1900 to 2099.
func yearOf(s string) int {
	if len(s) != 4 || !isDigits(s) {
		return 0
	}
	y, _ := strconv.Atoi(s)
	if y < 1900 || y > 2099 {
		return 0
	}
	return y
}

// relationReach is how many words that carry meaning may stand between a "before" or "after" and
// its date and still let it set the date's relation: "after the 2016 Warsaw summit", « après le
// sommet du pays de Galles de 2014 ».
const relationReach = 3

// relationBefore reads the relation a "before" or "after" sets to the date at words[i]: the
// nearest of them within reach, unless another date stands between.
func (tr *timeReader) relationBefore(words []string, i int) Relation {
	meaning := 0
	for k := i - 1; k >= 0; k-- {
		switch w := words[k]; {
		case tr.before[w]:
			return Before
		case tr.after[w]:
			return After
		case !tr.stop[w]:
			meaning++
		}
		if _, n := tr.dateAt(words, k); n > 0 || meaning > relationReach {
			break
		}
	}
	return At
}

// timeOf finds the time a question names, from its folded words.
//
// A date that dates a document ("according to NATO's 2020 page") is the question's time only when
// it names no other, and then only as context: it says which values to give, not which events.
func (tr *timeReader) of(words []string) *Time {
	var source *Time
	for i := 0; i < len(words); i++ {
		if from, to, n := tr.decadeAt(words, i); n > 0 {
			return &Time{From: from, To: to, Relation: Between}
		}
		d, n := tr.dateAt(words, i)
		if n == 0 {
			continue
		}
		if tr.datesSource(words, i, n) {
			if source == nil {
				source = &Time{From: d, To: d, Relation: At, Context: true}
			}
			i += n - 1
			continue
		}
		// A second date after "et", "to", "à", or a year right after a year ("2015-2017"), makes a span.
		if j := i + n; j < len(words) {
			next, joined := j, tr.to[words[j]]
			if joined {
				next++
			}
			if d2, n2 := tr.dateAt(words, next); n2 > 0 && (joined || (d.Month == 0 && d2.Month == 0)) {
				if d2.Before(d) {
					d, d2 = d2, d
				}
				return &Time{From: d, To: d2, Relation: Between}
			}
		}
		switch tr.relationBefore(words, i) {
		case Before:
			return &Time{From: d, To: d, Relation: Before}
		case After:
			return &Time{From: d, To: d, Relation: After}
		}
		return &Time{From: d, To: d, Relation: At}
	}
	return source
}

// sourceReach is how many words that carry meaning may stand between a document's noun and the
// "de" before its date: « la page OTAN de 2020 ».
const sourceReach = 1

// datesSource reports whether the date at words[i:i+n] dates a document: a document's noun right
// after it ("the 2025 interview", "NATO's 2024 page"), or before it, joined by "de" or "from"
// (« la dépêche de février 2018 », « la page OTAN de 2020 »). "According to the page, in 2016…"
// dates what is asked.
func (tr *timeReader) datesSource(words []string, i, n int) bool {
	if i+n < len(words) && tr.sources.at(words, i+n) > 0 {
		return true
	}
	if i == 0 {
		return false
	}
	if tr.sources.at(words, i-1) > 0 {
		// « l'article d'août 2023 »: the elided "de" is gone from the words.
		return true
	}
	from := i - 2
	if !tr.sourceOf[words[i-1]] {
		// « L'interview parue en 2025 », "the page updated in 2024": a verb of publishing,
		// then a preposition.
		verb := -1
		for k := i - 2; k >= 0 && k >= i-4; k-- {
			if n := tr.sourceVerbs.at(words, k); n > 0 && k+n == i-1 {
				verb = k
				break
			}
		}
		if verb < 0 || !tr.stop[words[i-1]] {
			return false
		}
		from = verb - 1
	}
	meaning := 0
	for k := from; k >= 0 && meaning <= sourceReach; k-- {
		if tr.sources.at(words, k) > 0 {
			return true
		}
		if !tr.stop[words[k]] {
			meaning++
		}
	}
	return false
}
