package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mattn/go-sqlite3"
)

// countingDriver is SQLite's driver counting what it is asked to compile.
type countingDriver struct{ prepares atomic.Int64 }

func (d *countingDriver) Open(dsn string) (driver.Conn, error) {
	c, err := (&sqlite3.SQLiteDriver{}).Open(dsn)
	if err != nil {
		return nil, err
	}
	return countingConn{c.(*sqlite3.SQLiteConn), &d.prepares}, nil
}

type countingConn struct {
	*sqlite3.SQLiteConn
	n *atomic.Int64
}

func (c countingConn) Prepare(q string) (driver.Stmt, error) {
	c.n.Add(1)
	return c.SQLiteConn.Prepare(q)
}

func (c countingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	c.n.Add(1)
	return c.SQLiteConn.PrepareContext(ctx, q)
}

var (
	registerCounting sync.Once
	counting         = &countingDriver{}
)

// countingPool is a compiledPool on a fresh file whose busy timeout is
// zero: a writer that found the database locked would fail at once.
func countingPool(t *testing.T, limit int) *compiledPool {
	t.Helper()
	registerCounting.Do(func() { sql.Register("sqlite3-counting", counting) })
	db, err := sql.Open("sqlite3-counting", "file:"+filepath.Join(t.TempDir(), "c.db")+"?_journal_mode=WAL&_txlock=immediate&_busy_timeout=0")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)`); err != nil {
		t.Fatal(err)
	}
	p := newCompiledPool(db, limit)
	t.Cleanup(p.Close)
	return p
}

// Statements used inside transactions are compiled once per connection,
// not once per transaction (gorm's own cache compiled them every time).
func TestTransactionsReuseCompiledStatements(t *testing.T) {
	ctx := context.Background()
	p := countingPool(t, 10)
	before := counting.prepares.Load()
	const txs = 50
	for i := range txs {
		cp, err := p.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		tx := cp.(*compiledTx)
		if _, err := tx.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (?, ?)`, i, "x"); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE v = ?`, "x").Scan(&n); err != nil || n != i+1 {
			t.Fatalf("count in tx %d = %d, %v", i, n, err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	// Two texts, each compiled at most once on each of the 4 connections.
	if got := counting.prepares.Load() - before; got > 8 {
		t.Errorf("%d transactions compiled %d statements, want at most 8", txs, got)
	}
	var n int
	if err := p.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != txs {
		t.Errorf("rows = %d, %v, want %d", n, err, txs)
	}
}

// Beyond the bound, texts still run (unprepared) and the cache stays bounded;
// a failing text reports its error through the row.
func TestCompiledPoolIsBounded(t *testing.T) {
	ctx := context.Background()
	p := countingPool(t, 2)
	for i, q := range []string{
		`INSERT INTO t (k, v) VALUES (?, 'a')`,
		`INSERT INTO t (v, k) VALUES ('b', ?)`,
		`INSERT INTO t (k, v) VALUES (?, 'c')`,
		`INSERT INTO t (v, k) VALUES ('d', ?)`,
	} {
		if _, err := p.ExecContext(ctx, q, i); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if len(p.stmts) != 2 {
		t.Errorf("cache holds %d statements, want the bound 2", len(p.stmts))
	}
	rows, err := p.QueryContext(ctx, `SELECT v FROM t ORDER BY k`)
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for rows.Next() {
		var v string
		rows.Scan(&v)
		got += v
	}
	rows.Close()
	if got != "abcd" {
		t.Errorf("rows = %q, want abcd", got)
	}
	var v string
	if err := p.QueryRowContext(ctx, `SELECT nope FROM t`).Scan(&v); err == nil {
		t.Error("a query naming a missing column scanned without an error")
	}
}

// Writers of one process queue on the gate instead of meeting SQLite's
// lock: with no busy timeout at all, many goroutines writing at once —
// single statements and transactions — never see "database is locked".
func TestWritersQueueOnTheGate(t *testing.T) {
	ctx := context.Background()
	p := countingPool(t, 10)
	const workers, each = 16, 30
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				k := w*each + i
				if i%2 == 0 {
					_, err := p.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (?, 'single')`, k)
					errs <- err
					continue
				}
				cp, err := p.BeginTx(ctx, nil)
				if err != nil {
					errs <- err
					continue
				}
				tx := cp.(*compiledTx)
				var n int
				err = tx.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n)
				if err == nil {
					_, err = tx.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (?, 'tx')`, k)
				}
				if err != nil {
					tx.Rollback()
					errs <- err
					continue
				}
				errs <- tx.Commit()
			}
		})
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			failed++
			if failed == 1 {
				t.Errorf("a write failed: %v", err)
			}
		}
	}
	var n int
	if err := p.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != workers*each {
		t.Errorf("rows = %d, %v, want %d (%d writes failed)", n, err, workers*each, failed)
	}
}

// A transaction gives the gate back once, however it ends (gorm rolls back
// after a failed commit), and a write through Query outside a transaction
// is refused rather than left holding SQLite's lock out of the gate's sight.
func TestGateGivenBackOnce(t *testing.T) {
	ctx := context.Background()
	p := countingPool(t, 10)
	for range 3 {
		cp, err := p.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		tx := cp.(*compiledTx)
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err == nil {
			t.Error("rollback after commit succeeded")
		}
	}
	if len(p.gate) != 0 {
		t.Fatalf("gate held after every transaction ended")
	}
	if _, err := p.QueryContext(ctx, `INSERT INTO t (k, v) VALUES (1, 'x') RETURNING k`); err == nil {
		t.Error("a write through Query outside a transaction was run")
	}
	if rows, err := p.QueryContext(ctx, `  select k FROM t`); err != nil {
		t.Errorf("a lower-case select was refused: %v", err)
	} else {
		rows.Close()
	}
}

// IN lists of many lengths are run, and not kept: each length is a text of
// its own, and kept they filled the cache and every connection.
func TestLongInListsAreNotKept(t *testing.T) {
	ctx := context.Background()
	p := countingPool(t, 500)
	if _, err := p.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (1, 'a'), (2, 'b'), (3, 'c')`); err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 60; n++ {
		q := `SELECT count(*) FROM t WHERE k IN (?` + strings.Repeat(`, ?`, n-1) + `)`
		args := make([]any, n)
		for i := range args {
			args[i] = i + 1
		}
		var got int
		if err := p.QueryRowContext(ctx, q, args...).Scan(&got); err != nil || got != min(n, 3) {
			t.Fatalf("IN list of %d: count %d, %v; want %d", n, got, err, min(n, 3))
		}
	}
	if len(p.stmts) > maxListed+1 {
		t.Errorf("cache holds %d statements after IN lists of 1..60, want at most %d (the short lists and the insert)", len(p.stmts), maxListed+1)
	}
}

func TestListsMany(t *testing.T) {
	for q, want := range map[string]bool{
		`SELECT * FROM t WHERE k IN (?,?,?,?,?)`:                                                                  true,
		`SELECT * FROM t WHERE k in (?, ?, ?, ?, ?, ?) AND v = ?`:                                                 true,
		`SELECT * FROM t WHERE k IN (?,?) AND v IN (?,?,?,?,?,?,?)`:                                               true,
		`SELECT * FROM t WHERE k IN (?,?,?,?)`:                                                                    false,
		`INSERT INTO t (a,b,c,d,e,f) VALUES (?,?,?,?,?,?)`:                                                        false,
		`SELECT * FROM t WHERE id IN (SELECT MIN(id) FROM t WHERE a = ? AND b = ? AND c = ? AND d = ? AND e = ?)`: false,
	} {
		if got := listsMany(q); got != want {
			t.Errorf("listsMany(%q) = %v, want %v", q, got, want)
		}
	}
}
