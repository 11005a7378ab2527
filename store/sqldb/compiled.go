package sqldb

import (
	"context"
	"database/sql"
	"sync"

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
type compiledPool struct {
	db    *sql.DB
	limit int

	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

func newCompiledPool(db *sql.DB, limit int) *compiledPool {
	return &compiledPool{db: db, limit: limit, stmts: make(map[string]*sql.Stmt)}
}

// stmt is the cached statement for query, preparing it on first use; nil
// when the cache is full (the caller runs the query unprepared).
func (p *compiledPool) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.RLock()
	st, ok := p.stmts[query]
	full := len(p.stmts) >= p.limit
	p.mu.RUnlock()
	if ok || full {
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

func (p *compiledPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, query)
}

func (p *compiledPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := p.stmt(ctx, query)
	if err != nil || st == nil {
		return p.db.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

func (p *compiledPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.stmt(ctx, query)
	if err != nil || st == nil {
		return p.db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

func (p *compiledPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := p.stmt(ctx, query)
	if err != nil || st == nil {
		// Unprepared, the query meets its error again and the Row carries it.
		return p.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (p *compiledPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	tx, err := p.db.BeginTx(ctx, opts)
	if err != nil {
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
}

func (t *compiledTx) Commit() error   { return t.tx.Commit() }
func (t *compiledTx) Rollback() error { return t.tx.Rollback() }

func (t *compiledTx) GetDBConn() (*sql.DB, error) { return t.pool.db, nil }

func (t *compiledTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, query)
}

func (t *compiledTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.pool.stmt(ctx, query)
	if err != nil || st == nil {
		return t.tx.ExecContext(ctx, query, args...)
	}
	return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

func (t *compiledTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.pool.stmt(ctx, query)
	if err != nil || st == nil {
		return t.tx.QueryContext(ctx, query, args...)
	}
	return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

func (t *compiledTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.pool.stmt(ctx, query)
	if err != nil || st == nil {
		return t.tx.QueryRowContext(ctx, query, args...)
	}
	return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
}
