package store

import (
	"context"
	"time"
)

// Handling is the record of messages handled, which makes a redelivered
// message or update harmless: a message is claimed before its handler runs
// and finished, with the replies it queued, in one transaction. The router
// and the composition root's bridge use it, not the features.
type Handling interface {
	FirstHandling(ctx context.Context, platform, messageID string) (bool, error)
	FinishHandlingWith(ctx context.Context, platform, messageID, owner string, staleBefore time.Time, out []OutboxMessage) error
	FinishHandlingLater(ctx context.Context, platform, messageID, owner string, staleBefore time.Time, out []OutboxMessage) (wait func() error)
	RecentlyHandled(ctx context.Context, n int) ([][2]string, error)
	ForgetHandled(ctx context.Context, before time.Time) (int64, error)
}
