package app

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"linli/bot/telegram/telegramtest"
)

// holdExclusive takes SQLite's exclusive lock on the database file from a
// connection of its own, as a backup tool or a stray sqlite3 shell would,
// and returns the function that lets it go.
func holdExclusive(t testing.TB, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_txlock=exclusive&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		db.Close()
		t.Fatalf("BEGIN EXCLUSIVE: %v", err)
	}
	released := false
	release = func() {
		if !released {
			released = true
			tx.Rollback()
			db.Close()
		}
	}
	t.Cleanup(release)
	return release
}

// pushBookings has n residents (ids from first) book tomorrow's lunch in
// their private chats.
func pushBookings(fake *telegramtest.Server, first int64, n int) []int64 {
	var chats []int64
	for i := range n {
		u := telegramtest.User{ID: first + int64(i), FirstName: fmt.Sprint("居民", i+1)}
		fake.Push(telegramtest.Message(telegramtest.Chat{ID: u.ID, Type: "private"}, u, "订餐 明天 午餐 1份"))
		chats = append(chats, u.ID)
	}
	return chats
}

// A lock shorter than the busy timeout only delays: every booking made
// while it is held waits, then is recorded once and confirmed.
func TestFaultDatabaseBrieflyLocked(t *testing.T) {
	fake := fakeAPI(t)
	path := filepath.Join(t.TempDir(), "linli.db")
	date := seedLunch(t, path, 0)
	ta := newFaultTgApp(t, fake, path, demoConfig(), nil)
	ta.serve(t)
	release := holdExclusive(t, path)
	start := time.Now()
	chats := pushBookings(fake, 30001, 20)
	time.Sleep(1500 * time.Millisecond) // the lock outlives the bookings' arrival
	if n := len(fake.Sent()); n > 0 {
		t.Errorf("%d replies went out while the database was locked; want them waiting", n)
	}
	release()
	ta.settle(t, fake)
	t.Logf("20 bookings during a 1.5 s lock answered %v after they arrived", time.Since(start).Round(time.Millisecond))

	orders, booked, _ := lunchState(t, path, date)
	if len(orders) != len(chats) || booked != len(chats) {
		t.Errorf("%d orders, %d booked, for %d residents", len(orders), booked, len(chats))
	}
	confirmed := confirmations(fake.Sent())
	told := answered(fake.Sent())
	for _, c := range chats {
		if len(confirmed[c]) != 1 || len(told[c]) != 1 {
			t.Errorf("resident %d was told %q; want one confirmation", c, told[c])
		}
	}
	checkBookingsAfterCrash(t, fake.Sent(), path, date, 0)
}

var apologyRe = regexp.MustCompile(`^抱歉，系统出了点问题，没有办成，请稍后再试。\n如需帮助请把编号 E[0-9A-F]{5} 告诉社区工作人员。$`)

// A lock longer than the busy timeout (50 ms here) makes the booking
// fail: the resident gets the short apology with a reference, never
// silence, and nothing is half-written. Once the lock is gone, booking
// works again.
func TestFaultDatabaseLockedPastTheBusyTimeout(t *testing.T) {
	fake := fakeAPI(t)
	path := filepath.Join(t.TempDir(), "linli.db")
	date := seedLunch(t, path, 0)
	ta := newFaultTgApp(t, fake, path+"?_busy_timeout=50", demoConfig(), nil)
	ta.serve(t)
	release := holdExclusive(t, path)
	chats := pushBookings(fake, 31001, 10)
	waitFor(t, 10*time.Second, func() string {
		return fmt.Sprintf("%d of %d answered while locked; log:\n%s", len(fake.Sent()), len(chats), ta.logs.String())
	}, func() bool { return len(fake.Sent()) >= len(chats) && fake.Pending() == 0 })
	release()
	ta.settle(t, fake)

	told := answered(fake.Sent())
	for _, c := range chats {
		if len(told[c]) != 1 || !apologyRe.MatchString(told[c][0]) {
			t.Errorf("resident %d was told %q; want one apology with a reference", c, told[c])
		}
	}
	if orders, booked, _ := lunchState(t, path, date); len(orders) != 0 || booked != 0 {
		t.Errorf("failed bookings left %d orders, %d booked: half-written", len(orders), booked)
	}
	if !strings.Contains(ta.logs.String(), "database is locked") {
		t.Error("the log does not say the database was locked")
	}

	again := pushBookings(fake, 31001, 1)
	ta.settle(t, fake)
	if got := answered(fake.Sent())[again[0]]; len(got) != 2 || !strings.HasPrefix(got[1], "已为您预订") {
		t.Errorf("booking again after the lock: %q", got)
	}
	if orders, booked, _ := lunchState(t, path, date); len(orders) != 1 || booked != 1 {
		t.Errorf("after booking again: %d orders, %d booked", len(orders), booked)
	}
}
