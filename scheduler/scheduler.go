// Package scheduler runs Linli's pushes on cron specs in the community's time
// zone: each run claimed once in the database (so replicas never push twice),
// recovered from panics, skipped while the previous run still works, caught up
// after downtime while still useful, and stopped gracefully.
//
// It is the only importer of robfig/cron.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is one scheduled push. Run is a plain function of the due time, so a
// test calls it with a fixed time instead of waiting for cron.
type Job struct {
	Name string
	Spec string
	// Useful is how long after its due time a run missed during downtime is
	// still worth doing; zero means a missed run is skipped.
	Useful time.Duration
	Run    func(ctx context.Context, due time.Time) error
}

// Ledger records which runs have happened. Claim answers true to exactly one
// caller per job and due time, across every replica sharing the ledger.
type Ledger interface {
	Claim(ctx context.Context, job string, due time.Time) (bool, error)
	LastRun(ctx context.Context, job string) (time.Time, error) // zero time when never run
}

// Scheduler runs jobs. Build it with New, Add jobs, then Start.
type Scheduler struct {
	loc    *time.Location
	ledger Ledger
	log    *slog.Logger
	now    func() time.Time
	// OnFailure is told when a job's run for due fails (admins are
	// alerted, the failure kept for the office's 状态 page); may be nil.
	OnFailure func(ctx context.Context, job string, due time.Time, err error)

	cron  *cron.Cron
	jobs  []entry
	names map[string]bool
	wg    sync.WaitGroup
	ctx   context.Context
}

type entry struct {
	Job
	schedule cron.Schedule
}

var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Parse checks a cron spec and returns its schedule. A CRON_TZ= or TZ=
// prefix is refused here because cron panics on a malformed one, and the
// community's time zone applies to every job anyway.
func Parse(spec string) (cron.Schedule, error) {
	s := strings.TrimSpace(spec)
	if s == "" {
		return nil, errors.New("empty cron spec")
	}
	if strings.HasPrefix(s, "CRON_TZ=") || strings.HasPrefix(s, "TZ=") {
		return nil, fmt.Errorf("%q: drop the time zone prefix; every job runs in the community's timezone setting", spec)
	}
	sched, err := parser.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a cron spec such as \"0 16 * * *\": %v", spec, err)
	}
	return sched, nil
}

// Validate reports whether spec is a usable cron spec, for configuration.
func Validate(spec string) error {
	_, err := Parse(spec)
	return err
}

// New builds a scheduler; now is the clock (time.Now in production).
func New(loc *time.Location, ledger Ledger, log *slog.Logger, now func() time.Time) *Scheduler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	return &Scheduler{loc: loc, ledger: ledger, log: log, now: now, names: map[string]bool{}}
}

// Add registers a job; a bad spec or a name used twice is refused.
func (s *Scheduler) Add(j Job) error {
	if j.Name == "" || j.Run == nil {
		return errors.New("scheduler: a job needs a name and a function")
	}
	if s.names[j.Name] {
		return fmt.Errorf("scheduler: job %q added twice", j.Name)
	}
	sched, err := Parse(j.Spec)
	if err != nil {
		return fmt.Errorf("scheduler: job %s: %w", j.Name, err)
	}
	s.names[j.Name] = true
	s.jobs = append(s.jobs, entry{Job: j, schedule: sched})
	return nil
}

// Start catches up on runs missed while the bot was down, then runs every
// job on its schedule until Stop.
func (s *Scheduler) Start(ctx context.Context) {
	s.ctx = ctx
	s.CatchUp(ctx, s.now())
	logger := cronLogger{s.log}
	s.cron = cron.New(cron.WithLocation(s.loc), cron.WithParser(parser),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	for _, e := range s.jobs {
		e := e
		s.cron.Schedule(e.schedule, cron.FuncJob(func() {
			due := s.now().In(s.loc).Truncate(time.Minute)
			s.runOnce(s.ctx, e, due)
		}))
	}
	s.cron.Start()
}

// Stop stops scheduling and waits for running jobs to finish.
func (s *Scheduler) Stop() {
	if s.cron != nil {
		<-s.cron.Stop().Done()
	}
	s.wg.Wait()
}

// CatchUp runs, for each job, its latest run due before now that has not
// happened, if it is still useful; otherwise it logs the skip. A job that has
// never run has nothing to catch up.
func (s *Scheduler) CatchUp(ctx context.Context, now time.Time) {
	for _, e := range s.jobs {
		last, err := s.ledger.LastRun(ctx, e.Name)
		if err != nil {
			s.log.Error("catch-up: last run unknown", "job", e.Name, "err", err)
			continue
		}
		if last.IsZero() {
			// First start: remember it, so a later downtime is measured
			// from here rather than from the beginning of time.
			s.claim(ctx, e.Name, now.In(s.loc).Truncate(time.Minute))
			continue
		}
		due := latestDue(e.schedule, last.In(s.loc), now.In(s.loc))
		if due.IsZero() {
			continue
		}
		if e.Useful <= 0 || now.Sub(due) > e.Useful {
			s.log.Info("missed run skipped: no longer useful", "job", e.Name, "due", due, "late", now.Sub(due).Round(time.Second))
			s.claim(ctx, e.Name, due)
			continue
		}
		s.log.Info("catching up a missed run", "job", e.Name, "due", due)
		s.runOnce(ctx, e, due)
	}
}

// RunDue runs every job due exactly at the minute of now: what cron would do
// at that moment. Tests and a manual trigger use it.
func (s *Scheduler) RunDue(ctx context.Context, now time.Time) {
	at := now.In(s.loc).Truncate(time.Minute)
	for _, e := range s.jobs {
		if e.schedule.Next(at.Add(-time.Second)).Equal(at) {
			s.runOnce(ctx, e, at)
		}
	}
}

// latestDue is the last time the schedule fired in (after, upTo].
func latestDue(sched cron.Schedule, after, upTo time.Time) time.Time {
	var due time.Time
	for t := sched.Next(after); !t.After(upTo); t = sched.Next(t) {
		due = t
	}
	return due
}

func (s *Scheduler) claim(ctx context.Context, job string, due time.Time) bool {
	ok, err := s.ledger.Claim(ctx, job, due)
	if err != nil {
		s.log.Error("job claim failed", "job", job, "due", due, "err", err)
		return false
	}
	return ok
}

// runOnce claims the run and, if no one else has, runs it, recovering a
// panic into an error so one bad job cannot stop the others.
func (s *Scheduler) runOnce(ctx context.Context, e entry, due time.Time) {
	if !s.claim(ctx, e.Name, due) {
		return
	}
	s.wg.Add(1)
	defer s.wg.Done()
	err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		return e.Run(ctx, due)
	}()
	if err != nil {
		s.log.Error("job failed", "job", e.Name, "due", due, "err", err)
		if s.OnFailure != nil {
			s.OnFailure(ctx, e.Name, due, err)
		}
		return
	}
	s.log.Info("job ran", "job", e.Name, "due", due)
}

// cronLogger lets cron's own messages reach slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
