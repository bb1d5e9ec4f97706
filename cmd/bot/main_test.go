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

// A mistake in the flags is reported once, on stderr, with the command's flags to help.
func TestBadFlagIsReportedOnce(t *testing.T) {
	tests := []struct {
		name string
		args []string
		once string // the error, which must be printed once
		hint string // a flag of the command, which the usage lists
	}{
		{"bad language", []string{"ask", "--lang", "de", "x"}, `want fr, en or auto, got "de"`, "-json"},
		{"unknown flag", []string{"timeline", "--nope"}, "-nope", "-from"},
		{"bad value", []string{"coverage", "--all=maybe"}, "maybe", "-all"},
		{"serve", []string{"serve", "--rate-limit", "many"}, `"many"`, "-drain"},
		{"a platform's command", []string{"telegram", "--nope"}, "-nope", "-webhook-url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "", tt.args...)
			if n := strings.Count(out+errOut, tt.once); code != 2 || n != 1 || out != "" {
				t.Errorf("bot %v: exit %d, %q printed %d times; want exit 2, once, on stderr only\nstdout: %s\nstderr: %s", tt.args, code, tt.once, n, out, errOut)
			}
			if !strings.Contains(errOut, tt.hint) {
				t.Errorf("bot %v: stderr lacks the usage (%q):\n%s", tt.args, tt.hint, errOut)
			}
		})
	}
	// -h still prints the flags, on stdout, and succeeds.
	if code, out, errOut := run(t, "", "ask", "-h"); code != 0 || !strings.Contains(out, "-lang") || errOut != "" {
		t.Errorf("bot ask -h: exit %d, stdout %q, stderr %q; want the flags on stdout", code, out, errOut)
	}
}

// With no --lang, the timeline speaks the language bot ask replies in when a question does not
// tell its own; --lang still chooses.
func TestTimelineSpeaksAsAskDoes(t *testing.T) {
	_, out, _ := run(t, "", "ask", "--json", "2008")
	var a struct{ Lang string }
	if err := json.Unmarshal([]byte(out), &a); err != nil || a.Lang == "" {
		t.Fatalf("bot ask --json 2008: %v\n%s", err, out)
	}
	month := map[string]string{"en": "December 2008", "fr": "décembre 2008"}
	tests := []struct {
		name string
		lang []string
		want string
	}{
		{"no --lang", nil, month[a.Lang]},
		{"--lang fr", []string{"--lang", "fr"}, month["fr"]},
		{"--lang en", []string{"--lang", "en"}, month["en"]},
	}
	for _, tt := range tests {
		args := append([]string{"timeline", "--from", "2008-12", "--to", "2008-12"}, tt.lang...)
		if code, out, errOut := run(t, "", args...); code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("bot %v: exit %d, stderr %q; output lacks %q:\n%s", args, code, errOut, tt.want, out)
		}
	}
}

// An event dated by a part of a year falls where that part does among the year's months.
func TestTimelinePlacesPartsOfAYear(t *testing.T) {
	tests := []struct {
		year  string
		order []string // in the order printed
	}{
		{"2017", []string{"January 2017", "November 2017", "At the end of 2017"}},
		{"2004", []string{"16 December 2004", "By the end of 2004"}},
		{"2020", []string{"February 2020", "In spring 2020", "May 2020"}},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "", "timeline", "--from", tt.year, "--to", tt.year, "--lang", "en")
		if code != 0 {
			t.Fatalf("bot timeline %s: exit %d: %s", tt.year, code, errOut)
		}
		last := -1
		for _, s := range tt.order {
			i := strings.Index(out, s)
			if i < 0 || i < last {
				t.Errorf("bot timeline %s: want %q, in that order:\n%s", tt.year, tt.order, out)
				break
			}
			last = i
		}
	}
}
