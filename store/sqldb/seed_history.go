package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// History describes a community's past for load tests and benchmarks: how
// many accounts and how many stored meal orders, spread over past lunches
// and dinners ending the day before Until. A year-old community of 2,000
// households has about a million orders; the bot must stay as quick then.
type History struct {
	Platform  string // the accounts' platform
	Residents int    // accounts named 居民0001…, user ids r1…
	Orders    int    // meal orders of past meals, each resident at most once per meal
	Until     time.Time
	Loc       *time.Location
}

// ResidentUserID is the user id SeedHistory gives the i-th account (from 1),
// so a load driver can speak as it.
func ResidentUserID(i int) string { return fmt.Sprintf("r%d", i) }

// ResidentName is the display name SeedHistory gives the i-th account.
func ResidentName(i int) string { return fmt.Sprintf("居民%04d", i) }

// seedBatch is how many rows one INSERT carries and seedTx how many rows one
// transaction commits: large enough that a million orders take seconds, small
// enough that neither the statement nor the WAL grows without bound.
const (
	seedBatch = 500
	seedTx    = 50_000
)

// SeedHistory writes h's accounts, past menus and orders with multi-row
// INSERTs in batched transactions, bypassing the per-order checks of
// BookMeal: it is how a test database gets a million orders in seconds.
func (s *Store) SeedHistory(ctx context.Context, h History) error {
	if h.Residents <= 0 {
		return fmt.Errorf("seed history: no residents")
	}
	if h.Loc == nil {
		h.Loc = time.UTC
	}
	now := s.now()
	db := s.db.WithContext(ctx)
	err := insertRows(db, "residents (platform, user_id, name, elder, worker, created_at, seen_at)", 7, h.Residents,
		func(i int, row []any) {
			row[0], row[1], row[2], row[3], row[4], row[5], row[6] = h.Platform, ResidentUserID(i+1), ResidentName(i+1), i%5 == 0, false, now, now
		})
	if err != nil {
		return fmt.Errorf("seed residents: %w", err)
	}
	var first uint
	if err := db.Raw("SELECT id FROM residents WHERE platform = ? AND user_id = ?", h.Platform, ResidentUserID(1)).Scan(&first).Error; err != nil {
		return fmt.Errorf("seed residents: %w", err)
	}
	meals := (h.Orders + h.Residents - 1) / h.Residents
	day := time.Date(h.Until.In(h.Loc).Year(), h.Until.In(h.Loc).Month(), h.Until.In(h.Loc).Day(), 0, 0, 0, 0, h.Loc)
	menuIDs := make([]uint, meals)
	for m := range meals {
		d := day.AddDate(0, 0, -1-m/2)
		meal, cut := "lunch", d.Add(9*time.Hour+30*time.Minute)
		if m%2 == 1 {
			meal, cut = "dinner", d.Add(14*time.Hour)
		}
		booked := min(h.Residents, h.Orders-m*h.Residents)
		menu := store.Menu{Date: d.Format("2006-01-02"), Meal: meal, Price: 1500, ElderPrice: 1200, Booked: booked,
			Cutoff: cut.UTC(), CreatedAt: now, UpdatedAt: now, StatsSentAt: &now}
		if err := db.Omit("Dishes").Create(&menu).Error; err != nil {
			return fmt.Errorf("seed menus: %w", err)
		}
		menuIDs[m] = menu.ID
	}
	err = insertRows(db, "meal_orders (menu_id, resident_id, quantity, tier, unit_price, status, booked_at, updated_at)", 8, h.Orders,
		func(i int, row []any) {
			m, r := i/h.Residents, i%h.Residents
			at := now.Add(-time.Duration(m) * 12 * time.Hour)
			row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7] = menuIDs[m], first+uint(r), 1+i%2, store.TierStandard, 1500, store.OrderBooked, at, at
		})
	if err != nil {
		return fmt.Errorf("seed orders: %w", err)
	}
	return nil
}

// insertRows inserts n rows of cols columns into table, fill writing row i.
func insertRows(db *gorm.DB, table string, cols, n int, fill func(i int, row []any)) error {
	for start := 0; start < n; start += seedTx {
		end := min(n, start+seedTx)
		err := db.Transaction(func(tx *gorm.DB) error {
			for b := start; b < end; b += seedBatch {
				k := min(end, b+seedBatch) - b
				args := make([]any, k*cols)
				for j := range k {
					fill(b+j, args[j*cols:(j+1)*cols])
				}
				one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
				sql := "INSERT INTO " + table + " VALUES " + strings.TrimSuffix(strings.Repeat(one+",", k), ",")
				if err := tx.Exec(sql, args...).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// CountOrders counts the stored meal orders, whatever their status.
func (s *Store) CountOrders(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&store.MealOrder{}).Count(&n).Error
	return n, translate(err)
}
