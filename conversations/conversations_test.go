package conversations

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestMemoryKeepsAndForgets(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(10, 50*time.Millisecond)
	if _, ok, _ := m.Get(ctx, "a"); ok {
		t.Fatal("Get of a key never stored reported a state")
	}
	want := []byte(`{"lang":"en","topic":{"terms":["?who","&nmi"]}}`)
	if err := m.Put(ctx, "a", want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := m.Get(ctx, "a")
	if err != nil || !ok || string(got) != string(want) {
		t.Fatalf("Get(a) = %q, %v, %v; want %q", got, ok, err, want)
	}
	// Expiry: the state is gone once its time has passed.
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, ok, _ := m.Get(ctx, "a"); !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("state still there long after its expiry")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestMemoryIsBounded(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(3, time.Hour)
	for i := range 10 {
		if err := m.Put(ctx, fmt.Sprint(i), []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	if m.Len() != 3 {
		t.Errorf("Len() = %d after 10 puts in a store of 3, want 3", m.Len())
	}
	// The least recently used went first: the last three remain.
	for i := range 10 {
		_, ok, _ := m.Get(ctx, fmt.Sprint(i))
		if ok != (i >= 7) {
			t.Errorf("Get(%d) ok = %v", i, ok)
		}
	}
}
