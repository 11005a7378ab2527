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
// store.ErrNotFound, store.ErrCancelled, ErrClosed (sign-up over), or store.ErrFull when there
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
		// Counted one after the other (see withinHousehold): the activity's
		// row is held first, by every change to its sign-ups, so two
		// changes never hold one row each and wait for the other's.
		taken, err := addSeats(tx, e.ID, 0)
		if err != nil {
			return err
		}
		var cur store.Signup
		n := tx.Where("event_id = ? AND resident_id = ?", e.ID, req.ResidentID).Limit(1).Find(&cur).RowsAffected
		if err := householdSeats(tx, e, req, cur, n > 0, &res); err != nil {
			return err
		}
		had := confirmedParty(cur, n > 0)
		fits := e.Capacity == 0 || taken-had+req.Party <= e.Capacity
		now := req.Now.UTC() // the time of the message: the export's signed_up_at
		if n > 0 {
			before := cur
			res.Before = &before
		}
		if err := place(tx, e, req, &cur, n > 0, fits, inWindow, &res); err != nil {
			return err
		}
		if req.ChatID != "" {
			cur.ChatPlatform, cur.ChatID = req.ChatPlatform, req.ChatID
		}
		cur.UpdatedAt = now
		cur.ActedByID = nil
		if req.ActedBy != 0 {
			cur.ActedByID = &req.ActedBy
		}
		if err := tx.Omit("Event", "Resident").Save(&cur).Error; err != nil {
			return err
		}
		if delta := confirmedParty(cur, true) - had; delta != 0 {
			if taken, err = addSeats(tx, e.ID, delta); err != nil {
				return err
			}
		}
		if !inWindow {
			if res.Moves, taken, err = promote(tx, e, taken, now); err != nil {
				return err
			}
		}
		return finishSignup(tx, &res, cur.ID, taken)
	})
	return res, translate(err)
}

// confirmedParty is the seats a sign-up holds: its party if confirmed.
func confirmedParty(su store.Signup, has bool) int {
	if has && su.Status == store.SignupConfirmed {
		return su.Party
	}
	return 0
}

// addSeats moves an activity's count of confirmed people by delta, in the
// transaction that confirmed or released them, and returns the new count.
// The update holds the activity's row until the transaction ends (on
// PostgreSQL; SQLite's transaction holds the whole database), so the count
// returned is the one the rest of the transaction may decide by.
func addSeats(tx *gorm.DB, eventID uint, delta int) (int, error) {
	var n int
	err := tx.Raw("UPDATE events SET seats_taken = seats_taken + ? WHERE id = ? RETURNING seats_taken", delta, eventID).
		Scan(&n).Error
	return n, err
}

// place decides the person's sign-up cur (has: they had one): a party
// change that does not fit keeps the old one (res.Kept); a new sign-up
// takes the next arrival number, confirmed if it fits, else waitlisted
// (refused with store.ErrFull once the waitlist stopped moving).
func place(tx *gorm.DB, e store.Event, req store.SignupRequest, cur *store.Signup, has, fits, inWindow bool, res *store.SignupResult) error {
	switch {
	case has && cur.Status == store.SignupConfirmed:
		if req.Party != cur.Party && !fits {
			res.Kept = true
			return nil
		}
		cur.Party = req.Party
	case has && cur.Status == store.SignupWaitlist:
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
		var arrival int64
		err := tx.Raw("UPDATE events SET arrivals = arrivals + 1 WHERE id = ? RETURNING arrivals", e.ID).Scan(&arrival).Error
		if err != nil {
			return err
		}
		*cur = store.Signup{ID: cur.ID, EventID: e.ID, ResidentID: req.ResidentID, Arrival: arrival,
			Status: store.SignupWaitlist, Party: req.Party, SignedUpAt: req.Now.UTC()}
		if fits {
			cur.Status = store.SignupConfirmed
		}
	}
	return nil
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
	// Driven from the household's few members, each looked up in the
	// activity's sign-ups by key: walking the activity's sign-ups (hundreds
	// for a popular one) cost 8% of the load run's CPU at 50k commands.
	// CROSS JOIN holds SQLite to that order (PostgreSQL plans it as any
	// join): with the status a bound value, SQLite walked the sign-ups
	// again (120 µs a sign-up against 14, with the write lock held).
	err := tx.Raw(`SELECT COALESCE(SUM(s.party), 0) FROM residents r CROSS JOIN signups s
		WHERE r.household_id = (SELECT household_id FROM residents WHERE id = ?)
		AND s.event_id = ? AND s.resident_id = r.id AND r.id <> ? AND s.status <> ?`,
		req.ResidentID, e.ID, req.ResidentID, store.SignupCancelled).Scan(&others).Error
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

// finishSignup reads back the sign-up and its place in line, and says the
// seats left of the count kept by the transaction.
func finishSignup(tx *gorm.DB, res *store.SignupResult, id uint, taken int) error {
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
		res.SeatsLeft = max(res.Event.Capacity-taken, 0)
	}
	res.Event.SeatsTaken = taken
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

// promote fills free seats from the waitlist in arrival order: each party
// that fits is confirmed; a larger party earlier in line keeps its place and
// is reported as passed over, so it can be told it is still waiting. It
// returns the count of confirmed people after the moves.
func promote(tx *gorm.DB, e store.Event, taken int, now time.Time) (store.Moves, int, error) {
	var mv store.Moves
	free := e.Capacity - taken
	if e.Capacity > 0 && free <= 0 {
		// No party fits a full activity: nothing moves, and the waitlist
		// (hundreds for a popular one) need not be read on every sign-up.
		return mv, taken, nil
	}
	if e.Capacity > 0 {
		if fits, err := anyFits(tx, e.ID, free); err != nil || !fits {
			return mv, taken, err
		}
	}
	var waiting []store.Signup
	if err := tx.Where("event_id = ? AND status = ?", e.ID, store.SignupWaitlist).
		Order("arrival, id").Find(&waiting).Error; err != nil {
		return mv, taken, err
	}
	var skipped []store.Signup
	moved := 0
	for _, w := range waiting {
		if e.Capacity > 0 && w.Party > free {
			skipped = append(skipped, w)
			continue
		}
		res := tx.Model(&store.Signup{}).Where("id = ? AND status = ?", w.ID, store.SignupWaitlist).
			Updates(map[string]any{"status": store.SignupConfirmed, "updated_at": now})
		if res.Error != nil {
			return mv, taken, res.Error
		}
		free -= w.Party
		moved += w.Party
		w.Status = store.SignupConfirmed
		mv.Promoted = append(mv.Promoted, w)
	}
	if len(mv.Promoted) == 0 {
		return mv, taken, nil
	}
	taken, err := addSeats(tx, e.ID, moved)
	if err != nil {
		return mv, taken, err
	}
	last := mv.Promoted[len(mv.Promoted)-1].Arrival
	for i, w := range skipped {
		if w.Arrival < last {
			mv.Passed = append(mv.Passed, store.Waiting{Signup: w, Position: i + 1})
		}
	}
	return mv, taken, withResidents(tx, &mv)
}

// anyFits reports whether a party on the waitlist fits in free seats.
// When none does nothing moves and nobody is passed over, so promote need
// not read the waitlist: once an activity is nearly full, with a seat or
// two free and parties of more waiting, every sign-up read all of it
// (hundreds of rows, through gorm) while holding the write lock.
func anyFits(tx *gorm.DB, eventID uint, free int) (bool, error) {
	var n int
	err := tx.Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM signups WHERE event_id = ? AND status = ? AND party <= ? LIMIT 1) AS f`,
		eventID, store.SignupWaitlist, free).Scan(&n).Error
	return n > 0, err
}

// withResidents loads who was moved: only they are told, so the waitlist
// is read without its residents.
func withResidents(tx *gorm.DB, mv *store.Moves) error {
	for i := range mv.Promoted {
		if err := tx.First(&mv.Promoted[i].Resident, mv.Promoted[i].ResidentID).Error; err != nil {
			return err
		}
	}
	for i := range mv.Passed {
		if err := tx.First(&mv.Passed[i].Signup.Resident, mv.Passed[i].Signup.ResidentID).Error; err != nil {
			return err
		}
	}
	return nil
}

// CancelSignup gives up a person's place; freed seats go to the waitlist
// unless the activity starts within noPromotionWithin. It returns
// store.ErrNotFound when the person has no place.
func (s *Store) CancelSignup(ctx context.Context, eventID, residentID uint, now time.Time, noPromotionWithin time.Duration) (store.CancelResult, error) {
	var res store.CancelResult
	err := s.tx(ctx, func(tx *gorm.DB) error {
		e, err := openEvent(tx, eventID, now)
		if err != nil {
			return err
		}
		res.Event = e
		if _, err := addSeats(tx, eventID, 0); err != nil { // the row first, as SignUp
			return err
		}
		if err := tx.Where("event_id = ? AND resident_id = ? AND status <> ?", eventID, residentID, store.SignupCancelled).
			First(&res.Before).Error; err != nil {
			return err
		}
		if err := tx.Model(&store.Signup{}).Where("id = ?", res.Before.ID).
			Updates(map[string]any{"status": store.SignupCancelled, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		taken, err := addSeats(tx, eventID, -confirmedParty(res.Before, true))
		if err != nil {
			return err
		}
		if now.Before(e.StartsAt.Add(-noPromotionWithin)) {
			res.Moves, _, err = promote(tx, e, taken, s.now())
		}
		return err
	})
	return res, translate(err)
}
