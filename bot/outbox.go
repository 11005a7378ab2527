package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Outgoing is one message waiting in the outbox, as the store keeps it.
type Outgoing struct {
	ID    int64
	Chat  Chat
	Reply Reply
	// Attempts counts the failed tries so far; the backoff grows with it.
	Attempts int
	// NextAt is the earliest time the message may be tried (again).
	NextAt time.Time
	// Sending is set while a sender holds the message, until ClaimedUntil;
	// a claim that lapsed (the sender died) may be taken again.
	Sending      bool
	ClaimedUntil time.Time
	CreatedAt    time.Time
}

// OutboxStore keeps the outbox in the database, so that a message accepted
// for sending survives a restart and two replicas never send it twice. The
// root package adapts the store to it; bot cannot import store.
type OutboxStore interface {
	// Enqueue records a message to send, due at at.
	Enqueue(ctx context.Context, chat Chat, r Reply, at time.Time) error
	// Heads returns, for every chat of the platform with unsent messages,
	// the oldest of them, oldest first: messages to one chat keep their order.
	Heads(ctx context.Context, platform string) ([]Outgoing, error)
	// Head returns the oldest unsent message of one chat; false if none.
	Head(ctx context.Context, chat Chat) (Outgoing, bool, error)
	// Claim takes a message for sending until until. It answers true to
	// exactly one caller while the message is due and not held by a live
	// claim, whatever the number of processes.
	Claim(ctx context.Context, id int64, owner string, now, until time.Time) (bool, error)
	// Sent, Retry and Fail record the outcome of a claimed message.
	Sent(ctx context.Context, id int64, at time.Time) error
	Retry(ctx context.Context, id int64, next time.Time, reason string) error
	Fail(ctx context.Context, id int64, reason string) error
	// Unsent counts messages of the platform still to send (not failed).
	Unsent(ctx context.Context, platform string) (int, error)
}

// OutboxBatch is an OutboxStore that takes a batch in one commit: a lane
// sending to many chats at once claims them together and records them
// sent together, instead of two commits a message.
type OutboxBatch interface {
	// ClaimAll is Claim for many messages; it returns the ids claimed.
	ClaimAll(ctx context.Context, ids []int64, owner string, now, until time.Time) ([]int64, error)
	// SentAll is Sent for many messages.
	SentAll(ctx context.Context, ids []int64, at time.Time) error
	// HeadsOf is Heads for some chats of a platform only.
	HeadsOf(ctx context.Context, platform string, chatIDs []string) ([]Outgoing, error)
}

// OutboxConfig is what an outbox needs. Store is required; the rest have
// defaults suited to production.
type OutboxConfig struct {
	Store OutboxStore
	Log   *slog.Logger
	// Now and After are the clock; tests give a fake one whose After
	// moves time on at once, so pacing a minute takes no real time.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
	// Poll is how often an idle sender looks for messages queued by
	// another process; zero: only when this process queues one.
	Poll time.Duration
	// Backoff is the first wait after a failed try, doubled each time up
	// to MaxBackoff; a message still failing after GiveUpAfter is dropped.
	Backoff, MaxBackoff, GiveUpAfter time.Duration
	// Lease is how long a claim holds a message: a process that dies while
	// sending releases its messages after this.
	Lease time.Duration
	// SendTimeout bounds one try; a send in flight at shutdown finishes.
	SendTimeout time.Duration
	// MergeAfter is how long a reply to a group waits for the platform's
	// pace before the replies queued behind it join it in one message
	// (see gather). A reply that goes sooner goes alone, quoting the
	// message it answers, which reads best; merging is for a burst.
	MergeAfter time.Duration
	// OnPermanent is told when a chat cannot be reached any more (the bot
	// was removed from the group), so the chat can be marked inactive.
	OnPermanent func(ctx context.Context, chat Chat, err error)
}

// Outbox is where every outgoing message of a paced platform goes: it is
// written to the database first, then a sender loop per platform sends it
// as fast as the platform's limits allow, retrying what can be retried.
// Handlers send through it as a Sender and never wait for the network.
type Outbox struct {
	cfg   OutboxConfig
	owner string
	mu    sync.Mutex
	lanes map[string]*lane
}

// lane is one platform's sender loop.
type lane struct {
	name string
	out  Sender
	pace *pacer
	wake chan struct{}

	// q is the lane's view of the queue: each chat's oldest unsent
	// message, as last read. Reading every chat's head walks the whole
	// backlog (thousands of messages when groups are paced to 20 a
	// minute), so that is done at start and every Poll, for messages other
	// processes queued. Between, only what changed is read again (see
	// readHeads). Only the lane's goroutine touches q, tried, turns and
	// readAt.
	q      *queue // nil: read every head
	tried  map[string]Chat
	turns  turns
	readAt time.Time
	// merge is set for a paced platform whose store can list a chat's
	// queue: replies waiting for one group go as one message (gather).
	merge bool
	// inline lanes send in the goroutine that stored the message, at
	// once and in the order stored, under sending (see AddInline).
	inline  bool
	sending sync.Mutex
	mu      sync.Mutex
	queued  map[string]Chat // chats this process queued to since the last read
}

// NewOutbox builds an outbox; platforms are added with Add before Run.
func NewOutbox(cfg OutboxConfig) (*Outbox, error) {
	if cfg.Store == nil {
		return nil, errors.New("outbox: Store is required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	setDefault(&cfg.Backoff, time.Second)
	setDefault(&cfg.MaxBackoff, 5*time.Minute)
	setDefault(&cfg.GiveUpAfter, 24*time.Hour)
	setDefault(&cfg.Lease, 2*time.Minute)
	setDefault(&cfg.SendTimeout, time.Minute)
	setDefault(&cfg.MergeAfter, 5*time.Second)
	var id [6]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return &Outbox{cfg: cfg, owner: hex.EncodeToString(id[:]), lanes: map[string]*lane{}}, nil
}

func setDefault(d *time.Duration, v time.Duration) {
	if *d <= 0 {
		*d = v
	}
}

// Add makes the outbox send name's messages through out, paced by its
// Pacing if it is Paced. A paced platform's replies waiting for one group
// are merged into one message when the store can list a chat's queue (an
// OutboxQueue); an unpaced one (the console) neither paces nor merges.
// Adding a platform twice is a programming error.
func (o *Outbox) Add(name string, out Sender) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, dup := o.lanes[name]; dup {
		return fmt.Errorf("outbox: platform %q added twice", name)
	}
	var p Pacing
	if paced, ok := out.(Paced); ok {
		p = paced.Pacing()
	}
	_, listed := o.cfg.Store.(OutboxQueue)
	o.lanes[name] = &lane{name: name, out: out, pace: newPacer(p), wake: make(chan struct{}, 1),
		merge: listed && p != (Pacing{})}
	return nil
}

// AddInline makes the outbox send name's messages as soon as they are
// stored, in the goroutine that stored them, one at a time in the order
// stored, neither paced nor merged: the console's lane, whose replies
// are printed before the next line is read, through the same store and
// records as every platform's.
func (o *Outbox) AddInline(name string, out Sender) error {
	if err := o.Add(name, out); err != nil {
		return err
	}
	l := o.lane(name)
	l.inline, l.merge, l.pace = true, false, newPacer(Pacing{})
	return nil
}

func (o *Outbox) lane(platform string) *lane {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.lanes[platform]
}

// Send implements Sender: the message is stored, and the platform's sender
// loop is woken. It fails only when the message could not be stored.
func (o *Outbox) Send(ctx context.Context, chat Chat, r Reply) error {
	l := o.lane(chat.Platform)
	if l == nil {
		return &SendError{Permanent: true, Err: fmt.Errorf("outbox: no platform %q for chat %s", chat.Platform, chat.Key())}
	}
	if err := o.cfg.Store.Enqueue(ctx, chat, r, o.cfg.Now()); err != nil {
		return o.sendUnstored(ctx, l, chat, r, err)
	}
	o.queued(ctx, l, chat)
	return nil
}

// queued wakes the lane that is to send a message just stored to chat.
func (o *Outbox) queued(ctx context.Context, l *lane, chat Chat) {
	if afterCommit(ctx, func() { o.queued(ctx, l, chat) }) {
		return // stored in a command's enclosure: not readable before its commit
	}
	if l.inline {
		o.drain(ctx, l, chat)
		return
	}
	l.markQueued(chat)
	l.poke()
}

// Stored implements Waker: it wakes the senders of chats whose messages
// were stored by someone else than Send (a Finisher, with the record of
// the command they answer). An inline lane's were stored as sent: it
// prints them now, in the order given.
func (o *Outbox) Stored(held ...Held) {
	for _, h := range held {
		l := o.lane(h.Chat.Platform)
		switch {
		case l == nil:
		case l.inline:
			o.print(l, h)
		default:
			l.markQueued(h.Chat)
			l.poke()
		}
	}
}

// Inline reports whether platform's lane is inline (see AddInline): a
// Finisher stores its messages as sent, and Stored prints them.
func (o *Outbox) Inline(platform string) bool {
	l := o.lane(platform)
	return l != nil && l.inline
}

// print sends one message of an inline lane that is stored as sent.
func (o *Outbox) print(l *lane, h Held) {
	l.sending.Lock()
	defer l.sending.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), o.cfg.SendTimeout)
	defer cancel()
	if err := l.out.Send(ctx, h.Chat, h.Reply); err != nil {
		o.cfg.Log.Error("outbox: a message stored as sent was not printed", "chat", h.Chat.Key(), "err", err)
	}
}

// sendUnstored sends a message the database could not take (locked past
// its busy timeout, unreachable) straight to the platform, once: the
// person still hears, above all the apology for the failure that very
// database caused, rather than silence. It bypasses pacing and retries,
// which need the database.
func (o *Outbox) sendUnstored(ctx context.Context, l *lane, chat Chat, r Reply, cause error) error {
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.cfg.SendTimeout)
	defer cancel()
	if err := l.out.Send(sendCtx, chat, r); err != nil {
		return fmt.Errorf("outbox: store message for %s: %w; sending it directly failed too: %v", chat.Key(), cause, err)
	}
	o.cfg.Log.Warn("outbox: message sent without storing it", "chat", chat.Key(), "err", cause)
	return nil
}

// markQueued notes that this process queued a message to chat.
func (l *lane) markQueued(chat Chat) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.queued == nil {
		l.queued = map[string]Chat{}
	}
	l.queued[chat.ID] = chat
}

func (l *lane) takeQueued() map[string]Chat {
	l.mu.Lock()
	defer l.mu.Unlock()
	q := l.queued
	l.queued = nil
	return q
}

func (l *lane) poke() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx is done. A message being sent then is finished and
// recorded; the rest stay stored and are sent after the next start.
func (o *Outbox) Run(ctx context.Context) error {
	o.mu.Lock()
	lanes := make([]*lane, 0, len(o.lanes))
	for _, l := range o.lanes {
		lanes = append(lanes, l)
	}
	o.mu.Unlock()
	var wg sync.WaitGroup
	for _, l := range lanes {
		wg.Go(func() { o.runLane(ctx, l) })
	}
	wg.Wait()
	return nil
}

// RunLane sends one platform's messages until ctx is done. With replicas
// it runs only in the replica serving that platform, so one process paces
// each platform (and WeChat sends from the one logged-in session).
func (o *Outbox) RunLane(ctx context.Context, platform string) {
	if l := o.lane(platform); l != nil {
		o.runLane(ctx, l)
	}
}

// Flush waits until no message of any platform is left to send (failed
// ones aside), for tests and for a shutdown that should drain.
func (o *Outbox) Flush(ctx context.Context) error {
	o.mu.Lock()
	names := make([]string, 0, len(o.lanes))
	for n := range o.lanes {
		names = append(names, n)
	}
	o.mu.Unlock()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		left := 0
		for _, n := range names {
			k, err := o.cfg.Store.Unsent(ctx, n)
			if err != nil {
				return fmt.Errorf("outbox: flush: %w", err)
			}
			left += k
		}
		if left == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("outbox: flush: %d messages unsent: %w", left, ctx.Err())
		case <-tick.C:
		}
	}
}

// idle is what step returns when nothing at all waits to be sent.
const idle = time.Duration(-1)

func (o *Outbox) runLane(ctx context.Context, l *lane) {
	for ctx.Err() == nil {
		wait, err := o.stepLane(ctx, l)
		if err != nil {
			o.cfg.Log.Error("outbox: sender loop", "platform", l.name, "err", err)
			wait = o.cfg.Backoff
		}
		if wait == 0 {
			continue
		}
		var timer <-chan time.Time
		switch {
		case wait > 0 && o.cfg.Poll > 0:
			timer = o.cfg.After(min(wait, o.cfg.Poll))
		case wait > 0:
			timer = o.cfg.After(wait)
		case o.cfg.Poll > 0:
			timer = o.cfg.After(o.cfg.Poll)
		}
		select {
		case <-ctx.Done():
		case <-l.wake:
		case <-timer:
		}
	}
}
