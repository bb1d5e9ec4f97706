package knowledge

import (
	"regexp"
	"strconv"
	"strings"
)

// Entry is one dated entry of a chronology in a source ("22 juin 2004 : …").
type Entry struct {
	Source *Source
	Line   int
	Date   Date
	Text   string // the event, without its date
}

// chronologyLine is a chronology entry: an optional day, an optional French month, a year (or
// "Fin 2004"), a colon, the event.
var chronologyLine = regexp.MustCompile(`^(?:(\d{1,2})(?:er)? )?(?:(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) )?(?:Fin )?(\d{4}) : (.+)$`)

var nbsp = strings.NewReplacer("\u00a0", " ", "\u202f", " ")

var frenchMonths = map[string]int{
	"janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
	"juillet": 7, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}

// Chronology parses the dated entries of the sources' chronologies (the "Évolution des
// relations" of the NATO page on Iraq), in document order.
func (b *Base) Chronology() []Entry {
	var out []Entry
	for _, src := range b.Sources {
		for i, line := range strings.Split(src.Text, "\n") {
			// The page sets its colons off with no-break spaces.
			line = strings.TrimSpace(nbsp.Replace(line))
			if line == "" {
				continue
			}
			// Entries start with a capital month at the start of a line ("Décembre 2008 : …").
			lower := strings.ToLower(line[:1]) + line[1:]
			if strings.HasPrefix(line, "É") {
				lower = "é" + line[len("É"):]
			}
			m := chronologyLine.FindStringSubmatch(lower)
			if m == nil {
				continue
			}
			d := Date{Month: frenchMonths[m[2]]}
			d.Year, _ = strconv.Atoi(m[3])
			if m[1] != "" && d.Month != 0 {
				d.Day, _ = strconv.Atoi(m[1])
			}
			if !d.Valid() {
				continue
			}
			out = append(out, Entry{Source: src, Line: i + 1, Date: d, Text: line[strings.Index(line, " : ")+3:]})
		}
	}
	return out
}
