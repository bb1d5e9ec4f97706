package conversations

import (
	"context"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/conversations/redistest"
)

func TestRedisKeepsAndForgets(t *testing.T) {
	url := redistest.Start(t)
	ctx := context.Background()
	r, err := NewRedis(ctx, url, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, ok, err := r.Get(ctx, "telegram:1"); ok || err != nil {
		t.Fatalf("Get of a key never stored = %v, %v", ok, err)
	}
	want := []byte(`{"lang":"en","topic":{"terms":["?who","&nmi"]}}`)
	if err := r.Put(ctx, "telegram:1", want); err != nil {
		t.Fatal(err)
	}
	// A second client, as another replica would be, sees the same state.
	other, err := NewRedis(ctx, url, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	got, ok, err := other.Get(ctx, "telegram:1")
	if err != nil || !ok || string(got) != string(want) {
		t.Fatalf("Get from another replica = %q, %v, %v; want %q", got, ok, err, want)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, ok, _ := r.Get(ctx, "telegram:1"); !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("state still there long after its expiry")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestNewRedisFailsClearly(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	tests := []struct{ name, url string }{
		{"not a URL", "nonsense"},
		{"nothing listening", "redis://127.0.0.1:1/0"},
	}
	for _, tt := range tests {
		if _, err := NewRedis(ctx, tt.url, time.Minute); err == nil {
			t.Errorf("NewRedis(%q) = nil error, want one", tt.url)
		}
	}
}
