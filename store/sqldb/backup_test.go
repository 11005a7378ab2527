package sqldb_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestBackupUnderBookingBurstThenRestore: residents book while the backup
// runs. The copy holds every booking confirmed before the backup started,
// only bookings that were confirmed, and menus whose counts agree with
// their orders (one consistent snapshot). Restore refuses while the bot
// has the database open, then puts the copy in place, and the bot opens it
// with every one of those bookings.
func TestBackupUnderBookingBurstThenRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "linli.db")
	s, err := sqldb.Open(ctx, "sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	lunch(t, s, 0)
	const workers, each = 8, 40
	var (
		mu        sync.Mutex
		confirmed = map[uint]bool{}
		half      = make(chan struct{})
		once      sync.Once
		wg        sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				name := fmt.Sprintf("居民%d-%d", w, i)
				r, err := s.TouchResident(ctx, "console", name, name)
				if err != nil {
					t.Error(err)
					return
				}
				b, err := book(t, s, r.ID, 1+i%3)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				confirmed[b.Order.ID] = true
				if len(confirmed) >= workers*each/2 {
					once.Do(func() { close(half) })
				}
				mu.Unlock()
			}
		})
	}
	<-half
	mu.Lock()
	before := make([]uint, 0, len(confirmed))
	for id := range confirmed {
		before = append(before, id)
	}
	mu.Unlock()
	copyPath := filepath.Join(dir, "backup.db")
	if err := sqldb.Backup(ctx, "sqlite", path, copyPath); err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	if _, err := sqldb.Restore(ctx, copyPath, path, time.Now()); !errors.Is(err, sqldb.ErrInUse) {
		t.Fatalf("restore over the open database: %v, want ErrInUse", err)
	}
	s.Close()
	aside, err := sqldb.Restore(ctx, copyPath, path, time.Date(2026, 11, 28, 16, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(aside, "linli.db.before-restore-20261128-160000") {
		t.Errorf("the replaced database was set aside as %q", aside)
	}
	if s, err = sqldb.Open(ctx, "sqlite", path); err != nil {
		t.Fatal(err)
	}
	orders, err := s.Orders(ctx, store.OrderQuery{})
	if err != nil {
		t.Fatal(err)
	}
	restored, portions := map[uint]bool{}, 0
	for _, o := range orders {
		restored[o.ID] = true
		portions += o.Quantity
		if !confirmed[o.ID] {
			t.Errorf("order %d is in the backup but was never confirmed", o.ID)
		}
	}
	for _, id := range before {
		if !restored[id] {
			t.Errorf("order %d, confirmed before the backup began, is not in it", id)
		}
	}
	menus, _ := s.MenusOn(ctx, "2026-11-25")
	if len(menus) != 1 || menus[0].Booked != portions {
		t.Errorf("restored menu says %+v booked, its orders %d portions: not one snapshot", menus, portions)
	}
	t.Logf("%d confirmed before the backup, %d in it, %d in all", len(before), len(restored), len(confirmed))
}

// TestBackupWritesNothingAndIsPrivate: backing up leaves the database's
// bytes as they were, makes a copy its owner alone can read whatever the
// umask, refuses to overwrite a file, and sends PostgreSQL to pg_dump.
func TestBackupWritesNothingAndIsPrivate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "linli.db")
	s := sqldbtest.MustOpenDSN(t, "sqlite", path)
	if _, err := s.TouchResident(ctx, "console", "张阿姨", "张阿姨"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	sum := func() string {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%x", sha256.Sum256(data))
	}
	was := sum()
	for i, mask := range []int{0, 0o022, 0o277} {
		dst := filepath.Join(dir, "copy"+strconv.Itoa(i)+".db")
		old := syscall.Umask(mask)
		err := sqldb.Backup(ctx, "sqlite", path, dst)
		syscall.Umask(old)
		if err != nil {
			t.Fatalf("umask %03o: %v", mask, err)
		}
		if fi, err := os.Stat(dst); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("umask %03o: copy %v (%v), want -rw-------", mask, fi.Mode().Perm(), err)
		}
	}
	if now := sum(); now != was {
		t.Errorf("the database changed while being backed up")
	}
	// A reader of a database in WAL mode may leave an empty WAL (and the
	// shared memory index) beside it, as any reader does; nothing in it.
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("backing up wrote %d bytes of WAL beside the database", fi.Size())
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*partial*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	if err := sqldb.Backup(ctx, "sqlite", path, filepath.Join(dir, "copy0.db")); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("backup over an existing file: %v, want a refusal", err)
	}
	if err := sqldb.Backup(ctx, "postgres", "postgres://linli@db/linli", filepath.Join(dir, "pg.db")); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup of PostgreSQL: %v, want it to say pg_dump", err)
	}
	c := sqldbtest.MustOpenDSN(t, "sqlite", filepath.Join(dir, "copy1.db"))
	if r, err := c.Resident(ctx, "console", "张阿姨"); err != nil || r.Name != "张阿姨" {
		t.Errorf("the copy lacks 张阿姨: %+v %v", r, err)
	}
}

// TestNightlyBackupKeepsDaysAndPrunes: one private file a day, the ones
// older than keep days removed, nothing else in the directory touched, and
// a run that cannot back up returns an error (the scheduler alerts).
func TestNightlyBackupKeepsDaysAndPrunes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "linli.db")
	s := sqldbtest.MustOpenDSN(t, "sqlite", path)
	backups := filepath.Join(dir, "backups")
	if err := os.MkdirAll(backups, 0o700); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(backups, "linli-2020-01-01.db.keep")
	os.WriteFile(mine, []byte("the operator's"), 0o600)
	job := sqldb.Nightly{DSN: path, Dir: backups, Keep: 3, Location: cst}
	for day := 20; day <= 25; day++ {
		if _, err := s.TouchResident(ctx, "console", "居民"+strconv.Itoa(day), "x"); err != nil {
			t.Fatal(err)
		}
		// 03:30 in Shanghai is the evening before in UTC: named by the community's date.
		if err := job.Run(ctx, time.Date(2026, 11, day, 3, 30, 0, 0, cst)); err != nil {
			t.Fatal(err)
		}
	}
	names, _ := filepath.Glob(filepath.Join(backups, "*"))
	var got []string
	for _, n := range names {
		got = append(got, filepath.Base(n))
		if fi, _ := os.Stat(n); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want -rw-------", n, fi.Mode().Perm())
		}
	}
	want := "linli-2020-01-01.db.keep linli-2026-11-23.db linli-2026-11-24.db linli-2026-11-25.db"
	if strings.Join(got, " ") != want {
		t.Errorf("backups = %v, want %s", got, want)
	}
	c := sqldbtest.MustOpenDSN(t, "sqlite", filepath.Join(backups, "linli-2026-11-25.db"))
	if _, err := c.Resident(ctx, "console", "居民25"); err != nil {
		t.Errorf("the last backup lacks the last resident: %v", err)
	}
	broken := sqldb.Nightly{DSN: filepath.Join(dir, "gone.db"), Dir: backups, Keep: 3}
	if err := broken.Run(ctx, time.Now()); err == nil {
		t.Error("a backup of a database that is not there succeeded")
	}
}

// TestRestoreRefusesWhatItCannotTrust: not a database, a database of a
// newer linli, the database itself.
func TestRestoreRefusesWhatItCannotTrust(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "linli.db")
	s := sqldbtest.MustOpenDSN(t, "sqlite", path)
	s.Close()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not sqlite ", 100)), 0o600)
	newer := filepath.Join(dir, "newer.db")
	if err := sqldb.Backup(ctx, "sqlite", path, newer); err != nil {
		t.Fatal(err)
	}
	bumpSchema(t, newer, sqldb.KnownSchema()+5)
	for _, c := range []struct{ src, want string }{
		{junk, "not a sound SQLite database"},
		{newer, fmt.Sprintf("schema %d, newer than this linli knows (%d)", sqldb.KnownSchema()+5, sqldb.KnownSchema())},
		{path, "is the database itself"},
		{filepath.Join(dir, "missing.db"), "no such file"},
	} {
		if _, err := sqldb.Restore(ctx, c.src, path, time.Now()); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("restore %s: %v, want %q", filepath.Base(c.src), err, c.want)
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("a refused restore touched the database: %v", err)
	}
}
