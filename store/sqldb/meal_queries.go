package sqldb

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// orderLines is the query every order list starts from; scanOrderLines
// reads its columns in this order.
func orderLines(db *gorm.DB) *gorm.DB {
	return db.Table("meal_orders o").
		Select(`o.id, o.menu_id, o.resident_id, o.quantity, o.tier, o.unit_price, o.status,
			o.booked_at, o.cancelled_at, o.picked_up_at, m.date, m.meal, m.cutoff, m.price AS standard_price, r.name, r.platform, r.user_id,
			COALESCE(h.building, '') AS building, COALESCE(h.room, '') AS room, COALESCE(a.name, '') AS acted_by`).
		Joins("JOIN menus m ON m.id = o.menu_id").
		Joins("JOIN residents r ON r.id = o.resident_id").
		Joins("LEFT JOIN households h ON h.id = r.household_id").
		Joins("LEFT JOIN residents a ON a.id = o.acted_by_id")
}

// Orders lists orders by date, meal and order number, for the kitchen's
// lists and for exports.
func (s *Store) Orders(ctx context.Context, q store.OrderQuery) ([]store.OrderLine, error) {
	lines, err := scanOrderLines(ordersQuery(s.db.WithContext(ctx), q))
	return lines, translate(err)
}

// scanOrderLines runs a query built on orderLines and reads its rows
// column by column. gorm's Scan matched each of the 20 columns to a field
// by reflection, row after row: a day's 4,000 orders on the canteen page
// took 15 ms that way, most of the page.
func scanOrderLines(q *gorm.DB) ([]store.OrderLine, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lines []store.OrderLine
	for rows.Next() {
		var l store.OrderLine
		var booked, cancelled, picked sql.NullTime
		if err := rows.Scan(&l.ID, &l.MenuID, &l.ResidentID, &l.Quantity, &l.Tier, &l.UnitPrice, &l.Status,
			&booked, &cancelled, &picked, &l.Date, &l.Meal, &l.Cutoff, &l.StandardPrice, &l.Name, &l.Platform, &l.UserID,
			&l.Building, &l.Room, &l.ActedBy); err != nil {
			return nil, err
		}
		l.BookedAt, l.CancelledAt, l.PickedUpAt = booked.Time, timeOrNil(cancelled), timeOrNil(picked)
		lines = append(lines, l)
	}
	return lines, rows.Err()
}

func timeOrNil(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// ordersQuery is the query of Orders.
func ordersQuery(db *gorm.DB, q store.OrderQuery) *gorm.DB {
	menus := db.Session(&gorm.Session{NewDB: true}).Model(&store.Menu{}).Select("id")
	if q.From != "" {
		menus = menus.Where("date >= ?", q.From)
	}
	if q.To != "" {
		menus = menus.Where("date <= ?", q.To)
	}
	if q.Meal != "" {
		menus = menus.Where("meal = ?", q.Meal)
	}
	// Orders are found through their menus (idx_order_status_menu), never
	// by status alone: a year of booked orders is a million rows.
	db = orderLines(db).Where("o.menu_id IN (?)", menus)
	if q.BookedOnly {
		db = db.Where("o.status = ?", store.OrderBooked)
	}
	return db.Order("m.date, " + mealOrderLines + ", o.id")
}

const mealOrderLines = "CASE m.meal WHEN 'breakfast' THEN 1 WHEN 'lunch' THEN 2 ELSE 3 END"

// OrdersOfHousehold lists the booked orders from date on of a resident and
// of the other accounts of their household, soonest first.
func (s *Store) OrdersOfHousehold(ctx context.Context, residentID uint, from string) ([]store.OrderLine, error) {
	lines, err := scanOrderLines(householdOrders(s.db.WithContext(ctx), residentID, from))
	return lines, translate(err)
}

// householdOrders is the query of OrdersOfHousehold. It starts from the
// household's accounts and finds each one's orders by its index: going
// through the menus from the date on instead read every order booked for
// them, the whole community's (1 ms a 我的订餐 at 2,000 bookings a day).
func householdOrders(db *gorm.DB, residentID uint, from string) *gorm.DB {
	return orderLines(db).
		Where("o.resident_id IN ("+householdAccounts+")", residentID, residentID).
		Where("o.status = ? AND m.date >= ?", store.OrderBooked, from).
		Order("m.date, " + mealOrderLines + ", o.id")
}

// householdAccounts is a resident's account and the other accounts of
// their household (its WeChat and its Telegram, the family's), as a list
// of ids to look things up by; its two parameters are the resident's id.
const householdAccounts = `SELECT id FROM residents WHERE id = ?
	UNION SELECT r2.id FROM residents r1 JOIN residents r2 ON r2.household_id = r1.household_id WHERE r1.id = ?`

// DueCutoffs lists the served menus whose cut-off fell in (after, upTo] and
// whose kitchen list has not been pushed yet.
func (s *Store) DueCutoffs(ctx context.Context, after, upTo time.Time) ([]store.Menu, error) {
	var ms []store.Menu
	err := s.db.WithContext(ctx).
		Where("stopped = ? AND stats_sent_at IS NULL AND cutoff > ? AND cutoff <= ?", false, after.UTC(), upTo.UTC()).
		Order("cutoff, id").Find(&ms).Error
	return ms, translate(err)
}

// ClaimStatsPush records that a menu's kitchen list is being pushed; it
// answers true to exactly one caller, so the list goes out once.
func (s *Store) ClaimStatsPush(ctx context.Context, menuID uint) (bool, error) {
	res := s.db.WithContext(ctx).Model(&store.Menu{}).Where("id = ? AND stats_sent_at IS NULL", menuID).
		Update("stats_sent_at", s.now())
	return res.RowsAffected == 1, translate(res.Error)
}

// GroupsOfMember lists the active groups a resident has spoken in, for
// reaching someone the bot cannot write to privately.
func (s *Store) GroupsOfMember(ctx context.Context, residentID uint) ([]store.Chat, error) {
	var cs []store.Chat
	err := s.db.WithContext(ctx).Joins("JOIN members ON members.chat_id = chats.id AND members.resident_id = ?", residentID).
		Where(`chats."group" = ? AND chats.active = ?`, true, true).Order("members.seen_at DESC").Find(&cs).Error
	return cs, translate(err)
}
