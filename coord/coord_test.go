package coord_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/coord"
)

// 50 goroutines race for one lock, many rounds: never two holders at once,
// and every round someone gets it.
func TestLockExclusiveUnder50Goroutines(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	var holders, maxHolders, wins atomic.Int32
	var wg sync.WaitGroup
	for g := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				l, err := c.TryLock(ctx, "menu_today:2026-11-24T07:30", 5*time.Second)
				if err != nil {
					t.Errorf("goroutine %d: %v", g, err)
					return
				}
				if l == nil {
					continue
				}
				wins.Add(1)
				n := holders.Add(1)
				for {
					m := maxHolders.Load()
					if n <= m || maxHolders.CompareAndSwap(m, n) {
						break
					}
				}
				time.Sleep(time.Millisecond) // hold it a moment, so overlaps would show
				holders.Add(-1)
				if err := l.Release(ctx); err != nil {
					t.Errorf("goroutine %d release: %v", g, err)
				}
			}
		}()
	}
	wg.Wait()
	if maxHolders.Load() != 1 {
		t.Errorf("at most %d holders at once, want 1", maxHolders.Load())
	}
	if wins.Load() == 0 {
		t.Error("no goroutine ever got the lock")
	}
}

// Only the owner releases a lock: after it expired and another took it, the
// first holder's release fails and leaves the other's lock in place.
func TestLockReleasedOnlyByOwner(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	first, err := c.TryLock(ctx, "job", 150*time.Millisecond)
	if err != nil || first == nil {
		t.Fatalf("first lock = %v, %v", first, err)
	}
	if again, err := c.TryLock(ctx, "job", time.Second); err != nil || again != nil {
		t.Fatalf("second lock while held = %v, %v; want none", again, err)
	}
	var second *coord.Lock
	if !within(2*time.Second, func() bool {
		second, err = c.TryLock(ctx, "job", 10*time.Second)
		return err != nil || second != nil
	}) || err != nil {
		t.Fatalf("lock never free after its TTL: %v", err)
	}
	if err := first.Release(ctx); !errors.Is(err, coord.ErrNotHeld) {
		t.Errorf("stale owner's release = %v, want ErrNotHeld", err)
	}
	if third, _ := c.TryLock(ctx, "job", time.Second); third != nil {
		t.Fatal("the stale release freed the new owner's lock")
	}
	if err := second.Release(ctx); err != nil {
		t.Errorf("owner's release = %v", err)
	}
	if fourth, _ := c.TryLock(ctx, "job", time.Second); fourth == nil {
		t.Error("lock not free after its owner released it")
	}
}

// One message seen by many replicas at once is handled by one; platforms
// are separate namespaces.
func TestFirstHandlingOnceUnderConcurrency(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	firsts := make([]atomic.Int32, 10)
	var wg sync.WaitGroup
	for g := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range firsts {
				first, err := c.FirstHandling(ctx, "telegram", fmt.Sprint(m))
				if err != nil {
					t.Errorf("goroutine %d: %v", g, err)
					return
				}
				if first {
					firsts[m].Add(1)
				}
			}
		}()
	}
	wg.Wait()
	for m := range firsts {
		if n := firsts[m].Load(); n != 1 {
			t.Errorf("message %d handled %d times, want once", m, n)
		}
	}
	if first, err := c.FirstHandling(ctx, "wechat", "0"); err != nil || !first {
		t.Errorf("same id on another platform = %v, %v; want first", first, err)
	}
}
