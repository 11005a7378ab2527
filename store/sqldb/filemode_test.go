package sqldb_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"linli/bot"
	"linli/store/sqldb"
)

// TestDatabaseFilesArePrivate: the database holds every resident's name,
// room and orders, so the file SQLite makes for it, its WAL and its shared
// memory file are readable by their owner only (0600), whatever the umask:
// under 0 or the usual 022 SQLite would make them 0644, and under 0277 a
// file Linli could not even write.
func TestDatabaseFilesArePrivate(t *testing.T) {
	for _, mask := range []int{0, 0o022, 0o277} {
		path := filepath.Join(t.TempDir(), "sub", "linli.db")
		old := syscall.Umask(mask)
		s, err := sqldb.Open(context.Background(), "sqlite", path)
		syscall.Umask(old)
		if err != nil {
			t.Fatalf("umask %03o: %v", mask, err)
		}
		// A write, so the WAL has something in it and stays there.
		if _, err := s.TouchResident(context.Background(), bot.Console, "张阿姨", "张阿姨"); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{path, path + "-wal", path + "-shm"} {
			fi, err := os.Stat(f)
			if err != nil {
				t.Fatalf("umask %03o: %v", mask, err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("umask %03o: %s is %v, want -rw-------", mask, filepath.Base(f), fi.Mode().Perm())
			}
		}
		s.Close()
	}
}

// TestExistingDatabaseKeepsItsMode: a database file the operator made (or
// narrowed, or widened for a backup account's group) is opened as it is;
// only what Linli creates is made private.
func TestExistingDatabaseKeepsItsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "linli.db")
	if err := os.WriteFile(path, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	s, err := sqldb.Open(context.Background(), "sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("existing database's mode = %v, %v; want it left at -rw-r-----", fi.Mode().Perm(), err)
	}
}
