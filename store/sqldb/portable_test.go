package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// The SQL the store writes must mean the same on SQLite and PostgreSQL:
// these tests pin the places where the two differ (unique violations, time
// values, upserts, concurrent claims, migrations run by replicas at once).

func TestUniqueViolationIsErrDuplicate(t *testing.T) {
	sqldbtest.ForEachDB(t, testUniqueViolationIsErrDuplicate)
}

func testUniqueViolationIsErrDuplicate(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	if err := s.InsertHousehold(ctx, "8号楼", "301"); err != nil {
		t.Fatal(err)
	}
	err := s.InsertHousehold(ctx, "8号楼", "301")
	if !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("second insert of one household = %v, want ErrDuplicate", err)
	}
	if err := s.InsertHousehold(ctx, "8号楼", "302"); err != nil {
		t.Errorf("another room = %v, want nil", err)
	}
}

func TestJobClaimOnceAcrossWorkers(t *testing.T) {
	sqldbtest.ForEachDB(t, testJobClaimOnceAcrossWorkers)
}

// 50 workers (as if replicas) claim the same three runs; each run is won once,
// and LastRun gives back the exact instant in any zone it was claimed in.
func testJobClaimOnceAcrossWorkers(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	loc := time.FixedZone("CST", 8*3600)
	dues := []time.Time{
		time.Date(2026, 11, 24, 7, 30, 0, 0, loc),
		time.Date(2026, 11, 24, 16, 0, 0, 0, loc),
		time.Date(2026, 11, 25, 7, 30, 0, 0, loc),
	}
	var wins [3]atomic.Int32
	var wg sync.WaitGroup
	for w := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, due := range dues {
				ok, err := s.Claim(ctx, "menu_today", due)
				if err != nil {
					t.Errorf("worker %d claim %v: %v", w, due, err)
					return
				}
				if ok {
					wins[i].Add(1)
				}
			}
		}()
	}
	wg.Wait()
	for i := range dues {
		if n := wins[i].Load(); n != 1 {
			t.Errorf("run %v claimed %d times, want once", dues[i], n)
		}
	}
	last, err := s.LastRun(ctx, "menu_today")
	if err != nil || !last.Equal(dues[2]) {
		t.Errorf("last run = %v, %v; want %v", last, err, dues[2])
	}
	if never, err := s.LastRun(ctx, "digest"); err != nil || !never.IsZero() {
		t.Errorf("last run of a job never run = %v, %v; want zero", never, err)
	}
}

func TestNoticesDueAndClaimedOnce(t *testing.T) { sqldbtest.ForEachDB(t, testNoticesDueAndClaimedOnce) }

func testNoticesDueAndClaimedOnce(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	loc := time.FixedZone("CST", 8*3600)
	head, _ := s.TouchResident(ctx, "console", "王阿姨", "王阿姨")
	at := time.Date(2026, 11, 24, 18, 0, 0, 0, loc)
	early, err := s.ScheduleNotice(ctx, head.ID, []string{"8号楼"}, "停水通知", at)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ScheduleNotice(ctx, head.ID, []string{"8号楼", "9号楼"}, "明天开会", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	due, err := s.DueNotices(ctx, at.Add(-time.Second))
	if err != nil || len(due) != 0 {
		t.Fatalf("due a second early = %d, %v; want none", len(due), err)
	}
	due, _ = s.DueNotices(ctx, at)
	if len(due) != 1 || due[0].ID != early.ID || !due[0].SendAt.Equal(at) || due[0].Author.Name != "王阿姨" {
		t.Fatalf("due at %v = %+v, want the early notice with its author", at, due)
	}
	var won atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.ClaimNotice(ctx, early.ID, at)
			if err != nil {
				t.Error(err)
			}
			if ok {
				won.Add(1)
			}
		}()
	}
	wg.Wait()
	if won.Load() != 1 {
		t.Errorf("notice claimed %d times, want once", won.Load())
	}
	pending, _ := s.PendingNotices(ctx, head.ID)
	if len(pending) != 1 || pending[0].BuildingList()[1] != "9号楼" {
		t.Errorf("pending after sending one = %+v", pending)
	}
}

func TestReplicasStartingTogetherMigrateOnce(t *testing.T) {
	sqldbtest.ForEachDSN(t, testReplicasStartingTogetherMigrateOnce)
}

// Several replicas opening one fresh database at once all start, and the
// schema is applied once.
func testReplicasStartingTogetherMigrateOnce(t *testing.T, driver, dsn string) {
	ctx := context.Background()
	const replicas = 4
	stores := make([]*sqldb.Store, replicas)
	errs := make([]error, replicas)
	var wg sync.WaitGroup
	for i := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = sqldb.Open(ctx, driver, dsn)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	want, err := stores[0].SchemaVersion(ctx)
	if err != nil || want < 3 {
		t.Fatalf("schema version = %d, %v", want, err)
	}
	for i, s := range stores {
		if v, _ := s.SchemaVersion(ctx); v != want {
			t.Errorf("replica %d sees schema %d, want %d", i, v, want)
		}
	}
	// Every replica writes through its own connection pool.
	for i, s := range stores {
		if _, err := s.TouchResident(ctx, "telegram", fmt.Sprint(i), "住户"); err != nil {
			t.Errorf("replica %d write: %v", i, err)
		}
	}
}
