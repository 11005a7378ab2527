// Package coord lets several Linli replicas share work through Redis: a lock
// per key released only by its owner, a first-handling check for incoming
// messages, a renewable leader lease, and a health watch that says when
// Redis is unreachable so the caller can stop polling and pushing.
//
// It is the only importer of go-redis and knows nothing of chats or the
// database: callers give it keys. With no Redis configured Linli runs as one
// process and does not use this package at all.
package coord

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// Options tune a Client; the zero value is usable.
type Options struct {
	// Prefix begins every key, so several communities can share one Redis
	// without their locks and leases colliding ("linli:邻里社区:").
	Prefix string
	// Timeout bounds each command and dial, so an unreachable Redis is
	// noticed in about this long rather than hanging a handler (default 1s).
	Timeout time.Duration
	// HandledTTL is how long a handled message id is remembered; platforms
	// redeliver within minutes, and the database keeps the durable record
	// (default 48h).
	HandledTTL time.Duration
}

// Client is one replica's connection to the shared Redis. It is safe for
// concurrent use.
type Client struct {
	rdb  *redis.Client
	opts Options
}

// Open connects to Redis at addr (host:port) and checks it answers, so a
// wrong address is reported at start.
func Open(ctx context.Context, addr string, opts Options) (*Client, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = time.Second
	}
	if opts.HandledTTL <= 0 {
		opts.HandledTTL = 48 * time.Hour
	}
	rdb := redis.NewClient(&redis.Options{
		Addr:                  addr,
		DialTimeout:           opts.Timeout,
		ReadTimeout:           opts.Timeout,
		WriteTimeout:          opts.Timeout,
		PoolTimeout:           opts.Timeout,
		ContextTimeoutEnabled: true,
		MaxRetries:            1,
		DisableIdentity:       true,
		// Cluster maintenance notices are for managed Redis; a plain
		// server answers the handshake with an error.
		MaintNotificationsConfig: &maintnotifications.Config{Mode: maintnotifications.ModeDisabled},
	})
	c := &Client{rdb: rdb, opts: opts}
	if err := c.Ping(ctx); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("redis at %s: %w", addr, err)
	}
	return c, nil
}

// Close drops the connections.
func (c *Client) Close() error { return c.rdb.Close() }

// Ping checks Redis answers within the command timeout.
func (c *Client) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	return c.rdb.Ping(ctx).Err()
}

func (c *Client) key(parts ...string) string {
	k := c.opts.Prefix
	for i, p := range parts {
		if i > 0 {
			k += ":"
		}
		k += p
	}
	return k
}

// setNX sets key to value for ttl unless it exists, and reports whether it
// did.
func (c *Client) setNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error) {
	err := c.rdb.SetArgs(ctx, key, value, redis.SetArgs{Mode: "NX", TTL: ttl}).Err()
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, redis.Nil):
		return false, nil
	}
	return false, err
}

// token is a value only its holder knows, so only it can release or renew
// what it holds.
func token() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}
