package sqldb_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestCancelNoticeRacesTheSender: a scheduled notice cancelled from the
// panel while the sending job claims it is either sent or cancelled,
// never both and never neither.
func TestCancelNoticeRacesTheSender(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		author, _ := s.TouchResident(ctx, "console", "王阿姨", "王阿姨")
		at := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
		for round := range 8 {
			n, err := s.ScheduleNotice(ctx, author.ID, []string{"8号楼"}, "明天停水", at)
			if err != nil {
				t.Fatal(err)
			}
			var claimed, cancelled atomic.Int32
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					ok, err := s.ClaimNotice(ctx, n.ID, at)
					if err != nil {
						t.Error(err)
					}
					if ok {
						claimed.Add(1)
					}
				})
				wg.Go(func() {
					got, err := s.CancelNotice(ctx, n.ID)
					switch {
					case err == nil:
						cancelled.Add(1)
						if got.Text != "明天停水" || got.Author.Name != "王阿姨" {
							t.Errorf("cancelled %+v", got)
						}
					case !errors.Is(err, store.ErrNotFound):
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if claimed.Load()+cancelled.Load() != 1 {
				t.Fatalf("round %d: claimed %d, cancelled %d", round, claimed.Load(), cancelled.Load())
			}
		}
		if _, err := s.CancelNotice(ctx, 9999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("no such notice: %v", err)
		}
	})
}

// TestDeskLists: the waiting accounts of the asked buildings only, a name
// search that takes % literally, the role holders with their homes.
func TestDeskLists(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		person := func(name string) store.Resident {
			r, err := s.TouchResident(ctx, "console", name, name)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		a, b, c := person("张阿姨"), person("李大爷"), person("100%王")
		person("张三")
		s.Register(ctx, a.ID, "10号楼", "301", false)
		s.Register(ctx, b.ID, "8号楼", "1201", false)
		s.Register(ctx, c.ID, "8号楼", "301", true)
		ws, err := s.WaitingMembers(ctx, "8号楼")
		if err != nil || len(ws) != 1 || ws[0].Resident.Name != "李大爷" || ws[0].Household.Room != "1201" {
			t.Fatalf("8号楼 waiting: %+v %v", ws, err)
		}
		if all, _ := s.WaitingMembers(ctx); len(all) != 2 || all[0].Household.Building != "8号楼" {
			t.Errorf("all waiting, 8号楼 first: %+v", all)
		}
		if got, _ := s.FindResidents(ctx, "%", 10); len(got) != 1 || got[0].Name != "100%王" || got[0].Household == nil {
			t.Errorf("find %%: %+v", got)
		}
		if got, _ := s.FindResidents(ctx, "张", 10); len(got) != 2 {
			t.Errorf("find 张: %+v", got)
		}
		s.Grant(ctx, c.ID, "building_head", "8号楼", "")
		roles, err := s.RoleHolders(ctx)
		if err != nil || len(roles) != 1 || roles[0].Resident.Household == nil || roles[0].Resident.Household.Room != "301" {
			t.Errorf("role holders: %+v %v", roles, err)
		}
	})
}
