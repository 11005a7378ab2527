package store

import (
	"context"
	"time"
)

// Welcomes remember who a group greeted, so each newcomer is welcomed once
// however many groups they join or how often they rejoin.
type Welcomes interface {
	// FirstWelcome records that resident was welcomed and reports whether
	// it is the first time; two replicas racing find one first.
	FirstWelcome(ctx context.Context, residentID uint, at time.Time) (bool, error)
}
