package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

// sqliteDriver is SQLite's driver with the connection settings the DSN
// cannot carry: no checkpoint on commit (see checkpointer), and a WAL file
// cut back to 64 MB when it is restarted after a burst.
const sqliteDriver = "sqlite3_linli"

var registerDriver sync.Once

func registerSQLite() {
	registerDriver.Do(func() {
		sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864", nil)
			return err
		}})
	})
}

// checkpointEvery is how often the checkpointer copies the WAL into the
// database file.
const checkpointEvery = 500 * time.Millisecond

// checkpointer copies the WAL into the database file in the background.
// Left to SQLite, the commit that crossed 1000 pages of WAL did it, with
// the write lock held and every other writer queued behind it: those were
// the slowest commands of the load run (p99 8.5 ms → 4-5 ms without). A
// passive checkpoint blocks neither readers nor writers.
func (s *Store) checkpointer(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.Checkpoint(ctx) // a checkpoint that could not finish is taken up at the next tick
		}
	}
}

// walResetFrames is the WAL size, in frames (16 MB of 4 KB pages), beyond
// which a checkpoint also starts the WAL over. Passive checkpoints copy the
// WAL into the database but never reset it: SQLite writes from the start
// of the file again only when a writer finds the whole WAL copied and no
// reader in it, which under steady load (a reader always somewhere) never
// happened, and the WAL grew to 1.1 GB (issue 14).
const walResetFrames = 4096

// resetWait bounds how long a reset may hold the write gate waiting for
// readers to leave the WAL; a reset that could not finish is tried again
// at the next tick.
const resetWait = 50 * time.Millisecond

// Checkpoint copies what it can of the WAL into the database file now and
// reports how many frames the WAL holds and how many are copied. When the
// WAL has grown past walResetFrames it is then truncated (see resetWAL).
func (s *Store) Checkpoint(ctx context.Context) (frames, copied int, err error) {
	if s.compiled == nil {
		return 0, 0, nil
	}
	var busy int
	err = s.compiled.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
	if err != nil || frames < s.walReset() {
		return frames, copied, err
	}
	return s.resetWAL(ctx)
}

func (s *Store) walReset() int {
	if s.walResetFrames > 0 {
		return s.walResetFrames
	}
	return walResetFrames
}

// resetWAL copies the rest of the WAL and truncates it to nothing, with
// this process's writers held at the gate meanwhile (the passive
// checkpoint before has copied nearly everything, so that is short) and
// readers waited for at most resetWait. The connection's busy timeout is
// lowered for the one statement, so the gate is never held for the
// database's full busy timeout.
func (s *Store) resetWAL(ctx context.Context) (frames, copied int, err error) {
	waitGate, cancel := context.WithTimeout(ctx, resetWait)
	defer cancel()
	if err := s.compiled.lock(waitGate); err != nil {
		return 0, 0, nil // writers queued: next tick
	}
	defer s.compiled.unlock()
	conn, err := s.compiled.db.Conn(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	var timeout int
	if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&timeout); err != nil {
		return 0, 0, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", resetWait.Milliseconds())); err != nil {
		return 0, 0, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA busy_timeout = %d", timeout))
	var busy int
	err = conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &copied)
	return frames, copied, err
}
