package bot

import (
	"context"
	"sync"
)

// Held is a message an outbox kept back while the command that wrote it
// was being handled.
type Held struct {
	Chat  Chat
	Reply Reply
}

// holding is the replies of one command kept back until it is finished,
// so that they are stored in one transaction with the record that the
// command was handled: one write for the two, and after a crash either
// both are there or neither is (and the redelivered command is answered
// then, once).
type holding struct {
	mu     sync.Mutex
	items  []Held
	closed bool
}

type holdingKey struct{}

// holdReplies returns a context in which an Outbox keeps messages back.
func holdReplies(ctx context.Context) (context.Context, *holding) {
	h := &holding{}
	return context.WithValue(ctx, holdingKey{}, h), h
}

// hold keeps a message back if ctx holds replies and the command is not
// finished yet; false: send it the usual way.
func hold(ctx context.Context, chat Chat, r Reply) bool {
	h, _ := ctx.Value(holdingKey{}).(*holding)
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false // a goroutine the handler left behind: not held any more
	}
	h.items = append(h.items, Held{Chat: chat, Reply: r})
	return true
}

// take ends the holding and returns what was kept back.
func (h *holding) take() []Held {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	items := h.items
	h.items = nil
	return items
}

// A Settlement lets a platform deliver a batch of messages without waiting
// for each to be recorded as handled, and wait once, for all of them,
// before it confirms the batch to its server. The commands of a batch are
// then recorded in shared commits, and one chat's next message is handled
// while the previous one is being recorded (its effects are committed by
// then; only its replies and its record remain).
type Settlement struct{ wg sync.WaitGroup }

type settlementKey struct{}

// WithSettlement returns a context in which Deliver does not wait for a
// command's record; Wait waits for every one of them.
func WithSettlement(ctx context.Context) (context.Context, *Settlement) {
	s := &Settlement{}
	return context.WithValue(ctx, settlementKey{}, s), s
}

// Wait returns once every command delivered under the settlement is
// recorded as handled, its replies stored.
func (s *Settlement) Wait() { s.wg.Wait() }

func settlementOf(ctx context.Context) *Settlement {
	s, _ := ctx.Value(settlementKey{}).(*Settlement)
	return s
}
