package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
	"linli/config"
	"linli/coord"
	"linli/coord/coordtest"
	"linli/scheduler"
)

// countingLedger is a ledger that grants every claim and counts them, so
// a test sees how many reached the database.
type countingLedger struct{ claims atomic.Int32 }

func (l *countingLedger) Claim(context.Context, string, time.Time) (bool, error) {
	l.claims.Add(1)
	return true, nil
}

func (l *countingLedger) LastRun(context.Context, string) (time.Time, error) {
	return time.Time{}, nil
}

// 50 replicas' schedulers claim one run at once: the Redis lock lets one
// through to the database; with Redis gone, none push.
func TestLockedLedgerOneClaimPerRun(t *testing.T) {
	server := coordtest.Start(t)
	c, err := coord.Open(context.Background(), server.Addr, coord.Options{Prefix: coordtest.Prefix(t), Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	db := &countingLedger{}
	l := lockedLedger{Ledger: db, locks: c}
	due := time.Date(2026, 11, 24, 7, 30, 0, 0, time.FixedZone("CST", 8*3600))
	var won atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, err := l.Claim(context.Background(), "menu_today", due); err != nil {
				t.Error(err)
			} else if ok {
				won.Add(1)
			}
		}()
	}
	wg.Wait()
	if won.Load() != 1 || db.claims.Load() != 1 {
		t.Errorf("won %d, database claims %d; want 1 and 1", won.Load(), db.claims.Load())
	}
	if ok, _ := l.Claim(context.Background(), "menu_today", due.Add(24*time.Hour)); !ok {
		t.Error("the next day's run was refused")
	}
	server.Kill()
	ok, err := l.Claim(context.Background(), "menu_today", due.Add(48*time.Hour))
	if ok || err == nil || db.claims.Load() != 2 {
		t.Errorf("claim with Redis gone = %v, %v (database claims %d); want refused with an error, database untouched", ok, err, db.claims.Load())
	}
}

// replicas starts n apps on one database and one Redis, as replicas on
// several machines would run.
func replicas(t *testing.T, n int, at time.Time) ([]*app, []*bottest.Recorder) {
	t.Helper()
	cfg := demoConfig()
	cfg.Database.DSN = filepath.Join(t.TempDir(), "linli.db")
	cfg.Redis = config.Redis{Addr: coordtest.Addr(t), Failover: "15s"}
	cfg.Community = coordtest.Prefix(t) // keys of this test's own on a shared server
	apps, recs := make([]*app, n), make([]*bottest.Recorder, n)
	for i := range n {
		recs[i] = &bottest.Recorder{}
		a, err := New(context.Background(), fakesOnly(cfg), Options{Now: func() time.Time { return at }, Platforms: []bot.Platform{recs[i]}})
		if err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
		t.Cleanup(func() { a.close() })
		apps[i] = a
	}
	return apps, recs
}

// A message delivered to every replica at once is answered once.
func TestReplicasAnswerAMessageOnce(t *testing.T) {
	at := time.Date(2026, 11, 24, 8, 0, 0, 0, demoConfig().Location)
	apps, recs := replicas(t, 3, at)
	for m := range 5 {
		msg := bot.Message{ID: fmt.Sprint("m", m), Chat: bot.Chat{Platform: bot.Console, ID: "张阿姨"},
			Sender: bot.User{Platform: bot.Console, ID: "张阿姨", Name: "张阿姨"}, Text: "帮助", At: at}
		var wg sync.WaitGroup
		for _, a := range apps {
			wg.Add(1)
			go func() { defer wg.Done(); a.router.Deliver(context.Background(), msg) }()
		}
		wg.Wait()
	}
	total := 0
	for _, r := range recs {
		total += len(r.All())
	}
	if total != 5 {
		t.Errorf("5 messages to 3 replicas got %d replies, want 5", total)
	}
}

// A scheduled push due at one minute runs on one replica only.
func TestReplicasPushOnce(t *testing.T) {
	at := time.Date(2026, 11, 24, 7, 30, 0, 0, demoConfig().Location)
	apps, _ := replicas(t, 3, at)
	var runs atomic.Int32
	for _, a := range apps {
		if err := a.sched.Add(scheduler.Job{Name: "menu_test", Spec: "30 7 * * *",
			Run: func(context.Context, time.Time) error { runs.Add(1); return nil }}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for _, a := range apps {
		wg.Add(1)
		go func() { defer wg.Done(); a.sched.RunDue(context.Background(), at) }()
	}
	wg.Wait()
	if runs.Load() != 1 {
		t.Errorf("push ran %d times across 3 replicas, want once", runs.Load())
	}
}

// Redis lost and back: admins are told both, privately, naming the server.
func TestRedisOutageToldToAdmins(t *testing.T) {
	at := time.Date(2026, 11, 24, 7, 30, 0, 0, demoConfig().Location)
	apps, recs := replicas(t, 1, at)
	ctx := context.Background()
	apps[0].redisHealth(ctx, "node-2", false, errors.New("dial tcp 10.0.0.5:6379: connection refused"))
	apps[0].redisHealth(ctx, "node-2", true, nil)
	want := []string{
		"console:社区小王: 【提醒】服务器 node-2 连不上 Redis，定时推送暂停；已收到的消息照常回复。恢复后会自动继续。",
		"console:社区小王: 【提醒】服务器 node-2 与 Redis 的连接恢复了，定时推送继续。",
	}
	if fmt.Sprint(sentLines(recs[0])) != fmt.Sprint(want) {
		t.Errorf("sent %q\nwant %q", sentLines(recs[0]), want)
	}
}

// The platform lease is sized so a follower takes over within
// redis.failover, and with a 1s failover it does, on a real Redis.
func TestLeaderLeaseTakeoverWithinFailover(t *testing.T) {
	at := time.Date(2026, 11, 24, 8, 0, 0, 0, demoConfig().Location)
	apps, _ := replicas(t, 2, at)
	for _, a := range apps {
		a.cfg.Redis.FailoverAfter = time.Second
	}
	a, b := apps[0].leaderLease(bot.Telegram), apps[1].leaderLease(bot.Telegram)
	if a.TTL*3/2 > time.Second {
		t.Fatalf("lease TTL %v: takeover could take %v, more than the failover", a.TTL, a.TTL*3/2)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if ok, err := a.Acquire(ctx); err != nil || !ok {
		t.Fatalf("a acquire = %v, %v", ok, err)
	}
	// a dies holding the lease: it is never renewed nor released.
	died := time.Now()
	led := make(chan time.Duration, 1)
	go b.Run(ctx, func(ctx context.Context) { led <- time.Since(died); <-ctx.Done() })
	select {
	case took := <-led:
		if took > time.Second+100*time.Millisecond {
			t.Errorf("b took over %v after a died, want within the 1s failover", took)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("b never took over")
	}
}

// sentLines is what a recorder got, "chat key: text" a message.
func sentLines(r *bottest.Recorder) []string {
	var lines []string
	for _, m := range r.All() {
		lines = append(lines, m.Chat.Key()+": "+m.Reply.Text)
	}
	return lines
}
