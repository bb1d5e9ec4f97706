package knowledge

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/nmi-factbot/nmibot/seeds"
)

// fixture returns the data and document file systems of testdata/<name>.
func fixture(tb testing.TB, name string) (data, docs fs.FS) {
	tb.Helper()
	dir := filepath.Join("testdata", name)
	return os.DirFS(dir), os.DirFS(filepath.Join(dir, "docs"))
}

func mustLoadFixture(tb testing.TB, name string) *Base {
	tb.Helper()
	b, err := Load(fixture(tb, name))
	if err != nil {
		tb.Fatalf("Load(%s): %v", name, err)
	}
	return b
}

func mustLoad(tb testing.TB) *Base {
	tb.Helper()
	b, err := Default()
	if err != nil {
		tb.Fatalf("Default() error:\n%v", err)
	}
	return b
}

func TestLoadFixtures(t *testing.T) {
	tests := []struct {
		name    string
		wantErr []string // substrings of the error; none means the load succeeds
	}{
		{name: "ok"},
		// A quote must stand verbatim in its source; the message names the file, line and fact.
		{name: "bad-quote", wantErr: []string{`f.yaml:1: fact "launch": quote is not verbatim in a.txt`}},
		{name: "unknown-source", wantErr: []string{`fact "launch": cites unknown source "b.txt"`, `fact "commander": cites unknown source "b.txt"`}},
		{name: "bad-date", wantErr: []string{`fact "launch": date: date "2018-13": no such day`,
			`fact "commander": value 2: as_of 2018 repeats value 1's`}},
		{name: "duplicate-id", wantErr: []string{`f.yaml:10: fact "launch": duplicate id, first defined at f.yaml:1`}},
		{name: "missing-translation", wantErr: []string{`fact "commander": no question in en`}},
		// A frame names entities and attributes that exist, and types of answer there are.
		{name: "frames"},
		// Questions people asked go under a fact that exists.
		{name: "asked"},
		{name: "asked-unknown-fact", wantErr: []string{`asked.yaml:3: questions of unknown fact "budget"`}},
		{name: "bad-frame", wantErr: []string{`f.yaml:1: fact "launch": about: unknown entity "kfor"`,
			`fact "launch": gives: unknown attribute "budget"`, `fact "launch": types: unknown answer type "colour"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, docs := fixture(t, tt.name)
			b, err := Load(data, docs)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("Load(%s) error: %v", tt.name, err)
				}
				if len(b.Facts) == 0 {
					t.Fatalf("Load(%s) loaded no facts", tt.name)
				}
				return
			}
			if err == nil {
				t.Fatalf("Load(%s) = nil error, want one", tt.name)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Load(%s) error = %v\nwant it to contain %q", tt.name, err, want)
				}
			}
		})
	}
}

func TestLoadReadsAskedQuestionsUnderTheirFact(t *testing.T) {
	b := mustLoadFixture(t, "asked")
	f, ok := b.Fact("launch")
	if !ok {
		t.Fatal(`no fact "launch"`)
	}
	if len(f.Asked.FR) != 1 || len(f.Asked.EN) != 1 || f.Asked.EN[0] != "wen did the mission kick off" {
		t.Errorf("launch.Asked = %+v, want one question a language", f.Asked)
	}
	if len(f.Questions.EN) != 1 {
		t.Errorf("launch.Questions.EN = %q: asked questions are kept apart", f.Questions.EN)
	}
}

func TestLoadFindsQuoteAcrossWhiteSpace(t *testing.T) {
	b := mustLoadFixture(t, "ok")
	f, ok := b.Fact("commander")
	if !ok {
		t.Fatal(`Fact("commander") not found`)
	}
	c := f.Current().Citations[0]
	if c.Quote != "Elle est commandée par le général X." || c.Line != 4 {
		t.Errorf("citation = %q at line %d, want the squashed quote at line 4", c.Quote, c.Line)
	}
}

// The embedded base is what ships: every quote must be verbatim, every fact complete.
func TestDefaultBaseIsValid(t *testing.T) {
	b := mustLoad(t)
	if len(b.Sources) != 5 {
		t.Errorf("sources = %d, want 5", len(b.Sources))
	}
	if len(b.Facts) < 100 {
		t.Errorf("facts = %d, want the whole of the five documents (at least 100)", len(b.Facts))
	}
	for _, f := range b.Facts {
		for _, v := range f.Values {
			if len(v.Citations) == 0 {
				t.Errorf("fact %q has a value without citation", f.ID)
			}
		}
	}
}

func TestFactAt(t *testing.T) {
	b := mustLoadFixture(t, "ok")
	f, _ := b.Fact("commander")
	tests := []struct {
		name string
		from string // the fact's From, if any
		at   string
		want string
		att  Attestation
	}{
		{name: "within the latest value", at: "2020-01", want: "General X.", att: Attested},
		{name: "the year a value started", at: "2019", want: "General X.", att: Attested},
		{name: "an attested earlier value", at: "2018", want: "General Y.", att: Attested},
		{name: "after every value", at: "2023", att: Unattested},
		{name: "before every value, no start known", at: "2015", att: Unattested},
		{name: "before every value, after the start", from: "2014", at: "2015", want: "General Y.", att: Earliest},
		{name: "before the start", from: "2016", at: "2015", att: Unattested},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.From = Date{}
			if tt.from != "" {
				f.From, _ = ParseDate(tt.from)
			}
			d, err := ParseDate(tt.at)
			if err != nil {
				t.Fatal(err)
			}
			v, att := f.At(d)
			if att != tt.att || (tt.want != "" && v.Answer.EN != tt.want) {
				t.Errorf("At(%s) = %q, %v; want %q, %v", tt.at, v.Answer.EN, att, tt.want, tt.att)
			}
		})
	}
}

func TestDateFormat(t *testing.T) {
	tests := []struct {
		in     string
		fr, en string
	}{
		{"2018-01-22", "22 janvier 2018", "22 January 2018"},
		{"2016-03-01", "1er mars 2016", "1 March 2016"},
		{"2008-12", "décembre 2008", "December 2008"},
		{"2016", "2016", "2016"},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if err != nil {
			t.Fatalf("ParseDate(%q): %v", tt.in, err)
		}
		if got := d.Format(French); got != tt.fr {
			t.Errorf("Format(fr) of %s = %q, want %q", tt.in, got, tt.fr)
		}
		if got := d.Format(English); got != tt.en {
			t.Errorf("Format(en) of %s = %q, want %q", tt.in, got, tt.en)
		}
		if d.String() != tt.in {
			t.Errorf("String() = %q, want %q", d.String(), tt.in)
		}
	}
	for _, bad := range []string{"", "18", "2018-2", "2018-02-30", "2018-00", "x018"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = nil error, want one", bad)
		}
	}
}

func TestEventsIn(t *testing.T) {
	b := mustLoad(t)
	from, _ := ParseDate("2008-12")
	ev := b.EventsIn(from, from)
	if len(ev) == 0 {
		t.Fatal("EventsIn(December 2008) found nothing; the chronology has an entry")
	}
	for _, f := range ev {
		if f.Date.Year != 2008 {
			t.Errorf("EventsIn(December 2008) returned %q dated %s", f.ID, f.Date)
		}
	}
}

func TestFactBefore(t *testing.T) {
	b := mustLoadFixture(t, "ok")
	f, _ := b.Fact("commander")
	tests := []struct {
		before string
		want   string
		att    Attestation
	}{
		{"2023", "General X.", Attested},
		{"2020", "General Y.", Attested},
		{"2018", "", Unattested},
	}
	for _, tt := range tests {
		d, _ := ParseDate(tt.before)
		v, att := f.Before(d)
		if att != tt.att || (tt.want != "" && v.Answer.EN != tt.want) {
			t.Errorf("Before(%s) = %q, %v; want %q, %v", tt.before, v.Answer.EN, att, tt.want, tt.att)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Une phrase. Une autre !", []string{"Une phrase.", "Une autre !"}},
		{"À la demande de M. Al-Maliki, l'OTAN élargit. Puis 2009.", []string{"À la demande de M. Al-Maliki, l'OTAN élargit.", "Puis 2009."}},
		{"« Un thème. Et nous conseillons », précise-t-il.", []string{"« Un thème.", "Et nous conseillons », précise-t-il."}},
		{"Sans point final", []string{"Sans point final"}},
		// An abbreviated month in a date ends nothing: a stamp is one unit.
		{"Mis à jour le: 07 Mar. 2024 16:41", []string{"Mis à jour le: 07 Mar. 2024 16:41"}},
		{"Le 1 Sept. 2019 : une visite. Puis une autre.", []string{"Le 1 Sept. 2019 : une visite.", "Puis une autre."}},
	}
	for _, tt := range tests {
		if got := splitSentences(tt.in); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("splitSentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The fact base must cite at least 95% of the substantive sentences of the sources (`bot
// coverage` lists the others).
func TestCoverage(t *testing.T) {
	b := mustLoad(t)
	var n, covered int
	for _, s := range b.Sentences() {
		if !s.Substantive {
			continue
		}
		n++
		if b.Covered(s) {
			covered++
		} else {
			t.Logf("not cited: %s:%d: %s", s.Source.File, s.Line, s.Text)
		}
	}
	share := float64(covered) / float64(n)
	t.Logf("%d of %d substantive sentences cited (%.1f%%)", covered, n, 100*share)
	if n < 100 || share < 0.95 {
		t.Errorf("coverage %d/%d = %.3f, want at least 0.95 of at least 100 sentences", covered, n, share)
	}
	for _, s := range b.Sentences() {
		if strings.HasPrefix(s.Text, "**Tél") && s.Substantive {
			t.Errorf("contact line %q counted as substantive", s.Text)
		}
	}
}

// Every entry of the chronology parsed from the NATO page is an event of the fact base, of the
// same date, citing the entry.
func TestChronologyIsInTheFactBase(t *testing.T) {
	b := mustLoad(t)
	entries := b.Chronology()
	if len(entries) < 35 {
		t.Fatalf("parsed %d chronology entries, want the whole chronology (38)", len(entries))
	}
	for _, e := range entries {
		found := false
		for _, f := range b.Facts {
			if f.Date.Year != e.Date.Year || (e.Date.Month != 0 && f.Date.Month != e.Date.Month) {
				continue
			}
			for _, c := range f.Current().Citations {
				if c.Source == e.Source && (strings.Contains(squash(e.Text).text, c.Quote) || strings.Contains(c.Quote, squash(e.Text).text)) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%s:%d: chronology entry of %s has no event citing it: %.80s", e.Source.File, e.Line, e.Date, e.Text)
		}
	}
}

func TestFramesSayWhatFactsGive(t *testing.T) {
	b := mustLoadFixture(t, "frames")
	launch, _ := b.Fact("launch")
	commander, _ := b.Fact("commander")
	nothing, _ := b.Fact("nothing-to-give")
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"a fact is about the entities of its frames", commander.IsAbout("x") && commander.IsAbout("mission"), true},
		{"and not about others", launch.IsAbout("x"), false},
		{"it gives an attribute of an entity its frame names", commander.Gives("mission", "head"), true},
		{"not of an entity another frame names", launch.Gives("x", "launch"), false},
		{"types left out are those of the attributes given, and a date for an event", launch.Frames[0].Holds(TypePlace) && launch.Frames[0].Holds(TypeDate), true},
		{"a frame without types takes the fact's", commander.Frames[0].Holds(TypeName), true},
		{"a frame with its own types keeps them", commander.Frames[1].Holds(TypeName), false},
		{"an empty list of types holds a description only", nothing.Frames[0].Holds(TypeNumber) || !nothing.Frames[0].Holds(TypeDescription), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if e, ok := b.Entity("mission"); !ok || e.Since != (Date{Year: 2018, Month: 7}) || e.Type != "mission" {
		t.Errorf(`Entity("mission") = %+v, want a mission since July 2018`, e)
	}
	if a, ok := b.Attribute("head"); !ok || !a.Role {
		t.Errorf(`Attribute("head") = %+v, want a role`, a)
	}
	if !reflectEqual(commander.Denies, []string{"combat"}) {
		t.Errorf("commander.Denies = %q, want [combat]", commander.Denies)
	}
}

func reflectEqual(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// Every fact of the embedded base says what it answers.
func TestEveryFactHasAFrame(t *testing.T) {
	for _, f := range mustLoad(t).Facts {
		if len(f.Frames) == 0 || len(f.Frames[0].About) == 0 {
			t.Errorf("%s:%d: fact %q has no frame (about, gives)", f.File, f.Line, f.ID)
		}
	}
}

// countries.yaml holds only countries the sources do not name: none of its names is a name of
// entities.yaml or a word of the documents, and no two of its countries share a name.
func TestCountriesAreThoseTheSourcesNeverName(t *testing.T) {
	b := mustLoad(t)
	var text strings.Builder
	docs, _ := fs.Glob(seeds.FS, "*.txt")
	for _, d := range docs {
		raw, err := fs.ReadFile(seeds.FS, d)
		if err != nil {
			t.Fatal(err)
		}
		text.WriteString(" " + strings.Join(strings.FieldsFunc(fold(string(raw)), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }), " ") + " ")
	}
	owner := map[string]string{}
	world := 0
	for _, e := range b.Entities {
		for _, n := range e.Names {
			n = fold(n)
			if o, ok := owner[n]; ok && e.World {
				t.Errorf("country %s: name %q is %s's already", e.ID, n, o)
			}
			owner[n] = e.ID
			if e.World && strings.Contains(text.String(), " "+n+" ") {
				t.Errorf("country %s: the documents name it (%q)", e.ID, n)
			}
		}
		if e.World {
			world++
			if e.Type != "country" {
				t.Errorf("%s: type %q, want country", e.ID, e.Type)
			}
		}
	}
	if world < 150 {
		t.Errorf("countries.yaml holds %d countries, want the world's", world)
	}
}

func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
