package knowledge

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/nmi-factbot/nmibot/seeds"
)

// data is the curated fact base: sources.yaml, entities.yaml, attributes.yaml, facts/*.yaml and
// asked.yaml, as described in facts/README.md.
//
//go:generate go run ./internal/gencountries
//go:embed sources.yaml entities.yaml countries.yaml attributes.yaml facts/*.yaml asked.yaml
var data embed.FS

// minQuote is the shortest quote accepted: shorter ones prove nothing.
const minQuote = 12

// Data returns the embedded fact base files (sources.yaml, entities.yaml, attributes.yaml,
// facts/*.yaml and asked.yaml), for tools and benchmarks that build variants of it.
func Data() fs.FS { return data }

// Default loads the fact base embedded in the binary, checked against the embedded seeds.
func Default() (*Base, error) {
	return Load(data, seeds.FS)
}

// Load reads sources.yaml, entities.yaml, attributes.yaml and facts/*.yaml from data and the
// documents they cite from docs, and validates everything. entities.yaml and attributes.yaml may be
// absent: then no fact can name an entity or an attribute. It reports every problem at once, each
// as "file:line: message", joined in one error.
func Load(data, docs fs.FS) (*Base, error) {
	l := loader{base: &Base{facts: map[string]*Fact{}, sources: map[string]*Source{},
		entities: map[string]*Entity{}, attributes: map[string]*Attribute{}}}
	l.loadSources(data, docs)
	l.loadEntities(data, "entities.yaml")
	l.loadEntities(data, countriesFile)
	l.loadAttributes(data)
	files, err := fs.Glob(data, "facts/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("knowledge: list facts: %w", err)
	}
	if len(files) == 0 {
		l.errorf("facts", 0, "no fact files (facts/*.yaml)")
	}
	// Parsing the YAML is most of the loading: the files are parsed side by side, then checked
	// in order, so that messages and facts come in a stable order.
	parsed := make([]parsedFile, len(files))
	var wg sync.WaitGroup
	for i, name := range files {
		wg.Go(func() { parsed[i] = parseFacts(data, name) })
	}
	wg.Wait()
	for _, p := range parsed {
		l.loadFacts(p)
	}
	l.loadAsked(data)
	if len(l.problems) > 0 {
		return nil, fmt.Errorf("knowledge: %d problem(s) in the fact base:\n%w", len(l.problems), errors.Join(l.problems...))
	}
	for _, f := range l.base.Facts {
		if !f.Date.IsZero() {
			l.base.events = append(l.base.events, f)
		}
	}
	l.base.sortEvents(l.base.events)
	l.base.dateEvents()
	return l.base, nil
}

type loader struct {
	base     *Base
	problems []error
	squashed map[string]squashedText
}

func (l *loader) errorf(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, fmt.Errorf("%s:%d: %s", file, line, fmt.Sprintf(format, args...)))
}

// yamlSource is a source as sources.yaml writes it.
type yamlSource struct {
	File  string `yaml:"file"`
	Date  string `yaml:"date"`
	Title Text   `yaml:"title"`
	When  Text   `yaml:"when"`
}

func (l *loader) loadSources(data, docs fs.FS) {
	const name = "sources.yaml"
	var nodes []yaml.Node
	if !l.decode(data, name, &nodes) {
		return
	}
	l.squashed = map[string]squashedText{}
	for i := range nodes {
		n := &nodes[i]
		var ys yamlSource
		if err := n.Decode(&ys); err != nil {
			l.errorf(name, n.Line, "%v", err)
			continue
		}
		d, err := ParseDate(ys.Date)
		if err != nil {
			l.errorf(name, n.Line, "source %q: %v", ys.File, err)
		}
		if ys.Title.FR == "" || ys.Title.EN == "" || ys.When.FR == "" || ys.When.EN == "" {
			l.errorf(name, n.Line, "source %q: title and when need fr and en", ys.File)
		}
		if _, dup := l.base.sources[ys.File]; dup {
			l.errorf(name, n.Line, "source %q listed twice", ys.File)
			continue
		}
		b, err := fs.ReadFile(docs, ys.File)
		if err != nil {
			l.errorf(name, n.Line, "source %q: %v", ys.File, err)
			continue
		}
		if !utf8.Valid(b) {
			l.errorf(name, n.Line, "source %q is not valid UTF-8", ys.File)
			continue
		}
		s := &Source{File: ys.File, Date: d, Title: ys.Title, When: ys.When, Text: string(b)}
		l.base.Sources = append(l.base.Sources, s)
		l.base.sources[s.File] = s
		l.squashed[s.File] = squash(s.Text)
	}
	// Every document must be described, or it could never be cited.
	docNames, _ := fs.Glob(docs, "*.txt")
	for _, f := range docNames {
		if _, ok := l.base.sources[f]; !ok {
			l.errorf(name, 0, "document %q is not listed", f)
		}
	}
}

func (l *loader) decode(fsys fs.FS, name string, v any) bool {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		l.errorf(name, 0, "%v", err)
		return false
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		l.errorf(name, 0, "%v", err)
		return false
	}
	return true
}

// yamlEntity is an entity as entities.yaml writes it.
type yamlEntity struct {
	ID        string   `yaml:"id"`
	Type      string   `yaml:"type"`
	Label     Text     `yaml:"label"`
	Names     []string `yaml:"names"`
	Anaphora  []string `yaml:"anaphora"`
	Generic   bool     `yaml:"generic"`
	Topic     bool     `yaml:"topic"`
	ImpliedBy []string `yaml:"implied_by"`
	Since     string   `yaml:"since"`
	Until     string   `yaml:"until"`
}

// entityTypes are the types an entity may have.
var entityTypes = []string{"mission", "organisation", "body", "person", "country", "place", "programme", "event", "group", "document", "source"}

// countriesFile holds the countries of the world the sources do not name, generated from a data
// set of countries (internal/gencountries): a question naming one names a country the sources
// say nothing of, not an unknown word.
const countriesFile = "countries.yaml"

func (l *loader) loadEntities(data fs.FS, name string) {
	var nodes []yaml.Node
	if !l.decodeOptional(data, name, &nodes) {
		return
	}
	for i := range nodes {
		n := &nodes[i]
		var ye yamlEntity
		if err := n.Decode(&ye); err != nil {
			l.errorf(name, n.Line, "%v", err)
			continue
		}
		switch {
		case ye.ID == "" || !validID(ye.ID):
			l.errorf(name, n.Line, "entity %q: id must be lower-case letters, digits and dashes", ye.ID)
			continue
		case l.base.entities[ye.ID] != nil:
			l.errorf(name, n.Line, "entity %q listed twice", ye.ID)
			continue
		}
		if !contains(entityTypes, ye.Type) {
			l.errorf(name, n.Line, "entity %q: type %q is not one of %s", ye.ID, ye.Type, strings.Join(entityTypes, ", "))
		}
		if ye.Label.FR == "" || ye.Label.EN == "" {
			l.errorf(name, n.Line, "entity %q: label needs fr and en", ye.ID)
		}
		if len(nonEmpty(ye.Names)) == 0 {
			l.errorf(name, n.Line, "entity %q: no name", ye.ID)
		}
		e := &Entity{ID: ye.ID, Type: ye.Type, Label: ye.Label, Names: nonEmpty(ye.Names), Anaphora: nonEmpty(ye.Anaphora),
			Generic: ye.Generic, Topic: ye.Topic, ImpliedBy: ye.ImpliedBy, World: name == countriesFile}
		if ye.Since != "" {
			d, err := ParseDate(ye.Since)
			if err != nil {
				l.errorf(name, n.Line, "entity %q: since: %v", ye.ID, err)
			}
			e.Since = d
		}
		if ye.Until != "" {
			d, err := ParseDate(ye.Until)
			if err != nil {
				l.errorf(name, n.Line, "entity %q: until: %v", ye.ID, err)
			}
			e.Until = d
		}
		l.base.Entities = append(l.base.Entities, e)
		l.base.entities[e.ID] = e
	}
	for _, e := range l.base.Entities {
		for _, id := range e.ImpliedBy {
			if l.base.entities[id] == nil {
				l.errorf(name, 0, "entity %q: implied_by: unknown entity %q", e.ID, id)
			}
		}
	}
}

// yamlAttribute is an attribute as attributes.yaml writes it.
type yamlAttribute struct {
	ID    string       `yaml:"id"`
	Label Text         `yaml:"label"`
	Types []AnswerType `yaml:"types"`
	Role  bool         `yaml:"role"`
	Who   string       `yaml:"who"`
	// Repeats: see Attribute.Repeats.
	Repeats bool `yaml:"repeats"`
	// Person: see Attribute.Person.
	Person bool `yaml:"person"`
	// Excludes: see Attribute.Excludes.
	Excludes []string `yaml:"excludes"`
	// Dated: see Attribute.Dated.
	Dated bool `yaml:"dated"`
	// Explicit: see Attribute.Explicit.
	Explicit bool `yaml:"explicit"`
}

func (l *loader) loadAttributes(data fs.FS) {
	const name = "attributes.yaml"
	var nodes []yaml.Node
	if !l.decodeOptional(data, name, &nodes) {
		return
	}
	for i := range nodes {
		n := &nodes[i]
		var ya yamlAttribute
		if err := n.Decode(&ya); err != nil {
			l.errorf(name, n.Line, "%v", err)
			continue
		}
		switch {
		case ya.ID == "" || !validID(ya.ID):
			l.errorf(name, n.Line, "attribute %q: id must be lower-case letters, digits and dashes", ya.ID)
			continue
		case l.base.attributes[ya.ID] != nil:
			l.errorf(name, n.Line, "attribute %q listed twice", ya.ID)
			continue
		}
		if ya.Label.FR == "" || ya.Label.EN == "" {
			l.errorf(name, n.Line, "attribute %q: label needs fr and en", ya.ID)
		}
		if len(ya.Types) == 0 {
			l.errorf(name, n.Line, "attribute %q: no answer type", ya.ID)
		}
		for _, t := range ya.Types {
			if !contains(AnswerTypes, t) {
				l.errorf(name, n.Line, "attribute %q: unknown answer type %q", ya.ID, t)
			}
		}
		a := &Attribute{ID: ya.ID, Label: ya.Label, Types: ya.Types, Role: ya.Role, Who: ya.Who, Repeats: ya.Repeats, Person: ya.Person, Excludes: ya.Excludes, Dated: ya.Dated, Explicit: ya.Explicit}
		l.base.Attributes = append(l.base.Attributes, a)
		l.base.attributes[a.ID] = a
	}
	for _, a := range l.base.Attributes {
		if a.Who != "" && l.base.attributes[a.Who] == nil {
			l.errorf(name, 0, "attribute %q: who: unknown attribute %q", a.ID, a.Who)
		}
		for _, x := range a.Excludes {
			if l.base.attributes[x] == nil {
				l.errorf(name, 0, "attribute %q: excludes: unknown attribute %q", a.ID, x)
			}
		}
	}
}

// askedFile is where the questions people asked are kept, by the fact that answers them.
const askedFile = "asked.yaml"

// loadAsked reads asked.yaml, if present, into the facts' Asked.
func (l *loader) loadAsked(data fs.FS) {
	var doc yaml.Node
	if !l.decodeOptional(data, askedFile, &doc) || len(doc.Content) == 0 {
		return
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		l.errorf(askedFile, m.Line, "want a mapping from fact ids to questions")
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, val := m.Content[i], m.Content[i+1]
		var p Phrases
		if err := val.Decode(&p); err != nil {
			l.errorf(askedFile, val.Line, "fact %q: %v", key.Value, err)
			continue
		}
		f, ok := l.base.facts[key.Value]
		if !ok {
			l.errorf(askedFile, key.Line, "questions of unknown fact %q", key.Value)
			continue
		}
		f.Asked = Phrases{FR: nonEmpty(p.FR), EN: nonEmpty(p.EN)}
	}
}

// decodeOptional is decode for a file that may be absent; it reports whether there is something
// to read.
func (l *loader) decodeOptional(fsys fs.FS, name string, v any) bool {
	if _, err := fs.Stat(fsys, name); errors.Is(err, fs.ErrNotExist) {
		return false
	}
	return l.decode(fsys, name, v)
}

// yamlFact is a fact as facts/*.yaml writes it.
type yamlFact struct {
	ID        string         `yaml:"id"`
	About     []string       `yaml:"about"`
	Gives     []string       `yaml:"gives"`
	Types     []AnswerType   `yaml:"types"`
	Frames    []yamlFrame    `yaml:"frames"`
	Denies    []string       `yaml:"denies"`
	Date      string         `yaml:"date"`
	DateEnd   string         `yaml:"date_end"`
	From      string         `yaml:"from"`
	Questions Phrases        `yaml:"questions"`
	Keywords  []string       `yaml:"keywords"`
	Answer    Text           `yaml:"answer"`
	Citations []yamlCitation `yaml:"citations"`
	Values    []yamlValue    `yaml:"values"`
}

// yamlFrame is one more frame of a fact, beside the one its about, gives and types write.
type yamlFrame struct {
	About []string     `yaml:"about"`
	Gives []string     `yaml:"gives"`
	Types []AnswerType `yaml:"types"`
}

type yamlValue struct {
	AsOf      string         `yaml:"as_of"`
	Since     string         `yaml:"since"`
	Answer    Text           `yaml:"answer"`
	Citations []yamlCitation `yaml:"citations"`
}

type yamlCitation struct {
	Source string `yaml:"source"`
	Quote  string `yaml:"quote"`
}

// parsedFile is a facts file parsed into YAML nodes, or the error that stopped it.
type parsedFile struct {
	name  string
	nodes []yaml.Node
	err   error
}

func parseFacts(data fs.FS, name string) parsedFile {
	p := parsedFile{name: name}
	b, err := fs.ReadFile(data, name)
	if err == nil {
		err = yaml.Unmarshal(b, &p.nodes)
	}
	p.err = err
	return p
}

func (l *loader) loadFacts(p parsedFile) {
	if p.err != nil {
		l.errorf(p.name, 0, "%v", p.err)
		return
	}
	nodes := p.nodes
	file := path.Base(p.name)
	for i := range nodes {
		n := &nodes[i]
		var yf yamlFact
		if err := n.Decode(&yf); err != nil {
			l.errorf(file, n.Line, "%v", err)
			continue
		}
		if f := l.fact(file, n.Line, yf); f != nil {
			l.base.Facts = append(l.base.Facts, f)
			l.base.facts[f.ID] = f
		}
	}
}

// fact checks one fact and builds it; it returns nil when the fact is unusable.
func (l *loader) fact(file string, line int, yf yamlFact) *Fact {
	where := func(format string, args ...any) {
		l.errorf(file, line, "fact %q: %s", yf.ID, fmt.Sprintf(format, args...))
	}
	f := &Fact{ID: yf.ID, Questions: yf.Questions, Keywords: yf.Keywords, File: file, Line: line}
	switch {
	case yf.ID == "":
		l.errorf(file, line, "fact without id")
		return nil
	case !validID(yf.ID):
		where("id must be lower-case letters, digits and dashes")
	}
	if prev, dup := l.base.facts[yf.ID]; dup {
		where("duplicate id, first defined at %s:%d", prev.File, prev.Line)
		return nil
	}
	for _, lang := range Langs {
		if len(nonEmpty(yf.Questions.In(lang))) == 0 {
			where("no question in %s", lang)
		}
	}
	f.Date = l.date(where, "date", yf.Date)
	f.DateEnd = l.date(where, "date_end", yf.DateEnd)
	f.From = l.date(where, "from", yf.From)
	if !f.DateEnd.IsZero() && (f.Date.IsZero() || f.DateEnd.Before(f.Date)) {
		where("date_end %s needs a date before it", f.DateEnd)
	}
	f.Denies = yf.Denies
	yfs := yf.Frames
	if len(yf.About) > 0 || len(yf.Gives) > 0 {
		yfs = append([]yamlFrame{{About: yf.About, Gives: yf.Gives, Types: yf.Types}}, yfs...)
	}
	for _, y := range yfs {
		if y.Types == nil {
			y.Types = yf.Types
		}
		f.Frames = append(f.Frames, l.frame(where, y, yf, f))
	}
	switch {
	case len(yf.Values) > 0 && (yf.Answer != Text{} || len(yf.Citations) > 0):
		where("values and answer/citations are exclusive")
	case len(yf.Values) == 0:
		f.Values = []Value{{Answer: yf.Answer, Citations: l.citations(where, yf.Citations)}}
		l.checkAnswer(where, "", yf.Answer)
	default:
		for i, yv := range yf.Values {
			label := fmt.Sprintf("value %d: ", i+1)
			v := Value{Answer: yv.Answer, Citations: l.citations(where, yv.Citations)}
			v.AsOf = l.date(where, label+"as_of", yv.AsOf)
			v.Since = l.date(where, label+"since", yv.Since)
			if v.AsOf.IsZero() {
				where("%sas_of is required", label)
			}
			for j, prev := range f.Values {
				if !v.AsOf.IsZero() && prev.AsOf == v.AsOf {
					// Two values for one date: which holds then cannot be told.
					where("%sas_of %s repeats value %d's", label, v.AsOf, j+1)
				}
			}
			l.checkAnswer(where, label, yv.Answer)
			f.Values = append(f.Values, v)
		}
		sort.SliceStable(f.Values, func(i, j int) bool { return f.Values[j].AsOf.Before(f.Values[i].AsOf) })
	}
	return f
}

// frame checks a frame of a fact and completes its types: those it states (or the fact does),
// else those of the attributes it gives; and a date for a dated event or a value that says since
// when it holds.
func (l *loader) frame(where func(string, ...any), y yamlFrame, yf yamlFact, f *Fact) Frame {
	fr := Frame(y)
	for _, id := range fr.About {
		if l.base.entities[id] == nil {
			where("about: unknown entity %q (see entities.yaml)", id)
		}
	}
	for _, id := range fr.Gives {
		if l.base.attributes[id] == nil {
			where("gives: unknown attribute %q (see attributes.yaml)", id)
		}
	}
	for _, t := range fr.Types {
		if !contains(AnswerTypes, t) {
			where("types: unknown answer type %q", t)
		}
	}
	// Types absent (not an empty list) are those of the attributes given.
	if fr.Types == nil {
		for _, id := range fr.Gives {
			if a := l.base.attributes[id]; a != nil {
				for _, t := range a.Types {
					if !contains(fr.Types, t) {
						fr.Types = append(fr.Types, t)
					}
				}
			}
		}
		since := false
		for _, v := range yf.Values {
			since = since || v.Since != ""
		}
		if (f.Date != Date{} || since) && !contains(fr.Types, TypeDate) {
			fr.Types = append(fr.Types, TypeDate)
		}
	}
	if fr.Types == nil {
		fr.Types = []AnswerType{}
	}
	return fr
}

func (l *loader) date(where func(string, ...any), field, s string) Date {
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		where("%s: %v", field, err)
	}
	return d
}

func (l *loader) checkAnswer(where func(string, ...any), label string, t Text) {
	if strings.TrimSpace(t.FR) == "" || strings.TrimSpace(t.EN) == "" {
		where("%sanswer needs fr and en", label)
	}
}

func (l *loader) citations(where func(string, ...any), ycs []yamlCitation) []Citation {
	if len(ycs) == 0 {
		where("no citation")
	}
	var out []Citation
	for _, yc := range ycs {
		src, ok := l.base.sources[yc.Source]
		if !ok {
			where("cites unknown source %q", yc.Source)
			continue
		}
		q := squash(yc.Quote).text
		if utf8.RuneCountInString(q) < minQuote {
			where("quote %q is shorter than %d characters", q, minQuote)
			continue
		}
		line, ok := l.squashed[src.File].find(q)
		if !ok {
			where("quote is not verbatim in %s: %q", src.File, abbreviate(q, 80))
			continue
		}
		out = append(out, Citation{Source: src, Quote: q, Line: line})
	}
	return out
}

// squashedText is a text with each run of white space made one space, remembering where each of
// its bytes came from so a match can be traced to its line.
type squashedText struct {
	text  string
	lines []int // line (from 1) of each byte of text
}

// squash folds runs of white space (no-break spaces included) into one space and trims the ends,
// as the scorer and the rule "verbatim, white space aside" do.
func squash(s string) squashedText {
	var b strings.Builder
	lines := make([]int, 0, len(s))
	line, space := 1, false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' {
			if r == '\n' {
				line++
			}
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			lines = append(lines, line)
			space = false
		}
		n, _ := b.WriteRune(r)
		for range n {
			lines = append(lines, line)
		}
	}
	return squashedText{text: b.String(), lines: lines}
}

// find returns the line where q starts in the text.
func (s squashedText) find(q string) (int, bool) {
	i := strings.Index(s.text, q)
	if i < 0 || q == "" {
		return 0, false
	}
	return s.lines[i], true
}

func validID(id string) bool {
	for _, r := range id {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return id[0] != '-'
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func abbreviate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
