package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

// compiledPool is the connection pool gorm is given on SQLite. It keeps one
// *sql.Stmt per query text, prepared on the pool rather than on a
// transaction, so SQLite compiles each text once per connection and every
// later call — inside a transaction or not — reuses it.
//
// gorm's own PrepareStmt mode could not do that for transactions: a text
// first met inside one was prepared on that transaction, and database/sql
// compiles such a statement again each time it is used in another, so
// every booking or sign-up compiled its statements anew (a tenth of the
// CPU of the load run).
//
// The cache is bounded: IN lists of varying length make many texts, and
// those beyond the bound are simply run unprepared.
//
// The pool is also where this process's writers queue. SQLite has one
// writer at a time; left to itself, a writer that finds the database
// locked sleeps in the busy handler's steps (1, 2, 5, 10 … 100 ms) and
// retries, so under a few concurrent writers the slowest command waited
// tens or hundreds of milliseconds for a lock held a fraction of one. Each
// transaction and each statement that is not a plain SELECT takes the gate
// first, so a writer starts the moment the previous one ends; being in the
// pool, no write can forget to. Other processes are still met by the busy
// timeout. A goroutine holding a transaction must not write through the
// pool (it would wait for itself); store methods write through their
// transaction.
type compiledPool struct {
	db    *sql.DB
	limit int
	gate  chan struct{} // one token: the right to write

	mu    sync.RWMutex
	stmts map[string]*sql.Stmt

	// writes commits statements outside a transaction together (see
	// autocommit).
	writes batcher[*write]

	commits atomic.Uint64 // committed transactions, implicit ones included

	// shared is the transaction units left open for the next unit to go
	// on with (see groupCommit); only the gate's holder touches it.
	shared *unitBatch
	// unitsWaiting counts the units waiting for the gate.
	unitsWaiting atomic.Int32
}

// write is one statement outside a transaction, waiting for its group.
type write struct {
	query string
	args  []any
	ctx   context.Context
	res   sql.Result
	err   error
}

func newCompiledPool(db *sql.DB, limit int) *compiledPool {
	p := &compiledPool{db: db, limit: limit, gate: make(chan struct{}, 1), stmts: make(map[string]*sql.Stmt)}
	p.writes = batcher[*write]{max: maxGroup, commit: p.commitGroup}
	return p
}

// lock takes the write gate, or gives up when ctx ends.
// Whoever takes it other than a unit first commits what units left
// open (see groupCommit).
func (p *compiledPool) lock(ctx context.Context) error {
	select {
	case p.gate <- struct{}{}:
		p.commitShared()
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *compiledPool) unlock() { <-p.gate }

// writes reports whether a statement may write: anything but a SELECT or
// an EXPLAIN.
func writes(query string) bool {
	return !leads(strings.TrimLeft(query, " \t\r\n("), "SELECT", "EXPLAIN")
}

// leads reports whether query begins with one of verbs, in any case.
func leads(query string, verbs ...string) bool {
	for _, v := range verbs {
		if len(query) >= len(v) && strings.EqualFold(query[:len(v)], v) {
			return true
		}
	}
	return false
}

// stmt is the cached statement for query, preparing it on first use; nil
// when the cache is full (the caller runs the query unprepared).
func (p *compiledPool) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.RLock()
	st, ok := p.stmts[query]
	full := len(p.stmts) >= p.limit
	p.mu.RUnlock()
	if ok || full || listsMany(query) || savepoint(query) {
		return st, nil
	}
	// Prepared outside the lock: compiling may wait for a connection. Two
	// first callers may both prepare; the loser closes its copy.
	st, err := p.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if have, ok := p.stmts[query]; ok {
		st.Close()
		return have, nil
	}
	if len(p.stmts) >= p.limit {
		st.Close()
		return nil, nil
	}
	p.stmts[query] = st
	return st, nil
}

// savepoint reports whether query begins, releases or rolls back to a
// savepoint: each has a name of its own (a unit's, gorm's), and kept they
// filled the cache in a few hundred commands, after which every other
// statement was compiled anew on each use.
func savepoint(query string) bool { return leads(query, "SAVEPOINT ", "RELEASE ", "ROLLBACK TO ") }

// maxListed is the longest list of placeholders (an IN list gorm expanded)
// in a text that is still compiled once and kept.
const maxListed = 4

// listsMany reports whether query holds an IN list of more than maxListed
// placeholders, "IN (?,?,?,?,?)": each length of an IN list is a text of
// its own, so the cache filled up with them, each compiled again on every
// connection it ran on and kept there (RSS 106-114 MB at 50k commands of
// the load run, 69-72 MB without). Such a text is run unprepared: SQLite
// compiles it for the one use. A row of VALUES is not a list: an insert's
// text does not change with its values.
func listsMany(query string) bool {
	for rest := query; ; {
		i := strings.Index(strings.ToUpper(rest), "IN (")
		if i < 0 {
			return false
		}
		rest = rest[i+len("IN ("):]
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return false
		}
		if strings.Count(rest[:end], "?") > maxListed {
			return true
		}
	}
}

// runToEnd is the context a statement runs under: the caller's values
// without its cancellation. mattn's driver runs every step of a statement
// in a goroutine of its own when the context can be cancelled (a third of
// the load run's time went to starting them and waking their callers), and
// a statement holds SQLite for microseconds. Waiting for the database is
// still bounded by the busy timeout, and a transaction still rolls back
// when its context is cancelled.
func runToEnd(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

func (p *compiledPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, query)
}

func (p *compiledPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if u := p.unitOf(ctx); u != nil {
		tx, err := u.begun(ctx)
		if err != nil {
			return nil, err
		}
		return tx.ExecContext(ctx, query, args...)
	}
	return p.autocommit(runToEnd(ctx), query, args)
}

// autocommit runs a statement outside a transaction, committed together
// with the others that arrived meanwhile (see batcher), each with its own
// result; a statement that fails has the group rolled back and its
// members run one by one, so one failure is nobody else's.
func (p *compiledPool) autocommit(ctx context.Context, query string, args []any) (sql.Result, error) {
	w := &write{ctx: ctx, query: query, args: args}
	p.writes.do(w)
	return w.res, w.err
}

// maxGroup bounds a group, and so the wait of its last member.
const maxGroup = 64

// commitGroup runs a group of statements in one transaction under the
// gate, setting each one's result.
func (p *compiledPool) commitGroup(group []*write) {
	ctx := group[0].ctx
	p.gate <- struct{}{}
	p.commitShared()
	defer p.unlock()
	if len(group) > 1 && p.execTogether(ctx, group) == nil {
		p.commits.Add(1)
		return
	}
	for _, w := range group {
		w.res, w.err = p.execOne(ctx, nil, w)
		p.commits.Add(1)
	}
}

// execTogether commits the group in one transaction; on any failure it
// rolls back and reports it, and the group is run one by one.
func (p *compiledPool) execTogether(ctx context.Context, group []*write) error {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	results := make([]sql.Result, len(group))
	for i, w := range group {
		if results[i], err = p.execOne(ctx, tx, w); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for i, w := range group {
		w.res, w.err = results[i], nil
	}
	return nil
}

// execOne runs one statement, on the pool (tx nil) or in tx.
func (p *compiledPool) execOne(ctx context.Context, tx *sql.Tx, w *write) (sql.Result, error) {
	var where runner = p.db
	if tx != nil {
		where = tx
	}
	if st := p.prepared(ctx, where, w.query); st != nil {
		return st.ExecContext(ctx, w.args...)
	}
	return where.ExecContext(ctx, w.query, w.args...)
}

// runner is where a statement runs: the pool's *sql.DB or a *sql.Tx.
type runner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// prepared is query's compiled statement, ready to run on where; nil when
// the cache is full or compiling failed (run unprepared, the query meets
// its error again and reports it).
func (p *compiledPool) prepared(ctx context.Context, where runner, query string) *sql.Stmt {
	st, err := p.stmt(ctx, query)
	if err != nil || st == nil {
		return nil
	}
	if tx, ok := where.(*sql.Tx); ok {
		return tx.StmtContext(ctx, st)
	}
	return st
}

func (p *compiledPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if writes(query) {
		// A write that returns rows holds SQLite's lock until the caller
		// closes them, out of the gate's sight. keepCompiled has gorm insert
		// without RETURNING; anything else writing here is a mistake.
		return nil, fmt.Errorf("sqldb: a write through Query outside a transaction: %.40s", query)
	}
	if tx := p.unitTx(ctx); tx != nil {
		return tx.QueryContext(ctx, query, args...)
	}
	return p.query(runToEnd(ctx), query, args...)
}

func (p *compiledPool) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.prepared(ctx, p.db, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.db.QueryContext(ctx, query, args...)
}

func (p *compiledPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if tx := p.unitTx(ctx); tx != nil {
		return tx.QueryRowContext(ctx, query, args...)
	}
	ctx = runToEnd(ctx)
	if st := p.prepared(ctx, p.db, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.db.QueryRowContext(ctx, query, args...)
}

// unitTx is the transaction of the unit ctx carries, once it has begun:
// a command's reads see what it wrote.
func (p *compiledPool) unitTx(ctx context.Context) *compiledTx {
	if u := p.unitOf(ctx); u != nil {
		return u.current()
	}
	return nil
}

// BeginTx takes the write gate for the whole transaction (every
// transaction of the store writes); Commit or Rollback gives it back.
// Under a unit's context it is a savepoint in the unit's transaction.
func (p *compiledPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	if u := p.unitOf(ctx); u != nil {
		return u.scope(ctx)
	}
	return p.begin(ctx, opts)
}

// begin begins a transaction of its own, under the write gate.
func (p *compiledPool) begin(ctx context.Context, opts *sql.TxOptions) (*compiledTx, error) {
	if err := p.lock(ctx); err != nil {
		return nil, err
	}
	tx, err := p.db.BeginTx(ctx, opts)
	if err != nil {
		p.unlock()
		return nil, err
	}
	return &compiledTx{pool: p, tx: tx}, nil
}

// GetDBConn lets gorm's DB() find the *sql.DB underneath.
func (p *compiledPool) GetDBConn() (*sql.DB, error) { return p.db, nil }

// Close closes the cached statements (the *sql.DB is closed by its owner).
func (p *compiledPool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for q, st := range p.stmts {
		st.Close()
		delete(p.stmts, q)
	}
}

// compiledTx is a transaction that borrows the pool's statements: Tx.Stmt
// of a pool statement reuses what was compiled on the transaction's
// connection.
type compiledTx struct {
	pool *compiledPool
	tx   *sql.Tx
	done sync.Once // the gate is given back once: gorm rolls back after a failed commit
}

// newSharedTx is a transaction whose statements run like a compiledTx's
// but whose end is its unitBatch's: it gives the gate back to no one.
func newSharedTx(p *compiledPool, tx *sql.Tx) *compiledTx {
	t := &compiledTx{pool: p, tx: tx}
	t.done.Do(func() {})
	return t
}

func (t *compiledTx) Commit() error {
	defer t.done.Do(t.pool.unlock)
	t.pool.commits.Add(1)
	return t.tx.Commit()
}

func (t *compiledTx) Rollback() error {
	defer t.done.Do(t.pool.unlock)
	return t.tx.Rollback()
}

func (t *compiledTx) GetDBConn() (*sql.DB, error) { return t.pool.db, nil }

func (t *compiledTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, query)
}

func (t *compiledTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = runToEnd(ctx)
	if st := t.pool.prepared(ctx, t.tx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t *compiledTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = runToEnd(ctx)
	if st := t.pool.prepared(ctx, t.tx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t *compiledTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = runToEnd(ctx)
	if st := t.pool.prepared(ctx, t.tx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

// compiled marks the pool and its transactions for execRaw.
func (p *compiledPool) compiled() {}
func (t *compiledTx) compiled()   {}

// Commits counts the transactions this process committed on SQLite, the
// implicit ones of single statements included: the figure the hot path is
// measured by (one commit per command). Zero on PostgreSQL.
func (s *Store) Commits() uint64 {
	if s.compiled == nil {
		return 0
	}
	return s.compiled.commits.Load()
}
