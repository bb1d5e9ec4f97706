package knowledge

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date known to the precision its source gives: a year, a month or a day.
// Month and Day are zero when not known. The zero Date means no date.
type Date struct {
	Year, Month, Day int
}

// ParseDate parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" and checks it is a real calendar date.
func ParseDate(s string) (Date, error) {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || (i > 0 && len(p) != 2) {
			return Date{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		n[i] = v
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	if !d.Valid() || (len(parts) > 1 && d.Month == 0) || (len(parts) > 2 && d.Day == 0) {
		return Date{}, fmt.Errorf("date %q: no such day", s)
	}
	return d, nil
}

// Valid reports whether d names a real year, month or day.
func (d Date) Valid() bool {
	switch {
	case d.Year < 1 || d.Year > 9999:
		return false
	case d.Month == 0:
		return d.Day == 0
	case d.Month < 1 || d.Month > 12:
		return false
	case d.Day == 0:
		return true
	}
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	return t.Day() == d.Day && int(t.Month()) == d.Month
}

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d == Date{} }

// Start returns the first day d covers.
func (d Date) Start() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// End returns the last day d covers.
func (d Date) End() time.Time {
	switch {
	case d.Month == 0:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case d.Day == 0:
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return d.Start()
}

// Before reports whether d starts before e starts.
func (d Date) Before(e Date) bool { return d.Start().Before(e.Start()) }

// Overlaps reports whether any day of d falls within [from, to], each bound at its own precision.
func (d Date) Overlaps(from, to Date) bool {
	return !d.End().Before(from.Start()) && !to.End().Before(d.Start())
}

// String returns d as YYYY, YYYY-MM or YYYY-MM-DD.
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

var monthNames = map[Lang][12]string{
	French:  {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	English: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// Format writes d for a reader of lang at its own precision: "22 janvier 2018", "December 2008", "2016".
func (d Date) Format(lang Lang) string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return strconv.Itoa(d.Year)
	}
	month := monthNames[lang][d.Month-1]
	switch {
	case d.Day == 0:
		return fmt.Sprintf("%s %d", month, d.Year)
	case lang == French && d.Day == 1:
		return fmt.Sprintf("1er %s %d", month, d.Year)
	}
	return fmt.Sprintf("%d %s %d", d.Day, month, d.Year)
}
