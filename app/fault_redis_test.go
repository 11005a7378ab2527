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
	"linli/bot/bottest"
	"linli/bot/telegram/telegramtest"
	"linli/config"
	"linli/coord/coordtest"
	"linli/store"
)

// newFaultTgApp is newTgAppWith on a clock of the test's own.
func newFaultTgApp(t testing.TB, fake *telegramtest.Server, db string, cfg config.Config, now func() time.Time) *tgApp {
	t.Helper()
	cfg.Console.Enabled, cfg.Telegram.Enabled = false, true
	cfg.Telegram.Token, cfg.Telegram.APIServer = telegramtest.Token, fake.URL
	cfg.Telegram.PerChatInterval, cfg.Telegram.GroupPerMinute, cfg.Telegram.PerSecond = time.Millisecond, 0, 0
	cfg.Admins = []string{fmt.Sprint("telegram:", tgAdmin)}
	cfg.Database.DSN = db
	logs := &bottest.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a, err := New(context.Background(), cfg, Options{Log: log, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ta := &tgApp{app: a, tg: a.telegram(), logs: logs, stop: func() {}}
	t.Cleanup(func() { ta.stop(); a.close() })
	return ta
}

// TestFaultRedisStoppedAndRestartedUnderLoad runs two replicas on one
// SQLite file and one Redis while residents of a group book lunch, one
// message every 20 ms. Redis is killed (its data lost) for two seconds
// and started again. Every message is answered exactly once, a scheduled
// notice that fell due meanwhile goes out once, and the admins hear that
// Redis went away and came back.
func TestFaultRedisStoppedAndRestartedUnderLoad(t *testing.T) {
	server := coordtest.Start(t)
	fake := fakeAPI(t)
	db := filepath.Join(t.TempDir(), "linli.db")
	loc, _ := time.LoadLocation("Asia/Shanghai")
	clock := bottest.NewClock(time.Date(2026, 11, 24, 8, 0, 30, 0, loc))
	cfg := demoConfig()
	cfg.Redis = config.Redis{Addr: server.Addr, Failover: "1s", FailoverAfter: time.Second}
	cfg.Community = coordtest.Prefix(t)
	a := newFaultTgApp(t, fake, db, cfg, clock.Now)
	b := newFaultTgApp(t, fake, db, cfg, clock.Now)
	a.bind(t, tg8, "8号楼")
	ctx := context.Background()
	_, err := a.store.SetMenu(ctx, store.MenuInput{Date: "2026-11-25", Meal: "lunch", Price: 1500, ElderPrice: 1200,
		Cutoff: time.Date(2026, 11, 25, 9, 30, 0, 0, loc), Dishes: []store.Dish{{Name: "红烧肉"}}})
	if err != nil {
		t.Fatal(err)
	}
	author, err := a.store.TouchResident(ctx, bot.Telegram, fmt.Sprint(tgAdmin), "社区小王")
	if err == nil {
		_, err = a.store.ScheduleNotice(ctx, author.ID, []string{"8号楼"}, "明天上午9点到11点停水，请提前储水。",
			time.Date(2026, 11, 24, 8, 1, 0, 0, loc))
	}
	if err != nil {
		t.Fatal(err)
	}
	a.serve(t)
	b.serve(t)

	var ids []int
	push := func(n int) {
		for range n {
			i := len(ids)
			u := telegramtest.User{ID: int64(20001 + i), FirstName: fmt.Sprint("邻居", i+1)}
			id := telegramtest.NextMessageID()
			fake.Push(map[string]any{"message": telegramtest.MessageBody(tg8, u, id, "订餐 明天 午餐 1份")})
			ids = append(ids, id)
			time.Sleep(20 * time.Millisecond)
		}
	}
	push(50)
	server.Kill()
	downAt := time.Now()
	push(50) // while Redis is down: nobody polls, the updates wait at Telegram
	// cron would have fired at 08:01 and 08:02 meanwhile; the catch-up
	// when Redis is back must run the missed notices once, not twice
	clock.Set(time.Date(2026, 11, 24, 8, 2, 10, 0, loc))
	for _, r := range []*tgApp{a, b} {
		r.sched.RunDue(ctx, clock.Now()) // refused by both: Redis is down
	}
	if got := len(fake.SentTo(tg8.ID)); got > len(ids) {
		t.Errorf("the group got %d messages for %d bookings while Redis was down", got, len(ids))
	}
	server.Restart(t)
	t.Logf("redis down for %v", time.Since(downAt).Round(time.Millisecond))
	push(50)
	waitSettled(t, fake, a, b)
	waitFor(t, 10*time.Second, func() string { return "the notice never went out; logs:\n" + a.logs.String() + b.logs.String() },
		func() bool { return strings.Contains(strings.Join(fake.SentTo(tg8.ID), "\n"), "停水") })
	waitSettled(t, fake, a, b)
	// Each replica watches Redis on its own: the one that did not run the
	// notice may see Redis back a moment later.
	waitFor(t, 10*time.Second, func() string { return "a replica never saw Redis back; logs:\n" + a.logs.String() + b.logs.String() },
		func() bool { return containsLog(a, "redis reachable again") && containsLog(b, "redis reachable again") })
	waitSettled(t, fake, a, b)

	checkAnsweredOnce(t, fake.Sent(), ids)
	notices := 0
	for _, s := range fake.SentTo(tg8.ID) {
		if strings.Contains(s, "停水") {
			notices++
		}
	}
	if notices != 1 {
		t.Errorf("the scheduled notice reached the group %d times, want once", notices)
	}
	orders, err := a.store.Orders(ctx, store.OrderQuery{From: "2026-11-25", To: "2026-11-25"})
	if err != nil || len(orders) != len(ids) {
		t.Errorf("%d orders (%v) for %d residents who booked once each", len(orders), err, len(ids))
	}
	alerts := strings.Join(fake.SentTo(tgAdmin), "\n---\n")
	if strings.Count(alerts, "连不上 Redis") != 1 || strings.Count(alerts, "与 Redis 的连接恢复了") != 1 {
		t.Errorf("the admins were told:\n%s\nwant once that Redis went away and once that it came back, not once per replica", alerts)
	}
	if !containsLog(a, "redis unreachable") || !containsLog(b, "redis reachable again") {
		t.Error("a replica's log does not say Redis went away and came back")
	}
	t.Logf("%d bookings, %d orders, notice sent %d time(s), admin alerts:\n%s", len(ids), len(orders), notices, alerts)
}

// checkAnsweredOnce checks each message of ids got exactly one reply.
func checkAnsweredOnce(t *testing.T, sent []telegramtest.Sent, ids []int) {
	t.Helper()
	replies := map[int]int{}
	for _, m := range sent {
		if m.ReplyTo != 0 {
			replies[m.ReplyTo]++
		}
	}
	lost, twice := 0, 0
	for _, id := range ids {
		switch n := replies[id]; {
		case n == 0:
			lost++
		case n > 1:
			twice++
			t.Errorf("message %d answered %d times", id, n)
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d messages never answered", lost, len(ids))
	}
}
