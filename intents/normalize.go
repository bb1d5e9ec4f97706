package intents

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxRunes is the longest question the matcher reads; the rest of a longer text is ignored.
// Callers should refuse such questions with a message; the cap keeps matching bounded.
const MaxRunes = 500

// Clean makes s valid UTF-8, drops invisible format characters, turns control characters into
// spaces and collapses white space, so that whatever arrives can be echoed and matched safely.
// A format character (soft hyphen, zero-width joiner or non-joiner, word joiner, byte-order mark,
// bidirectional mark) is dropped rather than spaced: it stands inside a word, where a copy from a
// web page or a phone keyboard puts it, and « com\u00admande » is the word « commande ». The
// zero-width space alone separates words, as its name says.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.Is(unicode.Cf, r) && r != '\u200b' {
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\uFFFD' {
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
	"œ", "oe", "Œ", "oe", "æ", "ae", "Æ", "ae", "ß", "ss")

// tokenizer splits text into folded words, with the lexicon's French elisions and English
// contractions.
type tokenizer struct {
	elisions     map[string]bool // l, d, qu, jusqu…: dropped before an apostrophe
	elisionList  []string        // the same, longest first, for words typed without the apostrophe
	contractions map[string]bool // s, t, re…: dropped after an apostrophe
	// whole are words with an elision that mean something else without it: "d'après"
	// (according to) is not "après" (after). They stay one word, "dapres".
	whole map[string]bool
	// whereAccented are the words whose accent tells "where" from another word ("où", "ou"),
	// and whereEnds the unaccented forms that ask where when they open or end a question.
	whereAccented, whereEnds map[string]bool
	// known holds the words of the domain, so that a question's words that are among them take
	// the known string instead of a new one. Set once, before the tokenizer is shared.
	known map[string]string
}

func newTokenizer(lx *Lexicon) *tokenizer {
	tk := &tokenizer{elisions: set(lx.Elisions), contractions: set(lx.Contractions),
		whereAccented: map[string]bool{}, whereEnds: set(lx.Where.Ends), whole: map[string]bool{}}
	for _, w := range lx.Whole {
		tk.whole[stripAccents(strings.ToLower(w))] = true
	}
	for e := range tk.elisions {
		tk.elisionList = append(tk.elisionList, e)
	}
	sort.Slice(tk.elisionList, func(i, j int) bool {
		a, b := tk.elisionList[i], tk.elisionList[j]
		return len(a) > len(b) || (len(a) == len(b) && a < b)
	})
	for _, w := range lx.Where.Accented {
		tk.whereAccented[strings.ToLower(w)] = true
	}
	return tk
}

// span is one word of a text: the word folded, where it stands in the text, and the French
// elision dropped before it ("l" of "l'OTAN"), if any.
type span struct {
	w          string
	start, end int // byte offsets in the text
	elided     string
}

// words splits text into folded words: runs of letters and digits, French elisions dropped,
// English contractions cut, "où" (where) kept apart from "ou" (or), and digit groups of a number
// joined ("15 000" → "15000").
func (tk *tokenizer) words(text string) []string {
	spans := tk.spans(text)
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.w
	}
	return out
}

// spans is words, with where each word stands in the text.
func (tk *tokenizer) spans(text string) []span {
	// About one word in six bytes of text.
	out := make([]span, 0, len(text)/6+1)
	// One buffer for every word: a word's string is made once, when it ends.
	b := make([]byte, 0, 32)
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		var w string
		if k, ok := tk.known[string(b)]; ok {
			w = k
		} else {
			w = strings.Trim(string(b), "'")
		}
		s := span{start: start, end: end}
		b = b[:0]
		start = -1
		if w == "" {
			return
		}
		if i := strings.IndexByte(w, '\''); i >= 0 {
			head, tail := w[:i], strings.ReplaceAll(w[i+1:], "'", "")
			switch {
			case tk.whole[stripAccents(w)]:
				w = head + tail
			case tk.elisions[stripAccents(head)] && tail != "":
				w, s.elided = tail, stripAccents(head)
			case tk.contractions[tail]:
				w = head
			default:
				w = head + tail
			}
		}
		if tk.whereAccented[w] {
			s.w = whereWord
		} else {
			s.w = stripAccents(w)
		}
		out = append(out, s)
	}
	for i, r := range text {
		if isApostrophe(r) {
			r = '\''
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
		switch r {
		case 'œ', 'Œ':
			b = append(b, "oe"...)
		case 'æ', 'Æ':
			b = append(b, "ae"...)
		case 'ß':
			b = append(b, "ss"...)
		default:
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	flush(len(text))
	// Unaccented "ou" that opens or ends a question is "où": "ou est basee la nmi",
	// "la mission est basee ou ?". "Or" never stands there.
	if n := len(out); n > 1 {
		if tk.whereEnds[out[0].w] {
			out[0].w = whereWord
		}
		if tk.whereEnds[out[n-1].w] {
			out[n-1].w = whereWord
		}
	}
	return joinNumbers(out)
}

// isApostrophe reports whether r is one of the ways apostrophes are typed.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '`', '\u00b4', '\u02bc':
		return true
	}
	return false
}

// whereWord stands for "où", which folding would confuse with "ou": the term of a question word
// asking where.
const whereWord = "@where"

// joinNumbers joins thousands groups: "15" "000" → "15000", "7" "500" "000" → "7500000".
func joinNumbers(words []span) []span {
	out := words[:0]
	joined := false // whether the last word is already a joined number, which may grow on
	for _, w := range words {
		if n := len(out); n > 0 && len(w.w) == 3 && isDigits(w.w) && isDigits(out[n-1].w) && (joined || len(out[n-1].w) <= 3) {
			out[n-1].w += w.w
			out[n-1].end = w.end
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
