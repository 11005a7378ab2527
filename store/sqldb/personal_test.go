package sqldb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestEraseKeepsOnlyCounts: 注销 removes the name, the account's ids, the
// household and the roles; the order stays, counted, under no one. An order
// still to come is refused first.
func TestEraseKeepsOnlyCounts(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		lunch(t, s, 0)
		me := family(t, s, 1)[0]
		if _, err := s.Grant(ctx, me.ID, "building_head", "8号楼", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := book(t, s, me.ID, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Erase(ctx, me.ID, before); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("erase with an order to come = %v, want ErrConflict", err)
		}
		after := time.Date(2026, 11, 26, 8, 0, 0, 0, cst) // the lunch is past
		if _, err := s.Erase(ctx, me.ID, after); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Resident(ctx, "console", me.UserID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the account is still found by its platform id: %v", err)
		}
		r, _ := s.ResidentByID(ctx, me.ID)
		if r.Name != "" || r.HouseholdID != nil || r.Platform != sqldb.ErasedPlatform {
			t.Errorf("erased account still says %+v", r)
		}
		if roles, _ := s.RolesOf(ctx, me.ID); len(roles) != 0 {
			t.Errorf("erased account keeps roles %+v", roles)
		}
		lines, _ := s.Orders(ctx, store.OrderQuery{BookedOnly: true})
		if len(lines) != 1 || lines[0].Quantity != 2 || lines[0].Name != "" || lines[0].Room != "" {
			t.Errorf("orders after erasure: %+v; want the 2 portions, named by no one", lines)
		}
	})
}

// TestAnonymiseBefore: the retention job leaves recent records alone, takes
// the person off older ones, and blanks accounts not seen since.
func TestAnonymiseBefore(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		lunch(t, s, 0) // 2026-11-25
		fam := family(t, s, 2)
		book(t, s, fam[0].ID, 1)
		later := time.Date(2028, 12, 1, 0, 0, 0, 0, cst)
		s.Now = func() time.Time { return later }
		s.TouchResident(ctx, "console", fam[0].UserID, fam[0].Name) // still around
		if _, err := s.SetMenu(ctx, store.MenuInput{Date: "2028-12-02", Meal: "lunch", Price: 1500,
			Cutoff: time.Date(2028, 12, 2, 9, 30, 0, 0, cst), Dishes: []store.Dish{{Name: "面"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.BookMeal(ctx, store.BookInput{Date: "2028-12-02", Meal: "lunch", ResidentID: fam[0].ID, Quantity: 1, At: later}); err != nil {
			t.Fatal(err)
		}
		n, err := s.AnonymiseBefore(ctx, later.AddDate(-2, 0, 0))
		if err != nil || n != 1 {
			t.Fatalf("anonymise = %d, %v; want the one account not seen for two years blanked", n, err)
		}
		if r, _ := s.ResidentByID(ctx, fam[1].ID); r.Name != "" || r.HouseholdID != nil {
			t.Errorf("an account not seen for two years keeps %+v", r)
		}
		if r, _ := s.ResidentByID(ctx, fam[0].ID); r.Name == "" || r.HouseholdID == nil {
			t.Errorf("a current account was blanked: %+v", r)
		}
		lines, _ := s.Orders(ctx, store.OrderQuery{BookedOnly: true})
		for _, l := range lines {
			old := l.Date < "2027"
			if old && (l.ResidentID == fam[0].ID || l.Name != "") || !old && l.ResidentID != fam[0].ID {
				t.Errorf("order %+v after the retention run", l)
			}
		}
		if len(lines) != 2 {
			t.Errorf("%d orders after the run, want both kept", len(lines))
		}
	})
}
