package sqldb_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

func TestOutageReportedOnce(t *testing.T) { sqldbtest.ForEachDB(t, testOutageReportedOnce) }

// Of many replicas reporting one outage, one is first to report it going
// away and one to report it coming back; a down state older than the
// stale bound no longer silences a new report.
func testOutageReportedOnce(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	report := func(down bool, now time.Time) int32 {
		var firsts atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				first, err := s.ReportOutage(ctx, "redis", down, now, now.Add(-30*time.Minute))
				if err != nil {
					t.Error(err)
				}
				if first {
					firsts.Add(1)
				}
			})
		}
		wg.Wait()
		return firsts.Load()
	}
	if n := report(true, t0); n != 1 {
		t.Errorf("8 replicas saw Redis go: %d reported it, want 1", n)
	}
	if n := report(true, t0.Add(time.Minute)); n != 0 {
		t.Errorf("the same outage reported again by %d", n)
	}
	if n := report(false, t0.Add(2*time.Minute)); n != 1 {
		t.Errorf("8 replicas saw Redis come back: %d reported it, want 1", n)
	}
	if n := report(false, t0.Add(3*time.Minute)); n != 0 {
		t.Errorf("back while not down: reported by %d", n)
	}
	if n := report(true, t0.Add(time.Hour)); n != 1 {
		t.Fatalf("a new outage: reported by %d, want 1", n)
	}
	// Nobody saw that one end (its replicas died); an hour later a new
	// one is reported all the same.
	if n := report(true, t0.Add(2*time.Hour)); n != 1 {
		t.Errorf("an outage after a stale one: reported by %d, want 1", n)
	}
}
