package sqldb

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPeriodSumsReadAccountsInIndexOrder checks with EXPLAIN QUERY PLAN,
// on a database with a history of orders and no statistics, that the
// 月报 settlement and the 图表 bookings read each account's orders from
// idx_order_resident alone, grouped as they come: sorting a month's
// 120,000 orders into groups (a temporary b-tree) was most of their cost.
// The counter's pick-up list finds a day's orders through their menus.
func TestPeriodSumsReadAccountsInIndexOrder(t *testing.T) {
	s := planDB(t)
	span, err := menuSpanOf(s.db, "2026-10-01", "2026-10-31")
	if err != nil || span.menus != 62 {
		t.Fatalf("October's menus: %+v, %v", span, err)
	}
	type query struct {
		sql  string
		args []any
	}
	queries := map[string]query{}
	for _, name := range []string{" one price", "", " checked"} {
		span.exact, span.price = name != " checked", map[bool]int64{true: 1500}[name == " one price"]
		sql, args := settlementQuery(span, "2026-10-01", "2026-10-31")
		queries["settlement"+name] = query{sql, args}
		sql, args = bookingsQuery(span, "2026-10-01", "2026-10-31")
		queries["bookings"+name] = query{sql, args}
	}
	queries["pick-up list"] = query{pickupSQL, []any{"2026-10-31", "booked"}}
	for name, q := range queries {
		all := queryPlan(t, s, name, q.sql, q.args...)
		if name == "pick-up list" {
			if !strings.Contains(all, "idx_order_status_menu (status=? AND menu_id=?)") || strings.Contains(all, "SCAN o") {
				t.Errorf("%s does not find the orders through their menus:\n%s", name, all)
			}
			continue
		}
		if !strings.Contains(all, "USING COVERING INDEX idx_order_resident (resident_id=? AND status=? AND menu_id>? AND menu_id<?)") ||
			strings.Contains(all, "SCAN o") {
			t.Errorf("%s does not read a range of idx_order_resident per account:\n%s", name, all)
		}
		if strings.HasPrefix(name, "settlement") && strings.Contains(all, "TEMP B-TREE FOR GROUP BY") {
			t.Errorf("%s sorts the orders to group them:\n%s", name, all)
		}
	}
}

// TestMigrationWidensTheResidentIndex checks that a database from before
// step 98, with the index on meal_orders.resident_id alone, loses it and
// gains idx_order_resident with the columns the period sums read, its
// orders kept.
func TestMigrationWidensTheResidentIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, "sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SeedHistory(ctx, History{Platform: "console", Residents: 10, Orders: 100, Until: time.Now()}); err != nil {
		t.Fatal(err)
	}
	s = reopenedAfter(t, s, path, "DROP INDEX idx_order_resident",
		"CREATE INDEX idx_meal_orders_resident_id ON meal_orders (resident_id)",
		"DELETE FROM schema_versions WHERE version = 98")
	var defs []string
	if err := s.db.Raw("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'meal_orders' ORDER BY name").Scan(&defs).Error; err != nil {
		t.Fatal(err)
	}
	got := strings.Join(defs, "\n")
	if strings.Contains(got, "idx_meal_orders_resident_id") ||
		!strings.Contains(got, "idx_order_resident ON meal_orders (resident_id, status, menu_id, tier, quantity, unit_price)") {
		t.Errorf("meal_orders indexes after migration:\n%s", got)
	}
	if n, err := s.CountOrders(ctx); err != nil || n != 100 {
		t.Errorf("%d orders after migration (%v), want 100", n, err)
	}
}
