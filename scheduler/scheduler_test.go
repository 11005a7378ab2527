package scheduler_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/scheduler"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

func shanghai(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func ledger(t *testing.T) *sqldb.Store {
	s := sqldbtest.MustOpen(t)
	return s
}

func TestParseRefusesWhatCronWouldPanicOn(t *testing.T) {
	for _, bad := range []string{"", "CRON_TZ=Asia/Shanghai", "CRON_TZ=Asia/Shanghai0 9 * * *", "TZ=UTC 0 9 * * *", "61 7 * * *", "0 25 * * *", "every day"} {
		if err := scheduler.Validate(bad); err == nil {
			t.Errorf("Validate(%q) = nil, want an error", bad)
		}
	}
	for _, good := range []string{"0 16 * * *", "30 7 * * *", "* * * * *", "0 9 * * 1", "@daily"} {
		if err := scheduler.Validate(good); err != nil {
			t.Errorf("Validate(%q) = %v", good, err)
		}
	}
}

func TestScheduleNextInCommunityTime(t *testing.T) {
	loc := shanghai(t)
	sched, err := scheduler.Parse("0 16 * * *")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 11, 24, 16, 0, 0, 0, loc)
	next := sched.Next(from)
	if want := time.Date(2026, 11, 25, 16, 0, 0, 0, loc); !next.Equal(want) {
		t.Errorf("next after %v = %v, want %v", from, next, want)
	}
	weekly, _ := scheduler.Parse("0 9 * * 1")
	if got := weekly.Next(from); got.Weekday() != time.Monday || got.Day() != 30 {
		t.Errorf("weekly digest next = %v, want Monday 11-30 09:00", got)
	}
}

func TestCatchUpRunsOnlyWhatIsStillUseful(t *testing.T) {
	loc := shanghai(t)
	ctx := context.Background()
	st := ledger(t)
	var ran []time.Time
	s := scheduler.New(loc, st, nil, nil)
	if err := s.Add(scheduler.Job{Name: "menu", Spec: "0 16 * * *", Useful: 2 * time.Hour,
		Run: func(_ context.Context, due time.Time) error { ran = append(ran, due); return nil }}); err != nil {
		t.Fatal(err)
	}
	// First start ever: nothing to catch up.
	s.CatchUp(ctx, time.Date(2026, 11, 23, 12, 0, 0, 0, loc))
	if len(ran) != 0 {
		t.Fatalf("first start ran %v", ran)
	}
	// Down over 11-23 16:00, back at 17:30: still useful, runs late once.
	s.CatchUp(ctx, time.Date(2026, 11, 23, 17, 30, 0, 0, loc))
	s.CatchUp(ctx, time.Date(2026, 11, 23, 17, 31, 0, 0, loc))
	if len(ran) != 1 || !ran[0].Equal(time.Date(2026, 11, 23, 16, 0, 0, 0, loc)) {
		t.Fatalf("catch-up ran %v, want once for 11-23 16:00", ran)
	}
	// Down over 11-24 16:00, back at 19:00: too late, skipped, and not
	// run by a later start either.
	s.CatchUp(ctx, time.Date(2026, 11, 24, 19, 0, 0, 0, loc))
	s.CatchUp(ctx, time.Date(2026, 11, 24, 19, 5, 0, 0, loc))
	if len(ran) != 1 {
		t.Fatalf("a stale run was caught up: %v", ran)
	}
}

// Two replicas sharing a database run a due job once between them.
func TestRunDueOnceAcrossReplicas(t *testing.T) {
	loc := shanghai(t)
	st := ledger(t)
	var runs atomic.Int32
	job := scheduler.Job{Name: "digest", Spec: "0 9 * * 1",
		Run: func(context.Context, time.Time) error { runs.Add(1); return nil }}
	at := time.Date(2026, 11, 30, 9, 0, 20, 0, loc)
	var wg sync.WaitGroup
	for range 8 {
		s := scheduler.New(loc, st, nil, nil)
		if err := s.Add(job); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() { defer wg.Done(); s.RunDue(context.Background(), at) }()
	}
	wg.Wait()
	if runs.Load() != 1 {
		t.Errorf("job ran %d times across replicas, want 1", runs.Load())
	}
	s := scheduler.New(loc, st, nil, nil)
	s.Add(job)
	s.RunDue(context.Background(), at.Add(time.Hour))
	if runs.Load() != 1 {
		t.Errorf("job ran at a minute it is not due")
	}
}

func TestFailingAndPanickingJobsAreReported(t *testing.T) {
	loc := shanghai(t)
	st := ledger(t)
	var failed []string
	s := scheduler.New(loc, st, nil, nil)
	s.OnFailure = func(_ context.Context, job string, _ time.Time, err error) {
		failed = append(failed, job+": "+err.Error())
	}
	s.Add(scheduler.Job{Name: "boom", Spec: "* * * * *", Run: func(context.Context, time.Time) error { panic("kaput") }})
	s.Add(scheduler.Job{Name: "err", Spec: "* * * * *", Run: func(context.Context, time.Time) error { return errors.New("no db") }})
	ok := false
	s.Add(scheduler.Job{Name: "fine", Spec: "* * * * *", Run: func(context.Context, time.Time) error { ok = true; return nil }})
	s.RunDue(context.Background(), time.Date(2026, 11, 24, 8, 0, 0, 0, loc))
	if len(failed) != 2 || !ok {
		t.Errorf("failures = %q, fine ran = %v: want both failures reported and the good job run", failed, ok)
	}
}

func TestAddRefusesDuplicatesAndBadSpecs(t *testing.T) {
	s := scheduler.New(time.UTC, ledger(t), nil, nil)
	run := func(context.Context, time.Time) error { return nil }
	if err := s.Add(scheduler.Job{Name: "a", Spec: "* * * * *", Run: run}); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(scheduler.Job{Name: "a", Spec: "* * * * *", Run: run}); err == nil {
		t.Error("a second job named a was accepted")
	}
	if err := s.Add(scheduler.Job{Name: "b", Spec: "CRON_TZ=x", Run: run}); err == nil {
		t.Error("a bad spec was accepted")
	}
}

// Start and Stop work with the real cron runner and return promptly.
func TestStartStop(t *testing.T) {
	s := scheduler.New(time.UTC, ledger(t), nil, nil)
	s.Add(scheduler.Job{Name: "a", Spec: "0 3 * * *", Run: func(context.Context, time.Time) error { return nil }})
	s.Start(context.Background())
	s.Stop()
}
