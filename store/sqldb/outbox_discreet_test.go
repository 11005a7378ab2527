package sqldb_test

import (
	"context"
	"fmt"
	"sync"
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

// TestDiscreetMessagesOfOneCommandKeepTheirOrder: the discreet messages
// one command says (an anonymous report's answer and the alarm it
// mentions, the parts of a long answer) go in the order said, though
// each command's draw a random place in the series.
func TestDiscreetMessagesOfOneCommandKeepTheirOrder(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 8, 47, 0, 0, time.UTC)
		var said []store.OutboxMessage
		for i, text := range []string{"第一段", "第二段", "第三段", "第四段"} {
			said = append(said, store.OutboxMessage{Platform: "telegram", ChatID: "424242", Text: text, Discreet: true, NextAt: now})
			if i == 3 {
				said[i].ChatID = "777" // the alarm to the head, another chat
			}
		}
		for round := range 20 { // a random start would be ahead by chance half the time
			id := "424242:" + string(rune('a'+round))
			if err := s.FinishHandlingWith(ctx, "telegram", id, "me", now, said); err != nil {
				t.Fatal(err)
			}
			var got []store.OutboxMessage
			for {
				hs, err := s.OutboxHeads(ctx, "telegram")
				if err != nil || len(hs) == 0 {
					break
				}
				m := hs[0]
				for _, h := range hs {
					if h.ID < m.ID {
						m = h
					}
				}
				if ok, err := s.ClaimOutbox(ctx, m.ID, "me", now, now.Add(time.Minute)); !ok || err != nil {
					t.Fatalf("claim %d: %v %v", m.ID, ok, err)
				}
				if err := s.OutboxSent(ctx, m.ID, now); err != nil {
					t.Fatal(err)
				}
				got = append(got, m)
			}
			if len(got) != 4 || got[0].Text != "第一段" || got[1].Text != "第二段" || got[2].Text != "第三段" || got[3].Text != "第四段" {
				t.Fatalf("round %d: sent in the order %v", round, texts(got))
			}
		}
	})
}

func texts(ms []store.OutboxMessage) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Text)
	}
	return out
}

// TestClaimOutboxAllIsExclusive: senders claiming overlapping batches at
// once (replicas after a failover) each get a message at most once, and
// every message is claimed by someone; a batch records its sends in one
// commit, the discreet ones forgotten.
func TestClaimOutboxAllIsExclusive(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 8, 47, 0, 0, time.UTC)
		var ids []int64
		for i := range 40 {
			m := store.OutboxMessage{Platform: "telegram", ChatID: fmt.Sprint(1000 + i), Text: "好的", NextAt: now, Discreet: i%10 == 0}
			if err := s.Enqueue(ctx, &m); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
		var mu sync.Mutex
		owner := map[int64]string{}
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Go(func() {
				got, err := s.ClaimOutboxAll(ctx, ids[w*4:], fmt.Sprint("sender", w), now, now.Add(time.Minute))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for _, id := range got {
					if prev, dup := owner[id]; dup {
						t.Errorf("message %d claimed by %s and sender%d", id, prev, w)
					}
					owner[id] = fmt.Sprint("sender", w)
				}
			})
		}
		wg.Wait()
		if len(owner) != len(ids) {
			t.Fatalf("%d of %d messages claimed", len(owner), len(ids))
		}
		if err := s.OutboxSentAll(ctx, ids, now); err != nil {
			t.Fatal(err)
		}
		sent, err := s.OutboxByStatus(ctx, "telegram", store.OutboxSent)
		if err != nil || len(sent) != 36 {
			t.Fatalf("sent = %d, %v; want 36 named messages kept and 4 discreet ones forgotten", len(sent), err)
		}
	})
}
