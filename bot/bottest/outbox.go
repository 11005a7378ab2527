// Package bottest holds hand-written fakes of the bot package's
// interfaces, for tests of packages that may not import the store.
package bottest

import (
	"context"
	"sort"
	"sync"
	"time"

	"linli/bot"
)

// Outbox is an in-memory bot.OutboxStore with the store's semantics:
// claims are exclusive, heads keep each chat's order. It is safe for
// concurrent use, so several outboxes may share one as replicas would.
type Outbox struct {
	mu   sync.Mutex
	next int64
	rows map[int64]*row
}

type row struct {
	bot.Outgoing
	status string // pending, sending, sent, failed
	owner  string
}

// NewOutbox returns an empty outbox store.
func NewOutbox() *Outbox { return &Outbox{rows: map[int64]*row{}} }

// Enqueue implements bot.OutboxStore.
func (s *Outbox) Enqueue(_ context.Context, chat bot.Chat, r bot.Reply, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	s.rows[s.next] = &row{Outgoing: bot.Outgoing{ID: s.next, Chat: chat, Reply: r, NextAt: at, CreatedAt: at}, status: "pending"}
	return nil
}

// Heads implements bot.OutboxStore.
func (s *Outbox) Heads(_ context.Context, platform string) ([]bot.Outgoing, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	first := map[string]*row{}
	for _, r := range s.rows {
		if r.Chat.Platform != platform || (r.status != "pending" && r.status != "sending") {
			continue
		}
		if f, ok := first[r.Chat.ID]; !ok || r.ID < f.ID {
			first[r.Chat.ID] = r
		}
	}
	out := make([]bot.Outgoing, 0, len(first))
	for _, r := range first {
		o := r.Outgoing
		o.Sending = r.status == "sending"
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Head implements bot.OutboxStore.
func (s *Outbox) Head(ctx context.Context, chat bot.Chat) (bot.Outgoing, bool, error) {
	heads, _ := s.Heads(ctx, chat.Platform)
	for _, h := range heads {
		if h.Chat.ID == chat.ID {
			return h, true, nil
		}
	}
	return bot.Outgoing{}, false, nil
}

// Queued implements bot.OutboxQueue.
func (s *Outbox) Queued(_ context.Context, chat bot.Chat, limit int) ([]bot.Outgoing, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []bot.Outgoing
	for _, r := range s.rows {
		if r.Chat.Platform == chat.Platform && r.Chat.ID == chat.ID && (r.status == "pending" || r.status == "sending") {
			o := r.Outgoing
			o.Sending = r.status == "sending"
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out[:min(limit, len(out))], nil
}

// Claim implements bot.OutboxStore.
func (s *Outbox) Claim(_ context.Context, id int64, owner string, now, until time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.rows[id]
	if !ok || r.NextAt.After(now) {
		return false, nil
	}
	if r.status == "pending" || (r.status == "sending" && !r.ClaimedUntil.After(now)) {
		r.status, r.owner, r.ClaimedUntil = "sending", owner, until
		return true, nil
	}
	return false, nil
}

// Sent implements bot.OutboxStore.
func (s *Outbox) Sent(_ context.Context, id int64, _ time.Time) error {
	return s.set(id, func(r *row) { r.status = "sent" })
}

// Retry implements bot.OutboxStore.
func (s *Outbox) Retry(_ context.Context, id int64, next time.Time, _ string) error {
	return s.set(id, func(r *row) { r.status, r.NextAt = "pending", next; r.Attempts++ })
}

// Fail implements bot.OutboxStore.
func (s *Outbox) Fail(_ context.Context, id int64, _ string) error {
	return s.set(id, func(r *row) { r.status = "failed" })
}

func (s *Outbox) set(id int64, f func(*row)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.rows[id]; ok {
		f(r)
	}
	return nil
}

// Unsent implements bot.OutboxStore.
func (s *Outbox) Unsent(_ context.Context, platform string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.rows {
		if r.Chat.Platform == platform && (r.status == "pending" || r.status == "sending") {
			n++
		}
	}
	return n, nil
}

// Count reports how many messages are in a state (sent, failed, pending).
func (s *Outbox) Count(status string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.rows {
		if r.status == status {
			n++
		}
	}
	return n
}
