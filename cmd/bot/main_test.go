package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// run runs the command line as main does and returns its exit code and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestAskPrintsTheAnswerWithItsSources(t *testing.T) {
	code, out, errOut := run(t, "", "ask", "Quand la NMI a-t-elle été lancée ?")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	for _, want := range []string{"juillet 2018", "Sources", "[1]", "«"} {
		if !strings.Contains(out, want) {
			t.Errorf("bot ask output lacks %q:\n%s", want, out)
		}
	}
}

func TestAskJSONBatchAnswersEachLineInOrder(t *testing.T) {
	questions := []string{
		"Qui commande la NMI ?",
		"",
		"asdf qwerty",
		"When was NATO Mission Iraq launched?",
		"\xff\xfe invalid",
	}
	code, out, errOut := run(t, strings.Join(questions, "\n")+"\n", "ask", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	var got []map[string]any
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", len(got)+1, err, sc.Text())
		}
		got = append(got, m)
	}
	if len(got) != len(questions) {
		t.Fatalf("printed %d lines for %d questions", len(got), len(questions))
	}
	wantAnswered := []bool{true, false, false, true, false}
	for i, m := range got {
		if m["answered"] != wantAnswered[i] {
			t.Errorf("line %d (%q): answered = %v, want %v", i+1, questions[i], m["answered"], wantAnswered[i])
		}
	}
	if got[0]["lang"] != "fr" || got[3]["lang"] != "en" {
		t.Errorf("langs = %v, %v; want fr, en", got[0]["lang"], got[3]["lang"])
	}
}

func TestAskReadsAVeryLongLine(t *testing.T) {
	code, out, _ := run(t, strings.Repeat("qui commande la NMI ", 20000)+"\n", "ask", "--json")
	if code != 0 || !strings.Contains(out, `"answered":false`) || !strings.Contains(out, "trop longue") {
		t.Errorf("exit %d, output %.200s; want a refusal saying the question is too long", code, out)
	}
}

func TestIntentsJSONExportsEveryFact(t *testing.T) {
	code, out, errOut := run(t, "", "intents", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var intents []struct {
		ID      string              `json:"id"`
		Phrases map[string][]string `json:"phrases"`
		Answer  map[string]string   `json:"answer"`
	}
	if err := json.Unmarshal([]byte(out), &intents); err != nil {
		t.Fatal(err)
	}
	if len(intents) < 100 {
		t.Fatalf("exported %d intents, want the whole fact base", len(intents))
	}
	for _, in := range intents {
		if in.ID == "" || len(in.Phrases["fr"]) == 0 || len(in.Phrases["en"]) == 0 || in.Answer["fr"] == "" || in.Answer["en"] == "" {
			t.Errorf("intent %+v is incomplete", in)
		}
	}
}

func TestCheckReportsCounts(t *testing.T) {
	code, out, errOut := run(t, "", "check")
	if code != 0 || !strings.Contains(out, "fact base OK: 5 sources") {
		t.Errorf("bot check: exit %d, output %q, stderr %q", code, out, errOut)
	}
}

func TestChatAnswersUntilQuit(t *testing.T) {
	code, out, _ := run(t, "who commands NMI?\nquit\nnever read\n", "chat")
	if code != 0 || !strings.Contains(out, "Hintzy") || strings.Count(out, "> ") != 2 {
		t.Errorf("bot chat: exit %d, output:\n%s", code, out)
	}
}

func TestChatFollowsUp(t *testing.T) {
	code, out, _ := run(t, "Qui commande la NMI ?\net en 2020 ?\nin English please\n", "chat")
	if code != 0 || !strings.Contains(out, "Olsen") || !strings.Contains(out, "Lieutenant General") {
		t.Errorf("bot chat: exit %d, output:\n%s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"unknown command", []string{"fly"}, 2, `unknown command "fly"`},
		{"bad flag", []string{"ask", "--nope"}, 2, "flag provided but not defined"},
		{"bad language", []string{"ask", "--lang", "de", "x"}, 2, "want fr, en or auto"},
		{"explain without a question", []string{"explain"}, 2, "want a question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, "", tt.args...)
			if code != tt.wantCode || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("bot %v: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.wantCode, tt.wantErr)
			}
		})
	}
	if code, out, _ := run(t, ""); code != 0 || !strings.Contains(out, "Usage:") {
		t.Errorf("bot with no arguments: exit %d, output %q; want the usage", code, out)
	}
}

// Dependencies point inward: the core never imports an adapter's library, and only intents
// imports sahilm/fuzzy.
func TestCorePackagesImportNoAdapter(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to list dependencies")
	}
	tests := []struct {
		pkg       string
		forbidden []string
	}{
		{"../../knowledge", []string{"bwmarrin/discordgo", "go-telegram/bot", "sahilm/fuzzy"}},
		{"../../intents", []string{"bwmarrin/discordgo", "go-telegram/bot"}},
		{"../../answers", []string{"bwmarrin/discordgo", "go-telegram/bot"}},
	}
	for _, tt := range tests {
		out, err := exec.Command("go", "list", "-deps", tt.pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", tt.pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range tt.forbidden {
				if strings.Contains(dep, f) {
					t.Errorf("%s depends on %s", tt.pkg, dep)
				}
			}
		}
	}
}

func TestTimelinePrintsEventsInOrderWithSources(t *testing.T) {
	code, out, errOut := run(t, "", "timeline", "--from", "2004", "--to", "2004-07", "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	first, second := strings.Index(out, "22 June 2004"), strings.Index(out, "28 June 2004")
	if first < 0 || second < first || !strings.Contains(out, "Allawi") || !strings.Contains(out, "[001_8ec4da9d81b79d7e.txt:") {
		t.Errorf("bot timeline 2004 to July 2004:\n%s", out)
	}
	if strings.Contains(out, "August 2004") || strings.Contains(out, "2005") {
		t.Errorf("bot timeline printed events outside the span:\n%s", out)
	}
	if code, _, errOut := run(t, "", "timeline", "--from", "2004-13"); code != 2 || !strings.Contains(errOut, "--from") {
		t.Errorf("bad --from: exit %d, %q", code, errOut)
	}
}
