package app

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"linli/store/sqldb/sqldbtest"
)

// TestExportFilesArePrivate: an export names residents, rooms and what they
// asked for, so `linli export … --out FILE` writes a file only its owner
// can read (0600), whatever the umask, and narrows a file it overwrites.
func TestExportFilesArePrivate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "linli.db")
	st := sqldbtest.MustOpenDSN(t, "sqlite", db)
	st.Close()
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	stale := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(stale, []byte("left from before\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ kind, format, out string }{
		{"meals", "csv", filepath.Join(dir, "meals.csv")},
		{"signups", "xlsx", filepath.Join(dir, "signups.xlsx")},
		{"suggestions", "csv", stale},
	} {
		if err := Export(ctx, ExportOptions{Kind: c.kind, DB: db, Format: c.format, Out: c.out}, io.Discard); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(c.out)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("export %s --out %s is %v, want -rw-------", c.kind, filepath.Base(c.out), fi.Mode().Perm())
		}
	}
}
