package answers

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nmi-factbot/nmibot/internal/questionset"
	"github.com/nmi-factbot/nmibot/seeds"
)

// item is one question of a question set.
type item = questionset.Item

// readJSONL reads a set, one JSON object a line; blank lines are skipped.
func readJSONL[T any](tb testing.TB, path string) []T {
	tb.Helper()
	out, err := questionset.Read[T](path)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// fold compares texts as the scorer does: without case, accents or thousands separators.
func fold(s string) string { return questionset.Fold(s) }

// score answers every question and returns the share right in and out of scope, logging each
// failure and the figures by style; a citation not verbatim in its seed fails the test outright.
func score(t *testing.T, e *Engine, items []item) (in, out float64) {
	t.Helper()
	var okIn, okOut, nIn, nOut int
	styles := map[string][2]int{} // style → right, asked
	defer func() {
		var names []string
		for s := range styles {
			names = append(names, s)
		}
		sort.Strings(names)
		var b strings.Builder
		for _, s := range names {
			fmt.Fprintf(&b, " %s %d/%d", s, styles[s][0], styles[s][1])
		}
		if b.Len() > 0 {
			t.Logf("by style:%s", b.String())
		}
	}()
	for _, it := range items {
		right := okIn + okOut
		a := e.Answer(Question{Text: it.Q})
		var why []string
		if it.InScope {
			nIn++
			if !a.Answered {
				why = append(why, "not answered")
			} else {
				if string(a.Lang) != it.Lang {
					why = append(why, "lang "+string(a.Lang))
				}
				for _, group := range questionset.Missing(a.Text, it.Must) {
					why = append(why, "text lacks one of "+strings.Join(group, "|"))
				}
				if len(a.Citations) == 0 {
					why = append(why, "no citation")
				}
			}
			if len(why) == 0 {
				okIn++
			}
		} else {
			nOut++
			if a.Answered {
				why = append(why, "answered out of scope")
			} else {
				okOut++
			}
		}
		for _, c := range a.Citations {
			doc, err := seeds.FS.ReadFile(c.Source)
			if err != nil || !questionset.Verbatim(string(doc), c.Quote) {
				t.Errorf("%s %q: citation not verbatim in %s: %q", it.ID, it.Q, c.Source, c.Quote)
			}
		}
		if len(why) > 0 {
			t.Logf("FAIL %s %q: %s\n     got: %.160q", it.ID, it.Q, strings.Join(why, "; "), a.Text)
		}
		if it.Style != "" {
			s := styles[it.Style]
			s[1]++
			if okIn+okOut > right {
				s[0]++
			}
			styles[it.Style] = s
		}
	}
	return float64(okIn) / float64(max(nIn, 1)), float64(okOut) / float64(max(nOut, 1))
}

// The question sets guard accuracy: dev.jsonl and styles.jsonl are the public sets (../shared/eval);
// heldout.jsonl, heldout-b to -k and realistic-a and -b were written from the seeds alone, apart from
// the fact base and the lexicon, each scored once on arrival. Those up to -g and realistic-a and -b
// were then used to find what the bot missed: they are tuning sets now, and their figures flatter
// the bot. heldout-h to -k were scored once at the end of the work on frames, then tuned on in the
// next session; heldout-l and -m, then -n and -o, -p and -q, -r and -s, -t and -u were each
// scored once in that session, each pair before the rules that followed it; heldout-v and -w, then
// -z and -za, likewise in the next, and -x and -y, written at its start, kept unopened and scored
// once at its end, and -zb and -zc, scored once on arrival near its end; in the next, -zd and -ze
// were scored once on arrival and then read, and -zf and -zg kept unopened and scored once at its
// end; in the next, -zh and -zi likewise; then -zj, -zk and -zp were each scored once on arrival
// in the session after, -zq and -zr, then -zs and -zt, then -zu and -zv, near its end; -zl to
// -zo were written as training data.
// Since then every set's in-scope questions are also what the matcher learns from
// (knowledge/asked.yaml, written by tools/asked): every figure here is in-sample, and only the
// first scores in the README estimate new questions. The minimums sit just under the
// measured figures, so a change that loses ground fails.
func TestAccuracy(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		file          string
		minIn, minOut float64
	}{
		{"dev.jsonl", 0.95, 1},
		{"styles.jsonl", 0.92, 0.99},
		{"heldout.jsonl", 0.98, 0.99},
		{"heldout-b.jsonl", 0.99, 0.94},
		{"heldout-c.jsonl", 0.95, 0.99},
		{"heldout-d.jsonl", 0.97, 0.99},
		{"heldout-e.jsonl", 0.94, 0.99},
		{"heldout-f.jsonl", 0.96, 0.92},
		{"heldout-g.jsonl", 0.94, 0.99},
		{"realistic-a.jsonl", 0.85, 0.94},
		{"realistic-b.jsonl", 0.85, 0.97},
		{"heldout-h.jsonl", 0.83, 0.94},
		{"heldout-i.jsonl", 0.83, 0.87},
		{"heldout-j.jsonl", 0.87, 0.95},
		{"heldout-k.jsonl", 0.87, 0.95},
		{"heldout-l.jsonl", 0.78, 0.97},
		{"heldout-m.jsonl", 0.88, 0.97},
		{"heldout-n.jsonl", 0.83, 0.95},
		{"heldout-o.jsonl", 0.87, 0.97},
		{"heldout-p.jsonl", 0.84, 0.92},
		{"heldout-q.jsonl", 0.87, 0.97},
		{"heldout-r.jsonl", 0.78, 0.99},
		{"heldout-s.jsonl", 0.82, 0.97},
		{"heldout-t.jsonl", 0.86, 0.97},
		{"heldout-u.jsonl", 0.87, 0.95},
		{"heldout-v.jsonl", 0.82, 0.92},
		{"heldout-w.jsonl", 0.83, 0.92},
		{"heldout-z.jsonl", 0.80, 0.97},
		{"heldout-za.jsonl", 0.90, 0.95},
		{"heldout-x.jsonl", 0.83, 0.92},
		{"heldout-y.jsonl", 0.88, 0.99},
		{"heldout-zb.jsonl", 0.91, 0.95},
		{"heldout-zc.jsonl", 0.87, 0.97},
		{"heldout-zd.jsonl", 0.88, 0.90},
		{"heldout-ze.jsonl", 0.87, 0.95},
		{"heldout-zf.jsonl", 0.80, 0.90},
		{"heldout-zg.jsonl", 0.95, 0.95},
		{"heldout-zh.jsonl", 0.87, 0.99},
		{"heldout-zi.jsonl", 0.76, 0.92},
		{"heldout-zj.jsonl", 0.87, 0.86},
		{"heldout-zk.jsonl", 0.80, 0.92},
		{"heldout-zl.jsonl", 0.83, 0.99},
		{"heldout-zm.jsonl", 0.80, 0.94},
		{"heldout-zn.jsonl", 0.85, 0.94},
		{"heldout-zo.jsonl", 0.63, 0.99},
		{"heldout-zp.jsonl", 0.90, 0.88},
		{"heldout-zq.jsonl", 0.90, 0.92},
		{"heldout-zr.jsonl", 0.86, 0.88},
		{"heldout-zs.jsonl", 0.83, 0.95},
		{"heldout-zt.jsonl", 0.86, 0.95},
		{"heldout-zu.jsonl", 0.88, 0.92},
		{"heldout-zv.jsonl", 0.87, 0.95},
		{"heldout-zw.jsonl", 0.87, 0.90},
		{"heldout-zx.jsonl", 0.83, 0.97},
		{"heldout-zy.jsonl", 0.82, 0.97},
		{"heldout-zz.jsonl", 0.90, 0.86},
		{"heldout-zzb.jsonl", 0.88, 0.97},
		{"heldout-zzc.jsonl", 0.87, 0.95},
		{"heldout-zzd.jsonl", 0.88, 0.95},
		{"heldout-zze.jsonl", 0.91, 0.92},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			items := readJSONL[item](t, filepath.Join("testdata", tt.file))
			in, out := score(t, e, items)
			t.Logf("%s: %d questions, in scope right %.3f (min %.2f), out of scope declined %.3f (min %.2f)", tt.file, len(items), in, tt.minIn, out, tt.minOut)
			if in < tt.minIn || out < tt.minOut {
				t.Errorf("%s: in scope %.3f (min %.2f), out of scope %.3f (min %.2f)", tt.file, in, tt.minIn, out, tt.minOut)
			}
		})
	}
}
