package sqldb

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Every item given to a batcher is committed exactly once, before its do
// returns, and items of concurrent callers share commits.
func TestBatcherCommitsEachItemOnceBeforeReturning(t *testing.T) {
	type item struct {
		id        int
		committed atomic.Int32
	}
	var commits, grouped atomic.Int64
	b := batcher[*item]{max: 8, commit: func(items []*item) {
		if len(items) > 8 {
			t.Errorf("a commit of %d items, more than the bound 8", len(items))
		}
		commits.Add(1)
		if len(items) > 1 {
			grouped.Add(1)
		}
		for _, it := range items {
			it.committed.Add(1)
		}
	}}
	const workers, each = 32, 200
	items := make([]*item, workers*each)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				it := &item{id: w*each + i}
				items[it.id] = it
				b.do(it)
				if it.committed.Load() != 1 {
					t.Errorf("item %d: do returned before its commit", it.id)
					return
				}
			}
		})
	}
	wg.Wait()
	for _, it := range items {
		if n := it.committed.Load(); n != 1 {
			t.Fatalf("item %d committed %d times", it.id, n)
		}
	}
	// The goroutine that committed the last group gives up the lead just
	// after; then nothing is left waiting.
	for deadline := time.Now().Add(5 * time.Second); ; runtime.Gosched() {
		b.mu.Lock()
		leading, waiting := b.leading, len(b.waiting)
		b.mu.Unlock()
		if !leading && waiting == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the last commit: leading %v, %d waiting", leading, waiting)
		}
	}
	t.Logf("%d items in %d commits, %d of them grouped", len(items), commits.Load(), grouped.Load())
	if commits.Load() >= int64(len(items)) {
		t.Errorf("%d items took %d commits: concurrent callers never shared one", len(items), commits.Load())
	}
}
