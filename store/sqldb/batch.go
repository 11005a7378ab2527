package sqldb

import (
	"runtime"
	"sync"
)

// batcher commits the work of concurrent callers together. On SQLite each
// commit costs more than the small statements it commits (the pages
// written to the WAL, the write lock taken and given back), and commits
// are one at a time; so the first caller to find nobody committing leads:
// it commits every item waiting, in one go, then hands the lead to a
// caller that arrived meanwhile. Before it takes the group, the leader
// lets the goroutines that are ready run as long as they keep joining it:
// on two cores the others are a few microseconds from their own commit,
// and waiting for them made the groups of the Telegram benchmark larger
// and its throughput a third higher. Each caller returns once its own item
// is committed. Alone, a caller commits its item at once, as without.
type batcher[T any] struct {
	max    int             // most items in one commit
	commit func(items []T) // commits items, recording each one's outcome in it

	mu      sync.Mutex
	waiting []*batched[T]
	leading bool
}

type batched[T any] struct {
	item T
	done chan struct{} // closed when committed, or to lead
	lead bool
}

// do commits item, with whatever else is waiting, and returns when it is.
func (b *batcher[T]) do(item T) {
	me := &batched[T]{item: item, done: make(chan struct{})}
	b.mu.Lock()
	b.waiting = append(b.waiting, me)
	lead := !b.leading
	b.leading = true
	b.mu.Unlock()
	if !lead {
		<-me.done
		if !me.lead {
			return
		}
	}
	for n, grew := b.count(), true; grew && n < b.max; {
		runtime.Gosched()
		m := b.count()
		n, grew = m, m > n
	}
	b.mu.Lock()
	group := b.waiting[:min(len(b.waiting), b.max)]
	b.waiting = b.waiting[len(group):]
	b.mu.Unlock()

	items := make([]T, len(group))
	for i, g := range group {
		items[i] = g.item
	}
	b.commit(items)

	b.mu.Lock()
	if len(b.waiting) == 0 {
		b.leading = false
	} else {
		next := b.waiting[0]
		next.lead = true
		close(next.done)
	}
	b.mu.Unlock()
	for _, g := range group {
		if g != me {
			close(g.done)
		}
	}
}

func (b *batcher[T]) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.waiting)
}
