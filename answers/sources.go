package answers

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// quoteCatalogue numbers every quote an answer can cite (the facts' citations and the sentences of
// the sources a passage quotes), so that a button can name the quotes of an answer in a few bytes
// and any replica, whatever was asked since, can show them again.
type quoteCatalogue struct {
	version string // names the fact base the numbers are of
	quotes  []knowledge.Citation
	number  map[string]int // source file + quote → its number
}

func newQuoteCatalogue(b *knowledge.Base) *quoteCatalogue {
	c := &quoteCatalogue{number: map[string]int{}}
	h := sha256.New()
	add := func(q knowledge.Citation) {
		k := q.Source.File + "\x00" + q.Quote
		if _, ok := c.number[k]; ok {
			return
		}
		c.number[k] = len(c.quotes)
		c.quotes = append(c.quotes, q)
		h.Write([]byte(k + "\x00"))
	}
	for _, f := range b.Facts {
		for _, v := range f.Values {
			for _, q := range v.Citations {
				add(q)
			}
		}
	}
	for _, s := range b.Sentences() {
		add(knowledge.Citation{Source: s.Source, Quote: s.Text, Line: s.Line})
	}
	c.version = hex.EncodeToString(h.Sum(nil)[:3])
	return c
}

// SourcesRef names the quotes of an answer in a short ASCII string ("3f9a1c:12.7.140"), for a
// "Sources" button to carry; "" when the answer cites nothing. SourcesOf reads it back.
func (e *Engine) SourcesRef(a Answer) string {
	if len(a.Citations) == 0 {
		return ""
	}
	nums := make([]string, 0, len(a.Citations))
	for _, c := range a.Citations {
		n, ok := e.quotes.number[c.Source+"\x00"+c.Quote]
		if !ok {
			return ""
		}
		nums = append(nums, strconv.FormatInt(int64(n), 36))
	}
	return e.quotes.version + ":" + strings.Join(nums, ".")
}

// SourcesOf answers a "Sources" button: every quote the reference names, in full, under the
// titles of their documents in lang. ok is false when the reference is of another version of the
// fact base or is not one at all.
func (e *Engine) SourcesOf(ref string, lang knowledge.Lang) (a Answer, ok bool) {
	version, list, found := strings.Cut(ref, ":")
	if !found || version != e.quotes.version || list == "" {
		return Answer{}, false
	}
	var cs []knowledge.Citation
	for _, s := range strings.Split(list, ".") {
		n, err := strconv.ParseInt(s, 36, 32)
		if err != nil || n < 0 || int(n) >= len(e.quotes.quotes) {
			return Answer{}, false
		}
		cs = append(cs, e.quotes.quotes[n])
	}
	return e.sourcesAnswer("", e.cite(lang, cs), lang), true
}

// sources answers "source ?": the quotes of the conversation's last answer.
func (e *Engine) sources(st *Conversation, lang knowledge.Lang) Answer {
	cs := make([]Citation, len(st.Citations))
	for i, c := range st.Citations {
		if s, ok := e.base.Source(c.Source); ok {
			// In the language asked now, which may not be the last answer's.
			c.Title, c.Date = s.Title.In(lang), s.When.In(lang)
		}
		cs[i] = c
	}
	return e.sourcesAnswer(st.Intent, cs, lang)
}

// sourcesAnswer lists quotes, each once and in full, under the titles of their documents; the
// answer they back is not repeated.
func (e *Engine) sourcesAnswer(intent string, cs []Citation, lang knowledge.Lang) Answer {
	cs = dedupe(cs)
	var titles []string
	for _, c := range cs {
		if t := c.Title + " (" + c.Date + ")"; !contains(titles, t) {
			titles = append(titles, t)
		}
	}
	return Answer{Lang: lang, Answered: true, Kind: KindSources, Intent: intent, Confidence: 1,
		Text: msg(lang, msgSourcesOfLast, strings.Join(titles, msg(lang, msgListSep))), Citations: cs, Suggestions: []string{}}
}
