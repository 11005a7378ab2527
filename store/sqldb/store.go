// Package store keeps Linli's data: people, chats, roles and everything the
// features record. It is the only package that speaks gorm, and it knows
// nothing of chat platforms beyond the names it is given.
//
// Correctness under concurrency lives here, in unique indexes and conditional
// updates inside transactions, never in read-then-write code in callers.
package sqldb

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/callbacks"
	"gorm.io/gorm/logger"

	"linli/store"
)

// Store is the community's database. It is safe for concurrent use.
type Store struct {
	db     *gorm.DB
	driver string
	// Now is the clock used for timestamps; tests replace it.
	Now func() time.Time
	// compiled keeps SQLite's compiled statements (nil on PostgreSQL).
	compiled *compiledPool
	// finishes commits concurrent FinishHandlingWith calls together.
	finishes batcher[*finishing]
	// stopCheckpoints ends the checkpointer (SQLite), which closes
	// checkpointsDone when it has.
	stopCheckpoints context.CancelFunc
	checkpointsDone chan struct{}
	// inUse is the SQLite database's "<db>.lock", held shared while open
	// (see holdInUse); nil on PostgreSQL.
	inUse *os.File
	// walResetFrames overrides walResetFrames (tests); 0: the default.
	walResetFrames int
}

// Open opens (creating if needed) the database and brings its schema up to
// date. driver is "sqlite" (dsn a file path, or a full "file:" DSN) or
// "postgres" (dsn a libpq connection string or postgres:// URL), the latter
// for several replicas on several machines sharing one database. A
// database whose schema is newer than this build knows is refused.
func Open(ctx context.Context, driver, dsn string) (*Store, error) {
	lock, err := lockFor(driver, dsn, true)
	if err != nil {
		return nil, err
	}
	s, err := openMigrated(ctx, driver, dsn)
	if err != nil {
		closeLock(lock)
		return nil, err
	}
	s.inUse = lock
	if lock != nil {
		shareWithOwner(filePath(dsn))
	}
	return s, nil
}

func openMigrated(ctx context.Context, driver, dsn string) (*Store, error) {
	var dialector gorm.Dialector
	switch driver {
	case "sqlite", "":
		d, err := sqliteDSN(dsn)
		if err != nil {
			return nil, err
		}
		registerSQLite()
		dialector = sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: d})
		driver = "sqlite"
	case "postgres":
		if strings.TrimSpace(dsn) == "" {
			return nil, errors.New("database.dsn is empty: give a connection string such as postgres://linli@db/linli")
		}
		dialector = postgres.Open(dsn)
	default:
		return nil, fmt.Errorf("database.driver %q is not supported (use sqlite or postgres)", driver)
	}
	for attempt := 1; ; attempt++ {
		s, err := open(ctx, driver, dialector)
		if err == nil || driver != "sqlite" || !isBusy(err) || attempt == 10 {
			return s, err
		}
		// Several processes opening a fresh SQLite file at once: switching
		// it to WAL takes a lock SQLite does not wait for. A moment later
		// the file is in WAL and opening goes through.
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(time.Duration(attempt) * 20 * time.Millisecond):
		}
	}
}

func open(ctx context.Context, driver string, dialector gorm.Dialector) (*Store, error) {
	db, err := gorm.Open(dialector, &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	s := &Store{db: db, driver: driver, Now: time.Now}
	s.finishes = batcher[*finishing]{max: 64, commit: s.commitFinishes}
	if sqlDB, err := db.DB(); err == nil {
		// SQLite: WAL lets readers run beside the one writer; a handful of
		// connections is plenty and keeps file handles bounded. PostgreSQL:
		// a bounded pool per replica, so several replicas stay well inside
		// the server's max_connections. All of them stay open while in use:
		// database/sql keeps two idle by default, so under a few concurrent
		// handlers connections were closed and opened (PRAGMAs run, the
		// statements compiled again) all the time.
		sqlDB.SetMaxOpenConns(8)
		sqlDB.SetMaxIdleConns(8)
		sqlDB.SetConnMaxIdleTime(time.Minute)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.keepCompiled(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// isBusy reports SQLite refusing for a lock held by another connection.
func isBusy(err error) bool {
	var lite sqlite3.Error
	return errors.As(err, &lite) && (lite.Code == sqlite3.ErrBusy || lite.Code == sqlite3.ErrLocked)
}

// keepCompiled gives gorm the compiledPool on SQLite: statements compiled
// once per connection, writers queued on one gate. It starts after the
// migrations, which run once. pgx keeps its own prepared statements on
// PostgreSQL, which locks rows, not the database: no gate there.
func (s *Store) keepCompiled() error {
	if s.driver != "sqlite" {
		return nil
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	s.compiled = newCompiledPool(sqlDB, 500)
	ctx, stop := context.WithCancel(context.Background())
	s.stopCheckpoints, s.checkpointsDone = stop, make(chan struct{})
	go s.checkpointer(ctx, s.checkpointsDone)
	s.db.ConnPool = s.compiled
	s.db.Statement.ConnPool = s.compiled
	// Inserts without RETURNING: gorm then runs them through Exec, where
	// the pool's write gate sees them start and end (see compiledPool).
	// The new row's id comes from SQLite's last_insert_rowid instead; an
	// upsert that updated is re-read by its caller.
	create := s.db.Callback().Create()
	create.Clauses = []string{"INSERT", "VALUES", "ON CONFLICT"}
	if err := create.Replace("gorm:create", callbacks.Create(&callbacks.Config{LastInsertIDReversed: true})); err != nil {
		return err
	}
	return nil
}

// sqliteDSN turns a path into a DSN with the settings Linli relies on: WAL so
// an export can read while the bot writes, a busy timeout so writers queue
// instead of failing, foreign keys, and IMMEDIATE transactions so two writers
// never deadlock upgrading a read lock.
func sqliteDSN(dsn string) (string, error) {
	if dsn == "" {
		return "", errors.New("database.dsn is empty: give a file path such as linli.db")
	}
	path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("database.dsn: %w", err)
	}
	if path != ":memory:" && !strings.HasPrefix(path, "file::memory:") && q.Get("mode") != "memory" {
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return "", fmt.Errorf("database.dsn: %w", err)
			}
		}
		if q.Get("mode") != "ro" {
			if err := createPrivate(path); err != nil {
				return "", fmt.Errorf("database.dsn: %w", err)
			}
		}
	}
	for k, v := range map[string]string{
		"_journal_mode": "WAL",
		"_busy_timeout": "10000",
		"_foreign_keys": "on",
		"_txlock":       "immediate",
		"_synchronous":  "NORMAL",
	} {
		if q.Get(k) == "" {
			q.Set(k, v)
		}
	}
	return "file:" + path + "?" + q.Encode(), nil
}

// createPrivate makes the database file, when it is not there yet,
// readable and writable by its owner only: it holds every resident's name,
// room and orders. Left to SQLite it would be 0644 less the umask. SQLite
// gives the WAL and shared-memory files it adds beside it the main file's
// mode (setting it with fchmod, so the umask changes nothing there), which
// keeps all three private. The mode is set again after creating, since
// the umask narrows what OpenFile asks for (0277 would leave it unwritable).
// A file that is already there keeps the mode its operator gave it.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Close releases the database.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	if s.compiled != nil {
		s.stopCheckpoints()
		<-s.checkpointsDone
		s.Checkpoint(context.Background())
		s.compiled.Close()
	}
	defer closeLock(s.inUse) // after SQLite has let go of the file
	return sqlDB.Close()
}

// Ping checks the database answers, for health checks.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

func (s *Store) now() time.Time { return s.Now().UTC() }

// tx runs fn in one transaction: all of it is written, or none.
func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(fn)
}

// translate maps gorm and driver errors onto the package's errors.
func translate(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return store.ErrNotFound
	case errors.Is(err, gorm.ErrDuplicatedKey), isUniqueViolation(err):
		return fmt.Errorf("%w: %v", store.ErrDuplicate, err)
	}
	return err
}

// isUniqueViolation recognises a unique index refusing a row, by the
// drivers' own codes: SQLite's constraint codes and PostgreSQL's SQLSTATE
// 23505 (unique_violation).
func isUniqueViolation(err error) bool {
	var lite sqlite3.Error
	if errors.As(err, &lite) {
		return lite.ExtendedCode == sqlite3.ErrConstraintUnique || lite.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	return false
}
