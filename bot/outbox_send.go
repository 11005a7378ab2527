package bot

import (
	"context"
	"errors"
	"time"
)

// stepLane is one turn of a lane's loop: step, or for an inline lane
// (whose messages are sent as they are stored) a drain of what is left,
// messages whose send failed and waits for its retry.
func (o *Outbox) stepLane(ctx context.Context, l *lane) (time.Duration, error) {
	l.sending.Lock()
	defer l.sending.Unlock()
	if l.inline {
		return idle, o.drainLocked(ctx, l)
	}
	return o.step(ctx, l)
}

// drain sends an inline lane's due messages, oldest first.
func (o *Outbox) drain(ctx context.Context, l *lane) {
	l.sending.Lock()
	defer l.sending.Unlock()
	if err := o.drainLocked(context.WithoutCancel(ctx), l); err != nil {
		o.cfg.Log.Error("outbox: sending", "platform", l.name, "err", err)
	}
}

func (o *Outbox) drainLocked(ctx context.Context, l *lane) error {
	for {
		now := o.cfg.Now()
		hs, err := o.cfg.Store.Heads(ctx, l.name)
		if err != nil {
			return err
		}
		var pick *Outgoing
		for i := range hs {
			if h := &hs[i]; !h.NextAt.After(now) && (pick == nil || h.ID < pick.ID) {
				pick = h
			}
		}
		if pick == nil {
			return nil // nothing, or only retries not due yet: the loop's Poll
		}
		if ok, err := o.cfg.Store.Claim(ctx, pick.ID, o.owner, now, now.Add(o.cfg.Lease)); err != nil || !ok {
			return err
		}
		if err := o.attempt(ctx, l, []Outgoing{*pick}); err != nil {
			return err
		}
	}
}

// step sends at most one message (or one merged from several, see
// gather): the head of the chat whose turn it is (see turns) among those
// the platform's limits allow now. It returns how long to wait before
// something may be sendable (0: try again at once; idle: nothing waits).
// Its work is per message sent: the heads that changed are read, and the
// queue finds the next chat in O(log chats).
func (o *Outbox) step(ctx context.Context, l *lane) (time.Duration, error) {
	now := o.cfg.Now()
	if err := o.readHeads(ctx, l, now); err != nil {
		l.q = nil // read them all again next time
		return idle, err
	}
	sl, at := l.q.next(now)
	if sl == nil && at.IsZero() {
		return idle, nil
	}
	if all := l.pace.allAt(now); all.After(at) {
		at = all
	}
	if sl == nil || at.After(now) {
		return max(at.Sub(now), time.Millisecond), nil
	}
	pick := sl.h
	// Whatever happens to it now, the chat's head changes or must be
	// read again: sent, retried later, or taken by another sender.
	l.q.drop(pick.Chat.ID)
	l.tried[pick.Chat.ID] = pick.Chat
	l.turns.served(pick.Chat.ID, l.q.has)
	ok, err := o.cfg.Store.Claim(ctx, pick.ID, o.owner, now, now.Add(o.cfg.Lease))
	if err != nil || !ok {
		return 0, err // another sender took it: look again
	}
	ms, err := o.gather(ctx, l, pick, now)
	if err != nil {
		o.cfg.Log.Warn("outbox: could not merge, sending one message", "chat", pick.Chat.Key(), "err", err)
	}
	return 0, o.attempt(ctx, l, ms)
}

// readHeads brings the lane's view of the queue up to date: every head at
// start and every Poll, else only the heads that may have changed: the
// head of a chat just tried, and of a chat this process queued to that
// had no head (one queued behind a known head leaves the head as it is).
func (o *Outbox) readHeads(ctx context.Context, l *lane, now time.Time) error {
	if l.q == nil || (o.cfg.Poll > 0 && now.Sub(l.readAt) >= o.cfg.Poll) {
		l.takeQueued() // before reading: what is queued after is marked again
		hs, err := o.cfg.Store.Heads(ctx, l.name)
		if err != nil {
			return err
		}
		l.q = newQueue(&l.turns)
		for _, h := range hs {
			l.q.set(h, l.headAt(h))
		}
		l.tried = map[string]Chat{}
		l.readAt = now
		return nil
	}
	for id, chat := range l.takeQueued() {
		if !l.q.has(id) {
			l.tried[id] = chat
		}
	}
	for id, chat := range l.tried {
		h, ok, err := o.cfg.Store.Head(ctx, chat)
		if err != nil {
			return err
		}
		if ok {
			l.q.set(h, l.headAt(h))
		} else {
			l.q.drop(id)
		}
		delete(l.tried, id)
	}
	return nil
}

// headAt is the earliest time h may be tried as far as h and its chat say.
func (l *lane) headAt(h Outgoing) time.Time {
	at := h.NextAt
	if h.Sending && h.ClaimedUntil.After(at) {
		at = h.ClaimedUntil
	}
	if r := l.pace.chatAt(h.Chat); r.After(at) {
		at = r
	}
	return at
}

// attempt sends claimed messages to one chat, as one, and records what
// happened to each. The send and its record are not cut short by
// shutdown: a message half sent at shutdown would be sent again after the
// restart.
func (o *Outbox) attempt(ctx context.Context, l *lane, ms []Outgoing) error {
	m := ms[0]
	if len(ms) > 1 {
		m.Reply = merged(ms)
	}
	keep := context.WithoutCancel(ctx)
	sendCtx, cancel := context.WithTimeout(keep, o.cfg.SendTimeout)
	err := l.out.Send(sendCtx, m.Chat, m.Reply)
	cancel()
	now := o.cfg.Now()
	l.pace.sent(m.Chat, now)
	var se *SendError
	switch {
	case err == nil:
		return each(ms, func(id int64) error { return o.cfg.Store.Sent(keep, id, now) })
	case errors.As(err, &se) && se.Permanent:
		return o.unreachable(keep, ms, err)
	case errors.As(err, &se) && se.RetryAfter > 0:
		until := now.Add(time.Duration(se.RetryAfter) * time.Second)
		l.pace.hold(m.Chat, until)
		o.cfg.Log.Warn("outbox: platform asked to slow down", "chat", m.Chat.Key(), "retry_after", se.RetryAfter)
		return each(ms, func(id int64) error { return o.cfg.Store.Retry(keep, id, until, err.Error()) })
	case now.Sub(m.CreatedAt) > o.cfg.GiveUpAfter:
		o.cfg.Log.Error("outbox: message given up after retries", "chat", m.Chat.Key(), "attempts", m.Attempts+1, "err", err)
		return each(ms, func(id int64) error { return o.cfg.Store.Fail(keep, id, err.Error()) })
	default:
		wait := o.backoff(m.Attempts + 1)
		o.cfg.Log.Info("outbox: send failed, will retry", "chat", m.Chat.Key(), "in", wait, "err", err)
		return each(ms, func(id int64) error { return o.cfg.Store.Retry(keep, id, now.Add(wait), err.Error()) })
	}
}

// unreachable records messages to a chat that cannot be reached any more,
// and says a message with a fallback in its group instead (a merged
// message has none: see mergeable).
func (o *Outbox) unreachable(ctx context.Context, ms []Outgoing, err error) error {
	m := ms[0]
	o.cfg.Log.Warn("outbox: chat unreachable, message dropped", "chat", m.Chat.Key(), "messages", len(ms), "err", err)
	if ferr := each(ms, func(id int64) error { return o.cfg.Store.Fail(ctx, id, err.Error()) }); ferr != nil {
		return ferr
	}
	if o.cfg.OnPermanent != nil {
		o.cfg.OnPermanent(ctx, m.Chat, err)
	}
	if fc, fr, ok := m.Reply.fallback(); ok && len(ms) == 1 {
		o.cfg.Log.Info("outbox: saying it in a group instead", "chat", m.Chat.Key(), "group", fc.Key())
		return o.Send(ctx, fc, fr)
	}
	return nil
}

// each records the outcome of every message of a send, and returns the
// first error.
func each(ms []Outgoing, record func(id int64) error) error {
	var first error
	for _, m := range ms {
		if err := record(m.ID); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// backoff is the wait after the n-th failed try: Backoff doubled each
// time, never more than MaxBackoff.
func (o *Outbox) backoff(n int) time.Duration {
	d := o.cfg.Backoff
	for i := 1; i < n && d < o.cfg.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, o.cfg.MaxBackoff)
}
