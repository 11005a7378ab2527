package sqldb

import (
	"context"
	"fmt"
	"time"

	"linli/store"
)

// MealsByDay implements store.Charts: summed in the database, the orders
// found through their menus (idx_order_status_menu, read alone), as ordersQuery does.
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

// bookingsSQL counts each account's booked orders of a span of menus from
// idx_order_resident, a range of it per account (no sorting of the
// period's orders, no visit to the table), and sums the counts by the
// account's building; buildings whose accounts booked nothing count 0
// (Participation leaves them out: a HAVING would count every account's
// orders twice). %s is where a span that is not exact checks each order's
// menu (see menuSpan); the + keeps SQLite reading the range of ids, the
// list only checked, rather than looking up each account's order of each
// menu of the list.
const bookingsSQL = `
	SELECT building, CAST(SUM(n) AS BIGINT) AS n
	FROM (SELECT COALESCE(h.building, '') AS building,
			(SELECT COUNT(*) FROM meal_orders o
				WHERE o.resident_id = r.id AND o.status = ? AND o.menu_id >= ? AND o.menu_id <= ?%s) AS n
		FROM residents r LEFT JOIN households h ON h.id = r.household_id) a
	GROUP BY building`

// bookingsQuery is bookingsSQL and its arguments for a span of menus.
func bookingsQuery(span menuSpan, from, to string) (string, []any) {
	args := []any{store.OrderBooked, span.lo, span.hi}
	if span.exact {
		return fmt.Sprintf(bookingsSQL, ""), args
	}
	return fmt.Sprintf(bookingsSQL, " AND +o.menu_id IN (SELECT id FROM menus WHERE date >= ? AND date <= ?)"),
		append(args, from, to)
}

// Participation implements store.Charts.
func (s *Store) Participation(ctx context.Context, from, to string, since, until time.Time) ([]store.Participation, error) {
	db := s.db.WithContext(ctx)
	span, err := menuSpanOf(db, from, to)
	if err != nil {
		return nil, translate(err)
	}
	type query struct {
		sql  string
		args []any
		set  func(*store.Participation, int)
	}
	queries := []query{
		{`SELECT building, COUNT(*) AS n FROM households GROUP BY building`, nil,
			func(p *store.Participation, n int) { p.Households = n }},
	}
	if span.menus > 0 {
		sql, args := bookingsQuery(span, from, to)
		queries = append(queries, query{sql, args, func(p *store.Participation, n int) { p.Bookings = n }})
	}
	queries = append(queries, []query{
		{`SELECT COALESCE(h.building, '') AS building, COUNT(*) AS n
			FROM signups g JOIN residents r ON r.id = g.resident_id LEFT JOIN households h ON h.id = r.household_id
			WHERE g.signed_up_at >= ? AND g.signed_up_at < ? AND g.status <> ?
			GROUP BY COALESCE(h.building, '')`, []any{since.UTC(), until.UTC(), store.SignupCancelled},
			func(p *store.Participation, n int) { p.Signups = n }},
		{`SELECT building, COUNT(*) AS n FROM suggestions WHERE created_at >= ? AND created_at < ? GROUP BY building`,
			[]any{since.UTC(), until.UTC()}, func(p *store.Participation, n int) { p.Suggestions = n }},
	}...)
	byBuilding := map[string]*store.Participation{}
	var out []*store.Participation
	for _, q := range queries {
		var rows []buildingCount
		if err := db.Raw(q.sql, q.args...).Scan(&rows).Error; err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			if r.N == 0 { // a building with no bookings (see bookingsSQL)
				continue
			}
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
