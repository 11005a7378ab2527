package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// EditEvent changes an activity. A capacity below the people already
// confirmed is refused with ErrFull (Taken says how many); a new start time
// lets the reminders go out again for it. More seats move the waitlist up,
// unless the activity starts within noPromotionWithin.
func (s *Store) EditEvent(ctx context.Context, id uint, ch store.EventChange, now time.Time, noPromotionWithin time.Duration) (store.EditResult, error) {
	var res store.EditResult
	err := s.tx(ctx, func(tx *gorm.DB) error {
		e, err := openEvent(tx, id, now)
		if err != nil {
			return err
		}
		res.Before = e
		if res.Taken, err = addSeats(tx, id, 0); err != nil { // 0: read it, holding the row
			return err
		}
		if ch.Capacity != nil && *ch.Capacity > 0 && *ch.Capacity < res.Taken {
			return store.ErrFull
		}
		apply(&e, ch)
		e.UpdatedAt = s.now()
		if err := tx.Model(&store.Event{}).Where("id = ?", id).Select("title", "place", "notes", "starts_at", "deadline", "capacity", "updated_at").
			Updates(&e).Error; err != nil {
			return err
		}
		if !e.StartsAt.Equal(res.Before.StartsAt) {
			if err := tx.Where("event_id = ?", id).Delete(&store.EventNotice{}).Error; err != nil {
				return err
			}
		}
		res.After = e
		if now.Before(e.StartsAt.Add(-noPromotionWithin)) {
			res.Moves, _, err = promote(tx, e, res.Taken, s.now())
		}
		return err
	})
	if err != nil {
		return res, translate(err)
	}
	after, err := s.Event(ctx, id)
	res.After = after
	return res, err
}

func apply(e *store.Event, ch store.EventChange) {
	if ch.Title != nil {
		e.Title = *ch.Title
	}
	if ch.Place != nil {
		e.Place = *ch.Place
	}
	if ch.Notes != nil {
		e.Notes = *ch.Notes
	}
	if ch.StartsAt != nil {
		e.StartsAt = ch.StartsAt.UTC()
	}
	if ch.ClearDeadline {
		e.Deadline = nil
	}
	if ch.Deadline != nil {
		d := ch.Deadline.UTC()
		e.Deadline = &d
	}
	if ch.Capacity != nil {
		e.Capacity = *ch.Capacity
	}
}

// CancelEvent calls an activity off and returns the sign-ups it had
// (confirmed and waitlisted, in arrival order), now cancelled, so everyone
// can be told. It returns store.ErrCancelled when it already was.
func (s *Store) CancelEvent(ctx context.Context, id uint, now time.Time) (store.Event, []store.Signup, error) {
	var e store.Event
	var had []store.Signup
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		if e, err = openEvent(tx, id, now); err != nil {
			return err
		}
		if err := tx.Preload("Resident").Where("event_id = ? AND status IN ?", id, []string{store.SignupConfirmed, store.SignupWaitlist}).
			Order("arrival, id").Find(&had).Error; err != nil {
			return err
		}
		if err := tx.Model(&store.Signup{}).Where("event_id = ? AND status <> ?", id, store.SignupCancelled).
			Updates(map[string]any{"status": store.SignupCancelled, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		res := tx.Model(&store.Event{}).Where("id = ? AND status = ?", id, store.EventOpen).
			Updates(map[string]any{"status": store.EventCancelled, "updated_at": s.now(), "seats_taken": 0})
		if res.Error == nil && res.RowsAffected == 0 {
			return store.ErrCancelled
		}
		return res.Error
	})
	if err != nil {
		return e, nil, translate(err)
	}
	e, err = s.Event(ctx, id)
	return e, had, err
}

// ExportSignups lists sign-ups (all statuses) with their activity and the
// person's household: one activity (eventID > 0), or activities starting in
// [from, to) (a zero bound is open), by start time then arrival.
func (s *Store) ExportSignups(ctx context.Context, eventID uint, from, to time.Time) ([]store.Signup, error) {
	q := s.db.WithContext(ctx).Preload("Event").Preload("Resident.Household").
		Joins("JOIN events ON events.id = signups.event_id")
	if eventID > 0 {
		q = q.Where("signups.event_id = ?", eventID)
	}
	if !from.IsZero() {
		q = q.Where("events.starts_at >= ?", from.UTC())
	}
	if !to.IsZero() {
		q = q.Where("events.starts_at < ?", to.UTC())
	}
	var ss []store.Signup
	err := q.Order("events.starts_at, events.id, signups.arrival, signups.id").Find(&ss).Error
	return ss, translate(err)
}
