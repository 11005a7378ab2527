package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Event statuses.
const (
	EventOpen      = "open"
	EventCancelled = "cancelled"
)

// Sign-up statuses, as the export writes them.
const (
	SignupConfirmed = "confirmed"
	SignupWaitlist  = "waitlist"
	SignupCancelled = "cancelled"
)

// ErrCancelled is returned for an activity that has been called off.
var ErrCancelled = errors.New("activity cancelled")

// Event is a community activity people sign up for. Its ID is the number
// residents type (报名 3). Capacity counts people; zero means no limit.
type Event struct {
	ID        uint      `gorm:"primaryKey"`
	Title     string    `gorm:"not null"`
	Place     string    `gorm:"not null;default:''"`
	Notes     string    `gorm:"not null;default:''"`
	StartsAt  time.Time `gorm:"not null;index"`
	Deadline  *time.Time
	Capacity  int    `gorm:"not null;default:0"`
	Status    string `gorm:"not null;default:'open';index"`
	CreatorID uint   `gorm:"not null;index"`
	Creator   Resident
	// Arrivals is the last arrival number handed out: each new sign-up
	// takes the next one, so the waitlist keeps arrival order exactly,
	// even for sign-ups within the same clock tick.
	Arrivals  int64 `gorm:"not null;default:0"`
	CreatedAt time.Time
	UpdatedAt time.Time
	Buildings []EventBuilding `gorm:"constraint:OnDelete:CASCADE"`
}

// EventBuilding is one building an activity is for (AllBuildings: every one).
type EventBuilding struct {
	EventID  uint   `gorm:"primaryKey;autoIncrement:false"`
	Building string `gorm:"primaryKey"`
}

// Signup is one person's place at an activity; the unique index makes a
// second 报名 change the party instead of adding a row.
type Signup struct {
	ID         uint `gorm:"primaryKey"`
	EventID    uint `gorm:"not null;uniqueIndex:idx_signup_person"`
	Event      Event
	ResidentID uint `gorm:"not null;uniqueIndex:idx_signup_person;index"`
	Resident   Resident
	Party      int    `gorm:"not null"`
	Status     string `gorm:"not null;index"`
	// Arrival orders the waitlist: the event's arrival counter when this
	// person (last) signed up.
	Arrival int64 `gorm:"not null"`
	// ChatPlatform and ChatID are the group the person signed up in, where
	// they are told with a mention if a private message cannot reach them.
	ChatPlatform string `gorm:"not null;default:''"`
	ChatID       string `gorm:"not null;default:''"`
	SignedUpAt   time.Time
	UpdatedAt    time.Time
}

// EventNotice records that a one-time message about an activity (a
// reminder, the closing of its waitlist) went out, so it goes out once.
type EventNotice struct {
	EventID uint   `gorm:"primaryKey;autoIncrement:false"`
	Kind    string `gorm:"primaryKey"`
	SentAt  time.Time
}

// SignupCloses is when sign-up ends: the deadline, or the start.
func (e Event) SignupCloses() time.Time {
	if e.Deadline != nil && e.Deadline.Before(e.StartsAt) {
		return *e.Deadline
	}
	return e.StartsAt
}

// BuildingNames lists the buildings the activity is for.
func (e Event) BuildingNames() []string {
	names := make([]string, 0, len(e.Buildings))
	for _, b := range e.Buildings {
		names = append(names, b.Building)
	}
	return names
}

// CreateEvent stores a new activity for the buildings given.
func (s *Store) CreateEvent(ctx context.Context, e Event, buildings []string) (Event, error) {
	now := s.now()
	e.ID, e.Status, e.Arrivals, e.CreatedAt, e.UpdatedAt = 0, EventOpen, 0, now, now
	e.StartsAt = e.StartsAt.UTC()
	if e.Deadline != nil {
		d := e.Deadline.UTC()
		e.Deadline = &d
	}
	e.Buildings = nil
	for _, b := range buildings {
		e.Buildings = append(e.Buildings, EventBuilding{Building: b})
	}
	err := s.tx(ctx, func(tx *gorm.DB) error { return tx.Omit("Creator").Create(&e).Error })
	if err != nil {
		return Event{}, translate(err)
	}
	return s.Event(ctx, e.ID)
}

// Event finds an activity by its number, with its buildings and creator.
func (s *Store) Event(ctx context.Context, id uint) (Event, error) {
	var e Event
	err := s.db.WithContext(ctx).Preload("Buildings").Preload("Creator").First(&e, id).Error
	return e, translate(err)
}

// EventCount is an activity with its seats taken and its waitlist.
type EventCount struct {
	Event
	Taken   int // people confirmed
	Waiting int // people on the waitlist
}

// SeatsLeft is how many people may still be confirmed; -1 for no limit.
func (c EventCount) SeatsLeft() int {
	if c.Capacity == 0 {
		return -1
	}
	return max(c.Capacity-c.Taken, 0)
}

// UpcomingEvents lists open activities that have not started, soonest
// first, for any of the buildings (none given: every activity).
func (s *Store) UpcomingEvents(ctx context.Context, now time.Time, buildings ...string) ([]EventCount, error) {
	q := s.db.WithContext(ctx).Preload("Buildings").
		Where("status = ? AND starts_at > ?", EventOpen, now.UTC())
	if len(buildings) > 0 {
		q = q.Where("EXISTS (SELECT 1 FROM event_buildings eb WHERE eb.event_id = events.id AND eb.building IN ?)",
			append(buildings, AllBuildings))
	}
	var es []Event
	if err := q.Order("starts_at, id").Find(&es).Error; err != nil {
		return nil, translate(err)
	}
	return s.withCounts(ctx, es)
}

func (s *Store) withCounts(ctx context.Context, es []Event) ([]EventCount, error) {
	out := make([]EventCount, 0, len(es))
	for _, e := range es {
		var rows []struct {
			Status string
			People int
		}
		err := s.db.WithContext(ctx).Model(&Signup{}).Select("status, COALESCE(SUM(party), 0) AS people").
			Where("event_id = ?", e.ID).Group("status").Scan(&rows).Error
		if err != nil {
			return nil, translate(err)
		}
		c := EventCount{Event: e}
		for _, r := range rows {
			switch r.Status {
			case SignupConfirmed:
				c.Taken = r.People
			case SignupWaitlist:
				c.Waiting = r.People
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// CountEvent is one activity with its counts.
func (s *Store) CountEvent(ctx context.Context, id uint) (EventCount, error) {
	e, err := s.Event(ctx, id)
	if err != nil {
		return EventCount{}, err
	}
	cs, err := s.withCounts(ctx, []Event{e})
	if err != nil {
		return EventCount{}, err
	}
	return cs[0], nil
}

// EventsStarting lists open activities starting in (from, to], soonest first.
func (s *Store) EventsStarting(ctx context.Context, from, to time.Time) ([]Event, error) {
	var es []Event
	err := s.db.WithContext(ctx).Preload("Buildings").
		Where("status = ? AND starts_at > ? AND starts_at <= ?", EventOpen, from.UTC(), to.UTC()).
		Order("starts_at, id").Find(&es).Error
	return es, translate(err)
}

// ClaimEventNotice records that the notice kind about an activity is being
// sent; it answers true once, so each reminder goes out once.
func (s *Store) ClaimEventNotice(ctx context.Context, eventID uint, kind string) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&EventNotice{EventID: eventID, Kind: kind, SentAt: s.now()})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}

// Signups lists an activity's sign-ups with one of the statuses (none: all),
// in arrival order, with each person's household.
func (s *Store) Signups(ctx context.Context, eventID uint, statuses ...string) ([]Signup, error) {
	q := s.db.WithContext(ctx).Preload("Resident.Household").Where("event_id = ?", eventID)
	if len(statuses) > 0 {
		q = q.Where("status IN ?", statuses)
	}
	var ss []Signup
	err := q.Order("arrival, id").Find(&ss).Error
	return ss, translate(err)
}

// SignupsOf lists a person's sign-ups (not cancelled) for open activities
// that have not started, soonest first.
func (s *Store) SignupsOf(ctx context.Context, residentID uint, now time.Time) ([]Signup, error) {
	var ss []Signup
	err := s.db.WithContext(ctx).Preload("Event").
		Joins("JOIN events ON events.id = signups.event_id").
		Where("signups.resident_id = ? AND signups.status <> ? AND events.status = ? AND events.starts_at > ?",
			residentID, SignupCancelled, EventOpen, now.UTC()).
		Order("events.starts_at, events.id").Find(&ss).Error
	return ss, translate(err)
}

// WaitPosition is a waitlisted sign-up's place in line, 1 for the first.
func (s *Store) WaitPosition(ctx context.Context, su Signup) (int, error) {
	return waitPosition(s.db.WithContext(ctx), su)
}

func waitPosition(tx *gorm.DB, su Signup) (int, error) {
	if su.Status != SignupWaitlist {
		return 0, nil
	}
	var n int64
	err := tx.Model(&Signup{}).Where("event_id = ? AND status = ? AND arrival < ?",
		su.EventID, SignupWaitlist, su.Arrival).Count(&n).Error
	return int(n) + 1, translate(err)
}
