package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

func TestClaimHandlingSurvivesACrashedHandler(t *testing.T) {
	sqldbtest.ForEachDB(t, testClaimHandlingSurvivesACrashedHandler)
}

func testClaimHandlingSurvivesACrashedHandler(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	now := time.Now()
	claim := func(owner string, staleBefore time.Time) sqldb.Handling {
		t.Helper()
		got, err := s.ClaimHandling(ctx, "telegram", "7", owner, staleBefore)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := claim("a", now.Add(-time.Minute)); got != sqldb.HandlingClaimed {
		t.Fatalf("a new message: %v, want claimed", got)
	}
	if got := claim("b", now.Add(-time.Minute)); got != sqldb.HandlingBusy {
		t.Errorf("another process, a fresh claim: %v, want busy", got)
	}
	if got := claim("a", now.Add(time.Minute)); got != sqldb.HandlingBusy {
		t.Errorf("the claim's own process: %v, want busy (it is handling it)", got)
	}
	if got := claim("b", now.Add(time.Minute)); got != sqldb.HandlingClaimed {
		t.Fatalf("another process, a stale claim (a crash): %v, want taken over", got)
	}
	if err := s.FinishHandlingWith(ctx, "telegram", "7", "a", now.Add(-time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	if got := claim("c", now.Add(time.Minute)); got != sqldb.HandlingClaimed {
		t.Errorf("the dead owner's late finish counted: %v", got)
	}
	if err := s.FinishHandlingWith(ctx, "telegram", "7", "c", now.Add(-time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	for _, owner := range []string{"a", "b", "c", "d"} {
		if got := claim(owner, now.Add(time.Hour)); got != sqldb.HandlingDone {
			t.Errorf("after the handling finished, %s got %v, want done", owner, got)
		}
	}
	// FirstHandling (one step) still means handled at once.
	if first, err := s.FirstHandling(ctx, "telegram", "8"); err != nil || !first {
		t.Fatalf("first = %v, %v", first, err)
	}
	if got, err := s.ClaimHandling(ctx, "telegram", "8", "a", now.Add(time.Hour)); err != nil || got != sqldb.HandlingDone {
		t.Errorf("a message handled in one step: %v, %v; want done", got, err)
	}
}

func TestReleaseOutboxClaims(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		now := time.Now()
		m := store.OutboxMessage{Platform: "telegram", ChatID: "42", Text: "好的", NextAt: now, CreatedAt: now}
		if err := s.Enqueue(ctx, &m); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.ClaimOutbox(ctx, m.ID, "dead", now, now.Add(time.Hour)); err != nil || !ok {
			t.Fatalf("claim = %v, %v", ok, err)
		}
		if n, err := s.ReleaseOutboxClaims(ctx); err != nil || n != 1 {
			t.Fatalf("released %d, %v; want 1", n, err)
		}
		if ok, err := s.ClaimOutbox(ctx, m.ID, "alive", now, now.Add(time.Hour)); err != nil || !ok {
			t.Errorf("the released message could not be claimed: %v, %v", ok, err)
		}
	})
}

func TestFinishHandlingStoresRepliesWithTheRecord(t *testing.T) {
	sqldbtest.ForEachDB(t, testFinishHandlingStoresRepliesWithTheRecord)
}

// A command's replies and the record that it was handled are stored
// together, also when many commands finish at once (they are committed
// in groups); a message never claimed in the database (a process alone)
// gets its record; another owner's claim is left as it is.
func testFinishHandlingStoresRepliesWithTheRecord(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	const n = 40
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			out := []store.OutboxMessage{
				{Platform: "telegram", ChatID: fmt.Sprint("-", i%5), Text: fmt.Sprint("第一条 ", i), NextAt: time.Now()},
				{Platform: "telegram", ChatID: fmt.Sprint("-", i%5), Text: fmt.Sprint("第二条 ", i), NextAt: time.Now()},
			}
			errs[i] = s.FinishHandlingWith(ctx, "telegram", fmt.Sprint("m", i), "me", time.Now().Add(-time.Hour), out)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("finish %d: %v", i, err)
		}
	}
	for i := range n {
		if done, err := handled(ctx, s, "telegram", fmt.Sprint("m", i)); err != nil || !done {
			t.Errorf("m%d: done = %v, %v", i, done, err)
		}
	}
	if left, err := s.OutboxUnsent(ctx, "telegram"); err != nil || left != 2*n {
		t.Errorf("%d messages waiting (%v), want %d", left, err, 2*n)
	}
	// Each chat's messages wait in the order written: a command's first
	// reply before its second.
	for c := range 5 {
		head, ok, err := s.OutboxHead(ctx, "telegram", fmt.Sprint("-", c))
		if err != nil || !ok || !strings.HasPrefix(head.Text, "第一条") {
			t.Errorf("chat -%d head = %q, %v, %v", c, head.Text, ok, err)
		}
	}
	// Another owner took the claim over: its record is not finished by us.
	if got, err := s.ClaimHandling(ctx, "telegram", "x", "other", time.Now().Add(-time.Hour)); err != nil || got != sqldb.HandlingClaimed {
		t.Fatalf("claim = %v, %v", got, err)
	}
	if err := s.FinishHandlingWith(ctx, "telegram", "x", "me", time.Now().Add(-time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	if done, _ := handled(ctx, s, "telegram", "x"); done {
		t.Error("a claim another owner holds was finished by someone else")
	}
	// ... unless that claim is stale: its owner died.
	if err := s.FinishHandlingWith(ctx, "telegram", "x", "me", time.Now().Add(time.Second), nil); err != nil {
		t.Fatal(err)
	}
	if done, _ := handled(ctx, s, "telegram", "x"); !done {
		t.Error("a dead owner's claim was not finished by the one who handled it")
	}
	if done, _ := handled(ctx, s, "telegram", "never"); done {
		t.Error("a message never seen counts as handled")
	}
}

// handled reports whether a message is recorded as handled to the end.
func handled(ctx context.Context, s *sqldb.Store, platform, messageID string) (bool, error) {
	recent, err := s.RecentlyHandled(ctx, 1000)
	for _, r := range recent {
		if r == [2]string{platform, messageID} {
			return true, err
		}
	}
	return false, err
}
