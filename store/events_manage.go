package store

import "time"

// EventChange is what 修改活动 changes; nil fields stay as they are.
type EventChange struct {
	Title, Place, Notes *string
	StartsAt            *time.Time
	Deadline            *time.Time
	ClearDeadline       bool
	Capacity            *int // 0: no limit
}

// EditResult is an activity before and after a change, and the waitlist
// moves a larger capacity made.
type EditResult struct {
	Before, After Event
	Taken         int // people confirmed
	Moves         Moves
}
