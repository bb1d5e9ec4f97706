package conversations

import (
	"context"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/conversations/redistest"
)

// newRedis returns a store in the server at url, its client closed when the test ends.
func newRedis(tb testing.TB, url string, ttl time.Duration) *Redis {
	tb.Helper()
	c, err := DialRedis(url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return NewRedis(c, ttl)
}

func TestRedisKeepsAndForgets(t *testing.T) {
	url := redistest.Start(t)
	ctx := context.Background()
	r := newRedis(t, url, time.Second)
	if _, ok, err := r.Get(ctx, "telegram:1"); ok || err != nil {
		t.Fatalf("Get of a key never stored = %v, %v", ok, err)
	}
	want := []byte(`{"lang":"en","topic":{"terms":["?who","&nmi"]}}`)
	if err := r.Put(ctx, "telegram:1", want); err != nil {
		t.Fatal(err)
	}
	// A second client, as another replica would be, sees the same state.
	other := newRedis(t, url, time.Second)
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

func TestRedisTakesAnIDOnceAcrossReplicas(t *testing.T) {
	url := redistest.Start(t)
	ctx := context.Background()
	a, b := newRedis(t, url, time.Minute), newRedis(t, url, time.Minute)
	for i, tt := range []struct {
		r    *Redis
		id   string
		want bool
	}{
		{a, "discord:1", true},
		{b, "discord:1", false}, // the other replica sees it taken
		{a, "discord:1", false},
		{b, "discord:2", true},
	} {
		got, err := tt.r.First(ctx, tt.id, time.Minute)
		if err != nil || got != tt.want {
			t.Errorf("%d: First(%q) = %v, %v; want %v", i, tt.id, got, err, tt.want)
		}
	}
}

func TestDialRedisRefusesABadURL(t *testing.T) {
	if _, err := DialRedis("nonsense"); err == nil {
		t.Error("DialRedis(nonsense) = nil error, want one")
	}
}

// Whatever the server does, a call returns within its deadline: an error, not a wait. The bounds
// are generous; what they catch is a wait for the server (seconds), not a slow machine.
func TestRedisCallsEndInTimeWhateverTheServerDoes(t *testing.T) {
	srv := redistest.Run(t)
	r := newRedis(t, srv.URL, time.Minute)
	ctx := context.Background()
	if err := r.Put(ctx, "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	within := func(what string, want bool) {
		t.Helper()
		start := time.Now()
		_, ok, err := r.Get(ctx, "k")
		if took := time.Since(start); took > 3*CallTimeout {
			t.Errorf("%s: Get took %v, want at most about %v", what, took, CallTimeout)
		}
		if (err == nil) != want || ok != want {
			t.Errorf("%s: Get = %v, %v; want ok %v", what, ok, err, want)
		}
	}
	within("server up", true)
	srv.Sleep(3 * time.Second)
	within("server asleep", false)
	if err := r.Ping(ctx); err == nil {
		t.Error("Ping of a sleeping server = nil, want an error")
	}
	srv.Stop()
	within("server down", false)
	srv.Start()
	// The same client recovers by itself; a restarted server lost its data (no persistence).
	deadline := time.Now().Add(5 * time.Second)
	for r.Ping(ctx) != nil {
		if time.Now().After(deadline) {
			t.Fatal("the client did not recover after the server came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A bot may start before its Redis: the client is made all the same, and works once the server is up.
func TestRedisWorksOnceAServerDownAtStartComesUp(t *testing.T) {
	srv := redistest.New(t)
	r := newRedis(t, srv.URL, time.Minute)
	ctx := context.Background()
	if err := r.Ping(ctx); err == nil {
		t.Fatal("Ping with no server = nil, want an error")
	}
	srv.Start()
	deadline := time.Now().Add(5 * time.Second)
	for r.Ping(ctx) != nil {
		if time.Now().After(deadline) {
			t.Fatal("the client did not connect once the server came up")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := r.Put(ctx, "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
}
