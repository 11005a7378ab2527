package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"linli/store"
)

// CreateEvent stores a new activity for the buildings given.
func (s *Store) CreateEvent(ctx context.Context, e store.Event, buildings []string) (store.Event, error) {
	now := s.now()
	e.ID, e.Status, e.Arrivals, e.SeatsTaken, e.CreatedAt, e.UpdatedAt = 0, store.EventOpen, 0, 0, now, now
	e.StartsAt = e.StartsAt.UTC()
	if e.Deadline != nil {
		d := e.Deadline.UTC()
		e.Deadline = &d
	}
	e.Buildings = nil
	for _, b := range buildings {
		e.Buildings = append(e.Buildings, store.EventBuilding{Building: b})
	}
	// As a row: its buildings are saved with it, keyed as the table is.
	row := convert[eventRow](e)
	err := s.tx(ctx, func(tx *gorm.DB) error { return tx.Omit("Creator").Create(&row).Error })
	if err != nil {
		return store.Event{}, translate(err)
	}
	return s.Event(ctx, row.ID)
}

// Event finds an activity by its number, with its buildings and creator.
func (s *Store) Event(ctx context.Context, id uint) (store.Event, error) {
	var e store.Event
	err := s.db.WithContext(ctx).Preload("Buildings").Preload("Creator").First(&e, id).Error
	return e, translate(err)
}

// UpcomingEvents lists open activities that have not started, soonest
// first, for any of the buildings (none given: every activity).
func (s *Store) UpcomingEvents(ctx context.Context, now time.Time, buildings ...string) ([]store.EventCount, error) {
	q := s.db.WithContext(ctx).Preload("Buildings").
		Where("status = ? AND starts_at > ?", store.EventOpen, now.UTC())
	if len(buildings) > 0 {
		q = q.Where("EXISTS (SELECT 1 FROM event_buildings eb WHERE eb.event_id = events.id AND eb.building IN ?)",
			append(buildings, store.AllBuildings))
	}
	var es []store.Event
	if err := q.Order("starts_at, id").Find(&es).Error; err != nil {
		return nil, translate(err)
	}
	return s.withCounts(ctx, es)
}

func (s *Store) withCounts(ctx context.Context, es []store.Event) ([]store.EventCount, error) {
	out := make([]store.EventCount, 0, len(es))
	for _, e := range es {
		var rows []struct {
			Status string
			People int
		}
		err := s.db.WithContext(ctx).Model(&store.Signup{}).Select("status, COALESCE(SUM(party), 0) AS people").
			Where("event_id = ?", e.ID).Group("status").Scan(&rows).Error
		if err != nil {
			return nil, translate(err)
		}
		c := store.EventCount{Event: e}
		for _, r := range rows {
			switch r.Status {
			case store.SignupConfirmed:
				c.Taken = r.People
			case store.SignupWaitlist:
				c.Waiting = r.People
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// CountEvent is one activity with its counts.
func (s *Store) CountEvent(ctx context.Context, id uint) (store.EventCount, error) {
	e, err := s.Event(ctx, id)
	if err != nil {
		return store.EventCount{}, err
	}
	cs, err := s.withCounts(ctx, []store.Event{e})
	if err != nil {
		return store.EventCount{}, err
	}
	return cs[0], nil
}

// EventsStarting lists open activities starting in (from, to], soonest first.
func (s *Store) EventsStarting(ctx context.Context, from, to time.Time) ([]store.Event, error) {
	var es []store.Event
	err := s.db.WithContext(ctx).Preload("Buildings").
		Where("status = ? AND starts_at > ? AND starts_at <= ?", store.EventOpen, from.UTC(), to.UTC()).
		Order("starts_at, id").Find(&es).Error
	return es, translate(err)
}

// ClaimEventNotice records that the notice kind about an activity is being
// sent; it answers true once, so each reminder goes out once.
func (s *Store) ClaimEventNotice(ctx context.Context, eventID uint, kind string) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&store.EventNotice{EventID: eventID, Kind: kind, SentAt: s.now()})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}

// Signups lists an activity's sign-ups with one of the statuses (none: all),
// in arrival order, with each person's household.
func (s *Store) Signups(ctx context.Context, eventID uint, statuses ...string) ([]store.Signup, error) {
	q := s.db.WithContext(ctx).Preload("Resident.Household").Where("event_id = ?", eventID)
	if len(statuses) > 0 {
		q = q.Where("status IN ?", statuses)
	}
	var ss []store.Signup
	err := q.Order("arrival, id").Find(&ss).Error
	return ss, translate(err)
}

// SignupsOf lists the sign-ups (not cancelled) of a person and of the other
// accounts of their household, for open activities
// that have not started, soonest first.
func (s *Store) SignupsOf(ctx context.Context, residentID uint, now time.Time) ([]store.Signup, error) {
	var ss []store.Signup
	err := signupsOf(s.db.WithContext(ctx).Preload("Event").Preload("Resident"), residentID, now).Find(&ss).Error
	return ss, translate(err)
}

// signupsOf is the query of SignupsOf. The household's other accounts (its
// WeChat and its Telegram) count as the same home: their sign-ups are
// listed too, looked up by account in each open activity.
func signupsOf(db *gorm.DB, residentID uint, now time.Time) *gorm.DB {
	return db.Joins("JOIN events ON events.id = signups.event_id").
		Where("signups.resident_id IN ("+householdAccounts+")", residentID, residentID).
		Where("signups.status <> ? AND events.status = ? AND events.starts_at > ?", store.SignupCancelled, store.EventOpen, now.UTC()).
		Order("events.starts_at, events.id, signups.id")
}

// WaitPosition is a waitlisted sign-up's place in line, 1 for the first.
func (s *Store) WaitPosition(ctx context.Context, su store.Signup) (int, error) {
	return waitPosition(s.db.WithContext(ctx), su)
}

func waitPosition(tx *gorm.DB, su store.Signup) (int, error) {
	if su.Status != store.SignupWaitlist {
		return 0, nil
	}
	var n int64
	err := tx.Model(&store.Signup{}).Where("event_id = ? AND status = ? AND arrival < ?",
		su.EventID, store.SignupWaitlist, su.Arrival).Count(&n).Error
	return int(n) + 1, translate(err)
}
