package coord

import (
	"context"
	"fmt"
	"time"
)

// Lease makes one replica at a time the leader for Key: the one that polls
// Telegram, holds the WeChat session. The leader renews it every TTL/3; if
// the leader dies, the lease expires after at most TTL and a follower, which
// retries every TTL/2, takes over within 1.5×TTL of the last renewal.
type Lease struct {
	Key string
	TTL time.Duration

	c     *Client
	token string
}

// Lease makes a lease on key for this replica; nothing is held until
// Acquire or Run.
func (c *Client) Lease(key string, ttl time.Duration) *Lease {
	return &Lease{Key: key, TTL: ttl, c: c, token: token()}
}

func (l *Lease) redisKey() string { return l.c.key("lease", l.Key) }

// Acquire takes the lease if it is free (or already ours), for TTL.
func (l *Lease) Acquire(ctx context.Context) (bool, error) {
	ok, err := l.c.setNX(ctx, l.redisKey(), l.token, l.TTL)
	if err != nil || ok {
		return ok, err
	}
	// Already ours (a renewal that looked failed but was applied)?
	return l.Renew(ctx)
}

// Renew extends the lease for another TTL; false means it is no longer
// ours (expired, perhaps taken by another).
func (l *Lease) Renew(ctx context.Context) (bool, error) {
	n, err := compareAndExpire.Run(ctx, l.c.rdb, []string{l.redisKey()}, l.token, l.TTL.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("renew lease %s: %w", l.Key, err)
	}
	return n == 1, nil
}

// Release gives the lease up at once, so a follower need not wait for it
// to expire; ErrNotHeld means it was not ours.
func (l *Lease) Release(ctx context.Context) error {
	return l.c.release(ctx, l.redisKey(), l.token)
}

// Run follows until it wins the lease, then leads: onLead runs with a
// context that is cancelled when the lease is lost — found taken, or not
// renewable for about 2/3 of TTL (Redis unreachable), leaving onLead at
// least TTL/6 to stop before another may lead. Then Run follows again. It returns when ctx is
// done, releasing the lease if it leads.
func (l *Lease) Run(ctx context.Context, onLead func(ctx context.Context)) error {
	retry := time.NewTicker(l.TTL / 2)
	defer retry.Stop()
	for {
		ok, err := l.Acquire(ctx)
		if err == nil && ok {
			l.lead(ctx, onLead)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-retry.C:
		}
	}
}

// lead runs onLead while renewing, and returns once onLead has returned.
func (l *Lease) lead(ctx context.Context, onLead func(ctx context.Context)) {
	leadCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		onLead(leadCtx)
	}()
	renew := time.NewTicker(l.TTL / 3)
	defer renew.Stop()
	lastRenewed := time.Now()
	for {
		select {
		case <-done:
			l.releaseQuietly()
			return
		case <-ctx.Done():
			cancel()
			<-done
			l.releaseQuietly()
			return
		case <-renew.C:
			if l.keepLead(ctx, &lastRenewed) {
				continue
			}
			cancel()
			<-done
			return
		}
	}
}

// keepLead renews once and says whether the leader may go on.
func (l *Lease) keepLead(ctx context.Context, lastRenewed *time.Time) bool {
	rctx, cancel := context.WithTimeout(ctx, l.TTL/3)
	defer cancel()
	ok, err := l.Renew(rctx)
	switch {
	case err == nil && ok:
		*lastRenewed = time.Now()
		return true
	case err == nil:
		return false // taken: another leads now
	}
	// Unreachable: the lease may still be ours, but the next attempt is a
	// third of TTL away; go on only if, should that one fail too, the
	// leader still stops with a sixth of TTL to spare before it expires.
	return time.Since(*lastRenewed)+l.TTL/3 <= l.TTL*5/6
}

// releaseQuietly hands the lease over on the way out; the caller's context
// may already be done, so it gets a short one of its own.
func (l *Lease) releaseQuietly() {
	ctx, cancel := context.WithTimeout(context.Background(), l.c.opts.Timeout)
	defer cancel()
	_ = l.Release(ctx) // if this fails the lease expires by itself within TTL
}
