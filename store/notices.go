package store

import (
	"context"
	"strings"
	"time"
)

// Notice is a building head's or admin's notice set for a later time
// (定时通知). Buildings lists where it goes, comma-separated; AllBuildings
// means every bound group.
type Notice struct {
	ID        uint
	AuthorID  uint
	Author    Resident
	Buildings string
	Text      string
	SendAt    time.Time
	SentAt    *time.Time
	Groups    int // how many groups it went to
	CreatedAt time.Time
}

// BuildingList is the notice's buildings as a list.
func (n Notice) BuildingList() []string { return strings.Split(n.Buildings, ",") }

// Notices are 定时通知: written by a building head or admin, sent once by
// whichever replica claims them when due.
type Notices interface {
	ScheduleNotice(ctx context.Context, authorID uint, buildings []string, text string, sendAt time.Time) (Notice, error)
	DueNotices(ctx context.Context, now time.Time) ([]Notice, error)
	ClaimNotice(ctx context.Context, id uint, now time.Time) (bool, error)
	RecordNoticeGroups(ctx context.Context, id uint, groups int) error
	PendingNotices(ctx context.Context, authorID uint) ([]Notice, error)
}
