package coord

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// compareAndDelete deletes KEYS[1] only while it holds ARGV[1], in one step
// on the server, so a holder whose lock expired and was taken by another
// cannot delete the other's lock.
var compareAndDelete = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)

// compareAndExpire extends KEYS[1] to ARGV[2] milliseconds only while it
// holds ARGV[1].
var compareAndExpire = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
return 0`)

// ErrNotHeld is returned when releasing a lock or lease that has expired or
// belongs to someone else.
var ErrNotHeld = errors.New("coord: not held")

// Lock is a held lock on one key. It expires by itself after its TTL, so a
// replica that dies holding it blocks the others for at most that long.
type Lock struct {
	c     *Client
	key   string
	token string
}

// TryLock takes the lock on key for ttl if no one holds it. It answers
// (nil, nil) when another holds it; an error means Redis did not answer, and
// the caller must not assume it holds anything.
func (c *Client) TryLock(ctx context.Context, key string, ttl time.Duration) (*Lock, error) {
	l := &Lock{c: c, key: c.key("lock", key), token: token()}
	ok, err := c.setNX(ctx, l.key, l.token, ttl)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", key, err)
	}
	if !ok {
		return nil, nil
	}
	return l, nil
}

// Release gives the lock up; ErrNotHeld means it had expired (and perhaps
// been taken by another, whose lock stays).
func (l *Lock) Release(ctx context.Context) error {
	return l.c.release(ctx, l.key, l.token)
}

func (c *Client) release(ctx context.Context, key, tok string) error {
	n, err := compareAndDelete.Run(ctx, c.rdb, []string{key}, tok).Int()
	if err != nil {
		return fmt.Errorf("release %s: %w", key, err)
	}
	if n == 0 {
		return ErrNotHeld
	}
	return nil
}
