package knowledge

import (
	"strings"
	"testing"
)

// event returns a fact dated date ("2017", "2017-11") whose one citation quotes quote.
func event(tb testing.TB, id, date, quote string) *Fact {
	tb.Helper()
	d, err := ParseDate(date)
	if err != nil {
		tb.Fatal(err)
	}
	return &Fact{ID: id, Date: d, Values: []Value{{Citations: []Citation{{Quote: quote}}}}}
}

func ids(events []*Fact) string {
	out := make([]string, len(events))
	for i, f := range events {
		out[i] = f.ID
	}
	return strings.Join(out, " ")
}

func TestPartOfYear(t *testing.T) {
	tests := []struct {
		name  string
		quote string // quoted by an event of 2017
		want  Part
	}{
		{"the year alone", "En 2017, l'OTAN rejoint la coalition.", WholeYear},
		{"end", "… d'avoir rétabli l'autorité souveraine sur tout le territoire iraquien fin 2017.", Late},
		{"end, capitalised", "Fin 2017, la victoire est annoncée.", Late},
		{"end, written out", "à la fin de 2017", Late},
		{"beginning", "Début 2017, une équipe est déployée.", Early},
		{"beginning, written out", "au début de l'année 2017", Early},
		{"middle", "à la mi-2017", Mid},
		{"spring", "… redéployer du personnel au printemps 2017.", Spring},
		{"summer", "à l'été 2017", Summer},
		{"autumn", "à l'automne 2017", Autumn},
		{"a part of another year", "fin 2016, puis en 2017", WholeYear},
		{"a word that only ends like one", "afin 2017", WholeYear},
	}
	b := &Base{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.partOf(event(t, "e", "2017", tt.quote), nil); got != tt.want {
				t.Errorf("partOf(%q) = %d, want %d", tt.quote, got, tt.want)
			}
		})
	}
}

func TestSortEvents(t *testing.T) {
	type ev struct{ id, date, quote string }
	tests := []struct {
		name   string
		events []ev
		want   string // the ids in order
	}{
		{"the end of a year follows its months", []ev{
			{"late", "2017", "… fin 2017."}, {"nov", "2017-11", "En novembre 2017…"}, {"jan", "2017-01", "En janvier 2017…"},
			{"year", "2017", "En 2017…"}, {"next", "2018-01-22", "Le 22 janvier 2018…"},
		}, "year jan nov late next"},
		{"the beginning of a year comes before January", []ev{
			{"jan", "2018-01-22", "…"}, {"early", "2018", "Début 2018, …"}, {"year", "2018", "En 2018…"},
		}, "year early jan"},
		{"the middle of a year falls between June and July", []ev{
			{"jul", "2019-07", "…"}, {"mid", "2019", "à la mi-2019"}, {"jun", "2019-06-30", "…"},
		}, "jun mid jul"},
		{"spring falls between March and April", []ev{
			{"may", "2020-05", "…"}, {"spring", "2020", "au printemps 2020"}, {"apr", "2020-04", "…"}, {"mar", "2020-03", "…"},
		}, "mar spring apr may"},
		{"a month comes before its days; one date keeps its order", []ev{
			{"day", "2016-07-11", "…"}, {"b", "2016-07", "…"}, {"a", "2016-07", "…"},
		}, "b a day"},
	}
	b := &Base{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var events []*Fact
			for _, e := range tt.events {
				events = append(events, event(t, e.id, e.date, e.quote))
			}
			b.sortEvents(events)
			if got := ids(events); got != tt.want {
				t.Errorf("sortEvents = %s, want %s", got, tt.want)
			}
		})
	}
}

// The events of the embedded base dated by a part of a year fall where it says, whether a quote
// says it ("fin 2017", "au printemps 2020") or the chronology entry they cite ("Fin 2004 : …").
func TestSortEventsOfTheBase(t *testing.T) {
	b := mustLoad(t)
	tests := []struct {
		year          string
		before, after string // ids: after must follow before
	}{
		{"2017", "2017-11-victory-over-isil", "2017-isil-defeat-nato-steps-up"},
		{"2017", "2017-01-core-team-baghdad", "2017-isil-defeat-nato-steps-up"},
		{"2004", "2004-12-16-activation-order-ntm-i", "2004-ntm-i-established"},
		{"2020", "2020-02-defence-ministers-meeting", "2020-spring-covid-suspension"},
		{"2020", "2020-spring-covid-suspension", "2020-05-eadrcc-covid-assistance"},
	}
	for _, tt := range tests {
		d, _ := ParseDate(tt.year)
		events := b.EventsIn(d, d)
		b.sortEvents(events)
		order := " " + ids(events) + " "
		i, j := strings.Index(order, " "+tt.before+" "), strings.Index(order, " "+tt.after+" ")
		if i < 0 || j < 0 || j < i {
			t.Errorf("events of %s in order: %s\nwant %s before %s", tt.year, order, tt.before, tt.after)
		}
	}
	for _, e := range b.Chronology() {
		if strings.HasPrefix(e.Text, "La NTM-I est maintenant établie") && (e.Date != Date{Year: 2004} || e.Part != Late) {
			t.Errorf("%s:%d: entry dated %s, part %d; want 2004, Late", e.Source.File, e.Line, e.Date, e.Part)
		}
	}
}

// An event the entities do not date takes the date of the earliest fact first about it.
func TestEventsTakeTheDateOfTheirFact(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	e, ok := b.Entity("kuwait-conference")
	if !ok {
		t.Fatal("no entity kuwait-conference")
	}
	if got, want := e.Since, (Date{Year: 2018, Month: 2}); got != want {
		t.Errorf("kuwait-conference since %v, want %v", got, want)
	}
}
