package sqldb_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestHintDueOnceAWeek: a hint is due the first time, not again within the
// week, again after it; each person and kind on their own.
func TestHintDueOnceAWeek(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		week := 7 * 24 * time.Hour
		a, _ := s.TouchResident(ctx, "console", "甲", "甲")
		b, _ := s.TouchResident(ctx, "console", "乙", "乙")
		for _, c := range []struct {
			who  uint
			kind string
			at   time.Time
			want bool
		}{
			{a.ID, "register", before, true},
			{a.ID, "register", before.Add(time.Hour), false},
			{b.ID, "register", before.Add(time.Hour), true},
			{a.ID, "other", before.Add(time.Hour), true},
			{a.ID, "register", before.Add(week - time.Minute), false},
			{a.ID, "register", before.Add(week), true},
			{a.ID, "register", before.Add(week + time.Hour), false},
		} {
			got, err := s.HintDue(ctx, c.who, c.kind, c.at, week)
			if err != nil || got != c.want {
				t.Fatalf("HintDue(%d, %s, %v) = %v, %v; want %v", c.who, c.kind, c.at, got, err, c.want)
			}
		}
	})
}

// TestHintDueRace: many replicas asking at once give the hint once.
func TestHintDueRace(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		r, _ := s.TouchResident(ctx, "console", "丙", "丙")
		var yes atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if ok, err := s.HintDue(ctx, r.ID, "register", before, time.Hour); err != nil {
					t.Error(err)
				} else if ok {
					yes.Add(1)
				}
			}()
		}
		wg.Wait()
		if yes.Load() != 1 {
			t.Fatalf("hint given %d times, want 1", yes.Load())
		}
	})
}

// TestBookAgainAddsAndKeepsWhoActed: Add puts the quantity on top of what
// is booked (再订一份); ActedBy records who booked for the household and a
// booking of the person's own clears it.
func TestBookAgainAddsAndKeepsWhoActed(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		lunch(t, s, 0)
		r, _ := s.TouchResident(ctx, "console", "王奶奶", "王奶奶")
		liaison, _ := s.TouchResident(ctx, "console", "小周", "小周")
		in := store.BookInput{Date: "2026-11-25", Meal: "lunch", ResidentID: r.ID, Quantity: 2, At: before, ActedBy: liaison.ID}
		b, err := s.BookMeal(ctx, in)
		if err != nil || b.Order.Quantity != 2 || b.Order.ActedByID == nil || *b.Order.ActedByID != liaison.ID {
			t.Fatalf("first booking: %+v, %v", b.Order, err)
		}
		in.Quantity, in.Add, in.ActedBy = 1, true, 0
		b, err = s.BookMeal(ctx, in)
		if err != nil || b.Order.Quantity != 3 || b.Before != 2 || b.Order.ActedByID != nil {
			t.Fatalf("again: %+v before %d, %v", b.Order, b.Before, err)
		}
		m, _ := s.MenuOf(ctx, "2026-11-25", "lunch")
		if m.Booked != 3 {
			t.Fatalf("menu booked %d, want 3", m.Booked)
		}
	})
}
