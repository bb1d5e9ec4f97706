package knowledge

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Entry is one dated entry of a chronology in a source ("22 juin 2004 : …").
type Entry struct {
	Source *Source
	Line   int
	Date   Date
	Part   Part   // the part of the year, for an entry dated by one ("Fin 2004 : …")
	Text   string // the event, without its date
}

// chronologyLine is a chronology entry: an optional day, an optional French month, a year (or
// a part of one: "Fin 2004"), a colon, the event.
var chronologyLine = regexp.MustCompile(`^(?:(\d{1,2})(?:er)? )?(?:(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) )?(?:(début|mi|fin)[ -])?(\d{4}) : (.+)$`)

// Part is the part of a year that dates an event known to the year only ("fin 2017"): it places
// the event among those of its year that are dated to the month.
type Part int

// The parts of a year, in the order they sort within it: the year alone first, as the year's
// heading; "début" before January; a season after the month it starts in; "mi" after June;
// "fin" after December.
const (
	WholeYear Part = iota // the year alone, or a part the sources do not name ("en hiver")
	Early                 // "début 2018"
	Spring                // "au printemps 2020"
	Mid                   // "mi-2019"
	Summer                // "à l'été 2019"
	Autumn                // "à l'automne 2019"
	Late                  // "fin 2017"
)

// partSlot places each part within its year, a month m being at 2m.
var partSlot = [...]int{WholeYear: 0, Early: 1, Spring: 7, Mid: 13, Summer: 13, Autumn: 19, Late: 25}

// yearParts are the words the sources date a part of a year with.
var yearParts = map[string]Part{"début": Early, "printemps": Spring, "mi": Mid, "été": Summer, "automne": Autumn, "fin": Late}

// partOfYear is a part of a year before the year it qualifies: "fin 2017", "au début de 2018",
// "mi-2019", "au printemps 2020".
var partOfYear = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(début|printemps|mi|été|automne|fin)(?:-|\s+de\s+l'année\s+|\s+de\s+|\s+)(\d{4})\b`)

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
			d.Year, _ = strconv.Atoi(m[4])
			if m[1] != "" && d.Month != 0 {
				d.Day, _ = strconv.Atoi(m[1])
			}
			if !d.Valid() {
				continue
			}
			out = append(out, Entry{Source: src, Line: i + 1, Date: d, Part: yearParts[m[3]], Text: line[strings.Index(line, " : ")+3:]})
		}
	}
	return out
}

// sortEvents sorts dated facts into the order of time: by year, then by month and day, an event
// known to the year only taking the place of the part of the year its sources date it by (see
// Part). Events of the same place keep their order. Each event's place is worked out once, not
// at each comparison.
func (b *Base) sortEvents(events []*Fact) {
	entries := b.Chronology()
	type place struct{ year, slot, day int }
	at := make(map[*Fact]place, len(events))
	for _, f := range events {
		slot := 2 * f.Date.Month
		if f.Date.Month == 0 {
			slot = partSlot[b.partOf(f, entries)]
		}
		at[f] = place{f.Date.Year, slot, f.Date.Day}
	}
	slices.SortStableFunc(events, func(x, y *Fact) int {
		p, q := at[x], at[y]
		return cmp.Or(cmp.Compare(p.year, q.year), cmp.Compare(p.slot, q.slot), cmp.Compare(p.day, q.day))
	})
}

// partOf returns the part of its year that an event known to the year only happened in: the one
// a quote it cites gives before its year ("… fin 2017"), or that dates the chronology entry it
// cites ("Fin 2004 : …"); WholeYear when its sources name none.
func (b *Base) partOf(f *Fact, entries []Entry) Part {
	for _, v := range f.Values {
		for _, c := range v.Citations {
			for _, m := range partOfYear.FindAllStringSubmatch(c.Quote, -1) {
				if year, _ := strconv.Atoi(m[2]); year == f.Date.Year {
					return yearParts[strings.ToLower(m[1])]
				}
			}
			for _, e := range entries {
				if e.Source == c.Source && e.Date == f.Date && e.Part != WholeYear && strings.Contains(squash(e.Text).text, c.Quote) {
					return e.Part
				}
			}
		}
	}
	return WholeYear
}

// dateEvents gives an entity of type event that entities.yaml does not date the date of the
// earliest dated fact that is first about it: "before the Kuwait conference" is before February
// 2018, as the fact of the conference says.
func (b *Base) dateEvents() {
	for _, e := range b.Entities {
		if e.Type != "event" || !e.Since.IsZero() {
			continue
		}
		for _, f := range b.events {
			if len(f.Frames) > 0 && len(f.Frames[0].About) > 0 && f.Frames[0].About[0] == e.ID {
				e.Since = f.Date
				break
			}
		}
	}
}
