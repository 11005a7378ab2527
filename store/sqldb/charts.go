package sqldb

import (
	"context"
	"time"

	"linli/store"
)

// MealsByDay implements store.Charts: summed in the database, the orders
// found through their menus (idx_order_status_menu) as in Settlement.
func (s *Store) MealsByDay(ctx context.Context, from, to string) ([]store.DayTier, error) {
	var out []store.DayTier
	err := s.db.WithContext(ctx).Raw(`
		SELECT m.date AS date, a.tier AS tier, CAST(SUM(a.portions) AS BIGINT) AS portions
		FROM (SELECT menu_id, tier, SUM(quantity) AS portions FROM meal_orders
			WHERE menu_id IN (SELECT id FROM menus WHERE date >= ? AND date <= ?) AND status = ?
			GROUP BY menu_id, tier) a
		JOIN menus m ON m.id = a.menu_id
		GROUP BY m.date, a.tier ORDER BY m.date, a.tier`,
		from, to, store.OrderBooked).Scan(&out).Error
	return out, translate(err)
}

// buildingCount is one building's count in a participation query.
type buildingCount struct {
	Building string
	N        int
}

// Participation implements store.Charts. Orders are counted per account
// first and only those counts joined to the households, as in Settlement.
func (s *Store) Participation(ctx context.Context, from, to string, since, until time.Time) ([]store.Participation, error) {
	db := s.db.WithContext(ctx)
	queries := []struct {
		sql  string
		args []any
		set  func(*store.Participation, int)
	}{
		{`SELECT building, COUNT(*) AS n FROM households GROUP BY building`, nil,
			func(p *store.Participation, n int) { p.Households = n }},
		{`SELECT COALESCE(h.building, '') AS building, CAST(SUM(a.n) AS BIGINT) AS n
			FROM (SELECT resident_id, COUNT(*) AS n FROM meal_orders
				WHERE menu_id IN (SELECT id FROM menus WHERE date >= ? AND date <= ?) AND status = ?
				GROUP BY resident_id) a
			JOIN residents r ON r.id = a.resident_id LEFT JOIN households h ON h.id = r.household_id
			GROUP BY COALESCE(h.building, '')`, []any{from, to, store.OrderBooked},
			func(p *store.Participation, n int) { p.Bookings = n }},
		{`SELECT COALESCE(h.building, '') AS building, COUNT(*) AS n
			FROM signups g JOIN residents r ON r.id = g.resident_id LEFT JOIN households h ON h.id = r.household_id
			WHERE g.signed_up_at >= ? AND g.signed_up_at < ? AND g.status <> ?
			GROUP BY COALESCE(h.building, '')`, []any{since.UTC(), until.UTC(), store.SignupCancelled},
			func(p *store.Participation, n int) { p.Signups = n }},
		{`SELECT building, COUNT(*) AS n FROM suggestions WHERE created_at >= ? AND created_at < ? GROUP BY building`,
			[]any{since.UTC(), until.UTC()}, func(p *store.Participation, n int) { p.Suggestions = n }},
	}
	byBuilding := map[string]*store.Participation{}
	var out []*store.Participation
	for _, q := range queries {
		var rows []buildingCount
		if err := db.Raw(q.sql, q.args...).Scan(&rows).Error; err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			p := byBuilding[r.Building]
			if p == nil {
				p = &store.Participation{Building: r.Building}
				byBuilding[r.Building] = p
				out = append(out, p)
			}
			q.set(p, r.N)
		}
	}
	list := make([]store.Participation, len(out))
	for i, p := range out {
		list[i] = *p
	}
	return list, nil
}

// ResolveTimes implements store.Charts.
func (s *Store) ResolveTimes(ctx context.Context, since, until time.Time) ([]time.Duration, error) {
	var rows []struct{ CreatedAt, ClosedAt time.Time }
	err := s.db.WithContext(ctx).Model(&suggestionRow{}).Select("created_at, closed_at").
		Where("closed_at >= ? AND closed_at < ?", since.UTC(), until.UTC()).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]time.Duration, len(rows))
	for i, r := range rows {
		out[i] = r.ClosedAt.Sub(r.CreatedAt)
	}
	return out, nil
}
