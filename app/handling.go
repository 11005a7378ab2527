package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"linli/bot"
	"linli/store"
	"linli/store/sqldb"
)

// handlingDedup is the database's record of incoming messages, in two
// steps: a message is claimed by this process before it is handled and
// finished once answered. A platform redelivers what a process that died
// had not confirmed; a message that process had claimed but not finished
// is handled again (the stores' operations are idempotent where it
// matters: a booking made twice is one order), never dropped as seen.
type handlingDedup struct {
	st    *sqldb.Store
	owner string
	// takeover is how old another process's unfinished claim must be
	// before it counts as dead: zero for one process (nothing else
	// handles messages, so such a claim is a crashed predecessor's); with
	// replicas, redis.failover, past which a leader is replaced anyway.
	takeover time.Duration
	// poll is how often a claim another process holds is looked at again.
	poll time.Duration
	log  *slog.Logger
	// alone: no other process handles messages from this database (no
	// Redis), so a claim need not be written before handling: no one could
	// read it but a successor after a crash, which would take it over at
	// once. The claim is kept in memory, against the same message arriving
	// twice at once, and only the finished record is written, with the
	// replies. The latest finished messages are remembered too (loaded at
	// start, then as they finish), so a redelivery is recognised without
	// reading the database: platforms redeliver only what was not
	// confirmed when a process stopped, the last batch or so.
	alone bool
	// anon tells an anonymous command, recorded apart (see anonymity);
	// nil: none is.
	anon *anonymity
	// printed tells a platform whose messages are printed as soon as they
	// are stored (the console's inline lane): they are stored as sent, and
	// a discreet one not at all, as it would be forgotten once printed.
	printed  func(platform string) bool
	mu       sync.Mutex
	inflight map[string]chan struct{}
	done     recentSet
}

// recentDone is how many finished messages a process alone remembers.
const recentDone = 20000

func newHandlingDedup(st *sqldb.Store, takeover time.Duration, log *slog.Logger) *handlingDedup {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &handlingDedup{st: st, owner: hex.EncodeToString(b), takeover: takeover, poll: 50 * time.Millisecond, log: log}
}

// FirstHandling implements bot.Deduper: true when this process is to
// handle the message. While another process holds a fresh claim on it,
// it waits for that one to finish (then false) or to count as dead.
func (d *handlingDedup) FirstHandling(ctx context.Context, platform, messageID string) (bool, error) {
	if d.alone {
		return d.firstAlone(ctx, platform, messageID)
	}
	if key := d.anon.key(platform, messageID); key != "" {
		// A redelivered anonymous command left no record under its id.
		if done, err := d.st.AnonymousHandledBefore(ctx, key); err != nil || done {
			return false, err
		}
	}
	deadline := time.Now().Add(d.takeover + d.poll)
	for {
		got, err := d.st.ClaimHandling(ctx, platform, messageID, d.owner, d.st.Now().Add(-d.takeover))
		switch {
		case err != nil:
			return false, err
		case got == sqldb.HandlingClaimed:
			return true, nil
		case got == sqldb.HandlingDone, time.Now().After(deadline):
			return false, nil
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(d.poll):
		}
	}
}

// firstAlone is FirstHandling for a process serving alone: true unless the
// message was finished, or is being handled in this process right now
// (then it waits for that to end, and answers false).
func (d *handlingDedup) firstAlone(ctx context.Context, platform, messageID string) (bool, error) {
	key := platform + "\x00" + messageID
	d.mu.Lock()
	if d.done.has(key) || d.done.has(anonKey(d.anon.key(platform, messageID))) {
		d.mu.Unlock()
		return false, nil
	}
	if busy, ok := d.inflight[key]; ok {
		d.mu.Unlock()
		select {
		case <-busy:
			return false, nil
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	if d.inflight == nil {
		d.inflight = map[string]chan struct{}{}
	}
	d.inflight[key] = make(chan struct{})
	d.mu.Unlock()
	return true, nil
}

// startAlone makes d a process serving alone, remembering the messages
// finished most recently.
func (d *handlingDedup) startAlone(ctx context.Context) error {
	keys, err := d.st.RecentlyHandled(ctx, recentDone)
	if err != nil {
		return err
	}
	d.alone = true
	d.done = newRecentSet(recentDone)
	if d.anon != nil {
		// Kept by day, in no order: loaded first, so the latest named
		// messages are the ones kept longest.
		anon, err := d.st.AnonymousHandledKeys(ctx, d.anon.day().AddDate(0, 0, -1))
		if err != nil {
			return err
		}
		for _, k := range anon {
			d.done.add(anonKey(k))
		}
	}
	for i := len(keys) - 1; i >= 0; i-- { // oldest first: the newest are kept longest
		d.done.add(keys[i][0] + "\x00" + keys[i][1])
	}
	return nil
}

// anonKey is how a process alone remembers an anonymous command finished
// before it started, known by its hash only; "" for none.
func anonKey(hash string) string {
	if hash == "" {
		return ""
	}
	return "anonymous\x00" + hash
}

// release ends this process's claim on a message (alone); finished, it
// is remembered as such.
func (d *handlingDedup) release(platform, messageID string, finished bool) {
	key := platform + "\x00" + messageID
	d.mu.Lock()
	defer d.mu.Unlock()
	if finished {
		d.done.add(key)
	}
	if busy, ok := d.inflight[key]; ok {
		close(busy)
		delete(d.inflight, key)
	}
}

// Enclose implements bot.Encloser: in a process serving alone on SQLite,
// what a command writes is kept in one transaction with its record and
// replies (see sqldb.Unit), so that a command costs one commit. With
// replicas the claim must be seen by the others before the command runs,
// and each write is committed as it is made.
func (d *handlingDedup) Enclose(ctx context.Context) (context.Context, func()) {
	if !d.alone {
		return ctx, func() {}
	}
	ctx, u := d.st.Enclose(ctx)
	if u == nil {
		return ctx, func() {}
	}
	return ctx, func() {
		if err := u.Commit(); err != nil {
			d.log.Error("a message's changes could not be committed", "err", err)
		}
	}
}

// Finish implements bot.Finisher: the messages the handler sent and the
// record that the command was handled are stored in one transaction. If
// that fails, the command stays unfinished (a redelivery is handled
// again) and the router sends the messages one by one.
func (d *handlingDedup) Finish(ctx context.Context, platform, messageID string, replies []bot.Held) error {
	return d.finish(ctx, platform, messageID, replies, false)()
}

// FinishLater implements bot.Finisher: Finish, committed with whatever
// other finishes wait (a getUpdates batch shares its commits).
func (d *handlingDedup) FinishLater(ctx context.Context, platform, messageID string, replies []bot.Held) func() error {
	return d.finish(ctx, platform, messageID, replies, true)
}

func (d *handlingDedup) finish(ctx context.Context, platform, messageID string, replies []bot.Held, later bool) func() error {
	ctx = context.WithoutCancel(ctx)
	rows := d.rows(replies)
	if d.anon.finishing(platform, messageID) {
		err := d.finishAnonymous(ctx, platform, messageID, rows)
		return func() error { return err }
	}
	staleBefore := d.st.Now().Add(-d.takeover)
	if !later {
		err := undone(d.st.FinishHandlingWith(ctx, platform, messageID, d.owner, staleBefore, rows))
		d.settled(platform, messageID, err)
		return func() error { return err }
	}
	wait := d.st.FinishHandlingLater(ctx, platform, messageID, d.owner, staleBefore, rows)
	return func() error {
		err := undone(wait())
		d.settled(platform, messageID, err)
		return err
	}
}

// undone tells the router when a command's own changes were lost with its
// record (sqldb.ErrUndone): its replies would say what is not so.
func undone(err error) error {
	if errors.Is(err, sqldb.ErrUndone) {
		return fmt.Errorf("%w: %w", bot.ErrUndone, err)
	}
	return err
}

// rows are the outbox rows of a command's replies, as stored.
func (d *handlingDedup) rows(replies []bot.Held) []store.OutboxMessage {
	now := time.Now()
	rows := make([]store.OutboxMessage, 0, len(replies))
	for _, h := range replies {
		printed := d.printed != nil && d.printed(h.Chat.Platform)
		if printed && h.Reply.Discreet {
			continue
		}
		m, err := outboxRow(h.Chat, h.Reply, now)
		if err != nil {
			d.log.Error("a reply could not be stored", "chat", h.Chat.Key(), "err", err)
			continue
		}
		if printed {
			// Kept to answer "was it sent?", as a sent message is: without
			// the records a spreadsheet carried.
			m.SentAt, m.FileData = &now, nil
		}
		rows = append(rows, m)
	}
	return rows
}

// finishAnonymous is Finish for an anonymous command: its record keeps
// neither its message id nor its time (see sqldb.FinishAnonymous). It is
// written at once rather than with the batch of named records, which
// would commit it beside them.
func (d *handlingDedup) finishAnonymous(ctx context.Context, platform, messageID string, rows []store.OutboxMessage) error {
	err := undone(d.st.FinishAnonymous(ctx, platform, messageID, d.anon.key(platform, messageID), d.anon.day(), rows))
	if err != nil {
		// Logged here without the message id, which names the chat.
		d.log.Warn("could not record an anonymous command as handled; a redelivery would be handled again", "err", err)
	}
	if d.alone {
		d.release(platform, messageID, err == nil)
	}
	return err
}

// settled follows a named command's record once committed (err nil) or not.
func (d *handlingDedup) settled(platform, messageID string, err error) {
	if d.alone {
		defer d.release(platform, messageID, err == nil)
	}
	if err != nil {
		d.log.Warn("could not record a message as handled; a redelivery would be handled again",
			"platform", platform, "message", messageID, "err", err)
	}
}

var (
	_ bot.Finisher = (*handlingDedup)(nil)
	_ bot.Encloser = (*handlingDedup)(nil)
)

// recoverAlone takes back, in a process serving alone (no Redis), the
// messages a crashed predecessor was sending: nothing else sends from this
// database, so their claims are dead. With replicas a claim lapses by
// itself (bot.OutboxConfig.Lease), as the holder may be alive.
func (a *app) recoverAlone(ctx context.Context) {
	if a.coord != nil {
		return
	}
	n, err := a.store.ReleaseOutboxClaims(ctx)
	switch {
	case err != nil:
		a.log.Error("outbox: could not take back messages left being sent", "err", err)
	case n > 0:
		a.log.Warn("outbox: messages left being sent by a stopped process will be sent again", "messages", n)
	}
}

// recentSet remembers the latest n keys added.
type recentSet struct {
	keys map[string]struct{}
	ring []string
	next int
}

func newRecentSet(n int) recentSet {
	return recentSet{keys: make(map[string]struct{}, n), ring: make([]string, n)}
}

func (r *recentSet) has(k string) bool {
	_, ok := r.keys[k]
	return ok
}

func (r *recentSet) add(k string) {
	if len(r.ring) == 0 || r.has(k) {
		return
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.keys, old)
	}
	r.ring[r.next] = k
	r.keys[k] = struct{}{}
	r.next = (r.next + 1) % len(r.ring)
}
