package knowledge

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of a source document, as coverage counts them.
type Sentence struct {
	Source *Source
	Line   int
	Text   string
	// Substantive is false for page furniture, which states no fact to answer: headings, names
	// under portraits, navigation lines, photo captions, update stamps, bylines, contact and
	// credit lines.
	Substantive bool
}

var (
	// A sentence ends at . ! ? or … followed by a space and a capital, a quote or a digit.
	sentenceEnd = regexp.MustCompile(`[.!?…»"]\s+[A-ZÀ-ÖØ-Þ«"0-9]`)
	// A month cut short in a date ends nothing: "07 Mar. 2024".
	shortMonth = regexp.MustCompile(`\b\d{1,2} \p{Lu}\p{Ll}{2,4}$`)
	// A photo caption ends on its date in brackets: "(septembre 2019)." "(2019)."
	caption = regexp.MustCompile(`\((?:[a-zéû]+ )?\d{4}\)\.$`)
	// A date stamp heads some documents, on the line of their first sentence: "date 2023-08 La
	// décision…".
	dateStamp = regexp.MustCompile(`^date \d{4}(?:-\d{2}){0,2}(?:\s|$)`)
	// An update stamp: "Mis à jour le: 07 Mar. 2024 16:41".
	updateStamp = regexp.MustCompile(`^Mis à jour le\s*:?\s*\d`)
	// A byline is "Par" and a name, maybe with where it ran: "Par Belga (revue de presse : Le
	// Soir – 17 août 2023)*". "Par ailleurs, …" and "Par la suite, …" are prose.
	byline = regexp.MustCompile(`^Par (?:\p{Lu}[\p{L}-]*\s*)+(?:\([^)]*\))?\**$`)
)

// Sentences splits the sources into sentences, line by line, each chronology entry or bullet
// being one or more sentences of its own.
func (b *Base) Sentences() []Sentence {
	var out []Sentence
	for _, src := range b.Sources {
		for i, line := range strings.Split(src.Text, "\n") {
			line = strings.TrimSpace(line)
			line = strings.TrimSpace(strings.TrimLeft(line, "•"))
			if line == "" {
				continue
			}
			sents := splitSentences(line)
			for _, s := range sents {
				out = append(out, Sentence{Source: src, Line: i + 1, Text: s, Substantive: substantive(s, len(sents) == 1)})
			}
		}
	}
	return out
}

func splitSentences(line string) []string {
	var out []string
	start := 0
	for _, loc := range sentenceEnd.FindAllStringIndex(line, -1) {
		// The end mark is one rune: "." or a longer one ("…", "»").
		_, size := utf8.DecodeRuneInString(line[loc[0]:])
		cut := loc[0] + size
		if line[loc[0]] == '.' {
			// "M. Al-Maliki": a capital and a period is an abbreviation, not an end.
			if loc[0] >= 1 && (loc[0] == 1 || line[loc[0]-2] == ' ') && unicode.IsUpper(rune(line[loc[0]-1])) {
				continue
			}
			if shortMonth.MatchString(line[:loc[0]]) {
				continue
			}
		}
		if s := strings.TrimSpace(line[start:cut]); s != "" {
			out = append(out, s)
		}
		start = cut
	}
	if s := strings.TrimSpace(line[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// substantive tells a sentence that states something from page furniture: a heading, a name
// under a portrait, a navigation line, a photo caption, a stamp, a byline, a contact or credit
// line. whole is true when the sentence is its line, as a heading is. A rule here must not throw
// prose away, whatever its first word ("Par ailleurs, …") or its last mark.
func substantive(s string, whole bool) bool {
	s = squash(s).text
	// A date stamp glued to a document's first sentence dates it; the sentence is judged alone.
	s = strings.TrimPrefix(s, dateStamp.FindString(s))
	switch {
	case s == "": // the stamp alone
		return false
	case strings.HasPrefix(s, "#"): // markdown headings
		return false
	case strings.HasPrefix(s, "*"): // contact lines and credits, set apart in bold or italics
		return false
	case updateStamp.MatchString(s), byline.MatchString(s), caption.MatchString(s):
		return false
	case whole && heading(s):
		return false
	}
	return true
}

// heading reports whether a line is a heading, a name or a navigation line: a few words that
// state nothing, so end with no period ("Coopération pratique", "afficher la chronologie",
// "Quels buts ?"). A short sentence ends with one.
func heading(line string) bool {
	if len(strings.Fields(line)) > 5 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(line, "»\") "))
	return last != '.' && last != '…' && last != '!'
}

// Covered reports whether a fact cites the sentence: a quote that holds the sentence, or that
// the sentence holds (a quote of a clause covers its sentence).
func (b *Base) Covered(s Sentence) bool {
	text := squash(s.Text).text
	// A chronology entry is cited without its "22 juin 2004 :" prefix.
	if i := strings.Index(text, " : "); i >= 0 && i < 25 {
		text = text[i+3:]
	}
	for _, f := range b.Facts {
		for _, v := range f.Values {
			for _, c := range v.Citations {
				if c.Source != s.Source {
					continue
				}
				if strings.Contains(text, c.Quote) || strings.Contains(c.Quote, text) {
					return true
				}
			}
		}
	}
	return false
}

// Evidence returns, for each fact, the sentences of the sources that hold its quotes (or that a
// quote holds), with n sentences before and after each: the documents' own words around what the
// fact cites.
func (b *Base) Evidence(n int) map[string][]string {
	bySource := map[*Source][]string{}
	for _, s := range b.Sentences() {
		bySource[s.Source] = append(bySource[s.Source], squash(s.Text).text)
	}
	out := make(map[string][]string, len(b.Facts))
	for _, f := range b.Facts {
		keep := map[*Source]map[int]bool{}
		for _, v := range f.Values {
			for _, c := range v.Citations {
				sents := bySource[c.Source]
				for i, text := range sents {
					if !strings.Contains(text, c.Quote) && (len(text) < 20 || !strings.Contains(c.Quote, text)) {
						continue
					}
					if keep[c.Source] == nil {
						keep[c.Source] = map[int]bool{}
					}
					for k := max(0, i-n); k <= min(len(sents)-1, i+n); k++ {
						keep[c.Source][k] = true
					}
				}
			}
		}
		for _, src := range b.Sources {
			for i, text := range bySource[src] {
				if keep[src][i] {
					out[f.ID] = append(out[f.ID], text)
				}
			}
		}
	}
	return out
}
