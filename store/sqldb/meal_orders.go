package sqldb

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// BookMeal sets a person's portions of a meal, creating the order or
// changing its quantity. In one immediate transaction it checks the meal is
// served and before its cut-off, then moves the menu's booked count with a
// conditional UPDATE that fails when the portions would exceed the capacity:
// under any concurrency the booked portions never exceed it.
func (s *Store) BookMeal(ctx context.Context, in store.BookInput) (store.Booking, error) {
	var b store.Booking
	err := s.tx(ctx, func(tx *gorm.DB) error {
		found, err := s.openMenuOrder(tx, &in, &b)
		if err != nil || (found != nil && b.Before == in.Quantity) {
			return err // the same booking again changes nothing, not even the price
		}
		if err := s.takeSeats(tx, in, &b); err != nil {
			return err
		}
		b.Order = orderFor(b.Menu, in, found)
		return tx.Omit("Menu", "Resident").Save(&b.Order).Error
	})
	if err != nil && !errors.Is(err, store.ErrFull) && !errors.Is(err, store.ErrHouseholdLimit) {
		return b, translate(err)
	}
	return b, err
}

// openMenuOrder reads the menu booked (refusing a stopped one or one past
// its cut-off) and the person's order of it, if any, into b; with 再订一份
// (in.Add) the quantity becomes what is booked now plus one more lot.
func (s *Store) openMenuOrder(tx *gorm.DB, in *store.BookInput, b *store.Booking) (*store.MealOrder, error) {
	if err := tx.Where("date = ? AND meal = ?", in.Date, in.Meal).First(&b.Menu).Error; err != nil {
		return nil, err
	}
	switch {
	case b.Menu.Stopped:
		return nil, store.ErrStopped
	case !in.At.Before(b.Menu.Cutoff):
		return nil, store.ErrPastCutoff
	}
	var found []store.MealOrder
	if err := tx.Where("menu_id = ? AND resident_id = ?", b.Menu.ID, in.ResidentID).Limit(1).Find(&found).Error; err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, nil
	}
	if found[0].Status == store.OrderBooked {
		b.Before = found[0].Quantity
	}
	if in.Add { // 再订一份: on top of what is booked now, read in this transaction
		in.Quantity += b.Before
	}
	if b.Before == in.Quantity {
		b.Order = found[0]
	}
	return &found[0], nil
}

// takeSeats moves the menu's running count of booked portions by the
// change, within its capacity and the household's share, in one
// conditional update that returns the new count: two bookings of the last
// seat cannot both pass, and the menu need not be read again.
func (s *Store) takeSeats(tx *gorm.DB, in store.BookInput, b *store.Booking) error {
	m := &b.Menu
	delta := in.Quantity - b.Before
	if delta > 0 && m.Capacity > 0 && in.HouseholdMost > 0 {
		if err := s.withinHousehold(tx, m.ID, in, b); err != nil {
			return err
		}
	}
	if delta == 0 {
		return nil
	}
	var booked []int
	err := tx.Raw(`UPDATE menus SET booked = booked + ? WHERE id = ? AND stopped = ?
		AND (capacity = 0 OR ? <= 0 OR booked + ? <= capacity) RETURNING booked`, delta, m.ID, false, delta, delta).
		Scan(&booked).Error
	if err != nil {
		return err
	}
	if len(booked) == 0 {
		if err := tx.First(m, m.ID).Error; err != nil {
			return err
		}
		return store.ErrFull
	}
	m.Booked = booked[0] // the count the reply quotes, as committed
	return nil
}

// orderFor is the person's order of menu m as booked now: the one found
// (renewed if it had been cancelled) or a new one, at the price of their tier.
func orderFor(m store.Menu, in store.BookInput, found *store.MealOrder) store.MealOrder {
	tier, price := m.PriceFor(in.Elder, in.Worker)
	o := store.MealOrder{MenuID: m.ID, ResidentID: in.ResidentID, BookedAt: in.At.UTC()}
	if found != nil {
		o = *found
		if o.Status != store.OrderBooked {
			o.BookedAt = in.At.UTC()
		}
	}
	o.Quantity, o.Tier, o.UnitPrice, o.Status, o.CancelledAt = in.Quantity, tier, price, store.OrderBooked, nil
	o.ActedByID = nil
	if in.ActedBy != 0 {
		o.ActedByID = &in.ActedBy
	}
	o.UpdatedAt = in.At.UTC()
	return o
}

// withinHousehold refuses a booking that would give the booker's
// household (all its accounts; an account in none is a household of one)
// more than in.HouseholdMost portions of a limited meal, setting
// b.Household to what it holds now. On PostgreSQL it first locks the
// menu's row, so that two accounts of one household booking at once are
// counted one after the other: under READ COMMITTED the sum read after the
// lock includes whatever the other committed. SQLite's IMMEDIATE
// transaction already admits one writer at a time.
func (s *Store) withinHousehold(tx *gorm.DB, menuID uint, in store.BookInput, b *store.Booking) error {
	if s.driver == "postgres" {
		if err := tx.Exec("UPDATE menus SET booked = booked WHERE id = ?", menuID).Error; err != nil {
			return err
		}
	}
	var others int
	err := tx.Raw(`SELECT COALESCE(SUM(o.quantity), 0) FROM meal_orders o JOIN residents r ON r.id = o.resident_id
		WHERE o.menu_id = ? AND o.status = ? AND o.resident_id <> ?
		AND r.household_id IN (SELECT household_id FROM residents WHERE id = ? AND household_id IS NOT NULL)`,
		menuID, store.OrderBooked, in.ResidentID, in.ResidentID).Scan(&others).Error
	if err != nil {
		return err
	}
	if others+in.Quantity > in.HouseholdMost {
		b.Household = others + b.Before
		return store.ErrHouseholdLimit
	}
	return nil
}

// CancelMeal cancels an order before its meal's cut-off. by may cancel the
// orders of their own household too, as its accounts share their orders; an
// order of anyone else is ErrNotFound. Cancelling twice is ErrConflict.
func (s *Store) CancelMeal(ctx context.Context, orderID, by uint, at time.Time) (store.OrderLine, error) {
	var line store.OrderLine
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var lines []store.OrderLine
		if err := orderLines(tx).Where("o.id = ?", orderID).Scan(&lines).Error; err != nil {
			return err
		}
		if len(lines) == 0 || !mayTouch(tx, lines[0].ResidentID, by) {
			return gorm.ErrRecordNotFound
		}
		line = lines[0]
		switch {
		case line.Status != store.OrderBooked:
			return store.ErrConflict
		case !at.Before(line.Cutoff):
			return store.ErrPastCutoff
		}
		res := tx.Model(&store.MealOrder{}).Where("id = ? AND status = ?", orderID, store.OrderBooked).
			Updates(map[string]any{"status": store.OrderCancelled, "cancelled_at": at.UTC(), "updated_at": at.UTC()})
		if res.Error != nil || res.RowsAffected == 0 {
			return errors.Join(res.Error, store.ErrConflict)
		}
		line.Status = store.OrderCancelled
		return tx.Exec("UPDATE menus SET booked = booked - ? WHERE id = ?", line.Quantity, line.MenuID).Error
	})
	if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrPastCutoff) {
		return line, err
	}
	return line, translate(err)
}

// mayTouch reports whether resident by may act on owner's orders: the same
// account, or an account of the same household.
func mayTouch(tx *gorm.DB, owner, by uint) bool {
	if owner == by {
		return true
	}
	var n int64
	tx.Table("residents a").Joins("JOIN residents b ON a.household_id = b.household_id").
		Where("a.id = ? AND b.id = ? AND a.household_id IS NOT NULL", owner, by).Count(&n)
	return n > 0
}

// StopMeals marks meals of a day as not served (停餐), creating their menu
// rows if none was set (cutoffs gives each meal's default cut-off), and
// cancels every order booked for them. It returns the cancelled orders, so
// those who booked can be told.
func (s *Store) StopMeals(ctx context.Context, date string, cutoffs map[string]time.Time, at time.Time) ([]store.OrderLine, error) {
	var cancelled []store.OrderLine
	err := s.tx(ctx, func(tx *gorm.DB) error {
		meals := make([]string, 0, len(cutoffs))
		for meal, cut := range cutoffs {
			meals = append(meals, meal)
			m := store.Menu{Date: date, Meal: meal, Cutoff: cut.UTC(), Stopped: true, CreatedAt: at.UTC(), UpdatedAt: at.UTC()}
			if err := tx.Where("date = ? AND meal = ?", date, meal).Attrs(m).Omit("Dishes").FirstOrCreate(&m).Error; err != nil {
				return err
			}
		}
		err := orderLines(tx).Where("m.date = ? AND m.meal IN ? AND o.status = ?", date, meals, store.OrderBooked).
			Order("o.id").Scan(&cancelled).Error
		if err != nil {
			return err
		}
		ids := make([]uint, len(cancelled))
		for i := range cancelled {
			ids[i], cancelled[i].Status = cancelled[i].ID, store.OrderCancelled
		}
		if len(ids) > 0 {
			err := tx.Model(&store.MealOrder{}).Where("id IN ?", ids).
				Updates(map[string]any{"status": store.OrderCancelled, "cancelled_at": at.UTC(), "updated_at": at.UTC()}).Error
			if err != nil {
				return err
			}
		}
		return tx.Model(&store.Menu{}).Where("date = ? AND meal IN ?", date, meals).
			Updates(map[string]any{"stopped": true, "booked": 0, "updated_at": at.UTC()}).Error
	})
	return cancelled, translate(err)
}
