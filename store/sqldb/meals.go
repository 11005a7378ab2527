package sqldb

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"linli/store"
)

// SetMenu replaces the menu of one meal (dishes, prices, capacity, cut-off)
// and serves it again if it was stopped. Orders already booked stay, at the
// price they were booked at.
func (s *Store) SetMenu(ctx context.Context, in store.MenuInput) (store.Menu, error) {
	var m store.Menu
	err := s.tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		m = store.Menu{Date: in.Date, Meal: in.Meal, Cutoff: in.Cutoff.UTC(), CreatedAt: now, UpdatedAt: now}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Omit("Dishes").Create(&m).Error; err != nil {
			return err
		}
		if err := tx.Where("date = ? AND meal = ?", in.Date, in.Meal).First(&m).Error; err != nil {
			return err
		}
		err := tx.Model(&store.Menu{}).Where("id = ?", m.ID).Updates(map[string]any{
			"price": in.Price, "elder_price": in.ElderPrice, "worker_price": in.WorkerPrice,
			"capacity": in.Capacity, "cutoff": in.Cutoff.UTC(), "stopped": false,
			"updated_at": now,
			// The kitchen list goes out again only if the cut-off moved.
			"stats_sent_at": gorm.Expr("CASE WHEN cutoff = ? THEN stats_sent_at ELSE NULL END", in.Cutoff.UTC()),
		}).Error
		if err != nil {
			return err
		}
		if err := tx.Where("menu_id = ?", m.ID).Delete(&store.Dish{}).Error; err != nil {
			return err
		}
		for i, d := range in.Dishes {
			d.ID, d.MenuID, d.Position = 0, m.ID, i+1
			if err := tx.Create(&d).Error; err != nil {
				return err
			}
		}
		return loadMenu(tx, m.ID, &m)
	})
	return m, translate(err)
}

func loadMenu(tx *gorm.DB, id uint, m *store.Menu) error {
	return tx.Preload("Dishes", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).First(m, id).Error
}

// MenuOf finds the menu of one meal, with its dishes.
func (s *Store) MenuOf(ctx context.Context, date, meal string) (store.Menu, error) {
	var m store.Menu
	err := s.db.WithContext(ctx).Preload("Dishes", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).
		Where("date = ? AND meal = ?", date, meal).First(&m).Error
	return m, translate(err)
}

// MenusOn lists the menus of a day, stopped ones included, in meal order.
func (s *Store) MenusOn(ctx context.Context, date string) ([]store.Menu, error) {
	var ms []store.Menu
	err := s.db.WithContext(ctx).Preload("Dishes", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).
		Where("date = ?", date).Order(mealOrderSQL).Find(&ms).Error
	return ms, translate(err)
}

// mealOrderSQL sorts menus in the order of the day.
const mealOrderSQL = "CASE meal WHEN 'breakfast' THEN 1 WHEN 'lunch' THEN 2 ELSE 3 END"
