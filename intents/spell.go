package intents

import (
	"sync"
	"unicode/utf8"

	edlib "github.com/hbollon/go-edlib"
)

// speller corrects a word the domain does not know to the closest word it does, by edit distance
// (optimal string alignment: insertions, deletions, substitutions and transpositions).
// Candidates come from a symmetric-delete index (every word with one letter removed), so a
// correction costs a few map look-ups instead of a scan of the vocabulary.
type speller struct {
	freq map[string]int  // known word → how often the domain uses it
	skip map[string]bool // known words that are never a correction
	// longest is the length in letters of the longest known word: a word longer by more than
	// the edits allowed is near no known word, and is not looked at.
	longest int
	// deletes maps a word with one letter removed to the known words it comes from. It is built on
	// the first correction: many questions need none, and start-up stays short.
	deletesOnce sync.Once
	deletes     map[string][]string
}

// minSpell is the shortest word corrected: shorter ones have too many neighbours to guess, and
// are often real words the domain does not use ("game", not "gave").
const minSpell = 5

// newSpeller indexes vocab (known word → frequency). Words of skip are known but never a
// correction: a misspelt content word must not vanish into a stop word ("maire" → "faire").
func newSpeller(vocab map[string]int, skip map[string]bool) *speller {
	s := &speller{freq: vocab, skip: skip}
	for w := range vocab {
		s.longest = max(s.longest, utf8.RuneCountInString(w))
	}
	return s
}

func (s *speller) index() {
	s.deletes = map[string][]string{}
	for w := range s.freq {
		if utf8.RuneCountInString(w) < minSpell-1 || isDigits(w) || s.skip[w] {
			continue
		}
		for _, d := range deletions(w) {
			s.deletes[d] = append(s.deletes[d], w)
		}
	}
}

// deletions returns w with each of its letters removed in turn.
func deletions(w string) []string {
	r := []rune(w)
	out := make([]string, 0, len(r))
	for i := range r {
		out = append(out, string(r[:i])+string(r[i+1:]))
	}
	return out
}

func (s *speller) known(w string) bool { return s.freq[w] > 0 }

// maxDistance is the number of edits allowed for a word of n letters.
func maxDistance(n int) int {
	switch {
	case n < minSpell:
		return 0
	case n < 7:
		return 1
	}
	return 2
}

// correct returns the known word closest to w, preferring the more frequent on a tie.
func (s *speller) correct(w string) (string, bool) {
	n := utf8.RuneCountInString(w)
	limit := maxDistance(n)
	if limit == 0 || n > s.longest+limit {
		return "", false
	}
	s.deletesOnce.Do(s.index)
	seen := map[string]bool{}
	var cands []string
	addAll := func(words []string) {
		for _, c := range words {
			if !seen[c] {
				seen[c] = true
				cands = append(cands, c)
			}
		}
	}
	// w itself may be a known word with a letter removed, or share a deletion with one.
	addAll(s.deletes[w])
	for _, d := range deletions(w) {
		if s.known(d) && !s.skip[d] {
			addAll([]string{d})
		}
		addAll(s.deletes[d])
	}
	best, bestDist, bestFreq := "", limit+1, 0
	for _, c := range cands {
		// Typos rarely touch the first letter, and allowing it snaps "coûte" to "toute".
		if c[0] != w[0] {
			continue
		}
		d := edlib.OSADamerauLevenshteinDistance(w, c)
		if d > limit || d > bestDist {
			continue
		}
		if d < bestDist || s.freq[c] > bestFreq || (s.freq[c] == bestFreq && c < best) {
			best, bestDist, bestFreq = c, d, s.freq[c]
		}
	}
	return best, best != ""
}
