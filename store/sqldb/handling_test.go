package sqldb_test

import (
	"context"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
)

func TestClaimHandlingSurvivesACrashedHandler(t *testing.T) {
	forEachDB(t, testClaimHandlingSurvivesACrashedHandler)
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
	if err := s.FinishHandling(ctx, "telegram", "7", "a"); err != nil {
		t.Fatal(err)
	}
	if got := claim("c", now.Add(time.Minute)); got != sqldb.HandlingClaimed {
		t.Errorf("the dead owner's late finish counted: %v", got)
	}
	if err := s.FinishHandling(ctx, "telegram", "7", "c"); err != nil {
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
	forEachDB(t, func(t *testing.T, s *sqldb.Store) {
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
