package sqldb_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestQuickCheckFindsADamagedFile: a page of a real database overwritten
// with garbage still opens (the schema is whole), and QuickCheck names
// the damage; a whole database passes, on every driver.
func TestQuickCheckFindsADamagedFile(t *testing.T) {
	ctx := context.Background()
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		if err := s.QuickCheck(ctx); err != nil {
			t.Errorf("a fresh database: %v", err)
		}
	})
	path := filepath.Join(t.TempDir(), "linli.db")
	s, err := sqldb.Open(ctx, "sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	sqldbtest.Corrupt(t, path, "suggestions")
	s, err = sqldb.Open(ctx, "sqlite", path)
	if err != nil {
		t.Fatalf("the damaged file no longer opens, so the test damages too much: %v", err)
	}
	defer s.Close()
	err = s.QuickCheck(ctx)
	if !errors.Is(err, sqldb.ErrDamaged) || !strings.Contains(err.Error(), "quick_check") {
		t.Fatalf("QuickCheck on a damaged file = %v, want ErrDamaged with SQLite's findings", err)
	}
	t.Log(err)
}
