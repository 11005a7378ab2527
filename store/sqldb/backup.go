package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrInUse is Restore refusing a database a Linli process has open.
var ErrInUse = errors.New("the database is in use by a running linli: stop it first (systemctl stop linli, or docker stop), then restore")

// filePath is the file of a SQLite DSN ("linli.db", "file:linli.db?...",
// as database.dsn has it), or "" for an in-memory database.
func filePath(dsn string) string {
	path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file::memory:") || strings.Contains(query, "mode=memory") {
		return ""
	}
	return path
}

// Backup writes a consistent copy of the SQLite database to dst, a file
// that must not exist yet, while the bot goes on using it. The copy is
// made by VACUUM INTO on a read-only connection of its own: one
// transaction's snapshot (WAL lets the bot write meanwhile), nothing
// written into the database, and a compact file that needs no WAL beside
// it. dst is private (0600) from its first byte and appears only when
// complete. PostgreSQL is refused: pg_dump does this job there.
func Backup(ctx context.Context, driver, dsn, dst string) error {
	if driver == "postgres" {
		return errors.New("backup: the database is PostgreSQL: back it up with pg_dump (pg_dump -Fc -f linli.dump \"$DSN\"), which copies a running PostgreSQL consistently")
	}
	src := filePath(dsn)
	if src == "" {
		return errors.New("backup: database.dsn is an in-memory database: there is nothing to back up")
	}
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("backup: %s exists already: give the name of a new file", dst)
	}
	return vacuumInto(ctx, src, dst)
}

// vacuumInto copies the database at src into dst (replacing it, if there)
// through a private temporary file in dst's directory.
func vacuumInto(ctx context.Context, src, dst string) error {
	abs, err := filepath.Abs(src)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".partial-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone once renamed; removed if anything failed
	// CreateTemp asks for 0600, which the umask may narrow (to nothing
	// writable under 0277): set it outright, before a byte is written.
	err = errors.Join(tmp.Chmod(0o600), tmp.Close())
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := sql.Open("sqlite3", "file:"+abs+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp.Name()); err != nil {
		return fmt.Errorf("backup: copy %s: %w", src, err)
	}
	if err := syncFile(tmp.Name()); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncFile(filepath.Dir(dst))
}

// syncFile makes a file's (or a directory's) contents durable, so a power
// cut right after a backup or a restore does not leave an empty file.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if errors.Is(err, os.ErrInvalid) { // some systems cannot sync a directory
		err = nil
	}
	return errors.Join(err, f.Close())
}

// Restore puts the backup src in place of the SQLite database of dsn
// (database.dsn, or a file path), dst below. It
// refuses while any Linli process has dst open (ErrInUse: see holdInUse),
// and blocks any from opening it until done. src must be a sound database
// of a schema this linli knows. The database it replaces is not deleted:
// it is set aside as dst.before-restore-TIME (its WAL folded in first), and
// the returned string names it ("" when there was none).
func Restore(ctx context.Context, src, dsn string, now time.Time) (string, error) {
	dst := filePath(dsn)
	if dst == "" {
		return "", errors.New("restore: database.dsn is an in-memory database: there is nothing to restore into")
	}
	if sameFile(src, dst) {
		return "", fmt.Errorf("restore: %s is the database itself", src)
	}
	if err := checkBackup(ctx, src); err != nil {
		return "", err
	}
	lock, err := holdAlone(dst)
	if err != nil {
		return "", fmt.Errorf("restore %s: %w", dst, err)
	}
	if lock != nil {
		defer lock.Close()
	}
	aside := ""
	if _, err := os.Stat(dst); err == nil {
		aside = dst + ".before-restore-" + now.Format("20060102-150405")
		if err := setAside(ctx, dst, aside); err != nil {
			return "", err
		}
	}
	if err := vacuumInto(ctx, src, dst); err != nil {
		return aside, fmt.Errorf("restore: %w", err)
	}
	if fi, err := os.Stat(aside); err == nil { // the mode its operator gave it
		return aside, os.Chmod(dst, fi.Mode().Perm())
	}
	return aside, nil
}

// setAside folds the WAL of the database at path into it (opening and
// closing it is enough: the last connection to close checkpoints and
// removes the WAL) and moves it to aside, leaving no WAL or shared memory
// file that SQLite would apply to the restored database.
func setAside(ctx context.Context, path, aside string) error {
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err == nil {
		_, err = db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		err = errors.Join(err, db.Close())
	}
	if err != nil {
		return fmt.Errorf("restore: fold the WAL of %s into it: %w", path, err)
	}
	if err := os.Rename(path, aside); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	for _, extra := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(path + extra); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	return nil
}

// checkBackup opens src read-only and checks that it is whole (PRAGMA
// quick_check) and a Linli database this linli can open.
func checkBackup(ctx context.Context, src string) error {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	db, err := sql.Open("sqlite3", "file:"+abs+"?mode=ro")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		return fmt.Errorf("restore: %s is not a sound SQLite database (%v%s)", src, err, check)
	}
	var version int
	if err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_versions").Scan(&version); err != nil {
		return fmt.Errorf("restore: %s is not a Linli database: %w", src, err)
	}
	if known := KnownSchema(); version > known {
		return fmt.Errorf("restore: %s has schema %d, newer than this linli knows (%d): restore it with the linli that made it", src, version, known)
	}
	return nil
}

// sameFile reports whether two paths name one file.
func sameFile(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}
