// Package conversations stores what a conversation keeps from one message to the next, for a
// while: in this process, or in Redis to share it between replicas. What is kept is the answers
// package's business (the reply language, the last question's topic and sources); a store holds
// it as opaque bytes, keyed by conversation, e.g. "telegram:<chat id>" or "http:<id>".
package conversations

import (
	"bytes"
	"context"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
)

// Store keeps conversation states for a while.
type Store interface {
	// Get returns the state of a conversation; ok is false when there is none, never stored or
	// expired. An error is the backend's (a store across the network unreachable).
	Get(ctx context.Context, key string) (state []byte, ok bool, err error)
	// Put stores the state of a conversation and restarts its expiry. An error is the backend's.
	Put(ctx context.Context, key string, state []byte) error
}

// Memory is a Store in this process: bounded in size (the least recently used conversation goes
// first) and expiring. It is safe for concurrent use.
type Memory struct {
	lru *expirable.LRU[string, []byte]
}

// NewMemory returns a store of at most size conversations, each forgotten ttl after its last Put.
func NewMemory(size int, ttl time.Duration) *Memory {
	return &Memory{lru: expirable.NewLRU[string, []byte](max(size, 1), nil, ttl)}
}

// Get returns the state of a conversation. It never fails.
func (m *Memory) Get(_ context.Context, key string) ([]byte, bool, error) {
	s, ok := m.lru.Get(key)
	return bytes.Clone(s), ok, nil
}

// Put stores the state of a conversation. It never fails.
func (m *Memory) Put(_ context.Context, key string, s []byte) error {
	m.lru.Add(key, bytes.Clone(s))
	return nil
}

// Len returns how many conversations are kept.
func (m *Memory) Len() int { return m.lru.Len() }

var _ Store = (*Memory)(nil)

// DefaultTTL is how long a conversation is remembered after its last message.
const DefaultTTL = 30 * time.Minute
