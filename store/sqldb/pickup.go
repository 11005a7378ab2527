package sqldb

import (
	"context"
	"database/sql"

	"linli/store"
)

// pickupSQL finds a day's orders through their menus
// (idx_order_status_menu), as ordersQuery does, but does not join the
// menus or sort the rows: the page sorts them by building and room.
const pickupSQL = `
	SELECT o.id, o.menu_id, o.quantity, o.tier, o.unit_price, o.picked_up_at, r.name,
		COALESCE(h.building, '') AS building, COALESCE(h.room, '') AS room
	FROM meal_orders o JOIN residents r ON r.id = o.resident_id
	LEFT JOIN households h ON h.id = r.household_id
	WHERE o.menu_id IN (SELECT id FROM menus WHERE date = ?) AND o.status = ?`

// PickupList implements store.PickupLists.
func (s *Store) PickupList(ctx context.Context, date string) ([]store.OrderLine, error) {
	rows, err := s.db.WithContext(ctx).Raw(pickupSQL, date, store.OrderBooked).Rows()
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var lines []store.OrderLine
	for rows.Next() {
		var l store.OrderLine
		var picked sql.NullTime
		if err := rows.Scan(&l.ID, &l.MenuID, &l.Quantity, &l.Tier, &l.UnitPrice, &picked, &l.Name, &l.Building, &l.Room); err != nil {
			return nil, translate(err)
		}
		l.PickedUpAt = timeOrNil(picked)
		lines = append(lines, l)
	}
	return lines, translate(rows.Err())
}
