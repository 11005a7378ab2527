//go:build unix

package sqldb

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestRootLeavesTheServiceItsFiles: root opening a database that belongs
// to the service's user (`sudo linli export`, `sudo linli backup` on a
// stopped service) leaves the lock, -wal and -shm files it made to that
// user; root's 0600 lock file kept the service from starting again.
func TestRootLeavesTheServiceItsFiles(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root, as the operator it is about")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "linli.db")
	s, err := Open(ctx, "sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	const service = 65534 // nobody: the service's user, not root
	for _, p := range []string{path, path + ".lock"} {
		if err := os.Chown(p, service, service); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(path + ".lock") // made again by root below
	for _, c := range []struct {
		name string
		open func() (*Store, error)
	}{
		{"read-only", func() (*Store, error) { return OpenReadOnly(ctx, "sqlite", path) }},
		{"read-write", func() (*Store, error) { return Open(ctx, "sqlite", path) }},
	} {
		name := c.name
		s, err := c.open()
		if err != nil {
			t.Fatal(name, err)
		}
		for _, suffix := range []string{".lock", "-wal", "-shm"} {
			fi, err := os.Stat(path + suffix)
			if err != nil {
				continue // not made by this open
			}
			if uid := fi.Sys().(*syscall.Stat_t).Uid; uid != service {
				t.Errorf("%s open as root: %s%s belongs to %d, want the database's owner %d", name, filepath.Base(path), suffix, uid, service)
			}
		}
		s.Close()
	}
}
