// Package questionset reads the project's question sets (JSON Lines in the format of
// ../shared/eval/score.py) and checks answers against them as that scorer does.
package questionset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Item is one question of a set: "must" holds groups of alternatives, one of each must be in
// the answer's text.
type Item struct {
	ID      string     `json:"id"`
	Q       string     `json:"q"`
	Lang    string     `json:"lang"`
	InScope bool       `json:"in_scope"`
	Must    [][]string `json:"must"`
	Style   string     `json:"cat"` // how it is written: long_winded, paraphrase, typo_sms… ("" when not told)
	// Evidence is words of the document's sentence that answers it, verbatim, and Doc that
	// document's file, when the writer gave them.
	Evidence string `json:"evidence,omitempty"`
	Doc      string `json:"doc,omitempty"`
}

// Read reads a file of one JSON object a line into T; blank lines are skipped.
func Read[T any](path string) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

var (
	thousands = regexp.MustCompile(`(\d)[ ,](\d{3})\b`)
	spaces    = regexp.MustCompile(`\s+`)
)

// Fold compares texts as the scorer does: without case, accents or thousands separators.
func Fold(s string) string {
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)))
	s, _, _ = transform.String(t, s)
	s = strings.NewReplacer("\u2019", "'", "\u2018", "'", "`", "'", "\u00a0", " ", "\u202f", " ", "\u2009", " ").Replace(strings.ToLower(s))
	for {
		n := thousands.ReplaceAllString(s, "$1$2")
		if n == s {
			break
		}
		s = n
	}
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// Missing returns the groups of must of which text holds no alternative, compared folded.
func Missing(text string, must [][]string) [][]string {
	text = Fold(text)
	var out [][]string
	for _, group := range must {
		found := false
		for _, alt := range group {
			found = found || strings.Contains(text, Fold(alt))
		}
		if !found {
			out = append(out, group)
		}
	}
	return out
}

// Verbatim reports whether quote stands in doc, white space aside, as the scorer checks
// citations.
func Verbatim(doc, quote string) bool { return strings.Contains(squash(doc), squash(quote)) }

func squash(s string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s), " "))
}
