package app

import (
	"context"
	"fmt"
	"os"
	"time"

	"linli/bot"
	"linli/config"
	"linli/coord"
	"linli/scheduler"
)

// Several replicas share one database and coordinate through Redis
// (redis.addr). Without it Linli is one process and none of this is used.

// coord.Client is the scheduler's locker (and could deduplicate) by its
// method set alone; coord imports neither.
var (
	_ bot.Deduper = (*coord.Client)(nil)
	_ locker      = (*coord.Client)(nil)
)

// jobLockTTL is how long a replica keeps the Redis lock on one scheduled
// run: long enough that replicas a little late to the same minute find it
// taken without asking the database; the database claim stays the
// exactly-once record.
const jobLockTTL = 10 * time.Minute

// openCoord connects to the configured Redis, or returns nil for one
// process. Keys are prefixed with the community, so communities of a street
// office can share one Redis.
func openCoord(ctx context.Context, cfg config.Config) (*coord.Client, error) {
	if cfg.Redis.Addr == "" {
		return nil, nil
	}
	return coord.Open(ctx, cfg.Redis.Addr, coord.Options{Prefix: "linli:" + cfg.Community + ":"})
}

// dedup is the router's deduplicator: the database alone, or Redis first
// and the database as the durable record.
func (a *app) dedup(ctx context.Context) (bot.Deduper, error) {
	if a.coord == nil {
		d := newHandlingDedup(a.store, 0, a.log)
		d.anon, d.printed = a.anon, a.outbox.Inline
		return d, d.startAlone(ctx)
	}
	// Replicas decide in the database too, not in Redis: a Redis key cannot
	// tell a message finished from one whose leader was killed mid-way,
	// whose redelivery the follower must handle. The claim's owner and age
	// can, so another replica's unfinished claim is taken over after
	// redis.failover, when that leader would have been replaced anyway.
	d := newHandlingDedup(a.store, a.cfg.Redis.FailoverAfter, a.log)
	d.anon, d.printed = a.anon, a.outbox.Inline
	return d, nil
}

// ledger is the scheduler's ledger: the database claim, behind a Redis
// lock per job and due time when replicas share Redis.
func (a *app) ledger() scheduler.Ledger {
	if a.coord == nil {
		return a.store
	}
	return lockedLedger{Ledger: a.store, locks: a.coord}
}

// leaderLease is the lease a platform's poller holds so one replica at a
// time polls it (nil without Redis: this process is the only one). Its TTL
// is 2/3 of redis.failover, because a follower takes over within 1.5×TTL
// of the leader's last renewal.
func (a *app) leaderLease(platform string) *coord.Lease {
	if a.coord == nil {
		return nil
	}
	return a.coord.Lease("leader:"+platform, a.cfg.Redis.FailoverAfter*2/3)
}

// locker takes a lock per key; coord.Client is one.
type locker interface {
	TryLock(ctx context.Context, key string, ttl time.Duration) (*coord.Lock, error)
}

// lockedLedger takes the Redis lock on a run before the database claim.
// With Redis unreachable it claims nothing: a replica that cannot
// coordinate does not push (the health watch catches up when it is back).
type lockedLedger struct {
	scheduler.Ledger
	locks locker
}

// Claim implements scheduler.Ledger.
func (l lockedLedger) Claim(ctx context.Context, job string, due time.Time) (bool, error) {
	lock, err := l.locks.TryLock(ctx, "job:"+job+":"+due.UTC().Format(time.RFC3339), jobLockTTL)
	if err != nil {
		return false, fmt.Errorf("not pushing while Redis is unreachable: %w", err)
	}
	if lock == nil {
		return false, nil // another replica has this run
	}
	ok, err := l.Ledger.Claim(ctx, job, due)
	if err != nil {
		// Let another replica (or a later catch-up) try this run.
		_ = lock.Release(context.WithoutCancel(ctx))
	}
	return ok, err
}

// watchRedis reports Redis going away and coming back, in the log and to
// the admins; when it is back, runs missed meanwhile are caught up. The
// function it returns stops the watch and waits for it.
func (a *app) watchRedis(ctx context.Context) (stop func()) {
	if a.coord == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	host, _ := os.Hostname()
	go func() {
		defer close(done)
		a.coord.Watch(ctx, time.Second, func(up bool, err error) { a.redisHealth(ctx, host, up, err) })
	}()
	return func() { cancel(); <-done }
}

func (a *app) redisHealth(ctx context.Context, host string, up bool, err error) {
	if !up {
		a.log.Error("redis unreachable: scheduled pushes paused; messages already received are still answered", "addr", a.cfg.Redis.Addr, "err", err)
		a.alertOnce(ctx, true, fmt.Sprintf("服务器 %s 连不上 Redis，定时推送暂停；已收到的消息照常回复。恢复后会自动继续。", host))
		return
	}
	a.log.Info("redis reachable again: scheduled pushes resume", "addr", a.cfg.Redis.Addr)
	a.alertOnce(ctx, false, fmt.Sprintf("服务器 %s 与 Redis 的连接恢复了，定时推送继续。", host))
	a.sched.CatchUp(ctx, a.now())
}

// alertOnce tells the admins that Redis went away (down) or came back,
// if this replica is the first to report it: every replica watches Redis,
// and the admins should hear of one outage once. If the database cannot
// say, they are told anyway: twice is better than never.
func (a *app) alertOnce(ctx context.Context, down bool, text string) {
	now := time.Now()
	first, err := a.store.ReportOutage(ctx, "redis", down, now, now.Add(-outageRepeat))
	if err != nil {
		a.log.Error("could not record the Redis outage; telling the admins anyway", "err", err)
	}
	if first || err != nil {
		a.alertAdmins(ctx, text)
	}
}

// outageRepeat is how long an outage reported by one replica keeps the
// others from reporting it again.
const outageRepeat = 30 * time.Minute
