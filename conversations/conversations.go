// Package conversations keeps what a conversation needs from one message to the next: the reply
// language a user fixed, and the last question and answer, for follow-ups. Stores are keyed by
// conversation, e.g. "telegram:<chat id>" or "discord:<channel id>:<user id>".
package conversations

import (
	"context"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/nmi-factbot/nmibot/knowledge"
)

// State is what is kept of one conversation.
type State struct {
	Lang         knowledge.Lang `json:"lang,omitempty"` // fixed by the user ("/lang en"), "" when not
	LastQuestion string         `json:"last_question,omitempty"`
	LastIntent   string         `json:"last_intent,omitempty"`
	LastAsOf     string         `json:"last_as_of,omitempty"` // the date the last answer held for, YYYY[-MM[-DD]]
}

// Store keeps conversation states for a while.
type Store interface {
	// Get returns the state of a conversation; ok is false when there is none, never stored or
	// expired. An error is the backend's (a store across the network unreachable).
	Get(ctx context.Context, key string) (s State, ok bool, err error)
	// Put stores the state of a conversation and restarts its expiry. An error is the backend's.
	Put(ctx context.Context, key string, s State) error
}

// Memory is a Store in this process: bounded in size (the least recently used conversation goes
// first) and expiring. It is safe for concurrent use.
type Memory struct {
	lru *expirable.LRU[string, State]
}

// NewMemory returns a store of at most size conversations, each forgotten ttl after its last Put.
func NewMemory(size int, ttl time.Duration) *Memory {
	return &Memory{lru: expirable.NewLRU[string, State](max(size, 1), nil, ttl)}
}

// Get returns the state of a conversation. It never fails.
func (m *Memory) Get(_ context.Context, key string) (State, bool, error) {
	s, ok := m.lru.Get(key)
	return s, ok, nil
}

// Put stores the state of a conversation. It never fails.
func (m *Memory) Put(_ context.Context, key string, s State) error {
	m.lru.Add(key, s)
	return nil
}

// Len returns how many conversations are kept.
func (m *Memory) Len() int { return m.lru.Len() }

var _ Store = (*Memory)(nil)

// DefaultTTL is how long a conversation is remembered after its last message.
const DefaultTTL = 30 * time.Minute
