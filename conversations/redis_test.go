package conversations

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"testing"
	"time"
)

// startRedis starts a throwaway redis-server on 127.0.0.1 for the test, or skips the test saying
// why: .ci/run installs Debian's redis-server, so CI runs these tests.
func startRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("SKIPPED: redis-server is not installed (apt-get install redis-server); the Redis store is untested here")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", fmt.Sprint(port), "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for range 100 {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "redis://" + addr + "/0"
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("redis-server did not start")
	return ""
}

func TestRedisKeepsAndForgets(t *testing.T) {
	url := startRedis(t)
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
