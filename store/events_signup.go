package store

import (
	"context"
	"time"
)

// SignupRequest is one 报名: a person asking for seats at an activity.
type SignupRequest struct {
	EventID, ResidentID uint
	Party               int
	// ChatPlatform and ChatID are the group asked in, if any.
	ChatPlatform, ChatID string
	Now                  time.Time
	// NoPromotionWithin is how long before the start the waitlist stops
	// moving: within it nobody is added to the waitlist or moved up.
	NoPromotionWithin time.Duration
	// HouseholdMost caps the people one household (all its accounts; an
	// account in none is a household of one) may have signed up, confirmed
	// or waiting, for a limited activity (events.max_per_household). 0
	// means no cap.
	HouseholdMost int
	// ActedBy is the liaison, head or admin signing the household up (代);
	// 0 when the person signs up themselves.
	ActedBy uint
}

// Moves are what freed seats did to the waitlist: who was confirmed, and who,
// earlier in line, did not fit and keeps waiting (they must be told, not
// skipped silently).
type Moves struct {
	Promoted []Signup
	Passed   []Waiting
}

// Waiting is a waitlisted sign-up and its place in line.
type Waiting struct {
	Signup
	Position int
}

// SignupResult is how a 报名 ended.
type SignupResult struct {
	Event  Event
	Signup Signup  // as it stands now
	Before *Signup // the row before this request; nil when new
	// Kept is set when a confirmed party asked to grow and the extra seats
	// were not free: the sign-up stays as it was.
	Kept      bool
	Position  int // place in the waitlist, when waitlisted
	SeatsLeft int // after the change; -1 for no limit
	Moves     Moves
	// Household is, with ErrHouseholdLimit, the people the household has
	// signed up already (this account's included, its row in Before).
	Household int
}

// CancelResult is how a 取消报名 ended.
type CancelResult struct {
	Event  Event
	Before Signup
	Moves  Moves
}

// Signups are people's places at activities: 报名 against the seats and the
// household cap, 取消报名 moving the waitlist up, and where someone stands.
type Signups interface {
	SignUp(ctx context.Context, req SignupRequest) (SignupResult, error)
	CancelSignup(ctx context.Context, eventID, residentID uint, now time.Time, noPromotionWithin time.Duration) (CancelResult, error)
	Signups(ctx context.Context, eventID uint, statuses ...string) ([]Signup, error)
	SignupsOf(ctx context.Context, residentID uint, now time.Time) ([]Signup, error)
	WaitPosition(ctx context.Context, su Signup) (int, error)
}
