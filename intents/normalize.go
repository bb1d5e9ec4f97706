package intents

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxRunes is the longest question the matcher reads; the rest of a longer text is ignored.
// Callers should refuse such questions with a message; the cap keeps matching bounded.
const MaxRunes = 500

// Clean makes s valid UTF-8, turns control and format characters into spaces and collapses
// white space, so that whatever arrives can be echoed and matched safely.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\uFFFD' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// truncate cuts s to at most n runes.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// Fold lowercases s, removes its accents, and writes apostrophes and ligatures one way, so that
// "Été", "ete" and "ÉTÉ" compare equal.
func Fold(s string) string {
	return stripAccents(apostrophes.Replace(strings.ToLower(s)))
}

// stripAccents removes the combining marks of s once decomposed: é → e.
func stripAccents(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "`", "'", "\u00b4", "'", "\u02bc", "'",
	"œ", "oe", "æ", "ae", "ß", "ss")

// elisions are the French words that lose their vowel before another: l'OTAN, qu'a, jusqu'en.
var elisions = map[string]bool{
	"l": true, "d": true, "qu": true, "j": true, "n": true, "s": true, "c": true, "m": true, "t": true,
	"jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true, "presqu": true,
}

// contractions are the English endings after an apostrophe: NATO's, what's, don't.
var contractions = map[string]bool{"s": true, "t": true, "re": true, "ve": true, "ll": true, "d": true, "m": true}

// wordsOf splits text into folded words: runs of letters and digits, French elisions dropped,
// English contractions cut, "où" (where) kept apart from "ou" (or), and digit groups of a number
// joined ("15 000" → "15000").
func wordsOf(text string) []string {
	lower := strings.ToLower(apostrophes.Replace(text))
	raw := strings.FieldsFunc(lower, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	words := make([]string, 0, len(raw))
	for _, w := range raw {
		w = strings.Trim(w, "'")
		if w == "" {
			continue
		}
		if i := strings.IndexByte(w, '\''); i >= 0 {
			head, tail := w[:i], strings.ReplaceAll(w[i+1:], "'", "")
			switch {
			case elisions[stripAccents(head)] && tail != "":
				w = tail
			case contractions[tail]:
				w = head
			default:
				w = head + tail
			}
		}
		if w == "où" {
			words = append(words, whereWord)
			continue
		}
		words = append(words, stripAccents(w))
	}
	// Unaccented "ou" that opens or ends a question is "où": "ou est basee la nmi",
	// "la mission est basee ou ?". "Or" never stands there.
	if n := len(words); n > 1 {
		if words[0] == "ou" {
			words[0] = whereWord
		}
		if words[n-1] == "ou" {
			words[n-1] = whereWord
		}
	}
	return joinNumbers(words)
}

// whereWord stands for "où", which folding would confuse with "ou".
const whereWord = "@where"

// joinNumbers joins thousands groups: "15" "000" → "15000", "7" "500" "000" → "7500000".
func joinNumbers(words []string) []string {
	out := words[:0]
	joined := false // whether the last word is already a joined number, which may grow on
	for _, w := range words {
		if n := len(out); n > 0 && len(w) == 3 && isDigits(w) && isDigits(out[n-1]) && (joined || len(out[n-1]) <= 3) {
			out[n-1] += w
			joined = true
			continue
		}
		out = append(out, w)
		joined = false
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
