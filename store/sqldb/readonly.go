package sqldb

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// lockFor holds a SQLite database file's in-use lock (see holdInUse), nil
// for PostgreSQL and in-memory databases. With create, the database's
// directory is made first (Open creates the database); a read-only opener
// that cannot make the lock file (a read-only directory) goes without.
func lockFor(driver, dsn string, create bool) (*os.File, error) {
	path := filePath(dsn)
	if (driver != "sqlite" && driver != "") || path == "" {
		return nil, nil
	}
	if create {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("database.dsn: %w", err)
		}
	}
	lock, err := holdInUse(path)
	if err != nil && !create && errors.Is(err, os.ErrPermission) {
		return nil, nil
	}
	return lock, err
}

func closeLock(f *os.File) {
	if f != nil {
		f.Close()
	}
}

// OpenReadOnly opens the database for commands that only read it (`linli
// export`, and the like), beside a running bot: it never migrates and
// writes nothing (SQLite: mode=ro; PostgreSQL: read-only transactions).
// The schema must be the one this build knows: an older database belongs
// to an older bot still running, which a newer binary must not upgrade
// behind its back, so the error says what to do instead.
func OpenReadOnly(ctx context.Context, driver, dsn string) (*Store, error) {
	dialector, err := readOnlyDialector(driver, dsn)
	if err != nil {
		return nil, err
	}
	lock, err := lockFor(driver, dsn, false)
	if err != nil {
		return nil, err
	}
	db, err := gorm.Open(dialector, &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true,
		NowFunc: func() time.Time { return time.Now().UTC() }})
	if err != nil {
		closeLock(lock)
		return nil, fmt.Errorf("open database: %w", err)
	}
	s := &Store{db: db, driver: driver, Now: time.Now, inUse: lock}
	if driver == "" {
		s.driver = "sqlite"
	}
	if err := s.sameSchema(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if path := filePath(dsn); s.driver == "sqlite" && path != "" {
		shareWithOwner(path)
	}
	return s, nil
}

// readOnlyDialector is the database named by driver and dsn, opened so
// that no statement can write to it.
func readOnlyDialector(driver, dsn string) (gorm.Dialector, error) {
	switch driver {
	case "postgres":
		if strings.TrimSpace(dsn) == "" {
			return nil, errors.New("database.dsn is empty: give a connection string such as postgres://linli@db/linli")
		}
		if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
			sep := "?"
			if strings.Contains(dsn, "?") {
				sep = "&"
			}
			return postgres.Open(dsn + sep + "default_transaction_read_only=on"), nil
		}
		return postgres.Open(dsn + " default_transaction_read_only=on"), nil
	case "sqlite", "":
		path := filePath(dsn)
		if path == "" {
			return nil, errors.New("database.dsn is an in-memory database: there is nothing to read")
		}
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("no database at %s (check --db or database.dsn): %w", path, err)
		}
		_, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
		q, err := url.ParseQuery(query)
		if err != nil {
			return nil, fmt.Errorf("database.dsn: %w", err)
		}
		q.Del("_journal_mode") // setting it would write the header
		q.Set("mode", "ro")
		q.Set("_txlock", "deferred")
		if q.Get("_busy_timeout") == "" {
			q.Set("_busy_timeout", "10000")
		}
		return sqlite.New(sqlite.Config{DriverName: "sqlite3", DSN: "file:" + path + "?" + q.Encode()}), nil
	}
	return nil, fmt.Errorf("database.driver %q is not supported (use sqlite or postgres)", driver)
}

// sameSchema refuses a database of another schema than this build's.
func (s *Store) sameSchema(ctx context.Context) error {
	if !s.db.WithContext(ctx).Migrator().HasTable(&schemaVersion{}) {
		return errors.New("the database is empty or not Linli's: start `linli run` once to create it")
	}
	if err := tooNew(s.db.WithContext(ctx)); err != nil {
		return err
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	if known := KnownSchema(); v < known {
		return fmt.Errorf("the database has schema %d, older than this linli's %d, and a read-only command does not upgrade it: "+
			"use the linli that runs the bot, or upgrade by starting this one with `linli run` (it migrates on start)", v, known)
	}
	return nil
}
