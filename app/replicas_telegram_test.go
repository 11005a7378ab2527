package app

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/telegram/telegramtest"
	"linli/config"
	"linli/coord/coordtest"
)

// Two replicas share the database, Redis and one Telegram bot: only the
// leader polls. When it stops, the other takes over within redis.failover,
// and every update is answered exactly once across the two.
func TestTelegramReplicasOneLeaderTakeover(t *testing.T) {
	fake := fakeAPI(t)
	db := filepath.Join(t.TempDir(), "linli.db")
	cfg := demoConfig()
	cfg.Telegram.PerChatInterval, cfg.Telegram.GroupPerMinute = time.Millisecond, 0
	cfg.Redis = config.Redis{Addr: coordtest.Addr(t), Failover: "1s", FailoverAfter: time.Second}
	cfg.Community = coordtest.Prefix(t)
	a := newTgAppWith(t, fake, db, cfg, slog.LevelInfo)
	b := newTgAppWith(t, fake, db, cfg, slog.LevelInfo)
	a.bind(t, tg8, "8号楼")
	a.serve(t)
	b.serve(t)

	// Twenty neighbours ask once each: one person asking twenty times
	// would be a flood, answered a few times (TestFlood*).
	asked := 0
	say := func(n int) {
		for range n {
			asked++
			who := telegramtest.User{ID: int64(6000 + asked), FirstName: fmt.Sprint("邻居", asked)}
			fake.Push(telegramtest.Message(tg8, who, "帮助"))
		}
	}
	say(10)
	waitSettled(t, fake, a, b)
	leaders := 0
	for _, r := range []*tgApp{a, b} {
		if containsLog(r, "leading: serving the platform") {
			leaders++
		}
	}
	if leaders != 1 {
		t.Fatalf("%d replicas lead Telegram, want exactly 1", leaders)
	}
	first, second := a, b
	if !containsLog(a, "leading: serving the platform") {
		first, second = b, a
	}
	// /healthz and /metrics tell the leader from the one on standby, and
	// both are healthy.
	for r, want := range map[*tgApp]string{first: "receiving", second: "standby"} {
		if h := r.health(context.Background()); !h.OK || h.Platforms[bot.Telegram] != want {
			t.Errorf("health of a replica: %+v, want OK and telegram %s", h, want)
		}
	}
	first.stop() // the leader goes away
	say(10)
	start := time.Now()
	waitSettled(t, fake, second)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("takeover took %v with redis.failover 1s", took)
	}
	if !containsLog(second, "leading: serving the platform") {
		t.Error("the follower never took over")
	}
	answers := map[int]int{}
	for _, m := range fake.Sent() {
		if m.ChatID == tg8.ID {
			answers[m.ReplyTo]++
		}
	}
	if len(answers) != 20 {
		t.Errorf("%d of 20 updates answered", len(answers))
	}
	for id, n := range answers {
		if n != 1 {
			t.Errorf("message %d answered %d times, want once", id, n)
		}
	}
}

// waitSettled waits until the fake has no unconfirmed update and the
// replicas' outboxes are empty.
func waitSettled(t *testing.T, fake *telegramtest.Server, apps ...*tgApp) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for fake.Pending() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d updates never handled", fake.Pending())
		}
		time.Sleep(5 * time.Millisecond)
	}
	for _, a := range apps {
		a.settle(t, fake)
	}
}

func containsLog(a *tgApp, s string) bool { return strings.Contains(a.logs.String(), s) }
