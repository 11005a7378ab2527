package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestRequestHouseholdNeedsAYesOnceOccupied: a trusted first account joins
// an empty household at once; any later account waits, and shares nothing
// until AcceptMember lets it in.
func TestRequestHouseholdNeedsAYesOnceOccupied(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		liu, _ := s.TouchResident(ctx, "console", "刘大爷", "刘大爷")
		other, _ := s.TouchResident(ctx, "console", "陌生人", "陌生人")
		res, err := s.RequestHousehold(ctx, liu.ID, "8号楼", "201", true)
		if err != nil || !res.Joined || !res.Household.Confirmed {
			t.Fatalf("first trusted registration = %+v, %v; want joined", res, err)
		}
		res, err = s.RequestHousehold(ctx, other.ID, "8号楼", "201", true)
		if err != nil || res.Joined || len(res.Members) != 1 || res.Members[0].ID != liu.ID {
			t.Fatalf("registration into an occupied household = %+v, %v; want waiting, members to ask", res, err)
		}
		if members, _ := s.HouseholdMembers(ctx, res.Household.ID); len(members) != 1 {
			t.Errorf("before a yes the household has %d accounts, want 1", len(members))
		}
		if err := s.AcceptMember(ctx, res.Household.ID+1, other.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a yes for another household = %v, want ErrNotFound", err)
		}
		if err := s.AcceptMember(ctx, res.Household.ID, other.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.AcceptMember(ctx, res.Household.ID, other.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a second yes = %v, want ErrNotFound", err)
		}
		if members, _ := s.HouseholdMembers(ctx, res.Household.ID); len(members) != 2 {
			t.Errorf("after the yes the household has %d accounts, want 2", len(members))
		}
		again, err := s.RequestHousehold(ctx, other.ID, "8号楼", "201", false)
		if err != nil || !again.Already {
			t.Errorf("a member registering again = %+v, %v; want already", again, err)
		}
	})
}

// TestRequestHouseholdRace: twenty strangers type one empty room at once;
// exactly one gets in, the others wait.
func TestRequestHouseholdRace(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		const n = 20
		ids := make([]uint, n)
		for i := range ids {
			r, err := s.TouchResident(ctx, "console", fmt.Sprint("人", i), fmt.Sprint("人", i))
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = r.ID
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		joined := 0
		for _, id := range ids {
			wg.Go(func() {
				res, err := s.RequestHousehold(ctx, id, "8号楼", "301", true)
				if err != nil {
					t.Error(err)
					return
				}
				if res.Joined {
					mu.Lock()
					joined++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		h, err := s.HouseholdAt(ctx, "8号楼", "301")
		if err != nil {
			t.Fatal(err)
		}
		members, _ := s.HouseholdMembers(ctx, h.ID)
		pending, _ := s.PendingMembers(ctx, h.ID)
		if joined != 1 || len(members) != 1 || len(pending) != n-1 {
			t.Errorf("%d told they joined, %d members, %d waiting; want 1, 1, %d", joined, len(members), len(pending), n-1)
		}
	})
}
