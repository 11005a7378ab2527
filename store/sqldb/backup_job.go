package sqldb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// Nightly is the nightly backup of a SQLite database: one file a day in
// Dir, named by the community's date (linli-2026-11-28.db), private to its
// owner, the ones older than Keep days removed. A run that fails returns
// its error, which the scheduler reports to the admins.
type Nightly struct {
	DSN      string // database.dsn (SQLite)
	Dir      string
	Keep     int // days of backups kept, today's included
	Location *time.Location
}

// backupName is a nightly backup's file name; nothing else in Dir is
// ever removed.
var backupName = regexp.MustCompile(`^linli-(\d{4}-\d{2}-\d{2})\.db$`)

// Run backs up the database as of due (a scheduler.Job's Run). A second
// run the same day replaces that day's file.
func (n Nightly) Run(ctx context.Context, due time.Time) error {
	if n.Keep < 1 {
		return fmt.Errorf("backup: keep is %d days: keep at least one", n.Keep)
	}
	src := filePath(n.DSN)
	if src == "" {
		return fmt.Errorf("backup: database.dsn %q is not a file", n.DSN)
	}
	if err := os.MkdirAll(n.Dir, 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	day := due.In(n.loc())
	if err := vacuumInto(ctx, src, filepath.Join(n.Dir, "linli-"+day.Format("2006-01-02")+".db")); err != nil {
		return err
	}
	return n.prune(day)
}

// prune removes the backups older than Keep days before day.
func (n Nightly) prune(day time.Time) error {
	entries, err := os.ReadDir(n.Dir)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	first := day.AddDate(0, 0, 1-n.Keep).Format("2006-01-02") // the oldest day kept
	for _, e := range entries {
		m := backupName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() || m[1] >= first {
			continue
		}
		if err := os.Remove(filepath.Join(n.Dir, e.Name())); err != nil {
			return fmt.Errorf("backup: remove an old one: %w", err)
		}
	}
	return nil
}

func (n Nightly) loc() *time.Location {
	if n.Location == nil {
		return time.UTC
	}
	return n.Location
}
