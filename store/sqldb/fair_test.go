package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// family makes n accounts of one household (8号楼 301).
func family(t *testing.T, s *sqldb.Store, n int) []store.Resident {
	t.Helper()
	ctx := context.Background()
	rs := make([]store.Resident, n)
	for i := range rs {
		r, err := s.TouchResident(ctx, "console", fmt.Sprint("家人", i), fmt.Sprint("家人", i))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Register(ctx, r.ID, "8号楼", "301", true); err != nil {
			t.Fatal(err)
		}
		rs[i] = r
	}
	return rs
}

func bookCapped(s *sqldb.Store, who uint, qty, most int) (store.Booking, error) {
	return s.BookMeal(context.Background(), store.BookInput{Date: "2026-11-25", Meal: "lunch",
		ResidentID: who, Quantity: qty, At: before, HouseholdMost: most})
}

// TestHouseholdCapOnLimitedMeal: two accounts of one household against
// 限量 10 with a cap of 5 a household: together they get 5, the refusal
// says what the household has, and lowering a booking is always allowed.
func TestHouseholdCapOnLimitedMeal(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		lunch(t, s, 10)
		fam := family(t, s, 2)
		if _, err := bookCapped(s, fam[0].ID, 3, 5); err != nil {
			t.Fatal(err)
		}
		b, err := bookCapped(s, fam[1].ID, 3, 5)
		if !errors.Is(err, store.ErrHouseholdLimit) || b.Household != 3 {
			t.Fatalf("second account's 3 more = %v (household %d); want ErrHouseholdLimit, household 3", err, b.Household)
		}
		if _, err := bookCapped(s, fam[1].ID, 2, 5); err != nil {
			t.Fatalf("up to the cap: %v", err)
		}
		if _, err := bookCapped(s, fam[0].ID, 4, 5); !errors.Is(err, store.ErrHouseholdLimit) {
			t.Errorf("raising one account past the cap = %v, want ErrHouseholdLimit", err)
		}
		if _, err := bookCapped(s, fam[0].ID, 1, 5); err != nil {
			t.Errorf("lowering a booking: %v", err)
		}
		m, _ := s.MenuOf(context.Background(), "2026-11-25", "lunch")
		if m.Booked != 3 {
			t.Errorf("menu booked %d, want 3", m.Booked)
		}
		// Someone on their own is capped too; an unlimited meal is not.
		alone, _ := s.TouchResident(context.Background(), "console", "独居", "独居")
		if _, err := bookCapped(s, alone.ID, 6, 5); !errors.Is(err, store.ErrHouseholdLimit) {
			t.Errorf("6 portions alone = %v, want ErrHouseholdLimit", err)
		}
	})
}

// TestHouseholdCapUnderConcurrency: six accounts of one household each ask
// for 2 portions of 限量 10 at once, fifty times over on fresh menus: the
// household never holds more than 5.
func TestHouseholdCapUnderConcurrency(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		fam := family(t, s, 6)
		for round := range 20 {
			date := time.Date(2026, 12, 1, 0, 0, 0, 0, cst).AddDate(0, 0, round).Format("2006-01-02")
			if _, err := s.SetMenu(ctx, store.MenuInput{Date: date, Meal: "lunch", Price: 1500, Capacity: 10,
				Cutoff: time.Date(2027, 1, 1, 9, 30, 0, 0, cst), Dishes: []store.Dish{{Name: "面"}}}); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			for _, r := range fam {
				wg.Go(func() {
					_, err := s.BookMeal(ctx, store.BookInput{Date: date, Meal: "lunch", ResidentID: r.ID,
						Quantity: 2, At: before, HouseholdMost: 5})
					if err != nil && !errors.Is(err, store.ErrHouseholdLimit) {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			m, _ := s.MenuOf(ctx, date, "lunch")
			if m.Booked > 5 {
				t.Fatalf("round %d: the household holds %d portions of 10, cap 5", round, m.Booked)
			}
		}
	})
}

// TestHouseholdCapOnActivity: the accounts of one household, signing up at
// once for an activity of 10 seats with a cap of 5 people a household,
// confirmed or waiting, never hold more than 5 between them; a party that
// does not grow is never refused.
func TestHouseholdCapOnActivity(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		fam := family(t, s, 6)
		for round := range 10 {
			e := newEvent(t, s, 10, eventNow.Add(time.Duration(72+round)*time.Hour))
			var wg sync.WaitGroup
			for _, r := range fam {
				wg.Go(func() {
					_, err := s.SignUp(ctx, store.SignupRequest{EventID: e.ID, ResidentID: r.ID, Party: 2,
						Now: eventNow, NoPromotionWithin: window, HouseholdMost: 5})
					if err != nil && !errors.Is(err, store.ErrHouseholdLimit) {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			people := 0
			sus, _ := s.Signups(ctx, e.ID)
			for _, su := range sus {
				if su.Status != store.SignupCancelled {
					people += su.Party
				}
			}
			if people > 5 || people < 4 {
				t.Fatalf("round %d: the household has %d people signed up, cap 5", round, people)
			}
		}
		e := newEvent(t, s, 10, eventNow.Add(100*time.Hour))
		req := store.SignupRequest{EventID: e.ID, ResidentID: fam[0].ID, Party: 3, Now: eventNow, NoPromotionWithin: window, HouseholdMost: 5}
		if _, err := s.SignUp(ctx, req); err != nil {
			t.Fatal(err)
		}
		req.ResidentID, req.Party = fam[1].ID, 3
		res, err := s.SignUp(ctx, req)
		if !errors.Is(err, store.ErrHouseholdLimit) || res.Household != 3 {
			t.Errorf("3 more = %v, household %d; want ErrHouseholdLimit, 3", err, res.Household)
		}
		req.ResidentID, req.Party = fam[0].ID, 3
		if _, err := s.SignUp(ctx, req); err != nil {
			t.Errorf("the same party again: %v", err)
		}
	})
}
