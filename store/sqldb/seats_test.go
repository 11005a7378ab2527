package sqldb_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// The count of confirmed people an activity keeps is the sum of its
// confirmed parties after any mix of sign-ups, party changes and cancels
// made at once, on both databases, and never above the capacity: the count
// is what later sign-ups are admitted by.
func TestSeatCountMatchesSignupsUnderConcurrency(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		limited := newEvent(t, s, 12, eventNow.Add(72*time.Hour))
		open := newEvent(t, s, 0, eventNow.Add(72*time.Hour))
		rs := residents(t, s, 30)
		var wg sync.WaitGroup
		for i, r := range rs {
			wg.Go(func() {
				for _, e := range []store.Event{limited, open} {
					for k, party := range []int{i%3 + 1, i%2 + 1} {
						_, err := s.SignUp(ctx, store.SignupRequest{EventID: e.ID, ResidentID: r.ID, Party: party,
							Now: eventNow, NoPromotionWithin: window})
						if err != nil && !errors.Is(err, store.ErrFull) {
							t.Errorf("sign up %d (round %d): %v", i, k, err)
						}
					}
					if i%4 == 0 {
						if _, err := s.CancelSignup(ctx, e.ID, r.ID, eventNow, window); err != nil && !errors.Is(err, store.ErrNotFound) {
							t.Errorf("cancel %d: %v", i, err)
						}
					}
				}
			})
		}
		wg.Wait()
		for _, e := range []store.Event{limited, open} {
			got, err := s.Event(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			c, err := s.CountEvent(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.SeatsTaken != c.Taken {
				t.Errorf("activity of capacity %d keeps %d seats taken, its confirmed parties sum to %d", e.Capacity, got.SeatsTaken, c.Taken)
			}
			if e.Capacity > 0 && c.Taken > e.Capacity {
				t.Errorf("confirmed %d people for %d seats", c.Taken, e.Capacity)
			}
		}
	})
}
