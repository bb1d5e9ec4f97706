package telegram

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/adapters"
	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/conversations"
)

func TestPlatformBuildsFromItsSettings(t *testing.T) {
	tests := []struct {
		name      string
		vars      map[string]string
		publicURL string
		wantNil   bool
		wantErr   string
	}{
		{"not configured", map[string]string{}, "", true, ""},
		{"token", map[string]string{"TELEGRAM_TOKEN": "123:abc"}, "", false, ""},
		{"unreadable setting", map[string]string{"TELEGRAM_TOKEN": "!fail"}, "", true, "cannot read"},
		{"webhook URL", map[string]string{"TELEGRAM_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg"}, "", false, ""},
		{"webhook path under the public URL", map[string]string{"TELEGRAM_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_URL": "/tg"}, "https://bot.example.org", false, ""},
		{"webhook path without a public URL", map[string]string{"TELEGRAM_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_URL": "/tg"}, "", true, "public-url"},
		{"bad secret", map[string]string{"TELEGRAM_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg", "TELEGRAM_WEBHOOK_SECRET": "not valid!"}, "", true, "secret"},
	}
	eng := mustEngine(t)
	core := adapters.Core{Engine: eng, Conversations: &answers.Dialogue{Engine: eng, Store: conversations.NewMemory(10, time.Minute)}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			get := func(name string) (string, error) {
				if tt.vars[name] == "!fail" {
					return "", errors.New("cannot read " + name + "_FILE")
				}
				return tt.vars[name], nil
			}
			c := core
			c.PublicURL = tt.publicURL
			a, err := Platform().Build(get, c)
			if (a == nil) != tt.wantNil {
				t.Errorf("Build = %v, want nil: %v", a, tt.wantNil)
			}
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("Build error = %v, want %q", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "123:") {
				t.Errorf("the error shows the token: %v", err)
			}
			if r, ok := a.(adapters.Router); ok && tt.vars["TELEGRAM_WEBHOOK_URL"] != "" {
				mux := http.NewServeMux()
				r.Routes(mux)
				if _, pattern := mux.Handler(httptest.NewRequest(http.MethodPost, "/tg", nil)); pattern != "/tg" {
					t.Errorf("webhook route = %q, want /tg", pattern)
				}
			}
		})
	}
}

// Every setting the platform reads is one it documents.
func TestPlatformDocumentsWhatItReads(t *testing.T) {
	p := Platform()
	documented := map[string]bool{}
	for _, s := range p.Settings {
		documented[s.Name] = s.Help != ""
	}
	eng := mustEngine(t)
	core := adapters.Core{Engine: eng, Conversations: &answers.Dialogue{Engine: eng, Store: conversations.NewMemory(10, time.Minute)}}
	p.Build(func(name string) (string, error) {
		if !documented[name] {
			t.Errorf("Build reads %s, which Settings does not document", name)
		}
		return map[string]string{"TELEGRAM_TOKEN": "123:abc"}[name], nil
	}, core)
	if !documented[p.Token] {
		t.Errorf("the token %s is not among the settings", p.Token)
	}
}
