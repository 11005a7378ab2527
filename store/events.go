package store

import (
	"context"
	"errors"
	"time"
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
	ID        uint
	Title     string
	Place     string
	Notes     string
	StartsAt  time.Time
	Deadline  *time.Time
	Capacity  int
	Status    string
	CreatorID uint
	Creator   Resident
	// Arrivals is the last arrival number handed out: each new sign-up
	// takes the next one, so the waitlist keeps arrival order exactly,
	// even for sign-ups within the same clock tick.
	Arrivals int64
	// SeatsTaken is the people confirmed, kept in the transaction of every
	// change to a sign-up, so a sign-up need not add up the activity's
	// confirmed parties (three times, as it once did).
	SeatsTaken int
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Buildings  []EventBuilding
	// Volunteer marks a 志愿 activity: 签到 and hours apply to it.
	Volunteer bool
}

// EventBuilding is one building an activity is for (AllBuildings: every one).
type EventBuilding struct {
	EventID  uint
	Building string
}

// Signup is one person's place at an activity; the unique index makes a
// second 报名 change the party instead of adding a row.
type Signup struct {
	ID         uint
	EventID    uint
	Event      Event
	ResidentID uint
	Resident   Resident
	Party      int
	Status     string
	// Arrival orders the waitlist: the event's arrival counter when this
	// person (last) signed up.
	Arrival int64
	// ChatPlatform and ChatID are the group the person signed up in, where
	// they are told with a mention if a private message cannot reach them.
	ChatPlatform string
	ChatID       string
	SignedUpAt   time.Time
	UpdatedAt    time.Time
	// ActedByID is who signed the household up with 代; nil when the
	// person did it themselves.
	ActedByID *uint
}

// EventNotice records that a one-time message about an activity (a
// reminder, the closing of its waitlist) went out, so it goes out once.
type EventNotice struct {
	EventID uint
	Kind    string
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

// Events are community activities: created for some buildings, changed or
// called off by their organisers, counted, listed, and reminded of once.
// Taking a place is Signups.
type Events interface {
	CreateEvent(ctx context.Context, e Event, buildings []string) (Event, error)
	Event(ctx context.Context, id uint) (Event, error)
	UpcomingEvents(ctx context.Context, now time.Time, buildings ...string) ([]EventCount, error)
	CountEvent(ctx context.Context, id uint) (EventCount, error)
	EventsStarting(ctx context.Context, from, to time.Time) ([]Event, error)
	ClaimEventNotice(ctx context.Context, eventID uint, kind string) (bool, error)
	EditEvent(ctx context.Context, id uint, ch EventChange, now time.Time, noPromotionWithin time.Duration) (EditResult, error)
	CancelEvent(ctx context.Context, id uint, now time.Time) (Event, []Signup, error)
	ExportSignups(ctx context.Context, eventID uint, from, to time.Time) ([]Signup, error)
}
