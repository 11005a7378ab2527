package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// orderLines is the query every order list starts from.
func orderLines(db *gorm.DB) *gorm.DB {
	return db.Table("meal_orders o").
		Select(`o.id, o.menu_id, o.resident_id, o.quantity, o.tier, o.unit_price, o.status,
			o.booked_at, o.cancelled_at, m.date, m.meal, m.cutoff, r.name, r.platform, r.user_id,
			COALESCE(h.building, '') AS building, COALESCE(h.room, '') AS room`).
		Joins("JOIN menus m ON m.id = o.menu_id").
		Joins("JOIN residents r ON r.id = o.resident_id").
		Joins("LEFT JOIN households h ON h.id = r.household_id")
}

// Orders lists orders by date, meal and order number, for the kitchen's
// lists and for exports.
func (s *Store) Orders(ctx context.Context, q OrderQuery) ([]OrderLine, error) {
	db := orderLines(s.db.WithContext(ctx))
	if q.From != "" {
		db = db.Where("m.date >= ?", q.From)
	}
	if q.To != "" {
		db = db.Where("m.date <= ?", q.To)
	}
	if q.Meal != "" {
		db = db.Where("m.meal = ?", q.Meal)
	}
	if q.BookedOnly {
		db = db.Where("o.status = ?", OrderBooked)
	}
	var lines []OrderLine
	err := db.Order("m.date, " + mealOrderLines + ", o.id").Scan(&lines).Error
	return lines, translate(err)
}

const mealOrderLines = "CASE m.meal WHEN 'breakfast' THEN 1 WHEN 'lunch' THEN 2 ELSE 3 END"

// OrdersOfHousehold lists the booked orders from date on of a resident and
// of the other accounts of their household, soonest first.
func (s *Store) OrdersOfHousehold(ctx context.Context, residentID uint, from string) ([]OrderLine, error) {
	var lines []OrderLine
	err := orderLines(s.db.WithContext(ctx)).
		Where(`(o.resident_id = ? OR r.household_id IN (SELECT household_id FROM residents WHERE id = ? AND household_id IS NOT NULL))`,
			residentID, residentID).
		Where("o.status = ? AND m.date >= ?", OrderBooked, from).
		Order("m.date, " + mealOrderLines + ", o.id").Scan(&lines).Error
	return lines, translate(err)
}

// DueCutoffs lists the served menus whose cut-off fell in (after, upTo] and
// whose kitchen list has not been pushed yet.
func (s *Store) DueCutoffs(ctx context.Context, after, upTo time.Time) ([]Menu, error) {
	var ms []Menu
	err := s.db.WithContext(ctx).
		Where("stopped = ? AND stats_sent_at IS NULL AND cutoff > ? AND cutoff <= ?", false, after.UTC(), upTo.UTC()).
		Order("cutoff, id").Find(&ms).Error
	return ms, translate(err)
}

// ClaimStatsPush records that a menu's kitchen list is being pushed; it
// answers true to exactly one caller, so the list goes out once.
func (s *Store) ClaimStatsPush(ctx context.Context, menuID uint) (bool, error) {
	res := s.db.WithContext(ctx).Model(&Menu{}).Where("id = ? AND stats_sent_at IS NULL", menuID).
		Update("stats_sent_at", s.now())
	return res.RowsAffected == 1, translate(res.Error)
}

// GroupsOfMember lists the active groups a resident has spoken in, for
// reaching someone the bot cannot write to privately.
func (s *Store) GroupsOfMember(ctx context.Context, residentID uint) ([]Chat, error) {
	var cs []Chat
	err := s.db.WithContext(ctx).Joins("JOIN members ON members.chat_id = chats.id AND members.resident_id = ?", residentID).
		Where(`chats."group" = ? AND chats.active = ?`, true, true).Order("members.seen_at DESC").Find(&cs).Error
	return cs, translate(err)
}
