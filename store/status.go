package store

import (
	"context"
	"time"
)

// Backlog is what waits in the outbox for one platform: how many messages
// and since when the oldest.
type Backlog struct {
	Platform string
	Unsent   int
	Oldest   time.Time
}

// JobFailure is a scheduled run that did not complete: the ledger claims a
// run before it starts, so a failure is kept beside it for the office's
// 状态 page (the admins are also told in the chat when it happens).
type JobFailure struct {
	ID    uint
	Job   string
	Due   time.Time
	At    time.Time
	Error string
}

// Status is what the office's 状态 page reads of the bot's own work: the
// outbox waiting per platform, and the scheduled runs that failed.
type Status interface {
	// OutboxBacklog reports the unsent messages of each platform that has
	// any, with the oldest one's time.
	OutboxBacklog(ctx context.Context) ([]Backlog, error)
	// JobFailed keeps a failed run; JobFailures lists those at or after
	// since, newest first, at most limit.
	JobFailed(ctx context.Context, f JobFailure) error
	JobFailures(ctx context.Context, since time.Time, limit int) ([]JobFailure, error)
}
