package bot

import (
	"context"
	"errors"
	"time"
)

// step sends at most one message: the head of the chat whose turn it is
// (see turns) among those the platform's limits allow now. It returns how long to wait before something may be
// sendable (0: try again at once; idle: nothing waits).
func (o *Outbox) step(ctx context.Context, l *lane) (time.Duration, error) {
	now := o.cfg.Now()
	if err := o.readHeads(ctx, l, now); err != nil {
		l.heads = nil // read them all again next time
		return idle, err
	}
	if len(l.heads) == 0 {
		return idle, nil
	}
	var pick *Outgoing
	soonest := time.Time{}
	for _, h := range l.heads {
		at := h.NextAt
		if h.Sending && h.ClaimedUntil.After(at) {
			at = h.ClaimedUntil
		}
		if r := l.pace.readyAt(h.Chat, now); r.After(at) {
			at = r
		}
		if !at.After(now) {
			if pick == nil || l.turns.before(h, *pick) {
				pick = &h
			}
			continue
		}
		if soonest.IsZero() || at.Before(soonest) {
			soonest = at
		}
	}
	if pick == nil {
		return max(soonest.Sub(now), time.Millisecond), nil
	}
	// Whatever happens to it now, the chat's head changes or must be
	// read again: sent, retried later, or taken by another sender.
	l.tried[pick.Chat.ID] = pick.Chat
	l.turns.served(pick.Chat.ID, l.heads)
	ok, err := o.cfg.Store.Claim(ctx, pick.ID, o.owner, now, now.Add(o.cfg.Lease))
	if err != nil || !ok {
		return 0, err // another sender took it: look again
	}
	return 0, o.attempt(ctx, l, *pick)
}

// readHeads brings the lane's view of the queue up to date: every head at
// start and every Poll, else only the heads that may have changed.
func (o *Outbox) readHeads(ctx context.Context, l *lane, now time.Time) error {
	if l.heads == nil || (o.cfg.Poll > 0 && now.Sub(l.readAt) >= o.cfg.Poll) {
		l.takeQueued() // before reading: what is queued after is marked again
		hs, err := o.cfg.Store.Heads(ctx, l.name)
		if err != nil {
			return err
		}
		l.heads = make(map[string]Outgoing, len(hs))
		for _, h := range hs {
			l.heads[h.Chat.ID] = h
		}
		l.tried = map[string]Chat{}
		l.readAt = now
		return nil
	}
	for id, chat := range l.takeQueued() {
		if _, known := l.heads[id]; !known {
			l.tried[id] = chat
		}
	}
	for id, chat := range l.tried {
		h, ok, err := o.cfg.Store.Head(ctx, chat)
		if err != nil {
			return err
		}
		if ok {
			l.heads[id] = h
		} else {
			delete(l.heads, id)
		}
		delete(l.tried, id)
	}
	return nil
}

// attempt sends one claimed message and records what happened. The send
// and its record are not cut short by shutdown: a message half sent at
// shutdown would be sent again after the restart.
func (o *Outbox) attempt(ctx context.Context, l *lane, m Outgoing) error {
	keep := context.WithoutCancel(ctx)
	sendCtx, cancel := context.WithTimeout(keep, o.cfg.SendTimeout)
	err := l.out.Send(sendCtx, m.Chat, m.Reply)
	cancel()
	now := o.cfg.Now()
	l.pace.sent(m.Chat, now)
	st := o.cfg.Store
	var se *SendError
	switch {
	case err == nil:
		return st.Sent(keep, m.ID, now)
	case errors.As(err, &se) && se.Permanent:
		o.cfg.Log.Warn("outbox: chat unreachable, message dropped", "chat", m.Chat.Key(), "err", err)
		if ferr := st.Fail(keep, m.ID, err.Error()); ferr != nil {
			return ferr
		}
		if o.cfg.OnPermanent != nil {
			o.cfg.OnPermanent(keep, m.Chat, err)
		}
		if fc, fr, ok := m.Reply.fallback(); ok {
			o.cfg.Log.Info("outbox: saying it in a group instead", "chat", m.Chat.Key(), "group", fc.Key())
			return o.Send(keep, fc, fr)
		}
		return nil
	case errors.As(err, &se) && se.RetryAfter > 0:
		until := now.Add(time.Duration(se.RetryAfter) * time.Second)
		l.pace.hold(m.Chat, until)
		o.cfg.Log.Warn("outbox: platform asked to slow down", "chat", m.Chat.Key(), "retry_after", se.RetryAfter)
		return st.Retry(keep, m.ID, until, err.Error())
	case now.Sub(m.CreatedAt) > o.cfg.GiveUpAfter:
		o.cfg.Log.Error("outbox: message given up after retries", "chat", m.Chat.Key(), "attempts", m.Attempts+1, "err", err)
		return st.Fail(keep, m.ID, err.Error())
	default:
		wait := o.backoff(m.Attempts + 1)
		o.cfg.Log.Info("outbox: send failed, will retry", "chat", m.Chat.Key(), "in", wait, "err", err)
		return st.Retry(keep, m.ID, now.Add(wait), err.Error())
	}
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
