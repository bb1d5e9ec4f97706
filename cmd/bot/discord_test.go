package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/adapters"
	"github.com/nmi-factbot/nmibot/adapters/discord"
	"github.com/nmi-factbot/nmibot/answers"
	"github.com/nmi-factbot/nmibot/conversations"
)

// syncBuffer is a buffer the server's goroutines may write to while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeAnswersSignedDiscordInteractions starts the bot as a user would —
// DISCORD_PUBLIC_KEY=<hex> bot serve --addr 127.0.0.1:PORT — and posts it a signed /ask.
func TestServeAnswersSignedDiscordInteractions(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("DISCORD_TOKEN", "")
	t.Setenv("DISCORD_TOKEN_FILE", "")
	t.Setenv("DISCORD_PUBLIC_KEY", hex.EncodeToString(pub))
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan int, 1)
	go func() { done <- Run(ctx, []string{"serve", "--addr", addr}, strings.NewReader(""), &out, &out) }()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("bot serve exited %d:\n%s", code, out.String())
		}
	}()

	// Wait for the server: it loads the fact base first.
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("bot serve did not start: %v\n%s", err, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	body, err := os.ReadFile(filepath.Join("testdata", "discord-ask.json"))
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/discord/interactions", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	var r struct {
		Type int `json:"type"`
		Data struct {
			Embeds []struct {
				Description string                         `json:"description"`
				Fields      []struct{ Name, Value string } `json:"fields"`
				Footer      struct{ Text string }          `json:"footer"`
			} `json:"embeds"`
		} `json:"data"`
	}
	if resp.StatusCode != 200 || json.Unmarshal(got, &r) != nil || r.Type != 4 || len(r.Data.Embeds) != 1 {
		t.Fatalf("POST /discord/interactions: %s %s; want 200 with a type 4 message", resp.Status, got)
	}
	e := r.Data.Embeds[0]
	if !strings.Contains(e.Description, "Christophe Hintzy") || len(e.Fields) < 1 ||
		!strings.Contains(e.Fields[0].Name, "Entretien avec le général Christophe Hintzy") ||
		!strings.Contains(e.Fields[0].Value, "explique le général de division Christophe Hintzy") {
		t.Errorf("embed %+v, want the cited answer about the commander", e)
	}

	// The same request unsigned is refused.
	req, _ = http.NewRequest(http.MethodPost, "http://"+addr+"/discord/interactions", bytes.NewReader(body))
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned POST: %s, want 401", resp2.Status)
	}
}

func TestDiscordPlatformBuildsFromTheEnvironment(t *testing.T) {
	eng, err := answers.Default()
	if err != nil {
		t.Fatal(err)
	}
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("file-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	key := strings.Repeat("ab", 32)
	tests := []struct {
		name      string
		env       map[string]string
		wantNil   bool
		wantErr   string
		wantRoute bool
	}{
		{"not configured", map[string]string{}, true, "", false},
		{"public key only", map[string]string{"DISCORD_PUBLIC_KEY": key}, false, "", true},
		{"token only", map[string]string{"DISCORD_TOKEN": "t"}, false, "", false},
		{"token file, sharded", map[string]string{"DISCORD_TOKEN_FILE": tokenFile, "DISCORD_SHARD_ID": "1", "DISCORD_SHARD_COUNT": "2"}, false, "", false},
		{"both", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": key, "DISCORD_MESSAGE_CONTENT": "true"}, false, "", true},
		{"bad public key", map[string]string{"DISCORD_PUBLIC_KEY": "xyz"}, false, "DISCORD_PUBLIC_KEY", false},
		{"missing token file", map[string]string{"DISCORD_TOKEN_FILE": "/nonexistent/token"}, false, "DISCORD_TOKEN_FILE", false},
		{"shard not a number", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_SHARD_ID": "one"}, false, "DISCORD_SHARD_ID", false},
		{"shard out of range", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_SHARD_ID": "2", "DISCORD_SHARD_COUNT": "2"}, false, "shard 2 of 2", false},
		{"bad message content", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_MESSAGE_CONTENT": "maybe"}, false, "DISCORD_MESSAGE_CONTENT", false},
		{"bad API URL", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_API_URL": "localhost"}, false, "API URL", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			core := adapters.Core{Engine: eng, Conversations: &answers.Dialogue{Engine: eng, Store: conversations.NewMemory(10, time.Minute)}}
			c, err := discord.Platform().Build(lookup(func(k string) string { return tt.env[k] }), core)
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Build = %v, want an error about %s", err, tt.wantErr)
				}
				return
			case err != nil:
				t.Fatalf("Build: %v", err)
			case tt.wantNil != (c == nil):
				t.Fatalf("Build = %v, want nil: %v", c, tt.wantNil)
			}
			if c == nil {
				return
			}
			mux := http.NewServeMux()
			c.(adapters.Router).Routes(mux)
			req, _ := http.NewRequest(http.MethodPost, "/discord/interactions", nil)
			if _, pattern := mux.Handler(req); (pattern != "") != tt.wantRoute {
				t.Errorf("route %q, want one: %v", pattern, tt.wantRoute)
			}
		})
	}
}

func TestDiscordCommandUsage(t *testing.T) {
	t.Setenv("DISCORD_TOKEN", "")
	t.Setenv("DISCORD_TOKEN_FILE", "")
	tests := []struct {
		name    string
		token   string
		args    []string
		wantErr string
	}{
		{"no token", "", []string{"discord"}, "DISCORD_TOKEN"},
		{"bad flag", "", []string{"discord", "--shard", "1"}, "flag provided but not defined"},
		{"shard not a number", "t", []string{"discord", "--addr", "127.0.0.1:0", "--shard-id", "x"}, "DISCORD_SHARD_ID=\"x\": want an integer"},
		{"argument", "", []string{"discord", "go"}, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DISCORD_TOKEN", tt.token)
			code, _, errOut := run(t, "", tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("bot %s: exit %d, stderr %q; want 2 and %q", strings.Join(tt.args, " "), code, errOut, tt.wantErr)
			}
		})
	}
}
