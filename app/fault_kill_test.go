package app

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/bot/telegram/telegramtest"
)

// TestFaultKillDuringBookingBurst kills `linli run` with SIGKILL while a
// hundred residents book a lunch limited to sixty portions, then starts it
// again on the same database. Telegram keeps every update the bot had not
// confirmed and sends it again; the outbox keeps every reply not sent.
// Afterwards every booking the bot confirmed is in the database once,
// nobody has two orders, the booked count is the orders' sum within the
// capacity, and every resident was answered.
func TestFaultKillDuringBookingBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the linli binary")
	}
	const residents, capacity, killAfter = 100, 60, 25
	linliBinary(t) // the build is not part of the run
	fake := fakeAPI(t)
	dir := t.TempDir()
	dsn := filepath.Join(dir, "linli.db")
	date := seedLunch(t, dsn, capacity)
	conf := faultConfig(t, fake, dir, dsn)
	logFile := filepath.Join(dir, "linli.log")

	start := time.Now()
	first := startLinli(t, conf, logFile)
	pushed := make(chan int, residents)
	go func() {
		defer close(pushed)
		for i := range residents {
			u := telegramtest.User{ID: int64(10001 + i), FirstName: fmt.Sprint("居民", i+1)}
			fake.Push(telegramtest.Message(telegramtest.Chat{ID: u.ID, Type: "private"}, u, "订餐 明天 午餐 1份"))
			pushed <- i + 1
			time.Sleep(10 * time.Millisecond)
		}
	}()
	waitFor(t, 60*time.Second, func() string { return "the first replies never came; log:\n" + first.logText() },
		func() bool { return len(fake.Sent()) >= killAfter })
	first.kill()
	atKill := len(fake.Sent())
	pushedAtKill := len(pushed)
	for range pushed { // the residents go on writing while the bot is down
	}
	ordersAtKill, _, _ := lunchState(t, dsn, date)
	t.Logf("killed after %d replies sent, %d of %d updates pushed, %d orders recorded, %d replies unsent, %d updates unconfirmed",
		atKill, pushedAtKill, residents, len(ordersAtKill), unsentOutbox(t, dsn), fake.Pending())

	second := startLinli(t, conf, logFile)
	waitFor(t, 60*time.Second, func() string {
		return fmt.Sprintf("%d updates unconfirmed, %d replies unsent after the restart; log:\n%s",
			fake.Pending(), unsentOutbox(t, dsn), second.logText())
	}, func() bool { return fake.Pending() == 0 && unsentOutbox(t, dsn) == 0 })
	second.stop(t)
	t.Logf("recovered %v after the start", time.Since(start).Round(time.Millisecond))

	checkBookingsAfterCrash(t, fake.Sent(), dsn, date, residents)
}

// checkBookingsAfterCrash compares what residents were told with what the
// database holds.
func checkBookingsAfterCrash(t *testing.T, sent []telegramtest.Sent, dsn, date string, residents int) {
	t.Helper()
	orders, booked, capacity := lunchState(t, dsn, date)
	byUser := map[string][]lunchOrder{}
	sum := 0
	for _, o := range orders {
		byUser[o.UserID] = append(byUser[o.UserID], o)
		if o.Status == "booked" {
			sum += o.Quantity
		}
	}
	for user, os := range byUser {
		if len(os) != 1 || os[0].Quantity != 1 {
			t.Errorf("resident %s has orders %+v, want one of 1份", user, os)
		}
	}
	if booked != sum || capacity > 0 && booked > capacity {
		t.Errorf("menu says %d booked of %d, the orders sum to %d", booked, capacity, sum)
	}
	confirmed := confirmations(sent)
	for chat, ids := range confirmed {
		mine := byUser[fmt.Sprint(chat)]
		for _, id := range ids {
			if len(mine) != 1 || mine[0].ID != id || mine[0].Status != "booked" {
				t.Errorf("resident %d was told order D%d is booked; the database has %+v", chat, id, mine)
			}
		}
	}
	told := answered(sent)
	full, repeats, again := 0, 0, 0
	for i := range residents {
		chat := int64(10001 + i)
		texts := told[chat]
		switch {
		case len(texts) == 0:
			t.Errorf("resident %d was never answered", chat)
			continue
		case len(texts) > 1:
			repeats++
			t.Logf("resident %d was answered %d times: %q", chat, len(texts), texts)
		}
		last := texts[len(texts)-1]
		switch {
		case strings.HasPrefix(last, "已为您预订"):
		case strings.HasPrefix(last, "您已经订了"):
			again++
		case strings.Contains(last, "已经订满了"):
			full++
		default:
			t.Errorf("resident %d was told %q", chat, last)
		}
		toldBooked := false
		for _, s := range texts {
			toldBooked = toldBooked || strings.HasPrefix(s, "已为您预订") || strings.HasPrefix(s, "您已经订了")
		}
		if _, booked := byUser[fmt.Sprint(chat)]; booked != toldBooked {
			t.Errorf("resident %d: an order in the database: %v; but was told %q", chat, booked, texts)
		}
	}
	t.Logf("%d orders (%d portions of %d), %d residents confirmed, %d told it was full, %d told 已经订了 after a redelivery, %d answered more than once",
		len(orders), sum, capacity, len(confirmed), full, again, repeats)
}
