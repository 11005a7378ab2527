package store

import (
	"context"
	"time"
)

// JobRun records that a scheduled job ran (or was deliberately skipped) for
// one due time. The primary key makes the claim exactly-once across replicas
// that share the database.
type JobRun struct {
	Job       string
	Due       time.Time
	ClaimedAt time.Time
}

// Outage is the state of something every replica watches (Redis), kept so
// that its going away and coming back is told to the admins once, by the
// replica that saw it first, rather than once by each replica.
type Outage struct {
	Name  string
	Down  bool
	Since time.Time
}

// Jobs is the ledger of scheduled runs and of shared outages: a run or an
// outage report is claimed by exactly one replica. It is the scheduler's
// Ledger (Claim, LastRun) plus the outage report the replicas share.
type Jobs interface {
	Claim(ctx context.Context, job string, due time.Time) (bool, error)
	LastRun(ctx context.Context, job string) (time.Time, error)
	ReportOutage(ctx context.Context, name string, down bool, now, staleBefore time.Time) (bool, error)
}
