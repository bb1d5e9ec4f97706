package main

import (
	"strings"
	"testing"
)

// `bot help` lists every command there is, and each of them answers -h.
func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := run(t, "", "--help")
	if code != 0 {
		t.Fatalf("bot --help: exit %d", code)
	}
	names := []string{"ask", "chat", "explain", "timeline", "intents", "check", "coverage", "serve", "discord", "telegram"}
	for _, name := range names {
		if !strings.Contains(out, "bot "+name+" ") {
			t.Errorf("bot --help does not list %q:\n%s", name, out)
		}
	}
	if got := len(commands()); got != len(names) {
		t.Errorf("%d commands, the test knows %d: add the new one here", got, len(names))
	}
	for _, c := range commands() {
		if code, _, errOut := run(t, "", c.name, "-h"); code != 0 {
			t.Errorf("bot %s -h: exit %d, stderr %s", c.name, code, errOut)
		}
	}
}
