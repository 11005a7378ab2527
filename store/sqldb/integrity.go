package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// ErrDamaged is returned by QuickCheck when SQLite finds the database file
// damaged (a disk fault, a copy taken mid-write, a file edited by hand).
var ErrDamaged = errors.New("the database file is damaged")

// QuickCheck runs SQLite's PRAGMA quick_check, which reads every page and
// checks the b-trees' structure (it skips the slower index-content check of
// integrity_check, so it suits a start). A damaged file is an error
// wrapping ErrDamaged, naming up to ten of SQLite's findings; it is the
// moment to restore a backup, before more is written on top. PostgreSQL
// guards its own files: there it does nothing.
func (s *Store) QuickCheck(ctx context.Context) error {
	if s.driver != "sqlite" {
		return nil
	}
	// On the pool underneath: the compiled pool takes any PRAGMA for a write.
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	rows, err := sqlDB.QueryContext(ctx, "PRAGMA quick_check(10)")
	if err != nil {
		return checkFailed(err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return checkFailed(err)
		}
		if line != "ok" {
			found = append(found, line)
		}
	}
	if err := rows.Err(); err != nil {
		return checkFailed(err)
	}
	if len(found) > 0 {
		return fmt.Errorf("%w (PRAGMA quick_check): %s", ErrDamaged, strings.Join(found, "; "))
	}
	return nil
}

// checkFailed is quick_check failing outright: SQLite stops it with
// SQLITE_CORRUPT or SQLITE_NOTADB when a page it needs is unreadable.
func checkFailed(err error) error {
	if isCorrupt(err) {
		return fmt.Errorf("%w (PRAGMA quick_check): %v", ErrDamaged, err)
	}
	return fmt.Errorf("PRAGMA quick_check: %w", err)
}

func isCorrupt(err error) bool {
	var lite sqlite3.Error
	return errors.As(err, &lite) && (lite.Code == sqlite3.ErrCorrupt || lite.Code == sqlite3.ErrNotADB)
}
