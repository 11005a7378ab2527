package store

import (
	"context"
	"time"
)

// Hints remember when a person was last given a one-line hint (登记 after a
// booking by someone in no household), so that it is said at most once in
// a while and not after every order.
type Hints interface {
	// HintDue records that the hint kind is given to resident now and
	// reports true, unless it was given less than every ago (false, and
	// nothing is written). Two replicas asking at once get one true.
	HintDue(ctx context.Context, residentID uint, kind string, now time.Time, every time.Duration) (bool, error)
}

// Names gives people's names by account: an export shows who acted for a
// household (代) by name, not by number.
type Names interface {
	NamesOf(ctx context.Context, ids []uint) (map[uint]string, error)
}
