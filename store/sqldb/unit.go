package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

// ErrUndone is returned by a finish that closed a unit (see Enclose) whose
// commit failed: the command's changes were not kept, nor its record, nor
// its replies. Whoever answered the person must not say it was done.
var ErrUndone = errors.New("sqldb: the command's changes could not be committed")

// Unit keeps every write made under one context in one transaction, begun
// at the first write and committed by Commit, or by the finish that
// records the command as handled (FinishHandlingWith and the others): so a
// command that changes something — a booking, a new resident met for the
// first time, an audit line — costs SQLite one commit with its record and
// replies, instead of one for its change and one for its record. Each
// transaction a store method asks for inside it is a savepoint: when the
// method fails, its own writes are undone and the unit goes on, as a
// transaction of its own would have.
//
// The unit lives in the pool, so no store method needs to know of it: a
// statement run under a unit's context runs in its transaction once it has
// begun (reads see the command's own writes), and any write begins it. A
// unit holds the write gate from its first write to its commit. Only
// SQLite has one; on PostgreSQL, Enclose returns no unit.
type Unit struct {
	pool *compiledPool
	// before runs before the transaction begins: finishes queued earlier
	// (a getUpdates batch's records waiting for their group commit) are
	// committed first, so the messages a chat is sent keep their order.
	before func()

	mu     sync.Mutex
	tx     *compiledTx // the batch's, once begun
	batch  *unitBatch
	name   string // the unit's savepoint in the batch
	saves  int
	closed bool
	// later are the writes kept for the end (see Store.later).
	later []*write
}

type unitKey struct{}

// Enclose returns a context under which this store's writes are kept in
// one unit, and the unit, to be committed; on PostgreSQL, ctx and nil.
func (s *Store) Enclose(ctx context.Context) (context.Context, *Unit) {
	if s.compiled == nil {
		return ctx, nil
	}
	u := &Unit{pool: s.compiled, before: s.finishes.wait}
	return context.WithValue(ctx, unitKey{}, u), u
}

// outsideUnit is ctx with its unit set aside: writes under it are the
// store's usual ones. Only for a unit that has not begun: one that has
// holds the write gate, and a write outside it would wait for itself.
func outsideUnit(ctx context.Context) context.Context {
	return context.WithValue(ctx, unitKey{}, (*Unit)(nil))
}

// unitOf is the open unit ctx carries for this pool, or nil.
func (p *compiledPool) unitOf(ctx context.Context) *Unit {
	u, _ := ctx.Value(unitKey{}).(*Unit)
	if u == nil || u.pool != p {
		return nil
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.closed {
		return nil
	}
	return u
}

// Begun reports whether anything was written in the unit.
func (u *Unit) Begun() bool { return u.current() != nil }

// current is the unit's transaction, or nil before the first write.
func (u *Unit) current() *compiledTx {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.tx
}

// begun is the unit's transaction, begun now if it was not. It runs to
// its commit whatever becomes of the request's context: a command that
// started writing is finished, not cut in two. The unit is a savepoint in
// the transaction units share (see groupCommit).
func (u *Unit) begun(ctx context.Context) (*compiledTx, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.closed {
		return nil, errors.New("sqldb: a write in a unit already committed")
	}
	if u.tx != nil {
		return u.tx, nil
	}
	if u.before != nil {
		u.before()
	}
	p := u.pool
	p.unitsWaiting.Add(1)
	p.gate <- struct{}{} // not given up: a unit counted as waiting takes the gate
	p.unitsWaiting.Add(-1)
	if p.shared == nil {
		tx, err := p.db.BeginTx(context.Background(), nil)
		if err != nil {
			p.unlock()
			return nil, err
		}
		p.shared = &unitBatch{tx: newSharedTx(p, tx), done: make(chan struct{})}
	}
	b := p.shared
	u.name = fmt.Sprintf("u%d", unitIDs.Add(1))
	if _, err := b.tx.ExecContext(ctx, "SAVEPOINT "+u.name); err != nil {
		p.commitShared() // what other units left is theirs: committed, as any gate holder does
		p.unlock()
		return nil, err
	}
	b.members++
	u.batch, u.tx = b, b.tx
	return u.tx, nil
}

var unitIDs atomic.Uint64

// unitBatch is the transaction a run of units shares: each unit is a
// savepoint in it, released when the unit ends; the last one commits it
// for all (see groupCommit).
type unitBatch struct {
	tx      *compiledTx
	members int
	done    chan struct{} // closed once committed or rolled back
	err     error
}

// maxBatch bounds how many units share one commit, and so how long the
// first of them waits for it.
const maxBatch = 16

// groupCommit ends a unit that has begun, the gate held: its savepoint is
// released (or rolled back), and then, if another unit waits for the gate,
// the transaction is left open for it to go on with and this one waits
// for the commit; otherwise it commits for everyone who left it open. A
// unit answers only once its writes are committed, so nothing is said
// that a crash could undo; and each commit — the largest cost of a
// command on SQLite, its WAL frames and the lock — serves several. On
// two cores the commands in flight are a few microseconds from the gate.
// The gate's holder only ever touches the shared transaction.
func (u *Unit) groupCommit(commit bool) error {
	p, b := u.pool, u.batch
	var err error
	if commit {
		_, err = b.tx.ExecContext(context.Background(), "RELEASE "+u.name)
	} else if _, err = b.tx.ExecContext(context.Background(), "ROLLBACK TO "+u.name); err == nil {
		_, err = b.tx.ExecContext(context.Background(), "RELEASE "+u.name)
	}
	if err != nil {
		// The transaction is in no known state: end it for every unit.
		b.err = err
		p.commitShared()
		p.unlock()
		return err
	}
	if p.unitsWaiting.Load() > 0 && b.members < maxBatch {
		p.unlock()
		<-b.done
		return b.err
	}
	p.commitShared()
	p.unlock()
	return b.err
}

// commitShared commits the transaction units left open, if any: called by
// the gate's holder, before it writes anything of its own.
func (p *compiledPool) commitShared() {
	b := p.shared
	if b == nil {
		return
	}
	p.shared = nil
	if b.err != nil {
		b.tx.tx.Rollback()
	} else if err := b.tx.Commit(); err != nil {
		b.err = err
	}
	close(b.done)
}

// scope begins a savepoint in the unit's transaction: what a store method
// takes for a transaction of its own inside the unit.
func (u *Unit) scope(ctx context.Context) (*unitScope, error) {
	tx, err := u.begun(ctx)
	if err != nil {
		return nil, err
	}
	u.mu.Lock()
	u.saves++
	name := fmt.Sprintf("%s_%d", u.name, u.saves)
	u.mu.Unlock()
	if _, err := tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return nil, err
	}
	return &unitScope{tx: tx, name: name}, nil
}

// Commit commits what was written in the unit and closes it; after it,
// the context's statements run as they would without a unit.
func (u *Unit) Commit() error {
	if err := u.flushLater(context.Background()); err != nil {
		u.end(false)
		return err
	}
	return u.end(true)
}

// later keeps a write whose outcome the command does not read (a
// sighting: who was seen where, and when) for the end of ctx's unit, so
// that the unit begins — and takes the write gate — only when the command
// changes something, or at its record; without a unit it is written now.
func (s *Store) later(ctx context.Context, query string, args ...any) error {
	if s.compiled != nil {
		if u := s.compiled.unitOf(ctx); u != nil {
			u.mu.Lock()
			defer u.mu.Unlock()
			u.later = append(u.later, &write{query: query, args: args})
			return nil
		}
	}
	return execRaw(s.db.WithContext(ctx), query, args...)
}

// enclosed reports whether ctx carries an open unit.
func (s *Store) enclosed(ctx context.Context) bool {
	return s.compiled != nil && s.compiled.unitOf(ctx) != nil
}

// pending reports whether the unit has anything to commit.
func (u *Unit) pending() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.tx != nil || len(u.later) > 0
}

// flushLater runs the writes kept for the end in the unit's transaction.
func (u *Unit) flushLater(ctx context.Context) error {
	u.mu.Lock()
	later := u.later
	u.later = nil
	closed := u.closed
	u.mu.Unlock()
	if len(later) == 0 || closed {
		return nil
	}
	tx, err := u.begun(ctx)
	if err != nil {
		return err
	}
	for _, w := range later {
		if _, err := tx.ExecContext(ctx, w.query, w.args...); err != nil {
			return err
		}
	}
	return nil
}

// Rollback undoes what was written in the unit and closes it.
func (u *Unit) Rollback() error { return u.end(false) }

func (u *Unit) end(commit bool) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.closed {
		return nil
	}
	u.closed = true
	if u.tx == nil {
		return nil
	}
	return u.groupCommit(commit)
}

// lastInUnit runs fn as the last writes of ctx's unit and commits it, if
// the unit has begun: ok false when there is none, or it wrote nothing
// (then it is closed and fn was not run). A failure of fn undoes fn's
// writes alone; a failed commit is ErrUndone.
func (s *Store) lastInUnit(ctx context.Context, fn func(tx *gorm.DB) error) (ok bool, err error) {
	if s.compiled == nil {
		return false, nil
	}
	u := s.compiled.unitOf(ctx)
	if u == nil {
		return false, nil
	}
	if !u.pending() {
		return false, u.Commit()
	}
	err = translate(s.tx(ctx, func(tx *gorm.DB) error {
		if err := u.flushLater(ctx); err != nil {
			return err
		}
		return fn(tx)
	}))
	if cerr := u.Commit(); cerr != nil {
		return true, fmt.Errorf("%w: %v", ErrUndone, cerr)
	}
	return true, err
}

// unitScope is a savepoint in a unit's transaction, which gorm takes for
// a transaction: Commit releases it, Rollback undoes its writes alone.
type unitScope struct {
	tx   *compiledTx
	name string
	once sync.Once
}

func (s *unitScope) Commit() error {
	var err error
	s.once.Do(func() { _, err = s.tx.ExecContext(context.Background(), "RELEASE "+s.name) })
	return err
}

func (s *unitScope) Rollback() error {
	var err error
	s.once.Do(func() {
		ctx := context.Background()
		if _, err = s.tx.ExecContext(ctx, "ROLLBACK TO "+s.name); err == nil {
			_, err = s.tx.ExecContext(ctx, "RELEASE "+s.name)
		}
	})
	return err
}

func (s *unitScope) GetDBConn() (*sql.DB, error) { return s.tx.pool.db, nil }

func (s *unitScope) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return s.tx.PrepareContext(ctx, query)
}

func (s *unitScope) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return s.tx.ExecContext(ctx, query, args...)
}

func (s *unitScope) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.tx.QueryContext(ctx, query, args...)
}

func (s *unitScope) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return s.tx.QueryRowContext(ctx, query, args...)
}

func (s *unitScope) compiled() {}
