package adapters

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/nmi-factbot/nmibot/knowledge"
)

func TestUTF16LenCountsAsThePlatformsDo(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"ASCII", "NMI", 3},
		{"accents are one unit", "été", 3},
		{"an emoji is two", "🇮🇶", 4},
		{"an invalid byte is one, as U+FFFD", "a\xffb", 3},
		{"empty", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UTF16Len(tt.in); got != tt.want {
				t.Errorf("UTF16Len(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestCutUTF16NeverSplitsARune(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"fits", "NMI", 3, "NMI"},
		{"cut", "NMI Bagdad", 3, "NMI"},
		{"an emoji that does not fit whole is left out", "ok🙂", 3, "ok"},
		{"an emoji that fits", "ok🙂", 4, "ok🙂"},
		{"zero", "NMI", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CutUTF16(tt.in, tt.n); got != tt.want || UTF16Len(got) > tt.n {
				t.Errorf("CutUTF16(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

func TestMessagesSayInTheLanguageAsked(t *testing.T) {
	type name int
	const greeting name = 0
	m := Messages[name]{greeting: {FR: "Bonjour %s", EN: "Hello %s"}}
	if got := m.Say(knowledge.French, greeting, "Irak"); got != "Bonjour Irak" {
		t.Errorf("Say(fr) = %q", got)
	}
	if got := m.Say(knowledge.English, greeting, "Iraq"); got != "Hello Iraq" {
		t.Errorf("Say(en) = %q", got)
	}
}

func TestRecoverLogsAPanicAndCountsIt(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	var counted error
	func() {
		defer Recover(logger, func(err error) { counted = err }, "an update", "update", 42)
		panic("index out of range")
	}()
	for _, want := range []string{"panic handling an update", "update=42", "index out of range", "stack="} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, buf.String())
		}
	}
	if counted == nil || !strings.Contains(counted.Error(), "index out of range") {
		t.Errorf("onError got %v", counted)
	}
	// No panic: nothing logged, nothing counted.
	buf.Reset()
	counted = nil
	func() { defer Recover(logger, func(err error) { counted = errors.New("x") }, "an update") }()
	if buf.Len() != 0 || counted != nil {
		t.Errorf("Recover without a panic logged %q, counted %v", buf.String(), counted)
	}
}
