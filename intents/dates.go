package intents

import (
	"strconv"
	"strings"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// months maps folded French and English month names, and their usual abbreviations, to 1–12.
var months = map[string]int{
	"janvier": 1, "january": 1, "janv": 1, "jan": 1,
	"fevrier": 2, "february": 2, "fevr": 2, "fev": 2, "feb": 2,
	"mars": 3, "march": 3, "mar": 3,
	"avril": 4, "april": 4, "avr": 4, "apr": 4,
	"mai": 5, "may": 5,
	"juin": 6, "june": 6, "jun": 6,
	"juillet": 7, "july": 7, "juil": 7, "jul": 7,
	"aout": 8, "august": 8, "aug": 8,
	"septembre": 9, "september": 9, "sept": 9, "sep": 9,
	"octobre": 10, "october": 10, "oct": 10,
	"novembre": 11, "november": 11, "nov": 11,
	"decembre": 12, "december": 12, "dec": 12,
}

// monthTerm is the term a month name becomes, the same in both languages.
func monthTerm(m int) string { return "@m" + strconv.Itoa(m) }

// Words that set a time's relation, folded.
var (
	beforeWords = map[string]bool{"avant": true, "before": true, "prior": true, "jusqu": true, "until": true, "till": true}
	afterWords  = map[string]bool{"apres": true, "after": true, "since": true, "depuis": true}
	toWords     = map[string]bool{"et": true, "and": true, "a": true, "au": true, "to": true, "till": true, "until": true, "jusqu": true}
)

// dateAt reads a date starting at words[i]: "22 janvier 2018", "1er mars 2016", "January 22 2018",
// "décembre 2008", "2019". It returns the date and how many words it took, or 0.
func dateAt(words []string, i int) (knowledge.Date, int) {
	w := func(k int) string {
		if i+k < len(words) {
			return words[i+k]
		}
		return ""
	}
	if day := dayOf(w(0)); day > 0 {
		if m := months[w(1)]; m > 0 {
			if y := yearOf(w(2)); y > 0 {
				return valid(knowledge.Date{Year: y, Month: m, Day: day}, 3)
			}
		}
	}
	if m := months[w(0)]; m > 0 {
		if day := dayOf(w(1)); day > 0 {
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

func valid(d knowledge.Date, n int) (knowledge.Date, int) {
	if !d.Valid() {
		return knowledge.Date{}, 0
	}
	return d, n
}

// dayOf reads a day of the month: "22", "1er", "1st", "22nd".
func dayOf(s string) int {
	s = strings.TrimSuffix(s, "er")
	for _, suf := range []string{"st", "nd", "rd", "th", "e"} {
		s = strings.TrimSuffix(s, suf)
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

// timeOf finds the time a question names, from its folded words.
func timeOf(words []string) *Time {
	for i := 0; i < len(words); i++ {
		d, n := dateAt(words, i)
		if n == 0 {
			continue
		}
		prev := ""
		if i > 0 {
			prev = words[i-1]
		}
		// A second date after "et", "to", "à", or a year right after a year ("2015-2017"), makes a span.
		if j := i + n; j < len(words) {
			next, joined := j, toWords[words[j]]
			if joined {
				next++
			}
			if d2, n2 := dateAt(words, next); n2 > 0 && (joined || (d.Month == 0 && d2.Month == 0)) {
				if d2.Before(d) {
					d, d2 = d2, d
				}
				return &Time{From: d, To: d2, Relation: Between}
			}
		}
		switch {
		case beforeWords[prev]:
			return &Time{From: d, To: d, Relation: Before}
		case afterWords[prev]:
			return &Time{From: d, To: d, Relation: After}
		}
		return &Time{From: d, To: d, Relation: At}
	}
	return nil
}
