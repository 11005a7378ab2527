package sqldb_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestReceiptsUnderConcurrency: 100 households of 8号楼 say 收到 at once,
// 25 of them from two accounts: each household is counted once, the count
// by building says so, and the households left are listed with their
// accounts.
func TestReceiptsUnderConcurrency(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		hhs, accounts := voters(t, s, 110, 25)
		a, err := s.AskReceipts(ctx, store.Ask{Text: "明天上午9点停水", Buildings: []string{"8号楼"}, AuthorName: "王阿姨"})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		firsts := 0
		for i := range 100 {
			for _, by := range accounts[i] {
				wg.Add(1)
				go func() {
					defer wg.Done()
					first, err := s.Receive(ctx, a.ID, hhs[i], by, voteDeadline)
					if err != nil {
						t.Error(err)
					}
					if first {
						mu.Lock()
						firsts++
						mu.Unlock()
					}
				}()
			}
		}
		wg.Wait()
		if firsts != 100 {
			t.Errorf("%d first receipts for 100 households", firsts)
		}
		counts, err := s.ReceiptsByBuilding(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(counts) != 1 || counts[0] != (store.BuildingReceipts{Building: "8号楼", Households: 110, Confirmed: 100}) {
			t.Errorf("counts %+v, want 8号楼 100 of 110", counts)
		}
		left, err := s.Unreceived(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(left) != 10 || left[0].Household.Building != "8号楼" || len(left[0].Members) != 1 {
			t.Errorf("unreceived %+v, want the 10 last households", left)
		}
		for i, want := range []bool{true, false} {
			ok, err := s.ClaimAskReminder(ctx, a.ID, voteDeadline, voteDeadline.Add(-24*time.Hour))
			if err != nil || ok != want {
				t.Errorf("reminder claim %d: %v %v, want %v", i, ok, err, want)
			}
		}
		if ok, _ := s.ClaimAskReminder(ctx, a.ID, voteDeadline.Add(25*time.Hour), voteDeadline.Add(time.Hour)); !ok {
			t.Error("a reminder a day later was refused")
		}
	})
}
