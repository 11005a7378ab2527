package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

func enqueue(t *testing.T, s *sqldb.Store, chat, text string, at time.Time) {
	t.Helper()
	if err := s.Enqueue(context.Background(), &store.OutboxMessage{Platform: "telegram", ChatID: chat, ChatGroup: true, Text: text, NextAt: at}); err != nil {
		t.Fatal(err)
	}
}

func TestOutboxClaimIsExclusiveUnderConcurrency(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	now := time.Now()
	for i := range 40 {
		enqueue(t, s, fmt.Sprintf("-%d", i%4), fmt.Sprint(i), now)
	}
	ms, err := s.OutboxByStatus(ctx, "telegram", store.OutboxPending)
	if err != nil || len(ms) != 40 {
		t.Fatalf("pending = %d, %v", len(ms), err)
	}
	var wins atomic.Int64
	claims := make([]atomic.Int32, len(ms))
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i, m := range ms {
				ok, err := s.ClaimOutbox(ctx, m.ID, fmt.Sprint("replica", w), now, now.Add(time.Minute))
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					wins.Add(1)
					claims[i].Add(1)
				}
			}
		})
	}
	wg.Wait()
	if wins.Load() != 40 {
		t.Errorf("%d claims won for 40 messages", wins.Load())
	}
	for i := range claims {
		if n := claims[i].Load(); n != 1 {
			t.Errorf("message %d claimed %d times", i, n)
		}
	}
}

func TestOutboxHeadsKeepEachChatsOrderAndLapsedClaimsReturn(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	now := time.Now()
	enqueue(t, s, "-1", "a1", now)
	enqueue(t, s, "-2", "b1", now)
	enqueue(t, s, "-1", "a2", now)
	heads, err := s.OutboxHeads(ctx, "telegram")
	if err != nil || len(heads) != 2 || heads[0].Text != "a1" || heads[1].Text != "b1" {
		t.Fatalf("heads = %+v, %v; want a1 then b1", heads, err)
	}
	if ok, _ := s.ClaimOutbox(ctx, heads[0].ID, "r1", now, now.Add(time.Minute)); !ok {
		t.Fatal("first claim refused")
	}
	// a held message stays the head of its chat: a2 must not overtake it
	heads, _ = s.OutboxHeads(ctx, "telegram")
	if heads[0].Text != "a1" || heads[0].Status != store.OutboxSending {
		t.Errorf("head of -1 while a1 is being sent = %+v", heads[0])
	}
	if ok, _ := s.ClaimOutbox(ctx, heads[0].ID, "r2", now.Add(30*time.Second), now.Add(time.Minute)); ok {
		t.Error("a live claim was taken by another replica")
	}
	if ok, _ := s.ClaimOutbox(ctx, heads[0].ID, "r2", now.Add(2*time.Minute), now.Add(3*time.Minute)); !ok {
		t.Error("a lapsed claim (its sender died) could not be taken again")
	}
	if err := s.OutboxRetry(ctx, heads[0].ID, now.Add(time.Hour), "500"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.ClaimOutbox(ctx, heads[0].ID, "r2", now, now.Add(time.Minute)); ok {
		t.Error("a message was claimed before its retry time")
	}
	if err := s.OutboxSent(ctx, heads[1].ID, now); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.OutboxUnsent(ctx, "telegram"); n != 2 {
		t.Errorf("unsent = %d, want 2 (a1 waiting to retry, a2)", n)
	}
}

func TestMoveChatKeepsBindingMembersAndQueuedMessages(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	old, err := s.TouchChat(ctx, "telegram", "-123", "8号楼业主群", true)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(ctx, old.ID, "8号楼"); err != nil {
		t.Fatal(err)
	}
	wang, _ := s.TouchResident(ctx, "telegram", "42", "王阿姨")
	li, _ := s.TouchResident(ctx, "telegram", "43", "李大爷")
	s.SawMember(ctx, old.ID, wang.ID)
	// someone spoke in the supergroup before the migration was seen
	fresh, _ := s.TouchChat(ctx, "telegram", "-100123", "8号楼业主群", true)
	s.SawMember(ctx, fresh.ID, li.ID)
	enqueue(t, s, "-123", "明天午餐菜单", time.Now())

	if err := s.MoveChat(ctx, "telegram", "-123", "-100123"); err != nil {
		t.Fatal(err)
	}
	moved, err := s.Chat(ctx, "telegram", "-100123")
	if err != nil || moved.ID != old.ID || moved.Building != "8号楼" {
		t.Fatalf("moved chat = %+v, %v; want row %d bound to 8号楼", moved, err, old.ID)
	}
	if _, err := s.Chat(ctx, "telegram", "-123"); err != store.ErrNotFound {
		t.Errorf("old id still found: %v", err)
	}
	for _, name := range []string{"王阿姨", "李大爷"} {
		if rs, _ := s.MembersNamed(ctx, moved.ID, name); len(rs) != 1 {
			t.Errorf("%s is not a member of the moved chat", name)
		}
	}
	heads, _ := s.OutboxHeads(ctx, "telegram")
	if len(heads) != 1 || heads[0].ChatID != "-100123" {
		t.Errorf("queued message did not follow the chat: %+v", heads)
	}
	// a second report of the same migration changes nothing
	if err := s.MoveChat(ctx, "telegram", "-123", "-100123"); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Chat(ctx, "telegram", "-100123"); again.ID != old.ID || again.Building != "8号楼" {
		t.Errorf("repeated migration changed the chat: %+v", again)
	}
}

// OutboxQueued lists one chat's unsent messages in order, the one being
// sent included, up to a limit: what a sender merging a group's replies
// reads.
func TestOutboxQueuedListsOneChatInOrder(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	now := time.Now()
	for i := range 5 {
		enqueue(t, s, "-1", fmt.Sprint("a", i), now)
		enqueue(t, s, "-2", fmt.Sprint("b", i), now)
	}
	head, _, _ := s.OutboxHead(ctx, "telegram", "-1")
	if ok, _ := s.ClaimOutbox(ctx, head.ID, "r1", now, now.Add(time.Minute)); !ok {
		t.Fatal("claim refused")
	}
	ms, err := s.OutboxQueued(ctx, "telegram", "-1", 3)
	if err != nil || len(ms) != 3 {
		t.Fatalf("queued = %d, %v; want 3", len(ms), err)
	}
	for i, m := range ms {
		if m.Text != fmt.Sprint("a", i) || m.ChatID != "-1" {
			t.Errorf("queued[%d] = %s to %s, want a%d to -1", i, m.Text, m.ChatID, i)
		}
	}
	if err := s.OutboxSent(ctx, head.ID, now); err != nil {
		t.Fatal(err)
	}
	if ms, _ := s.OutboxQueued(ctx, "telegram", "-1", 10); len(ms) != 4 || ms[0].Text != "a1" {
		t.Errorf("after a0 was sent: %d queued starting %q, want 4 from a1", len(ms), ms[0].Text)
	}
}
