package bot

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
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
// With the chats just stored to known, only their queues are read, and
// their messages are sent without a claim: an inline lane is this
// process's own terminal, which no other sender prints to.
func (o *Outbox) drain(ctx context.Context, l *lane, chats ...Chat) {
	l.sending.Lock()
	defer l.sending.Unlock()
	ctx = context.WithoutCancel(ctx)
	var err error
	if q, ok := o.cfg.Store.(OutboxQueue); ok && len(chats) > 0 {
		err = o.drainChats(ctx, l, q, chats)
	} else {
		err = o.drainLocked(ctx, l)
	}
	if err != nil {
		o.cfg.Log.Error("outbox: sending", "platform", l.name, "err", err)
	}
}

// drainChats sends the due messages of chats in the order stored, and
// records them sent in one commit.
func (o *Outbox) drainChats(ctx context.Context, l *lane, q OutboxQueue, chats []Chat) error {
	now := o.cfg.Now()
	var ms []Outgoing
	seen := map[string]bool{}
	for _, c := range chats {
		if seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		queued, err := q.Queued(ctx, c, maxMerged)
		if err != nil {
			return err
		}
		for _, m := range queued { // up to the first not due: a chat keeps its order
			if m.NextAt.After(now) || (m.Sending && m.ClaimedUntil.After(now)) {
				break
			}
			ms = append(ms, m)
		}
	}
	slices.SortFunc(ms, func(a, b Outgoing) int { return cmp.Compare(a.ID, b.ID) })
	var sent []int64
	var first error
	for _, m := range ms {
		err := o.send(ctx, l, []Outgoing{m})
		if err == nil {
			sent = append(sent, m.ID)
		} else if err := o.failed(ctx, l, []Outgoing{m}, err, o.cfg.Now()); err != nil && first == nil {
			first = err
		}
	}
	if err := o.recordSent(ctx, sent, o.cfg.Now()); err != nil && first == nil {
		first = err
	}
	return first
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
		if err := o.attemptAll(ctx, l, [][]Outgoing{{*pick}}, now); err != nil {
			return err
		}
	}
}

// step sends a batch: the heads of the chats whose turn it is (see turns)
// among those the platform's limits allow now, up to sendBatch of them,
// each with the replies merged into it (see gather), at once. It returns
// how long to wait before something may be sendable (0: try again at
// once; idle: nothing waits). Its work is per message sent: the heads
// that changed are read, the queue finds the next chat in O(log chats),
// and with an OutboxBatch store a batch takes one claim and one record.
func (o *Outbox) step(ctx context.Context, l *lane) (time.Duration, error) {
	now := o.cfg.Now()
	if err := o.readHeads(ctx, l, now); err != nil {
		l.q = nil // read them all again next time
		return idle, err
	}
	picks, wait := o.pick(l, now)
	if len(picks) == 0 {
		return wait, nil
	}
	claimed, err := o.claimAll(ctx, picks, now)
	if err != nil || len(claimed) == 0 {
		return 0, err // another sender took them: look again
	}
	batch := make([][]Outgoing, len(claimed))
	for i, pick := range claimed {
		if batch[i], err = o.gather(ctx, l, pick, now); err != nil {
			o.cfg.Log.Warn("outbox: could not merge, sending one message", "chat", pick.Chat.Key(), "err", err)
		}
	}
	return 0, o.attemptAll(ctx, l, batch, now)
}

// sendBatch is the most messages one step sends at once: enough that a
// crowd of private chats is answered at the network's pace rather than
// one round trip at a time, few enough to stay a polite client.
const sendBatch = 16

// pick takes the heads to send now, in turn, reserving each one's place
// in the platform's limits; with none, it says how long until one may go.
func (o *Outbox) pick(l *lane, now time.Time) ([]Outgoing, time.Duration) {
	var picks []Outgoing
	for len(picks) < sendBatch {
		sl, at := l.q.next(now)
		if sl == nil && at.IsZero() {
			return picks, idle
		}
		if all := l.pace.allAt(now); all.After(at) {
			at = all
		}
		if sl == nil || at.After(now) {
			return picks, max(at.Sub(now), time.Millisecond)
		}
		pick := sl.h
		// Whatever happens to it now, the chat's head changes or must be
		// read again: sent, retried later, or taken by another sender.
		l.q.drop(pick.Chat.ID)
		l.tried[pick.Chat.ID] = pick.Chat
		l.turns.served(pick.Chat.ID, l.q.has)
		l.pace.sent(pick.Chat, now)
		picks = append(picks, pick)
	}
	return picks, 0
}

// claimAll claims the picked heads: in one commit with an OutboxBatch
// store, else one by one. It returns those claimed, in order.
func (o *Outbox) claimAll(ctx context.Context, picks []Outgoing, now time.Time) ([]Outgoing, error) {
	until := now.Add(o.cfg.Lease)
	b, ok := o.cfg.Store.(OutboxBatch)
	if !ok || len(picks) == 1 {
		var got []Outgoing
		for _, p := range picks {
			ok, err := o.cfg.Store.Claim(ctx, p.ID, o.owner, now, until)
			if err != nil {
				return got, err
			}
			if ok {
				got = append(got, p)
			}
		}
		return got, nil
	}
	ids := make([]int64, len(picks))
	for i, p := range picks {
		ids[i] = p.ID
	}
	claimed, err := b.ClaimAll(ctx, ids, o.owner, now, until)
	if err != nil {
		return nil, err
	}
	mine := make(map[int64]bool, len(claimed))
	for _, id := range claimed {
		mine[id] = true
	}
	got := picks[:0]
	for _, p := range picks {
		if mine[p.ID] {
			got = append(got, p)
		}
	}
	return got, nil
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
	if b, ok := o.cfg.Store.(OutboxBatch); ok && len(l.tried) > 1 {
		return o.readHeadsOf(ctx, l, b)
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

// readHeadsOf reads the heads of the chats tried in one query.
func (o *Outbox) readHeadsOf(ctx context.Context, l *lane, b OutboxBatch) error {
	ids := make([]string, 0, len(l.tried))
	for id := range l.tried {
		ids = append(ids, id)
	}
	hs, err := b.HeadsOf(ctx, l.name, ids)
	if err != nil {
		return err
	}
	for _, h := range hs {
		l.q.set(h, l.headAt(h))
		delete(l.tried, h.Chat.ID)
	}
	for id := range l.tried {
		l.q.drop(id)
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

// attemptAll sends a batch, each element to one chat, all at once, and
// records what happened to each: the messages sent in one commit with an
// OutboxBatch store. The sends and their record are not cut short by
// shutdown: a message half sent at shutdown would be sent again after
// the restart.
func (o *Outbox) attemptAll(ctx context.Context, l *lane, batch [][]Outgoing, picked time.Time) error {
	keep := context.WithoutCancel(ctx)
	errs := make([]error, len(batch))
	if len(batch) == 1 {
		errs[0] = o.send(keep, l, batch[0])
	} else {
		var wg sync.WaitGroup
		for i, ms := range batch {
			wg.Go(func() { errs[i] = o.send(keep, l, ms) })
		}
		wg.Wait()
	}
	now := o.cfg.Now()
	chats := make([]Chat, len(batch))
	for i, ms := range batch {
		chats[i] = ms[0].Chat
	}
	l.pace.answered(chats, picked, now)
	var sent []int64
	var first error
	for i, ms := range batch {
		if errs[i] == nil {
			for _, m := range ms {
				sent = append(sent, m.ID)
			}
			continue
		}
		if err := o.failed(keep, l, ms, errs[i], now); err != nil && first == nil {
			first = err
		}
	}
	if err := o.recordSent(keep, sent, now); err != nil && first == nil {
		first = err
	}
	return first
}

// send sends claimed messages to one chat, as one.
func (o *Outbox) send(ctx context.Context, l *lane, ms []Outgoing) error {
	m := ms[0]
	if len(ms) > 1 {
		m.Reply = merged(ms)
	}
	sendCtx, cancel := context.WithTimeout(ctx, o.cfg.SendTimeout)
	defer cancel()
	return l.out.Send(sendCtx, m.Chat, m.Reply)
}

// recordSent records messages as sent.
func (o *Outbox) recordSent(ctx context.Context, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	if b, ok := o.cfg.Store.(OutboxBatch); ok {
		return b.SentAll(ctx, ids, now)
	}
	var first error
	for _, id := range ids {
		if err := o.cfg.Store.Sent(ctx, id, now); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// failed records what happened to messages to one chat whose send failed.
func (o *Outbox) failed(ctx context.Context, l *lane, ms []Outgoing, err error, now time.Time) error {
	m := ms[0]
	var se *SendError
	switch {
	case errors.As(err, &se) && se.Permanent:
		return o.unreachable(ctx, ms, err)
	case errors.As(err, &se) && se.RetryAfter > 0:
		until := now.Add(time.Duration(se.RetryAfter) * time.Second)
		l.pace.hold(m.Chat, until)
		o.cfg.Log.Warn("outbox: platform asked to slow down", "chat", m.Chat.Key(), "retry_after", se.RetryAfter)
		return each(ms, func(id int64) error { return o.cfg.Store.Retry(ctx, id, until, err.Error()) })
	case now.Sub(m.CreatedAt) > o.cfg.GiveUpAfter:
		o.cfg.Log.Error("outbox: message given up after retries", "chat", m.Chat.Key(), "attempts", m.Attempts+1, "err", err)
		return each(ms, func(id int64) error { return o.cfg.Store.Fail(ctx, id, err.Error()) })
	default:
		wait := o.backoff(m.Attempts + 1)
		o.cfg.Log.Info("outbox: send failed, will retry", "chat", m.Chat.Key(), "in", wait, "err", err)
		return each(ms, func(id int64) error { return o.cfg.Store.Retry(ctx, id, now.Add(wait), err.Error()) })
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
