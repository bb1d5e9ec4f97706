package conversations

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// CallTimeout is the longest a call to Redis may take, retry included. A reply waits for at most
// two calls (read the state, write it back), well inside Discord's 3 seconds and a user's
// patience; a slower server means answering without context, not waiting.
const CallTimeout = 400 * time.Millisecond

// DialRedis returns a client of the Redis server at url ("redis://[:password@]host:port/db"),
// with the budgets the bot lives by: each command waits at most CallTimeout, dial included, and is
// retried once. It does not connect: the first command does, so a server down at start-up is
// tried again by every later command, and the bot serves meanwhile.
func DialRedis(url string) (*redis.Client, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("redis URL: %w", err)
	}
	opt.DialTimeout = CallTimeout / 2
	opt.ReadTimeout = CallTimeout / 2
	opt.WriteTimeout = CallTimeout / 2
	opt.PoolTimeout = CallTimeout / 2
	opt.MaxRetries = 1
	opt.MinRetryBackoff = 10 * time.Millisecond
	opt.MaxRetryBackoff = 50 * time.Millisecond
	opt.ContextTimeoutEnabled = true // a caller's deadline bounds the network calls too
	return redis.NewClient(opt), nil
}

// Redis is a Store in a Redis server, shared by replicas of the bot behind a load balancer. Each
// state is a string value that expires ttl after its last Put. Every call has a deadline of
// CallTimeout, so a slow server costs a reply its context, never its time.
type Redis struct {
	client *redis.Client
	ttl    time.Duration
	prefix string
}

// NewRedis keeps conversation states in the server of client for ttl.
func NewRedis(client *redis.Client, ttl time.Duration) *Redis {
	return &Redis{client: client, ttl: ttl, prefix: "nmibot:conversation:"}
}

// Ping checks the server answers within CallTimeout, for readiness checks; its error names Redis.
func (r *Redis) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, CallTimeout)
	defer cancel()
	if err := r.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

// Get returns the state of a conversation; an error means the server could not be read in time.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, CallTimeout)
	defer cancel()
	b, err := r.client.Get(ctx, r.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("conversations: redis get: %w", err)
	}
	return b, true, nil
}

// Put stores the state of a conversation and restarts its expiry.
func (r *Redis) Put(ctx context.Context, key string, s []byte) error {
	ctx, cancel := context.WithTimeout(ctx, CallTimeout)
	defer cancel()
	if err := r.client.Set(ctx, r.prefix+key, s, r.ttl).Err(); err != nil {
		return fmt.Errorf("conversations: redis set: %w", err)
	}
	return nil
}

// First reports whether id is taken for the first time, by any replica, and remembers it for ttl
// (SET NX): a platform event delivered twice, or replayed, is taken once. An error means the server
// could not be asked in time.
func (r *Redis) First(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, CallTimeout)
	defer cancel()
	ok, err := r.client.SetNX(ctx, "nmibot:seen:"+id, 1, ttl).Result()
	if err != nil {
		return false, fmt.Errorf("conversations: redis setnx: %w", err)
	}
	return ok, nil
}

var _ Store = (*Redis)(nil)
