package store

import (
	"context"
	"time"
)

// Desk is what the community office's 活动, 社区 and 通知 pages read that
// no chat command needs: lists across the whole community (every role
// holder, everyone waiting to join a household, every scheduled notice,
// past activities) and the cancelling of a scheduled notice. The chat
// works one person or one command at a time and never lists these whole.
type Desk interface {
	// PastEvents lists activities (open or called off) that started before
	// now, newest first, at most limit, for any of the buildings (none:
	// every activity; a community-wide one is in every building's list).
	PastEvents(ctx context.Context, now time.Time, limit int, buildings ...string) ([]EventCount, error)
	// RoleHolders lists every role given, with its holder and their
	// household, by role, building and name.
	RoleHolders(ctx context.Context) ([]Role, error)
	// FindResidents lists chat accounts whose name contains part (no
	// household-only members), with their households, at most limit.
	FindResidents(ctx context.Context, part string, limit int) ([]Resident, error)
	// WaitingMembers lists the accounts waiting for a yes to join a
	// household of any of the buildings (none: every building), by
	// building, room and arrival.
	WaitingMembers(ctx context.Context, buildings ...string) ([]WaitingMember, error)
	// ScheduledNotices lists the notices not yet sent, soonest first, with
	// their authors.
	ScheduledNotices(ctx context.Context) ([]Notice, error)
	// CancelNotice deletes a notice not yet sent and returns it; one that
	// was sent (or claimed by the sending job) or never existed is
	// ErrNotFound. The delete is conditional, so a notice is either sent
	// or cancelled, never both.
	CancelNotice(ctx context.Context, id uint) (Notice, error)
}

// WaitingMember is an account waiting to join a household.
type WaitingMember struct {
	Resident  Resident // their household now, if any, in Resident.Household
	Household Household
}
