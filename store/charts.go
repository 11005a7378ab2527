package store

import (
	"context"
	"time"
)

// DayTier is how many portions of one price tier were booked for the menus
// of one day.
type DayTier struct {
	Date     string // 2026-11-25
	Tier     string
	Portions int
}

// Participation is how much one building's households take part over a
// period: bookings (orders), activity sign-ups and suggestions, beside
// how many households are registered there.
type Participation struct {
	Building    string
	Households  int
	Bookings    int
	Signups     int
	Suggestions int
}

// Charts are the aggregates the office's 图表 page draws, summed in the
// database: a year of orders is a million rows.
type Charts interface {
	// MealsByDay sums the booked portions of the menus dated from..to
	// (inclusive, 2006-01-02) per day and tier.
	MealsByDay(ctx context.Context, from, to string) ([]DayTier, error)
	// Participation counts per building the orders of menus dated
	// from..to, and the sign-ups and suggestions made in [since, until).
	Participation(ctx context.Context, from, to string, since, until time.Time) ([]Participation, error)
	// ResolveTimes lists how long each suggestion closed in [since,
	// until) took from filing to closing.
	ResolveTimes(ctx context.Context, since, until time.Time) ([]time.Duration, error)
}
