package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// SignUp confirms, waitlists or changes one person's sign-up. Everything is
// decided inside one IMMEDIATE transaction, so seats are counted by the
// database and never oversold whatever the concurrency. It returns
// ErrNotFound, ErrCancelled, ErrClosed (sign-up over), or ErrFull when there
// is no seat and the waitlist has stopped moving.
func (s *Store) SignUp(ctx context.Context, req store.SignupRequest) (store.SignupResult, error) {
	var res store.SignupResult
	err := s.tx(ctx, func(tx *gorm.DB) error {
		e, err := openEvent(tx, req.EventID, req.Now)
		if err != nil {
			return err
		}
		if !req.Now.Before(e.SignupCloses()) {
			return store.ErrClosed
		}
		res.Event = e
		inWindow := !req.Now.Before(e.StartsAt.Add(-req.NoPromotionWithin))
		if e.Capacity > 0 && s.driver == "postgres" {
			// Counted one after the other: see withinHousehold.
			if err := tx.Exec("UPDATE events SET arrivals = arrivals WHERE id = ?", e.ID).Error; err != nil {
				return err
			}
		}
		var cur store.Signup
		n := tx.Where("event_id = ? AND resident_id = ?", e.ID, req.ResidentID).Limit(1).Find(&cur).RowsAffected
		if err := householdSeats(tx, e, req, cur, n > 0, &res); err != nil {
			return err
		}
		others, err := confirmedPeople(tx, e.ID, req.ResidentID)
		if err != nil {
			return err
		}
		fits := e.Capacity == 0 || others+req.Party <= e.Capacity
		now := req.Now.UTC() // the time of the message: the export's signed_up_at
		if n > 0 {
			before := cur
			res.Before = &before
		}
		switch {
		case n > 0 && cur.Status == store.SignupConfirmed:
			if req.Party != cur.Party && !fits {
				res.Kept = true
				break
			}
			cur.Party = req.Party
		case n > 0 && cur.Status == store.SignupWaitlist:
			if inWindow && !fits {
				return store.ErrFull
			}
			cur.Party = req.Party
			if inWindow {
				cur.Status = store.SignupConfirmed
			}
		default:
			if inWindow && !fits {
				return store.ErrFull
			}
			if err := tx.Model(&store.Event{}).Where("id = ?", e.ID).
				Update("arrivals", gorm.Expr("arrivals + 1")).Error; err != nil {
				return err
			}
			if err := tx.Select("arrivals").First(&e, e.ID).Error; err != nil {
				return err
			}
			cur = store.Signup{ID: cur.ID, EventID: e.ID, ResidentID: req.ResidentID, Arrival: e.Arrivals,
				Status: store.SignupWaitlist}
			cur.Party, cur.SignedUpAt = req.Party, now
			if fits {
				cur.Status = store.SignupConfirmed
			}
		}
		if req.ChatID != "" {
			cur.ChatPlatform, cur.ChatID = req.ChatPlatform, req.ChatID
		}
		cur.UpdatedAt = now
		if err := tx.Omit("Event", "Resident").Save(&cur).Error; err != nil {
			return err
		}
		if !inWindow {
			if res.Moves, err = promote(tx, e, now); err != nil {
				return err
			}
		}
		return finishSignup(tx, &res, cur.ID)
	})
	return res, translate(err)
}

// householdSeats refuses a sign-up that would give the person's household
// more than req.HouseholdMost people, confirmed or waiting, at a limited
// activity; a party that does not grow is never refused.
func householdSeats(tx *gorm.DB, e store.Event, req store.SignupRequest, cur store.Signup, has bool, res *store.SignupResult) error {
	mine := 0
	if has && cur.Status != store.SignupCancelled {
		mine = cur.Party
	}
	if e.Capacity == 0 || req.HouseholdMost <= 0 || req.Party <= mine {
		return nil
	}
	var others int
	err := tx.Raw(`SELECT COALESCE(SUM(s.party), 0) FROM signups s JOIN residents r ON r.id = s.resident_id
		WHERE s.event_id = ? AND s.status <> ? AND s.resident_id <> ?
		AND r.household_id IN (SELECT household_id FROM residents WHERE id = ? AND household_id IS NOT NULL)`,
		e.ID, store.SignupCancelled, req.ResidentID, req.ResidentID).Scan(&others).Error
	if err != nil {
		return err
	}
	if others+req.Party > req.HouseholdMost {
		res.Household = others + mine
		if has {
			res.Before = &cur
		}
		return store.ErrHouseholdLimit
	}
	return nil
}

// finishSignup reads back the sign-up, its place in line and the seats left.
func finishSignup(tx *gorm.DB, res *store.SignupResult, id uint) error {
	if err := tx.First(&res.Signup, id).Error; err != nil {
		return err
	}
	pos, err := waitPosition(tx, res.Signup)
	if err != nil {
		return err
	}
	res.Position = pos
	res.SeatsLeft = -1
	if res.Event.Capacity > 0 {
		taken, err := confirmedPeople(tx, res.Event.ID, 0)
		if err != nil {
			return err
		}
		res.SeatsLeft = max(res.Event.Capacity-taken, 0)
	}
	return nil
}

// openEvent loads an activity that can still change: open and not begun.
func openEvent(tx *gorm.DB, id uint, now time.Time) (store.Event, error) {
	var e store.Event
	if err := tx.First(&e, id).Error; err != nil {
		return store.Event{}, err
	}
	switch {
	case e.Status == store.EventCancelled:
		return e, store.ErrCancelled
	case !now.Before(e.StartsAt):
		return e, store.ErrClosed
	}
	return e, nil
}

// confirmedPeople counts the confirmed seats of an activity, leaving out one
// resident's own (0: nobody left out).
func confirmedPeople(tx *gorm.DB, eventID, except uint) (int, error) {
	var n int
	err := tx.Model(&store.Signup{}).Select("COALESCE(SUM(party), 0)").
		Where("event_id = ? AND status = ? AND resident_id <> ?", eventID, store.SignupConfirmed, except).Scan(&n).Error
	return n, err
}

// promote fills free seats from the waitlist in arrival order: each party
// that fits is confirmed; a larger party earlier in line keeps its place and
// is reported as passed over, so it can be told it is still waiting.
func promote(tx *gorm.DB, e store.Event, now time.Time) (store.Moves, error) {
	var mv store.Moves
	taken, err := confirmedPeople(tx, e.ID, 0)
	if err != nil {
		return mv, err
	}
	free := e.Capacity - taken
	if e.Capacity > 0 && free <= 0 {
		// No party fits a full activity: nothing moves, and the waitlist
		// (hundreds for a popular one) need not be read on every sign-up.
		return mv, nil
	}
	var waiting []store.Signup
	if err := tx.Preload("Resident").Where("event_id = ? AND status = ?", e.ID, store.SignupWaitlist).
		Order("arrival, id").Find(&waiting).Error; err != nil {
		return mv, err
	}
	var skipped []store.Signup
	for _, w := range waiting {
		if e.Capacity > 0 && w.Party > free {
			skipped = append(skipped, w)
			continue
		}
		res := tx.Model(&store.Signup{}).Where("id = ? AND status = ?", w.ID, store.SignupWaitlist).
			Updates(map[string]any{"status": store.SignupConfirmed, "updated_at": now})
		if res.Error != nil {
			return mv, res.Error
		}
		free -= w.Party
		w.Status = store.SignupConfirmed
		mv.Promoted = append(mv.Promoted, w)
	}
	if len(mv.Promoted) == 0 {
		return mv, nil
	}
	last := mv.Promoted[len(mv.Promoted)-1].Arrival
	for i, w := range skipped {
		if w.Arrival < last {
			mv.Passed = append(mv.Passed, store.Waiting{Signup: w, Position: i + 1})
		}
	}
	return mv, nil
}

// CancelSignup gives up a person's place; freed seats go to the waitlist
// unless the activity starts within noPromotionWithin. It returns
// ErrNotFound when the person has no place.
func (s *Store) CancelSignup(ctx context.Context, eventID, residentID uint, now time.Time, noPromotionWithin time.Duration) (store.CancelResult, error) {
	var res store.CancelResult
	err := s.tx(ctx, func(tx *gorm.DB) error {
		e, err := openEvent(tx, eventID, now)
		if err != nil {
			return err
		}
		res.Event = e
		if err := tx.Where("event_id = ? AND resident_id = ? AND status <> ?", eventID, residentID, store.SignupCancelled).
			First(&res.Before).Error; err != nil {
			return err
		}
		if err := tx.Model(&store.Signup{}).Where("id = ?", res.Before.ID).
			Updates(map[string]any{"status": store.SignupCancelled, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		if now.Before(e.StartsAt.Add(-noPromotionWithin)) {
			res.Moves, err = promote(tx, e, s.now())
		}
		return err
	})
	return res, translate(err)
}
