package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

func TestReopenKeepsDataAndSchema(t *testing.T) {
	sqldbtest.ForEachDSN(t, testReopenKeepsDataAndSchema)
}

func testReopenKeepsDataAndSchema(t *testing.T, driver, dsn string) {
	ctx := context.Background()
	if driver == "sqlite" { // a directory that does not exist yet is made
		dsn = filepath.Join(filepath.Dir(dsn), "sub", "linli.db")
	}
	s, err := sqldb.Open(ctx, driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	v1, err := s.SchemaVersion(ctx)
	if err != nil || v1 < 1 {
		t.Fatalf("schema version = %d, %v; want >= 1", v1, err)
	}
	if _, err := s.TouchResident(ctx, "console", "张阿姨", "张阿姨"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = sqldb.Open(ctx, driver, dsn)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	v2, _ := s.SchemaVersion(ctx)
	if v2 != v1 {
		t.Errorf("schema version changed on reopen: %d → %d", v1, v2)
	}
	r, err := s.Resident(ctx, "console", "张阿姨")
	if err != nil || r.Name != "张阿姨" {
		t.Errorf("resident after reopen = %+v, %v", r, err)
	}
}

func TestOpenRejectsUnknownDriver(t *testing.T) {
	_, err := sqldb.Open(context.Background(), "oracle", "x")
	if err == nil {
		t.Fatal("want an error for an unknown driver")
	}
}

func TestTouchResidentKeepsOneRowAndLatestName(t *testing.T) {
	sqldbtest.ForEachDB(t, testTouchResidentKeepsOneRowAndLatestName)
}

func testTouchResidentKeepsOneRowAndLatestName(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	a, err := s.TouchResident(ctx, "telegram", "42", "老王")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.TouchResident(ctx, "telegram", "42", "王伯伯")
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != b.ID || b.Name != "王伯伯" {
		t.Errorf("second touch = %+v, first %+v: want same id, new name", b, a)
	}
	c, _ := s.TouchResident(ctx, "telegram", "42", "")
	if c.Name != "王伯伯" {
		t.Errorf("an empty name must not erase the known one, got %q", c.Name)
	}
}

func TestHouseholdSharedAcrossPlatforms(t *testing.T) {
	sqldbtest.ForEachDB(t, testHouseholdSharedAcrossPlatforms)
}

func testHouseholdSharedAcrossPlatforms(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	wx, _ := s.TouchResident(ctx, "wechat", "张阿姨", "张阿姨")
	tg, _ := s.TouchResident(ctx, "telegram", "7", "Zhang")
	h1, err := s.Register(ctx, wx.ID, "8号楼", "301", false)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := s.Register(ctx, tg.ID, "8号楼", "301", false)
	if err != nil {
		t.Fatal(err)
	}
	if h1.ID != h2.ID || h2.Confirmed {
		t.Fatalf("households %+v and %+v: want one, unconfirmed", h1, h2)
	}
	if members, _ := s.HouseholdMembers(ctx, h1.ID); len(members) != 0 {
		t.Errorf("before confirmation the household has %d accounts, want none", len(members))
	}
	h3, joined, err := s.ConfirmHousehold(ctx, "8号楼", "301")
	if err != nil || !h3.Confirmed || len(joined) != 2 {
		t.Errorf("confirm = %+v, %d joined, %v", h3, len(joined), err)
	}
	if members, _ := s.HouseholdMembers(ctx, h1.ID); len(members) != 2 {
		t.Errorf("household has %d accounts, want 2", len(members))
	}
	// A third account typing the room number of the confirmed household
	// waits for the head too; one already in it stays in it.
	other, _ := s.TouchResident(ctx, "telegram", "99", "陌生人")
	if _, err := s.Register(ctx, other.ID, "8号楼", "301", false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Register(ctx, wx.ID, "8号楼", "301", false); err != nil {
		t.Fatal(err)
	}
	if members, _ := s.HouseholdMembers(ctx, h1.ID); len(members) != 2 {
		t.Errorf("after a stranger registered the room, the household has %d accounts, want still 2", len(members))
	}
	if me, _ := s.ResidentByID(ctx, wx.ID); me.HouseholdID == nil || me.PendingHouseholdID != nil {
		t.Errorf("a member registering again: household %v, pending %v; want still a member", me.HouseholdID, me.PendingHouseholdID)
	}
	if _, joined, err := s.ConfirmHousehold(ctx, "8号楼", "301"); err != nil || len(joined) != 1 || joined[0].ID != other.ID {
		t.Errorf("second confirmation joined %+v, %v; want the stranger only", joined, err)
	}
	if _, _, err := s.ConfirmHousehold(ctx, "9号楼", "101"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("confirm of an unknown household = %v, want ErrNotFound", err)
	}
}

func TestRolesGrantRevoke(t *testing.T) { sqldbtest.ForEachDB(t, testRolesGrantRevoke) }

func testRolesGrantRevoke(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	r, _ := s.TouchResident(ctx, "console", "张阿姨", "张阿姨")
	for i := range 2 { // granting twice is harmless, and says it was held
		granted, err := s.Grant(ctx, r.ID, "building_head", "8号楼", "")
		if err != nil || granted != (i == 0) {
			t.Fatalf("grant #%d: %v, %v; want new only the first time", i+1, granted, err)
		}
	}
	if _, err := s.Grant(ctx, r.ID, "building_head", "9号楼", ""); err != nil {
		t.Fatal(err)
	}
	roles, _ := s.RolesOf(ctx, r.ID)
	if len(roles) != 2 {
		t.Fatalf("roles = %+v, want two buildings", roles)
	}
	heads, _ := s.HoldersOf(ctx, "building_head", "9号楼")
	if len(heads) != 1 || heads[0].ID != r.ID {
		t.Errorf("heads of 9号楼 = %+v", heads)
	}
	if err := s.Revoke(ctx, r.ID, "building_head", ""); err != nil {
		t.Fatal(err)
	}
	if roles, _ := s.RolesOf(ctx, r.ID); len(roles) != 0 {
		t.Errorf("roles after revoke = %+v", roles)
	}
	if err := s.Revoke(ctx, r.ID, "admin", ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoking a role not held = %v, want ErrNotFound", err)
	}
}

func TestGroupsOfBuildings(t *testing.T) { sqldbtest.ForEachDB(t, testGroupsOfBuildings) }

func testGroupsOfBuildings(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	bind := func(id, building string) {
		c, err := s.TouchChat(ctx, "console", id, id, true)
		if err != nil {
			t.Fatal(err)
		}
		if building != "" {
			if err := s.Bind(ctx, c.ID, building); err != nil {
				t.Fatal(err)
			}
		}
	}
	bind("8a", "8号楼")
	bind("8b", "8号楼")
	bind("9", "9号楼")
	bind("all", store.AllBuildings)
	bind("loose", "")
	if err := s.SetChatActive(ctx, "console", "8b", false); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GroupsOf(ctx, "8号楼")
	if len(got) != 1 || got[0].ChatID != "8a" {
		t.Errorf("groups of 8号楼 = %+v, want only the active 8a", got)
	}
	got, _ = s.GroupsOf(ctx, store.AllBuildings)
	if len(got) != 3 {
		t.Errorf("every bound active group: got %d, want 3", len(got))
	}
	all, _ := s.Groups(ctx)
	if len(all) != 5 || all[len(all)-1].ChatID != "loose" {
		t.Errorf("group list = %d groups, unbound last? %+v", len(all), all)
	}
}

func TestMembersNamedFindsNamesakes(t *testing.T) {
	sqldbtest.ForEachDB(t, testMembersNamedFindsNamesakes)
}

func testMembersNamedFindsNamesakes(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	c, _ := s.TouchChat(ctx, "wechat", "g1", "8号楼业主群", true)
	other, _ := s.TouchChat(ctx, "wechat", "g2", "9号楼业主群", true)
	a, _ := s.TouchResident(ctx, "wechat", "u1", "张阿姨")
	b, _ := s.TouchResident(ctx, "wechat", "u2", "张阿姨")
	d, _ := s.TouchResident(ctx, "wechat", "u3", "张阿姨")
	s.SawMember(ctx, c.ID, a.ID)
	s.SawMember(ctx, c.ID, b.ID)
	s.SawMember(ctx, c.ID, a.ID)
	s.SawMember(ctx, other.ID, d.ID)
	got, err := s.MembersNamed(ctx, c.ID, "张阿姨")
	if err != nil || len(got) != 2 {
		t.Errorf("namesakes in g1 = %d, %v; want 2", len(got), err)
	}
}

// A message redelivered by many goroutines at once is handled exactly once.
func TestFirstHandlingOnceUnderConcurrency(t *testing.T) {
	sqldbtest.ForEachDB(t, testFirstHandlingOnceUnderConcurrency)
}

func testFirstHandlingOnceUnderConcurrency(t *testing.T, s *sqldb.Store) {
	ctx := context.Background()
	const workers = 32
	var wg sync.WaitGroup
	var mu sync.Mutex
	firsts := map[string]int{}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range 10 {
				id := fmt.Sprint(m)
				first, err := s.FirstHandling(ctx, "telegram", id)
				if err != nil {
					t.Errorf("worker %d: %v", w, err)
					return
				}
				if first {
					mu.Lock()
					firsts[id]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for m := range 10 {
		if n := firsts[fmt.Sprint(m)]; n != 1 {
			t.Errorf("message %d handled %d times, want once", m, n)
		}
	}
	n, err := s.ForgetHandled(ctx, time.Now().Add(time.Hour))
	if err != nil || n != 10 {
		t.Errorf("forget = %d, %v; want 10", n, err)
	}
}
