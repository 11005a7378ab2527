package sqldb

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

func openUnitStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), "sqlite", filepath.Join(t.TempDir(), "linli.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// A unit keeps a command's writes in one transaction: read back under its
// context they are there, seen from outside they are not until the
// commit; rolled back they are gone; the commit is one.
func TestUnitKeepsACommandsWritesTogether(t *testing.T) {
	s := openUnitStore(t)
	outside := context.Background()

	ctx, u := s.Enclose(outside)
	if u.Begun() {
		t.Fatal("a unit began before anything was written")
	}
	if _, err := s.Chat(ctx, "telegram", "-1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a read in a fresh unit: %v", err)
	}
	if u.Begun() {
		t.Fatal("a read began the unit")
	}
	if _, err := s.TouchChat(ctx, "telegram", "-1", "1号楼群", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Chat(ctx, "telegram", "-1"); err != nil {
		t.Errorf("the command does not see what it wrote: %v", err)
	}
	if _, err := s.Chat(outside, "telegram", "-1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another reader saw the command's write before its commit: %v", err)
	}
	if err := u.Rollback(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Chat(outside, "telegram", "-1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a rolled-back unit's write is there: %v", err)
	}

	before := s.Commits()
	ctx, u = s.Enclose(outside)
	if _, err := s.TouchChat(ctx, "telegram", "-2", "2号楼群", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TouchChat(ctx, "telegram", "-3", "3号楼群", true); err != nil {
		t.Fatal(err)
	}
	if !u.Begun() {
		t.Error("two new groups did not begin the unit")
	}
	if err := s.FinishHandlingWith(ctx, "telegram", "m1", "me", time.Now(), nil); err != nil {
		t.Fatal(err)
	}
	if n := s.Commits() - before; n != 1 {
		t.Errorf("two groups and the record cost %d commits; want 1", n)
	}
	for _, id := range []string{"2", "3"} {
		if _, err := s.Chat(outside, "telegram", "-"+id); err != nil {
			t.Errorf("group %s after the unit's commit: %v", id, err)
		}
	}
	if keys, err := s.RecentlyHandled(outside, 10); err != nil || len(keys) != 1 {
		t.Errorf("records after the unit's commit: %v, %v", keys, err)
	}
	// Closed, the context's writes are the store's usual ones.
	if _, err := s.TouchResident(ctx, "telegram", "4", "赵大爷"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resident(outside, "telegram", "4"); err != nil {
		t.Errorf("a write after the unit's commit was not committed: %v", err)
	}
}

// A store method's own transaction inside a unit is a savepoint: when it
// fails, its writes are undone and the command's earlier ones are kept.
func TestUnitUndoesAFailedStepAlone(t *testing.T) {
	s := openUnitStore(t)
	ctx, u := s.Enclose(context.Background())
	if _, err := s.TouchChat(ctx, "telegram", "-1", "1号楼群", true); err != nil {
		t.Fatal(err)
	}
	refused := errors.New("refused")
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&residentRow{Platform: "telegram", UserID: "2", Name: "半途"}).Error; err != nil {
			return err
		}
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("the failing step: %v", err)
	}
	if err := u.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Chat(context.Background(), "telegram", "-1"); err != nil {
		t.Errorf("the write before the failed step was lost: %v", err)
	}
	if _, err := s.Resident(context.Background(), "telegram", "2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the failed step's write was kept: %v", err)
	}
}

// A unit whose commit fails loses the command's changes with its record;
// the finish says so (ErrUndone), so nobody is told it was done.
func TestUnitCommitFailureIsUndone(t *testing.T) {
	s := openUnitStore(t)
	ctx, u := s.Enclose(context.Background())
	if _, err := s.TouchChat(ctx, "telegram", "-1", "1号楼群", true); err != nil {
		t.Fatal(err)
	}
	tx := u.current()
	// The transaction ends underneath the unit, as a failed commit would
	// leave it; the gate is given back as a commit would.
	if err := tx.tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	err := s.FinishHandlingWith(ctx, "telegram", "m1", "me", time.Now(), nil)
	if !errors.Is(err, ErrUndone) {
		t.Fatalf("a finish whose commit failed: %v; want ErrUndone", err)
	}
	if _, err := s.Chat(context.Background(), "telegram", "-1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the command's change is there after a failed commit: %v", err)
	}
	// The gate was given back: the store still writes.
	wrote := make(chan error, 1)
	go func() { _, err := s.TouchResident(context.Background(), "telegram", "2", "李伯伯"); wrote <- err }()
	select {
	case err := <-wrote:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the store cannot write after a unit's commit failed: its gate was kept")
	}
}

// A sighting (a known person seen again, in a known group) does not begin
// the unit: it waits for the command's end and is committed there, so a
// command that only reads takes the write gate at its record alone. It is
// written all the same, and a unit ended without a record writes it too.
func TestUnitKeepsSightingsForTheEnd(t *testing.T) {
	s := openUnitStore(t)
	outside := context.Background()
	r, err := s.TouchResident(outside, "telegram", "1", "张阿姨")
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.TouchChat(outside, "telegram", "-100", "8号楼群", true)
	if err != nil {
		t.Fatal(err)
	}
	seen := func() (resident, chat, member string) {
		db, _ := s.db.DB()
		db.QueryRow(`SELECT seen_at FROM residents WHERE id = ?`, r.ID).Scan(&resident)
		db.QueryRow(`SELECT seen_at FROM chats WHERE id = ?`, c.ID).Scan(&chat)
		db.QueryRow(`SELECT seen_at FROM members WHERE chat_id = ? AND resident_id = ?`, c.ID, r.ID).Scan(&member)
		return
	}
	r0, c0, _ := seen()

	later := time.Now().Add(time.Hour)
	s.Now = func() time.Time { return later }
	ctx, u := s.Enclose(outside)
	if _, err := s.TouchResident(ctx, "telegram", "1", "张阿姨"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TouchChat(ctx, "telegram", "-100", "8号楼群", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SawMember(ctx, c.ID, r.ID); err != nil {
		t.Fatal(err)
	}
	if u.Begun() {
		t.Fatal("a sighting began the unit: it would hold the write gate for the whole command")
	}
	if r1, c1, m1 := seen(); r1 != r0 || c1 != c0 || m1 != "" {
		t.Fatalf("sightings written before the command's end: %s %s %s", r1, c1, m1)
	}
	before := s.Commits()
	if err := s.FinishHandlingWith(ctx, "telegram", "m1", "me", time.Now(), nil); err != nil {
		t.Fatal(err)
	}
	if n := s.Commits() - before; n != 1 {
		t.Errorf("the sightings and the record cost %d commits; want 1", n)
	}
	r1, c1, m1 := seen()
	if r1 == r0 || c1 == c0 || m1 == "" {
		t.Errorf("sightings after the command: resident %s (was %s), chat %s (was %s), member %q", r1, r0, c1, c0, m1)
	}

	// A new name is no mere sighting: it is written at once (apart from
	// the unit, which has not begun: see TestUnitWritesAFirstContactApart).
	ctx, u = s.Enclose(outside)
	if got, err := s.TouchResident(ctx, "telegram", "1", "张奶奶"); err != nil || got.Name != "张奶奶" {
		t.Fatalf("renamed: %+v, %v", got, err)
	}
	if got, err := s.Resident(outside, "telegram", "1"); err != nil || got.Name != "张奶奶" {
		t.Errorf("a new name waited for the command's end: %+v, %v", got, err)
	}
	if err := u.Commit(); err != nil {
		t.Fatal(err)
	}

	// Ended by Commit, without a record: the sightings are kept.
	s.Now = func() time.Time { return later.Add(time.Hour) }
	ctx, u = s.Enclose(outside)
	if err := s.SawMember(ctx, c.ID, r.ID); err != nil {
		t.Fatal(err)
	}
	if err := u.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, _, m2 := seen(); m2 == m1 {
		t.Errorf("a sighting kept for the end of a unit committed without a record was lost (%s)", m2)
	}
}

// Units name their savepoints one by one; the names must not be kept as
// compiled statements, or they fill the cache and every other statement
// is compiled anew on each use (it happened: 500 of 500 after 5,000
// commands of the load run, half of them SAVEPOINT u…).
func TestUnitsLeaveTheStatementCacheAlone(t *testing.T) {
	s := openUnitStore(t)
	cached := func() int {
		s.compiled.mu.RLock()
		defer s.compiled.mu.RUnlock()
		return len(s.compiled.stmts)
	}
	run := func(i int) {
		ctx, _ := s.Enclose(context.Background())
		if _, err := s.TouchResident(ctx, "telegram", fmt.Sprint(i), "张阿姨"); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishHandlingWith(ctx, "telegram", fmt.Sprint("m", i), "me", time.Now(), nil); err != nil {
			t.Fatal(err)
		}
	}
	run(0)
	before := cached()
	for i := 1; i <= 50; i++ {
		run(i)
	}
	if after := cached(); after != before {
		t.Errorf("50 more commands left %d more compiled statements; want none", after-before)
	}
}

// A person's first message writes their account at once, outside the
// unit, when nothing was written in it yet: begun there, the unit would
// hold the write gate for the whole command. Once the unit has begun, a
// new account is written in it, with the rest.
func TestUnitWritesAFirstContactApart(t *testing.T) {
	s := openUnitStore(t)
	outside := context.Background()
	ctx, u := s.Enclose(outside)
	if _, err := s.TouchResident(ctx, "telegram", "1", "张阿姨"); err != nil {
		t.Fatal(err)
	}
	if u.Begun() {
		t.Error("a first contact began the unit")
	}
	if _, err := s.Resident(outside, "telegram", "1"); err != nil {
		t.Errorf("a first contact's account was not written at once: %v", err)
	}
	if _, err := s.TouchChat(ctx, "telegram", "-1", "1号楼群", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TouchResident(ctx, "telegram", "2", "李伯伯"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resident(outside, "telegram", "2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an account made after the unit began was written apart: %v", err)
	}
	if err := u.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resident(outside, "telegram", "2"); err != nil {
		t.Errorf("after the unit's commit: %v", err)
	}
}
