package main

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestRunFilesQuestionsUnderTheFactThatAnswersThem(t *testing.T) {
	b, st, err := run([]string{"testdata/set.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]phrases
	if err := yaml.Unmarshal(b, &got); err != nil {
		t.Fatalf("output is not YAML: %v\n%s", err, b)
	}
	// The launch question once (it is asked twice); the question asking two things, the one
	// out of scope and the one no fact answers are left out.
	want := map[string]phrases{"2018-07-11-nmi-launch": {FR: []string{"Quand la NMI a-t-elle été lancée ?"}}}
	if len(got) != len(want) || len(got["2018-07-11-nmi-launch"].FR) != 1 || len(got["2018-07-11-nmi-launch"].EN) != 0 {
		t.Errorf("run = %+v, want %+v", got, want)
	}
	if st.right != 1 || st.words != 0 || st.left != 1 {
		t.Errorf("stats = %+v, want 1 right, 0 by words, 1 left out", st)
	}
}
