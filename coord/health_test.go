package coord_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"linli/coord"
	"linli/coord/coordtest"
)

// report is one call of the health callback.
type report struct {
	up  bool
	err error
}

// Redis killed and restarted: the watch reports it down, a leader's context
// is cancelled, operations fail fast; after the restart the watch reports
// it back, operations work and the lease is led again.
func TestRedisStoppedAndRestarted(t *testing.T) {
	server := coordtest.Start(t)
	c := clientAt(t, server.Addr, coord.Options{Prefix: "test:", Timeout: 200 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()

	reports := make(chan report, 8)
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.Watch(ctx, 50*time.Millisecond, func(up bool, err error) { reports <- report{up, err} })
	}()
	terms := make(chan context.Context, 8)
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.Lease("telegram", leaseTTL).Run(ctx, func(ctx context.Context) { terms <- ctx; <-ctx.Done() })
	}()
	first := awaitTerm(t, terms, "before the outage")
	if first, err := c.FirstHandling(ctx, "telegram", "1"); err != nil || !first {
		t.Fatalf("before the outage: first handling = %v, %v", first, err)
	}

	server.Kill()
	if r := awaitReport(t, reports, "after kill"); r.up || r.err == nil {
		t.Fatalf("after kill the watch said up=%v err=%v; want down with the error", r.up, r.err)
	}
	select {
	case <-first.Done():
	case <-time.After(leaseTTL + 500*time.Millisecond):
		t.Fatal("leader still leading with Redis gone")
	}
	if _, err := c.FirstHandling(ctx, "telegram", "2"); err == nil {
		t.Error("first handling with Redis gone answered without an error")
	}
	if l, err := c.TryLock(ctx, "job", time.Second); err == nil || l != nil {
		t.Errorf("lock with Redis gone = %v, %v; want an error", l, err)
	}

	server.Restart(t)
	if r := awaitReport(t, reports, "after restart"); !r.up {
		t.Fatalf("after restart the watch said down: %v", r.err)
	}
	if first, err := c.FirstHandling(ctx, "telegram", "3"); err != nil || !first {
		t.Errorf("after restart: first handling = %v, %v", first, err)
	}
	awaitTerm(t, terms, "after the restart")
	if len(reports) != 0 {
		t.Errorf("more health changes than down and up: %v", <-reports)
	}
}

func awaitReport(t *testing.T, reports <-chan report, when string) report {
	t.Helper()
	select {
	case r := <-reports:
		return r
	case <-time.After(3 * time.Second):
		t.Fatalf("no health report %s", when)
	}
	return report{}
}

func awaitTerm(t *testing.T, terms <-chan context.Context, when string) context.Context {
	t.Helper()
	select {
	case ctx := <-terms:
		return ctx
	case <-time.After(3 * time.Second):
		t.Fatalf("lease not led %s", when)
	}
	return nil
}
