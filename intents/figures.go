package intents

import (
	"math"
	"strconv"
	"strings"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// Comparison is how a figure a question states compares with the one it asks about.
type Comparison int

// The comparisons a figure can carry.
const (
	Equal Comparison = iota // "100 million"
	More                    // "more than 100 million", « plus de 100 millions »
	Less                    // "fewer than 50", « moins de 50 »
	About                   // "about 300 billion", « près de 300 millions »
)

// Figure is a figure stated in a text: its value, scale words applied ("a billion" is 1e9), how
// it compares, and the term of what it counts, when one follows it ("euros", "officers").
type Figure struct {
	Value      float64
	Comparison Comparison
	Unit       string
	// Digits is the figure as typed in digits, before any scale word; "" for a figure in words.
	Digits string
	// Scaled is true when a scale word multiplied it: "100 million".
	Scaled bool
}

// Admits reports whether a figure a text gives satisfies the one a question states: "more than
// 100 million" admits 115 million; "about 300 billion" does not admit 300 million.
func (f Figure) Admits(given float64) bool {
	switch f.Comparison {
	case More:
		return given > f.Value
	case Less:
		return given < f.Value
	case About:
		return given >= f.Value*aboutLow && given <= f.Value*aboutHigh
	}
	return given == f.Value
}

// aboutLow and aboutHigh bound what "about", « près de » admit around a figure.
const (
	aboutLow  = 0.8
	aboutHigh = 1.25
)

// Figures returns the figures a text states, in its language: the answer of a fact, which a
// question's figures are compared with.
func (m *Matcher) Figures(text string, lang knowledge.Lang) []Figure {
	return m.figures(m.reading(m.tok.words(text), lang, false, nil, nil))
}

// figures reads the figures of a reading: digits or number words, with the scale words after
// them and the comparison words before; years and the days of dates are no figures.
func (m *Matcher) figures(rd reading) []Figure {
	var out []Figure
	w := rd.words
	for i := 0; i < len(w); i++ {
		v, digits, ok := m.figureAt(w, i)
		if !ok {
			continue
		}
		j := i + 1
		scaled := false
		for j < len(w) {
			s, isScale := m.numbers.scales[w[j]]
			if !isScale {
				break
			}
			v, scaled = v*s, true
			j++
		}
		if digits == "" && !scaled && v < 2 {
			// "a", "one" alone count nothing ("one of the divisions"); "a billion" does.
			continue
		}
		if !scaled && (yearOf(digits) != 0 || (j < len(w) && monthOf(rd.terms[j]))) {
			continue
		}
		f := Figure{Value: v, Digits: digits, Scaled: scaled, Comparison: m.comparisonBefore(w, i)}
		for k := j; k < len(w) && k <= j+unitReach; k++ {
			if rd.terms[k] != "" {
				f.Unit = rd.terms[k]
				break
			}
		}
		out = append(out, f)
		i = j - 1
	}
	return out
}

// unitReach is how many words after a figure and its scale may stand before what it counts:
// « 115 millions d'euros ».
const unitReach = 2

// figureAt reads a figure at words[i]: digits, or a number word of the lexicon.
func (m *Matcher) figureAt(w []string, i int) (float64, string, bool) {
	if isDigits(w[i]) {
		n, err := strconv.ParseFloat(w[i], 64)
		return n, w[i], err == nil
	}
	if n, ok := m.numbers.words[w[i]]; ok {
		return n, "", true
	}
	return 0, "", false
}

// comparisonBefore returns how the words right before a figure compare it, by the longest
// phrase: « au plus » is less, « plus » more.
func (m *Matcher) comparisonBefore(w []string, i int) Comparison {
	best, longest := Equal, 0
	for _, c := range []Comparison{More, Less, About} {
		for _, p := range m.numbers.comparisons[c] {
			if n := len(p); n <= i && n > longest && equalWords(p, w[i-n:i]) {
				best, longest = c, n
			}
		}
	}
	return best
}

// monthOf reports whether a term is a month's.
func monthOf(t string) bool { return strings.HasPrefix(t, "@m") }

// Nearest returns the figure among given closest in magnitude to a question's, counting the same
// thing when the question says what it counts: what the question's figure is to be compared
// with.
//
// A name after a figure may say whose the counted things are rather than what they are ("50 NATO
// people", "350 Iraqi officers"): when no figure counts that name, the nearest of all is taken.
func Nearest(q Figure, given []Figure) (Figure, bool) {
	nearest := func(unit string) (Figure, bool) {
		best, found, dist := Figure{}, false, math.Inf(1)
		for _, g := range given {
			if unit != "" && g.Unit != unit {
				continue
			}
			if d := math.Abs(math.Log(max(g.Value, 1)) - math.Log(max(q.Value, 1))); d < dist {
				best, found, dist = g, true, d
			}
		}
		return best, found
	}
	if g, ok := nearest(q.Unit); ok || !strings.HasPrefix(q.Unit, "#") {
		return g, ok
	}
	return nearest("")
}

// numberWords are the lexicon's words of figures, ready to read.
type numberWords struct {
	words       map[string]float64
	scales      map[string]float64
	comparisons map[Comparison][][]string
}

func newNumberWords(lx *Lexicon, tok *tokenizer) numberWords {
	nw := numberWords{words: map[string]float64{}, scales: map[string]float64{}, comparisons: map[Comparison][][]string{}}
	for w, v := range lx.Numbers.Words {
		nw.words[Fold(w)] = v
	}
	for w, v := range lx.Numbers.Scales {
		nw.scales[Fold(w)] = v
	}
	for c, list := range map[Comparison][]string{More: lx.Numbers.More, Less: lx.Numbers.Less, About: lx.Numbers.About} {
		for _, p := range list {
			if ws := tok.words(p); len(ws) > 0 {
				nw.comparisons[c] = append(nw.comparisons[c], ws)
			}
		}
	}
	return nw
}
