package bot

import (
	"container/heap"
	"time"
)

// queue is a lane's view of what waits: each chat's oldest unsent message
// (its head), kept in two heaps so a send costs O(log chats) however many
// chats wait. A head waits until its own chat may be written to (the
// message's due time, a live claim, the chat's pacing: none of which
// changes until that chat is tried again), then moves to the ready heap,
// ordered by whose turn it is. Scanning every head on each wake-up, as the
// lane once did, cost a pacing check per waiting chat per message: a burst
// to 2,000 private chats made sending quadratic. Only the lane's goroutine
// touches it.
type queue struct {
	heads   map[string]*slot // chat id → its head
	waiting slots            // by the time the chat may be written to
	ready   slots            // by turn (turns.before)
}

// slot is one chat's head in the queue.
type slot struct {
	h     Outgoing
	at    time.Time // the chat's own earliest send time
	index int       // in its heap
	ready bool
}

// slots is a heap of slots; less orders it.
type slots struct {
	s    []*slot
	less func(a, b *slot) bool
}

func (h *slots) Len() int           { return len(h.s) }
func (h *slots) Less(i, j int) bool { return h.less(h.s[i], h.s[j]) }
func (h *slots) Swap(i, j int) {
	h.s[i], h.s[j] = h.s[j], h.s[i]
	h.s[i].index, h.s[j].index = i, j
}
func (h *slots) Push(x any) { sl := x.(*slot); sl.index = len(h.s); h.s = append(h.s, sl) }
func (h *slots) Pop() any {
	sl := h.s[len(h.s)-1]
	h.s = h.s[:len(h.s)-1]
	return sl
}

func newQueue(t *turns) *queue {
	return &queue{
		heads:   map[string]*slot{},
		waiting: slots{less: func(a, b *slot) bool { return a.at.Before(b.at) }},
		ready:   slots{less: func(a, b *slot) bool { return t.before(a.h, b.h) }},
	}
}

// set makes h its chat's head, allowed from at on.
func (q *queue) set(h Outgoing, at time.Time) {
	q.drop(h.Chat.ID)
	sl := &slot{h: h, at: at}
	q.heads[h.Chat.ID] = sl
	heap.Push(&q.waiting, sl)
}

// drop forgets a chat's head, if it had one.
func (q *queue) drop(chat string) {
	sl, ok := q.heads[chat]
	if !ok {
		return
	}
	delete(q.heads, chat)
	if sl.ready {
		heap.Remove(&q.ready, sl.index)
	} else {
		heap.Remove(&q.waiting, sl.index)
	}
}

// has reports whether a head of chat is known.
func (q *queue) has(chat string) bool { _, ok := q.heads[chat]; return ok }

// next returns the head whose turn it is among the chats that may be
// written to at now; nil if none may, with the time the first may.
func (q *queue) next(now time.Time) (*slot, time.Time) {
	for q.waiting.Len() > 0 && !q.waiting.s[0].at.After(now) {
		sl := heap.Pop(&q.waiting).(*slot)
		sl.ready = true
		heap.Push(&q.ready, sl)
	}
	if q.ready.Len() > 0 {
		return q.ready.s[0], now
	}
	if q.waiting.Len() > 0 {
		return nil, q.waiting.s[0].at
	}
	return nil, time.Time{}
}
