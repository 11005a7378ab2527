package sqldb

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// TestOrderQueriesUseTheMenus checks with EXPLAIN QUERY PLAN, on a database
// with a history of orders, that 我的订餐 and the kitchen list find orders
// through their menus: walking every booked order by status took 150 ms at
// a million orders.
func TestOrderQueriesUseTheMenus(t *testing.T) {
	ctx := context.Background()
	s := planDB(t)
	if n, err := s.CountOrders(ctx); err != nil || n != 20000 {
		t.Fatalf("seeded %d orders (%v); want 20000", n, err)
	}
	// No ANALYZE: a community's database has no statistics, and without
	// them SQLite took the index on status alone.
	for name, build := range map[string]func(tx *gorm.DB) *gorm.DB{
		"我的订餐": func(tx *gorm.DB) *gorm.DB { return householdOrders(tx, 5, "2026-11-24") },
		"kitchen": func(tx *gorm.DB) *gorm.DB {
			return ordersQuery(tx, store.OrderQuery{From: "2026-11-25", To: "2026-11-25", Meal: "lunch", BookedOnly: true})
		},
		"export": func(tx *gorm.DB) *gorm.DB {
			return ordersQuery(tx, store.OrderQuery{From: "2026-11-01", To: "2026-11-30"})
		},
	} {
		sql := s.db.ToSQL(func(tx *gorm.DB) *gorm.DB {
			var lines []store.OrderLine
			return build(tx).Scan(&lines)
		})
		all := queryPlan(t, s, name, sql)
		if strings.Contains(all, "(status=?)") || strings.Contains(all, "SCAN o") {
			t.Errorf("%s walks the orders by status or in full:\n%s", name, all)
		}
		if name == "我的订餐" && !strings.Contains(all, "SEARCH o USING INDEX idx_order_resident (resident_id=?") {
			t.Errorf("我的订餐 does not find a household's orders by its accounts: it reads every order of the days ahead:\n%s", all)
		}
	}
}

// TestSignupsOfFindsThePersonsOwn checks that 我的报名 looks up the
// household's sign-ups of each open activity by their accounts, rather
// than reading every sign-up of every open activity (356 µs a call in the
// load run, with 300 sign-ups).
func TestSignupsOfFindsThePersonsOwn(t *testing.T) {
	s := planDB(t)
	sql := s.db.ToSQL(func(tx *gorm.DB) *gorm.DB {
		var ss []store.Signup
		return signupsOf(tx, 5, time.Now()).Find(&ss)
	})
	all := queryPlan(t, s, "我的报名", sql)
	if strings.Contains(all, "SEARCH signups USING INDEX idx_signup_queue (event_id=?)") || strings.Contains(all, "SCAN signups") {
		t.Errorf("我的报名 reads every sign-up of the open activities:\n%s", all)
	}
}

// TestMigrationReplacesTheStatusIndex checks that a database indexed the
// old way loses the index on status alone and gains (status, menu_id).
func TestMigrationReplacesTheStatusIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, "sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	// Make it look like a database from before step 50.
	s = reopenedAfter(t, s, path, "DROP INDEX idx_order_status_menu", "CREATE INDEX idx_meal_orders_status ON meal_orders (status)",
		"DELETE FROM schema_versions WHERE version = 50")
	var names []string
	if err := s.db.Raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'meal_orders' ORDER BY name").Scan(&names).Error; err != nil {
		t.Fatal(err)
	}
	got := strings.Join(names, ",")
	if strings.Contains(got, "idx_meal_orders_status") || !strings.Contains(got, "idx_order_status_menu") {
		t.Errorf("meal_orders indexes after migration: %s", got)
	}
}

// TestMigrationAddsThePendingHousehold checks that a database from before
// step 61 gains the household an account waits to join, and keeps its
// residents and their households.
func TestMigrationAddsThePendingHousehold(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, "sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.TouchResident(ctx, "wechat", "张阿姨", "张阿姨")
	if err == nil {
		_, err = s.Register(ctx, r.ID, "8号楼", "301", true)
	}
	if err != nil {
		t.Fatal(err)
	}
	s = reopenedAfter(t, s, path, "DROP INDEX idx_residents_pending_household_id",
		"ALTER TABLE residents DROP COLUMN pending_household_id", "DELETE FROM schema_versions WHERE version = 61")
	if !s.db.Migrator().HasColumn(&residentRow{}, "PendingHouseholdID") || !s.db.Migrator().HasIndex(&residentRow{}, "PendingHouseholdID") {
		t.Error("residents lack pending_household_id or its index after the migration")
	}
	if me, err := s.ResidentByID(ctx, r.ID); err != nil || me.Household == nil || me.Household.Room != "301" {
		t.Errorf("the resident after the migration: %+v, %v", me, err)
	}
}

// planDB is a SQLite store with a history of 20,000 orders of 100
// residents and no statistics (as a community's database has none), for
// checking query plans; closed when the test ends.
func planDB(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), "sqlite", filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	until := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	if err := s.SeedHistory(context.Background(), History{Platform: "console", Residents: 100, Orders: 20000, Until: until}); err != nil {
		t.Fatal(err)
	}
	return s
}

// queryPlan is SQLite's EXPLAIN QUERY PLAN of a statement, a step a line.
func queryPlan(t *testing.T, s *Store, name, sql string, args ...any) string {
	t.Helper()
	var plan []struct{ Detail string }
	if err := s.db.Raw("EXPLAIN QUERY PLAN "+sql, args...).Scan(&plan).Error; err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var text []string
	for _, p := range plan {
		text = append(text, p.Detail)
	}
	return strings.Join(text, "\n")
}

// reopenedAfter runs statements that make s look like an older database,
// closes it and opens path again, migrating it; the store opened is closed
// when the test ends.
func reopenedAfter(t *testing.T, s *Store, path string, statements ...string) *Store {
	t.Helper()
	for _, sql := range statements {
		if err := s.db.Exec(sql).Error; err != nil {
			t.Fatal(sql, err)
		}
	}
	s.Close()
	s, err := Open(context.Background(), "sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
