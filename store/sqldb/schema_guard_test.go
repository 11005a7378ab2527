package sqldb_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// bumpSchema records a migration version in a closed SQLite database, as
// a newer (or, with a delete, an older) linli would have left it.
func bumpSchema(t *testing.T, path string, version int) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("INSERT INTO schema_versions (version, name, applied_at) VALUES (?, 'from the future', CURRENT_TIMESTAMP)", version); err != nil {
		t.Fatal(err)
	}
}

// TestNewerSchemaRefusedNamingBothVersions: a binary never starts on a
// database a newer linli has migrated, and says which versions.
func TestNewerSchemaRefusedNamingBothVersions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "linli.db")
	s := sqldbtest.MustOpenDSN(t, "sqlite", path)
	s.Close()
	future := sqldb.KnownSchema() + 1
	bumpSchema(t, path, future)
	want := fmt.Sprintf("schema %d, newer than this linli knows (%d)", future, sqldb.KnownSchema())
	for name, open := range map[string]func(context.Context, string, string) (*sqldb.Store, error){
		"Open": sqldb.Open, "OpenReadOnly": sqldb.OpenReadOnly,
	} {
		s, err := open(ctx, "sqlite", path)
		if err == nil {
			s.Close()
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s on a newer database: %v, want %q", name, err, want)
		}
	}
}

// TestReadOnlyNeverMigratesNorWrites: an export beside an older running
// bot must not upgrade its database. OpenReadOnly reads a current
// database without changing a byte of it, refuses an older one saying
// what to do, and refuses a file that is not there instead of creating it.
func TestReadOnlyNeverMigratesNorWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "linli.db")
	s := sqldbtest.MustOpenDSN(t, "sqlite", path)
	if _, err := s.TouchResident(ctx, "console", "张阿姨", "张阿姨"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	sum := func() [32]byte {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(data)
	}
	was := sum()
	ro, err := sqldb.OpenReadOnly(ctx, "sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := ro.Resident(ctx, "console", "张阿姨"); err != nil || r.Name != "张阿姨" {
		t.Errorf("read = %+v, %v", r, err)
	}
	if _, err := ro.TouchResident(ctx, "console", "李大爷", "李大爷"); err == nil {
		t.Error("a read-only store wrote a resident")
	}
	ro.Close()
	if sum() != was {
		t.Error("opening read-only changed the database")
	}

	// An older database: the newest step undone, as an older linli left it.
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("DELETE FROM schema_versions WHERE version = ?", sqldb.KnownSchema()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	was = sum()
	_, err = sqldb.OpenReadOnly(ctx, "sqlite", path)
	want := fmt.Sprintf("older than this linli's %d", sqldb.KnownSchema())
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "linli run") {
		t.Errorf("read-only on an older database: %v, want %q and what to do", err, want)
	}
	if sum() != was {
		t.Error("read-only open of an older database migrated it")
	}

	missing := filepath.Join(dir, "nope.db")
	if _, err := sqldb.OpenReadOnly(ctx, "sqlite", missing); err == nil || !strings.Contains(err.Error(), "no database at") {
		t.Errorf("read-only on a missing file: %v", err)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("read-only open created the missing database")
	}
}
