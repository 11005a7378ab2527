package sqldb

import (
	"gorm.io/gorm"

	"linli/store"
)

// migrateOrderStatusIndex replaces the index on meal_orders.status alone by
// one on (status, menu_id). With a million stored orders SQLite chose the
// status index for 我的订餐 and the kitchen list and walked every booked
// order (150 ms); the pair lets it take only the orders of the menus asked
// for (under 1 ms). Databases created after this step get the pair from the
// model already; the statements are idempotent for them.
func migrateOrderStatusIndex(tx *gorm.DB) error {
	for _, sql := range []string{
		"DROP INDEX IF EXISTS idx_meal_orders_status",
		"CREATE INDEX IF NOT EXISTS idx_order_status_menu ON meal_orders (status, menu_id)",
	} {
		if err := tx.Exec(sql).Error; err != nil {
			return err
		}
	}
	return nil
}

// migrateOrderSums widens the index the sums of a period's orders read
// (status, menu) with the columns they sum, so the 图表 and 月报 aggregates
// never visit the table: a month is 120,000 orders, each a row lookup
// without it. One index still, so a booking writes no more of them.
func migrateOrderSums(tx *gorm.DB) error {
	for _, sql := range []string{
		"DROP INDEX IF EXISTS idx_order_status_menu",
		"CREATE INDEX idx_order_status_menu ON meal_orders (status, menu_id, tier, quantity, unit_price, resident_id)",
	} {
		if err := tx.Exec(sql).Error; err != nil {
			return err
		}
	}
	return nil
}

// migrateOrderResidentSums replaces the index on meal_orders.resident_id
// alone by (resident_id, status, menu_id, tier, quantity, unit_price). The
// month's settlement (月报) and the bookings per building (图表) sum each
// account's orders of a period: read account by account from this index,
// the sums come out grouped without sorting the period's 120,000 orders
// (which was most of their cost) and without visiting the table. It still
// serves every lookup by account (我的订餐, merging accounts, the cascade
// when an account is deleted), so a booking writes no more indexes.
func migrateOrderResidentSums(tx *gorm.DB) error {
	for _, sql := range []string{
		"DROP INDEX IF EXISTS idx_meal_orders_resident_id",
		"DROP INDEX IF EXISTS idx_order_resident",
		"CREATE INDEX idx_order_resident ON meal_orders (resident_id, status, menu_id, tier, quantity, unit_price)",
	} {
		if err := tx.Exec(sql).Error; err != nil {
			return err
		}
	}
	return nil
}

// migratePendingHousehold adds the household an account waits to join. A
// database created by this version has it already (migration 1 creates
// residents from the current record).
func migratePendingHousehold(tx *gorm.DB) error {
	m := tx.Migrator()
	if !m.HasColumn(&residentRow{}, "PendingHouseholdID") {
		if err := m.AddColumn(&residentRow{}, "PendingHouseholdID"); err != nil {
			return err
		}
	}
	if !m.HasIndex(&residentRow{}, "PendingHouseholdID") {
		return m.CreateIndex(&residentRow{}, "PendingHouseholdID")
	}
	return nil
}

// migrateTrust adds one-time codes, where each role came from, and the
// @username an account was last seen with.
func migrateTrust(tx *gorm.DB) error {
	m := tx.Migrator()
	for _, c := range []struct {
		model any
		field string
	}{{&roleRow{}, "Source"}, {&residentRow{}, "Handle"}} {
		if !m.HasColumn(c.model, c.field) {
			if err := m.AddColumn(c.model, c.field); err != nil {
				return err
			}
		}
	}
	if !m.HasIndex(&residentRow{}, "Handle") {
		if err := m.CreateIndex(&residentRow{}, "Handle"); err != nil {
			return err
		}
	}
	return tx.AutoMigrate(&verifyCodeRow{})
}

// migrateNamedWeChat takes from WeChat accounts keyed by a display name
// ("m:…") what was granted on that name alone: roles, household links and
// price tiers. Anyone could take the name; the person gets them back by
// adding the bot as a friend (and, for a role, a code).
func migrateNamedWeChat(tx *gorm.DB) error {
	named := tx.Model(&residentRow{}).Select("id").Where("platform = ? AND user_id LIKE ?", "wechat", "m:%")
	if err := tx.Where("resident_id IN (?)", named).Delete(&roleRow{}).Error; err != nil {
		return err
	}
	return tx.Model(&residentRow{}).Where("platform = ? AND user_id LIKE ?", "wechat", "m:%").
		Updates(map[string]any{"household_id": nil, "pending_household_id": nil, "elder": false, "worker": false}).Error
}

// migrateSeatsTaken adds each activity's count of confirmed people and
// fills it from the sign-ups. A database created by this version has the
// column already (migration 20 creates events from the current record);
// the count is filled the same way for both.
func migrateSeatsTaken(tx *gorm.DB) error {
	m := tx.Migrator()
	if !m.HasColumn(&eventRow{}, "SeatsTaken") {
		if err := m.AddColumn(&eventRow{}, "SeatsTaken"); err != nil {
			return err
		}
	}
	return tx.Exec(`UPDATE events SET seats_taken = (SELECT COALESCE(SUM(party), 0) FROM signups
		WHERE signups.event_id = events.id AND signups.status = ?)`, store.SignupConfirmed).Error
}
