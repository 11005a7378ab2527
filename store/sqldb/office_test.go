package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestLoginLinkOpensOneSession races many browsers with one link: exactly
// one gets a session, and the link is dead afterwards.
func TestLoginLinkOpensOneSession(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		r, _ := s.TouchResident(ctx, "console", "社区小王", "社区小王")
		now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
		if err := s.IssueLogin(ctx, "login-1", r.ID, now.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		var won atomic.Int32
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Go(func() {
				ws, err := s.OpenSession(ctx, "login-1", fmt.Sprintf("session-%d", i), "127.0.0.1", now.Add(time.Minute))
				switch {
				case err == nil:
					won.Add(1)
					if ws.ResidentID != r.ID {
						t.Errorf("session of %d, want %d", ws.ResidentID, r.ID)
					}
				case !errors.Is(err, store.ErrNotFound):
					t.Errorf("open: %v", err)
				}
			})
		}
		wg.Wait()
		if won.Load() != 1 {
			t.Fatalf("%d sessions from one link, want 1", won.Load())
		}
	})
}

func TestLoginLinkExpires(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	r, _ := s.TouchResident(ctx, "console", "李师傅", "李师傅")
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	s.IssueLogin(ctx, "late", r.ID, now.Add(10*time.Minute))
	if _, err := s.OpenSession(ctx, "late", "s", "", now.Add(10*time.Minute)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("link opened at its expiry: %v", err)
	}
	if _, err := s.OpenSession(ctx, "never-issued", "s", "", now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown link: %v", err)
	}
}

func TestSessionIdlesOutAndEnds(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	r, _ := s.TouchResident(ctx, "console", "李师傅", "李师傅")
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	s.IssueLogin(ctx, "l", r.ID, t0.Add(10*time.Minute))
	if _, err := s.OpenSession(ctx, "l", "sess", "1.2.3.4", t0); err != nil {
		t.Fatal(err)
	}
	idle, old := 30*time.Minute, 12*time.Hour
	at := func(t1 time.Time) error {
		_, err := s.Session(ctx, "sess", t1, t1.Add(-idle), t1.Add(-old))
		return err
	}
	// Seen every 20 minutes, it lives on; its idle clock restarts each time.
	for i := 1; i <= 3; i++ {
		if err := at(t0.Add(time.Duration(i) * 20 * time.Minute)); err != nil {
			t.Fatalf("seen after %d×20 min: %v", i, err)
		}
	}
	if err := at(t0.Add(60*time.Minute + idle)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("idle 30 minutes: %v, want ErrNotFound", err)
	}
	s.IssueLogin(ctx, "l2", r.ID, t0.Add(10*time.Minute))
	s.OpenSession(ctx, "l2", "sess2", "", t0)
	s.EndSession(ctx, "sess2", t0.Add(time.Minute))
	if _, err := s.Session(ctx, "sess2", t0.Add(2*time.Minute), t0, t0.Add(-old)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ended session: %v", err)
	}
	// A day later both links and both sessions are gone; a fresh one stays.
	s.IssueLogin(ctx, "fresh", r.ID, t0.Add(25*time.Hour))
	if n, err := s.ForgetLogins(ctx, t0.Add(24*time.Hour)); err != nil || n != 4 {
		t.Fatalf("forgot %d, %v; want 2 links and 2 sessions", n, err)
	}
	if _, err := s.OpenSession(ctx, "fresh", "sess3", "", t0.Add(24*time.Hour)); err != nil {
		t.Fatalf("the fresh link: %v", err)
	}
}

// TestPickUpOnce: two counters ticking one order change it once; a
// cancelled order cannot be ticked; the tick shows in the order lists.
func TestPickUpOnce(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		lunch(t, s, 0)
		r, _ := s.TouchResident(ctx, "console", "李大爷", "李大爷")
		b, err := book(t, s, r.ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 11, 25, 11, 30, 0, 0, time.UTC)
		var changed atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				line, ch, err := s.PickUp(ctx, b.Order.ID, &at)
				if err != nil || line.PickedUpAt == nil {
					t.Errorf("pick up: %+v %v", line, err)
				}
				if ch {
					changed.Add(1)
				}
			})
		}
		wg.Wait()
		if changed.Load() != 1 {
			t.Fatalf("%d changes, want 1", changed.Load())
		}
		lines, _ := s.Orders(ctx, store.OrderQuery{From: "2026-11-25", To: "2026-11-25"})
		if len(lines) != 1 || lines[0].PickedUpAt == nil || !lines[0].PickedUpAt.Equal(at) {
			t.Fatalf("orders after the tick: %+v", lines)
		}
		if _, ch, err := s.PickUp(ctx, b.Order.ID, nil); err != nil || !ch {
			t.Fatalf("untick: %v %v", ch, err)
		}
		if _, _, err := s.PickUp(ctx, b.Order.ID+100, &at); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("tick of no order: %v", err)
		}
	})
}

func TestAuditLogNewestFirst(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for i, a := range []string{"已取", "设置楼组长", "停餐"} {
		if err := s.Audit(ctx, store.AuditEntry{At: t0.Add(time.Duration(i) * time.Minute), ResidentID: 1, Who: "社区小王",
			Action: a, Via: "web", From: "127.0.0.1"}); err != nil {
			t.Fatal(err)
		}
	}
	log, err := s.AuditLog(ctx, 2)
	if err != nil || len(log) != 2 || log[0].Action != "停餐" || log[1].Action != "设置楼组长" || log[0].Who != "社区小王" {
		t.Fatalf("audit log = %+v, %v", log, err)
	}
}

// TestSettlementInTheDatabase: the database's sums are Settle's over the
// same orders, on SQLite and PostgreSQL.
func TestSettlementInTheDatabase(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		lunch(t, s, 0)
		for i, p := range []struct {
			name, building, room string
			elder, worker        bool
			qty                  int
		}{
			{"张阿姨", "1号楼", "101", true, false, 2}, {"李叔", "8号楼", "301", false, false, 3},
			{"小刘", "", "", false, true, 1}, {"王伯", "8号楼", "502", true, false, 1}, {"赵姐", "8号楼", "502", false, false, 1},
		} {
			r, _ := s.TouchResident(ctx, "console", p.name, p.name)
			if p.building != "" {
				if _, err := s.Register(ctx, r.ID, p.building, p.room, true); err != nil {
					t.Fatal(err)
				}
			}
			b, err := s.BookMeal(ctx, store.BookInput{Date: "2026-11-25", Meal: "lunch", ResidentID: r.ID, Quantity: p.qty,
				Elder: p.elder, Worker: p.worker, At: before})
			if err != nil {
				t.Fatal(err)
			}
			if i == 4 {
				s.CancelMeal(ctx, b.Order.ID, r.ID, before)
			}
		}
		got, err := s.Settlement(ctx, "2026-11-01", "2026-11-30")
		if err != nil {
			t.Fatal(err)
		}
		orders, _ := s.Orders(ctx, store.OrderQuery{From: "2026-11-01", To: "2026-11-30"})
		want := store.Settle(orders)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("database settlement\n%+v\nwant Settle's\n%+v", got, want)
		}
		if got.Total.Portions != 7 || len(got.People) != 3 || got.Total.Subsidy() != 3*300+510 {
			t.Fatalf("settlement = %+v", got)
		}
		if empty, err := s.Settlement(ctx, "2026-10-01", "2026-10-31"); err != nil || empty.Total.Portions != 0 {
			t.Fatalf("an empty month: %+v %v", empty, err)
		}
	})
}
