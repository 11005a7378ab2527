package sqldb_test

import (
	"context"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestDiscreetMessagesLeaveNoGap: a discreet message (the answer to an
// anonymous suggestion) is deleted once sent, but a deleted row numbered
// between two kept ones, whose exact times are kept, is a gap that says a
// discreet message went to someone at that minute. Discreet messages take
// no number from the kept messages' series.
func TestDiscreetMessagesLeaveNoGap(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 8, 47, 0, 0, time.UTC)
		send := func(m store.OutboxMessage) {
			t.Helper()
			m.Platform, m.NextAt = "telegram", now
			if err := s.Enqueue(ctx, &m); err != nil {
				t.Fatal(err)
			}
		}
		send(store.OutboxMessage{ChatID: "-100", ChatGroup: true, Text: "已收到您的建议，编号 S1"})
		send(store.OutboxMessage{ChatID: "424242", Text: "已收到您的匿名建议，编号 S10001", Discreet: true})
		err := s.FinishHandlingWith(ctx, "telegram", "424242:7", "me", now, []store.OutboxMessage{
			{Platform: "telegram", ChatID: "424242", Text: "您最近的建议：…", Discreet: true, NextAt: now}})
		if err != nil {
			t.Fatal(err)
		}
		send(store.OutboxMessage{ChatID: "-100", ChatGroup: true, Text: "已收到您的建议，编号 S2"})
		pending, err := s.OutboxByStatus(ctx, "telegram", store.OutboxPending)
		if err != nil || len(pending) != 4 {
			t.Fatalf("pending = %d, %v", len(pending), err)
		}
		for _, m := range pending {
			if ok, err := s.ClaimOutbox(ctx, m.ID, "me", now, now.Add(time.Minute)); !ok || err != nil {
				t.Fatalf("claim %d: %v %v", m.ID, ok, err)
			}
			if err := s.OutboxSent(ctx, m.ID, now); err != nil {
				t.Fatal(err)
			}
		}
		kept, err := s.OutboxByStatus(ctx, "telegram", store.OutboxSent)
		if err != nil || len(kept) != 2 {
			t.Fatalf("kept = %+v, %v; want the two named messages", kept, err)
		}
		if kept[1].ID != kept[0].ID+1 {
			t.Errorf("the kept messages are numbered %d and %d: the gap between them dates the discreet ones", kept[0].ID, kept[1].ID)
		}
	})
}
