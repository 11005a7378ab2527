package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"linli/bot"
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
}

func newHandlingDedup(st *sqldb.Store, takeover time.Duration, log *slog.Logger) *handlingDedup {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &handlingDedup{st: st, owner: hex.EncodeToString(b), takeover: takeover, poll: 50 * time.Millisecond, log: log}
}

// FirstHandling implements bot.Deduper: true when this process is to
// handle the message. While another process holds a fresh claim on it,
// it waits for that one to finish (then false) or to count as dead.
func (d *handlingDedup) FirstHandling(ctx context.Context, platform, messageID string) (bool, error) {
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

// Finished implements bot.Finisher.
func (d *handlingDedup) Finished(ctx context.Context, platform, messageID string) {
	if err := d.st.FinishHandling(context.WithoutCancel(ctx), platform, messageID, d.owner); err != nil {
		d.log.Warn("could not record a message as handled; a redelivery would be handled again",
			"platform", platform, "message", messageID, "err", err)
	}
}

var _ bot.Finisher = (*handlingDedup)(nil)

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
