package store

import (
	"context"
	"time"
)

// Volunteering keeps volunteer hours (志愿服务): who was at an activity
// (签到, once a person) and how long the activity counts for (时长). A
// person's hours are the hours of the activities they checked in at.
type Volunteering interface {
	// CheckIn records that a person was at an activity; first is false
	// when they were already checked in.
	CheckIn(ctx context.Context, eventID, residentID, byID uint, at time.Time) (first bool, err error)
	// SetEventMinutes sets (or changes) how long an activity counts for.
	SetEventMinutes(ctx context.Context, eventID uint, minutes int, byID uint, at time.Time) error
	// CheckedIn counts the people checked in at an activity.
	CheckedIn(ctx context.Context, eventID uint) (int, error)
	// VolunteerRecords lists, for activities starting in [from, to) with
	// their hours set, each person checked in; residentID 0 means everyone.
	VolunteerRecords(ctx context.Context, from, to time.Time, residentID uint) ([]VolunteerRecord, error)
}

// VolunteerRecord is one person's presence at one activity with hours.
type VolunteerRecord struct {
	EventID        uint
	Title          string
	StartsAt       time.Time
	Minutes        int
	ResidentID     uint
	Name           string
	Building, Room string // "" when not registered
}
