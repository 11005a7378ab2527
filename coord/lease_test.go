package coord_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"linli/coord"
	"linli/coord/coordtest"
)

const leaseTTL = 300 * time.Millisecond

func TestLeaseAcquireRenewRelease(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	a, b := c.Lease("telegram", leaseTTL), c.Lease("telegram", leaseTTL)
	if ok, err := a.Acquire(ctx); err != nil || !ok {
		t.Fatalf("a acquire = %v, %v", ok, err)
	}
	if ok, err := a.Acquire(ctx); err != nil || !ok {
		t.Errorf("a acquiring its own lease again = %v, %v; want true", ok, err)
	}
	if ok, err := b.Acquire(ctx); err != nil || ok {
		t.Errorf("b acquire while a holds = %v, %v; want false", ok, err)
	}
	if ok, err := b.Renew(ctx); err != nil || ok {
		t.Errorf("b renewing a's lease = %v, %v; want false", ok, err)
	}
	if err := b.Release(ctx); !errors.Is(err, coord.ErrNotHeld) {
		t.Errorf("b releasing a's lease = %v, want ErrNotHeld", err)
	}
	// Renewed past several TTLs, a keeps it.
	for range 4 {
		time.Sleep(leaseTTL / 3)
		if ok, err := a.Renew(ctx); err != nil || !ok {
			t.Fatalf("a renew = %v, %v", ok, err)
		}
	}
	if err := a.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, err := b.Acquire(ctx); err != nil || !ok {
		t.Errorf("b acquire after a released = %v, %v", ok, err)
	}
}

// leader records which replica leads and when leadership ends.
type leader struct {
	mu      sync.Mutex
	current string
	overlap bool
	terms   []string
}

func (l *leader) onLead(name string) func(ctx context.Context) {
	return func(ctx context.Context) {
		l.mu.Lock()
		if l.current != "" {
			l.overlap = true
		}
		l.current = name
		l.terms = append(l.terms, name)
		l.mu.Unlock()
		<-ctx.Done()
		l.mu.Lock()
		if l.current == name {
			l.current = ""
		}
		l.mu.Unlock()
	}
}

func (l *leader) now() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.current
}

// Two replicas run the lease loop: one leads; when it dies (its connection
// to Redis gone: no more renewals, no release, as with kill -9) the other
// takes over within 1.5×TTL, and they never lead at once — the dead
// leader's context is cancelled before the lease can expire.
func TestLeaseTakeoverWhenLeaderDies(t *testing.T) {
	addr := coordtest.Addr(t)
	prefix := coord.Options{Prefix: coordtest.Prefix(t)}
	ca, cb := clientAt(t, addr, prefix), clientAt(t, addr, prefix)
	var log leader
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { stop(); wg.Wait() }()
	wg.Add(1)
	go func() { defer wg.Done(); ca.Lease("telegram", leaseTTL).Run(ctx, log.onLead("a")) }()
	if !within(2*time.Second, func() bool { return log.now() == "a" }) {
		t.Fatalf("a never led")
	}
	wg.Add(1)
	go func() { defer wg.Done(); cb.Lease("telegram", leaseTTL).Run(ctx, log.onLead("b")) }()
	time.Sleep(2 * leaseTTL) // b follows while a renews
	if got := log.now(); got != "a" {
		t.Fatalf("leader while a renews = %q, want a", got)
	}
	ca.Close()
	killed := time.Now()
	if !within(3*leaseTTL, func() bool { return log.now() == "b" }) {
		t.Fatalf("b did not take over within %v after a died (leader %q)", 3*leaseTTL, log.now())
	}
	took := time.Since(killed)
	t.Logf("takeover %v after the leader died (TTL %v)", took, leaseTTL)
	if took > 3*leaseTTL/2+100*time.Millisecond {
		t.Errorf("takeover took %v, want within 1.5×TTL (%v)", took, 3*leaseTTL/2)
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	if log.overlap {
		t.Error("two leaders at once")
	}
	if len(log.terms) != 2 {
		t.Errorf("terms = %v, want a then b", log.terms)
	}
}

// The leader's context is cancelled when its lease is lost: here another
// client deletes it (as an expiry during a long pause would), and the
// renewal finds it gone.
func TestLeaderCancelledWhenLeaseLost(t *testing.T) {
	c := client(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lease := c.Lease("wechat", leaseTTL)
	led := make(chan context.Context, 4)
	go lease.Run(ctx, func(ctx context.Context) { led <- ctx; <-ctx.Done() })
	var first context.Context
	select {
	case first = <-led:
	case <-time.After(2 * time.Second):
		t.Fatal("never led")
	}
	thief := c.Lease("wechat", 10*time.Second)
	if !within(2*time.Second, func() bool {
		_ = lease.Release(context.Background()) // pull it away from under the leader
		ok, _ := thief.Acquire(context.Background())
		return ok
	}) {
		t.Fatal("could not take the lease away")
	}
	select {
	case <-first.Done():
	case <-time.After(leaseTTL):
		t.Fatal("leader's context not cancelled within one TTL of losing the lease")
	}
	select {
	case <-led:
		t.Fatal("led again while another holds the lease")
	case <-time.After(leaseTTL):
	}
}
