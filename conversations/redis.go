package conversations

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a Store in a Redis server, shared by replicas of the bot behind a load balancer. Each
// state is a string value that expires ttl after its last Put.
type Redis struct {
	client *redis.Client
	ttl    time.Duration
	prefix string
}

// NewRedis connects to the Redis server at url ("redis://[:password@]host:port/db"), keeping
// states for ttl. It checks the server answers.
func NewRedis(ctx context.Context, url string, ttl time.Duration) (*Redis, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("conversations: redis URL: %w", err)
	}
	r := &Redis{client: redis.NewClient(opt), ttl: ttl, prefix: "nmibot:conversation:"}
	if err := r.Ping(ctx); err != nil {
		r.client.Close()
		return nil, err
	}
	return r, nil
}

// Ping checks the server answers, for readiness checks.
func (r *Redis) Ping(ctx context.Context) error {
	if err := r.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("conversations: redis: %w", err)
	}
	return nil
}

// Get returns the state of a conversation; an error means the server could not be read.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, bool, error) {
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
	if err := r.client.Set(ctx, r.prefix+key, s, r.ttl).Err(); err != nil {
		return fmt.Errorf("conversations: redis set: %w", err)
	}
	return nil
}

// Close closes the connections to the server.
func (r *Redis) Close() error { return r.client.Close() }

var _ Store = (*Redis)(nil)
