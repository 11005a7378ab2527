package sqldb

import (
	"runtime"
	"sync"
)

// batcher commits the work of concurrent callers together. On SQLite each
// commit costs more than the small statements it commits (the pages
// written to the WAL, the write lock taken and given back), and commits
// are one at a time; so the first caller to find nobody committing leads:
// it commits every item waiting, in one go, and leaves what arrived
// meanwhile to a goroutine that commits until nothing waits. Callers that
// need not wait (submit) start that goroutine. Before it takes a group, a leader
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
	last    chan struct{} // the latest item's done: groups commit in order
}

type batched[T any] struct {
	item T
	done chan struct{} // closed when committed
}

// do commits item, with whatever else is waiting, and returns when it is.
func (b *batcher[T]) do(item T) {
	me := &batched[T]{item: item, done: make(chan struct{})}
	if !b.enqueue(me) {
		<-me.done
		return
	}
	// This caller leads: it commits one group (its item among them) and
	// leaves what arrived meanwhile to a goroutine, so that it is not kept
	// committing others' items while its own is done.
	if b.commitGroup() {
		go b.leadAll()
	}
	<-me.done
}

// submit queues item and returns at once; the returned channel is closed
// when item is committed. Items of one caller are committed in the order
// submitted.
func (b *batcher[T]) submit(item T) <-chan struct{} {
	me := &batched[T]{item: item, done: make(chan struct{})}
	if b.enqueue(me) {
		go b.leadAll()
	}
	return me.done
}

// enqueue adds an item to the queue and reports whether its caller is to
// lead (nobody was committing).
func (b *batcher[T]) enqueue(me *batched[T]) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.waiting = append(b.waiting, me)
	b.last = me.done
	lead := !b.leading
	b.leading = true
	return lead
}

// leadAll commits groups until nothing waits.
func (b *batcher[T]) leadAll() {
	for b.commitGroup() {
	}
}

// commitGroup commits the items waiting (at most max) and reports whether
// more wait; if not, the lead is given up.
func (b *batcher[T]) commitGroup() (more bool) {
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
	for _, g := range group {
		close(g.done)
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.waiting) == 0 {
		b.leading = false
		return false
	}
	return true
}

// wait returns once every item queued so far is committed.
func (b *batcher[T]) wait() {
	b.mu.Lock()
	last := b.last
	b.mu.Unlock()
	if last != nil {
		<-last
	}
}

func (b *batcher[T]) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.waiting)
}
