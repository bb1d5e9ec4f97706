package intents

import (
	"testing"

	"github.com/nmi-factbot/nmibot/knowledge"
)

func TestFiguresReadsScaleComparisonAndUnit(t *testing.T) {
	m := mustMatcher(t)
	tests := []struct {
		name, text string
		lang       knowledge.Lang
		want       []Figure
	}{
		{"scale and comparison", "Did they give more than 100 million euros?", knowledge.English,
			[]Figure{{Value: 1e8, Comparison: More, Digits: "100", Scaled: true}}},
		{"a figure in words with a scale", "plus d'un milliard de dollars", knowledge.French,
			[]Figure{{Value: 1e9, Comparison: More, Scaled: true}}},
		{"about", "about 300 billion dollars", knowledge.English,
			[]Figure{{Value: 3e11, Comparison: About, Digits: "300", Scaled: true}}},
		{"years and days are no figures", "le 7 août 2004, 50 officiers", knowledge.French,
			[]Figure{{Value: 50, Digits: "50"}}},
		{"one alone counts nothing", "one of the divisions", knowledge.English, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.Figures(tt.text, tt.lang)
			if len(got) != len(tt.want) {
				t.Fatalf("Figures(%q) = %+v, want %+v", tt.text, got, tt.want)
			}
			for i := range got {
				got[i].Unit = "" // the units are the test lexicon's terms
				if got[i] != tt.want[i] {
					t.Errorf("Figures(%q)[%d] = %+v, want %+v", tt.text, i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestFigureAdmits(t *testing.T) {
	tests := []struct {
		q     Figure
		given float64
		want  bool
	}{
		{Figure{Value: 1e8, Comparison: More}, 1.15e8, true},
		{Figure{Value: 1e9, Comparison: More}, 3e8, false},
		{Figure{Value: 50, Comparison: Less}, 30, true},
		{Figure{Value: 3e11, Comparison: About}, 3e8, false},
		{Figure{Value: 3e8, Comparison: About}, 2.9e8, true},
	}
	for _, tt := range tests {
		if got := tt.q.Admits(tt.given); got != tt.want {
			t.Errorf("%+v.Admits(%g) = %v, want %v", tt.q, tt.given, got, tt.want)
		}
	}
}

func TestNearestComparesWhatCountsTheSameThing(t *testing.T) {
	given := []Figure{{Value: 2000, Unit: "cours"}, {Value: 1.15e8, Unit: "=money"}}
	if g, ok := Nearest(Figure{Value: 1e8, Unit: "=money"}, given); !ok || g.Value != 1.15e8 {
		t.Errorf("Nearest(100 million euros) = %+v, %v; want the 115 million euros", g, ok)
	}
	if _, ok := Nearest(Figure{Value: 50, Unit: "=officer"}, given); ok {
		t.Error("Nearest(50 officers) found a figure of something else")
	}
	// "More than 50 NATO people?": the name says whose they are; no figure counts NATO.
	people := []Figure{{Value: 20, Unit: "=personnel"}, {Value: 2018}}
	if g, ok := Nearest(Figure{Value: 50, Unit: "#nato"}, people); !ok || g.Value != 20 {
		t.Errorf("Nearest(50 NATO people) = %+v, %v; want the twenty people", g, ok)
	}
}
