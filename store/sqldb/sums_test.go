package sqldb_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestPeriodSumsMatchTheOrders: the 月报 settlement and the 图表 bookings
// per building, summed per account in the database, are what the orders
// themselves add up to — with menus published out of date order (so the
// ids of a month's menus enclose menus of other months), an account that
// booked at two tiers in the month, a menu whose price changed after it
// was booked, a cancelled order and an account with no household.
func TestPeriodSumsMatchTheOrders(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		now := time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		worker := int64(800)
		menu := func(date, meal string, price int64) {
			t.Helper()
			if _, err := s.SetMenu(ctx, store.MenuInput{Date: date, Meal: meal, Price: price, ElderPrice: 1200,
				WorkerPrice: &worker, Cutoff: now.Add(90 * 24 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		// Published out of order: November's ids enclose December's and
		// October's menus.
		for _, m := range []struct{ date, meal string }{{"2026-11-10", "lunch"}, {"2026-12-01", "lunch"}, {"2026-11-05", "dinner"},
			{"2026-10-31", "lunch"}, {"2026-11-20", "lunch"}, {"2026-11-20", "dinner"}, {"2026-12-02", "lunch"}} {
			menu(m.date, m.meal, 1500)
		}
		type who struct {
			name, building, room string
		}
		var people []store.Resident
		for _, p := range []who{{"张阿姨", "1号楼", "101"}, {"李叔", "8号楼", "301"}, {"小刘", "", ""}, {"王伯", "8号楼", "502"}, {"赵姐", "10号楼", "502"}} {
			r, _ := s.TouchResident(ctx, "console", p.name, p.name)
			if p.building != "" {
				if _, err := s.Register(ctx, r.ID, p.building, p.room, true); err != nil {
					t.Fatal(err)
				}
			}
			people = append(people, r)
		}
		book := func(date, meal string, r store.Resident, qty int, elder, worker bool) store.Booking {
			t.Helper()
			b, err := s.BookMeal(ctx, store.BookInput{Date: date, Meal: meal, ResidentID: r.ID, Quantity: qty, Elder: elder, Worker: worker, At: now})
			if err != nil {
				t.Fatalf("%s books %s %s: %v", r.Name, date, meal, err)
			}
			return b
		}
		for i, d := range []struct{ date, meal string }{{"2026-11-10", "lunch"}, {"2026-12-01", "lunch"}, {"2026-11-05", "dinner"},
			{"2026-10-31", "lunch"}, {"2026-11-20", "lunch"}, {"2026-11-20", "dinner"}, {"2026-12-02", "lunch"}} {
			book(d.date, d.meal, people[0], 1+i%2, true, false)         // 助老价 all along
			book(d.date, d.meal, people[1], 2, i == 2 || i == 4, false) // two tiers in November
			book(d.date, d.meal, people[2], 1, false, true)             // 爱心餐, no household
			book(d.date, d.meal, people[3], 1, false, i%3 == 0)         // standard and worker
			if b := book(d.date, d.meal, people[4], 3, false, false); i == 4 {
				if _, err := s.CancelMeal(ctx, b.Order.ID, people[4].ID, now); err != nil {
					t.Fatal(err)
				}
			}
		}
		menu("2026-11-10", "lunch", 1800) // the price changes after the bookings
		menu("2026-11-20", "dinner", 1600)
		// November's menus enclose others; 10-31 is one menu, 11-20 two of
		// their own at two prices, 11-22 none.
		for _, period := range [][2]string{{"2026-11-01", "2026-11-30"}, {"2026-12-01", "2026-12-31"}, {"2026-10-01", "2026-10-31"},
			{"2026-10-31", "2026-11-10"}, {"2026-11-20", "2026-11-22"}, {"2027-01-01", "2027-01-31"}} {
			from, to := period[0], period[1]
			orders, err := s.Orders(ctx, store.OrderQuery{From: from, To: to})
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Settlement(ctx, from, to)
			if err != nil {
				t.Fatal(err)
			}
			if want := store.Settle(orders); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s..%s: database settlement\n%+v\nwant Settle's\n%+v", from, to, got, want)
			}
			parts, err := s.Participation(ctx, from, to, now, now)
			if err != nil {
				t.Fatal(err)
			}
			bookings := map[string]int{}
			for _, o := range orders {
				if o.Status == store.OrderBooked {
					bookings[o.Building]++
				}
			}
			for _, p := range parts {
				if p.Bookings != bookings[p.Building] {
					t.Errorf("%s..%s: %q has %d bookings, want %d", from, to, p.Building, p.Bookings, bookings[p.Building])
				}
				delete(bookings, p.Building)
			}
			if len(bookings) > 0 {
				t.Errorf("%s..%s: buildings with bookings missing: %v", from, to, bookings)
			}
		}
	})
}

// TestPickupListIsTheDaysBookedOrders: the counter's list has the day's
// booked orders (not the cancelled ones, nor another day's) with what
// Orders says of them, picked up or not, with or without a household.
func TestPickupListIsTheDaysBookedOrders(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		for _, m := range []struct{ date, meal string }{{"2026-11-24", "lunch"}, {"2026-11-24", "dinner"}, {"2026-11-25", "lunch"}} {
			if _, err := s.SetMenu(ctx, store.MenuInput{Date: m.date, Meal: m.meal, Price: 1500, ElderPrice: 1200, Cutoff: now.Add(48 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		for i, name := range []string{"张阿姨", "李叔", "小刘", "王伯"} {
			r, _ := s.TouchResident(ctx, "console", name, name)
			if i != 2 {
				if _, err := s.Register(ctx, r.ID, fmt.Sprintf("%d号楼", 8+i), fmt.Sprint(301+i), true); err != nil {
					t.Fatal(err)
				}
			}
			for _, m := range []struct{ date, meal string }{{"2026-11-24", "lunch"}, {"2026-11-24", "dinner"}, {"2026-11-25", "lunch"}} {
				b, err := s.BookMeal(ctx, store.BookInput{Date: m.date, Meal: m.meal, ResidentID: r.ID, Quantity: 1 + i%2, Elder: i == 0, At: now})
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case i == 1 && m.meal == "dinner":
					s.CancelMeal(ctx, b.Order.ID, r.ID, now)
				case i == 3:
					at := now.Add(time.Hour)
					if _, _, err := s.PickUp(ctx, b.Order.ID, &at); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		got, err := s.PickupList(ctx, "2026-11-24")
		if err != nil {
			t.Fatal(err)
		}
		orders, _ := s.Orders(ctx, store.OrderQuery{From: "2026-11-24", To: "2026-11-24", BookedOnly: true})
		if len(got) != 7 || len(orders) != 7 {
			t.Fatalf("pick-up list of %d orders, Orders %d; want 7", len(got), len(orders))
		}
		byID := func(a, b store.OrderLine) int { return cmp.Compare(a.ID, b.ID) }
		slices.SortFunc(got, byID)
		slices.SortFunc(orders, byID)
		for i, o := range orders {
			want := store.OrderLine{ID: o.ID, MenuID: o.MenuID, Quantity: o.Quantity, Tier: o.Tier, UnitPrice: o.UnitPrice,
				Name: o.Name, Building: o.Building, Room: o.Room}
			if (got[i].PickedUpAt == nil) != (o.PickedUpAt == nil) || o.PickedUpAt != nil && !got[i].PickedUpAt.Equal(*o.PickedUpAt) {
				t.Errorf("order %d picked up at %v, want %v", o.ID, got[i].PickedUpAt, o.PickedUpAt)
			}
			got[i].PickedUpAt = nil
			if got[i] != want {
				t.Errorf("pick-up line %+v, want %+v", got[i], want)
			}
		}
	})
}
