package bot_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
)

// newFakeClock is the outboxes' clock in these tests: its After moves time
// on at once, so pacing of minutes runs in microseconds, and what the
// outbox waited is visible.
func newFakeClock() *bottest.Clock {
	return bottest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
}

// limitedChat is a platform that enforces Telegram's limits with the fake
// clock and answers 429 when they are broken; fail decides other failures.
type limitedChat struct {
	mu      sync.Mutex
	clock   func() time.Time
	limits  bot.Pacing
	fail    func(n int, r bot.Reply) error
	tries   int
	got     map[string][]string // chat → texts delivered, in order
	buttons map[string][]bot.Button
	named   map[string][]string // chat → the person each message names, if any
	at      map[string][]time.Time
	all     []time.Time
	flood   int // 429s answered
}

func newLimitedChat(clock func() time.Time, limits bot.Pacing) *limitedChat {
	return &limitedChat{clock: clock, limits: limits, got: map[string][]string{}, at: map[string][]time.Time{},
		buttons: map[string][]bot.Button{}, named: map[string][]string{}}
}

func (p *limitedChat) Pacing() bot.Pacing { return p.limits }

func (p *limitedChat) Send(_ context.Context, c bot.Chat, r bot.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tries++
	if p.fail != nil {
		if err := p.fail(p.tries, r); err != nil {
			return err
		}
	}
	now := p.clock()
	if p.tooFast(c, now) {
		p.flood++
		return &bot.SendError{RetryAfter: 3, Err: errors.New("429 Too Many Requests")}
	}
	p.got[c.ID] = append(p.got[c.ID], r.Text)
	p.buttons[c.ID] = append(p.buttons[c.ID], r.Buttons...)
	name := ""
	if r.Mention != nil {
		name = r.Mention.Name
	}
	p.named[c.ID] = append(p.named[c.ID], name)
	p.at[c.ID] = append(p.at[c.ID], now)
	p.all = append(p.all, now)
	return nil
}

func (p *limitedChat) tooFast(c bot.Chat, now time.Time) bool {
	within := func(ts []time.Time, span time.Duration) int {
		n := 0
		for _, t := range ts {
			if now.Sub(t) < span {
				n++
			}
		}
		return n
	}
	prev := p.at[c.ID]
	if len(prev) > 0 && now.Sub(prev[len(prev)-1]) < p.limits.PerChat {
		return true
	}
	if c.Group && p.limits.GroupPerMinute > 0 && within(prev, time.Minute) >= p.limits.GroupPerMinute {
		return true
	}
	return p.limits.PerSecond > 0 && within(p.all, time.Second) >= p.limits.PerSecond
}

var telegramLimits = bot.Pacing{PerChat: time.Second, GroupPerMinute: 20, PerSecond: 30}

func tgGroup(id string) bot.Chat { return bot.Chat{Platform: "tg", ID: id, Title: id, Group: true} }

func startOutbox(t *testing.T, cfg bot.OutboxConfig, out bot.Sender) *bot.Outbox {
	t.Helper()
	ob := newOutbox(t, cfg, out)
	runOutbox(t, ob)
	return ob
}

// newOutbox builds an outbox that does not send until runOutbox.
func newOutbox(t *testing.T, cfg bot.OutboxConfig, out bot.Sender) *bot.Outbox {
	t.Helper()
	ob, err := bot.NewOutbox(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.Add("tg", out); err != nil {
		t.Fatal(err)
	}
	return ob
}

func runOutbox(t *testing.T, ob *bot.Outbox) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ob.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func flush(t *testing.T, ob *bot.Outbox) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := ob.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

func sendAll(t *testing.T, ob *bot.Outbox, chat bot.Chat, n int, prefix string) {
	t.Helper()
	for i := range n {
		if err := ob.Send(context.Background(), chat, bot.Reply{Text: fmt.Sprintf("%s%d", prefix, i)}); err != nil {
			t.Fatal(err)
		}
	}
}

func wantInOrder(t *testing.T, got []string, n int, prefix string) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("delivered %d messages, want %d: %v", len(got), n, got)
	}
	for i, s := range got {
		if s != fmt.Sprintf("%s%d", prefix, i) {
			t.Fatalf("message %d is %q: lost, repeated or out of order: %v", i, s, got)
		}
	}
}

func TestOutboxBurstToOneGroupKeepsTelegramLimits(t *testing.T) {
	clock := newFakeClock()
	start := clock.Now()
	chat := newLimitedChat(clock.Now, telegramLimits)
	store := bottest.NewOutbox()
	// Both bursts wait before sending starts, so the test does not depend
	// on how far the sender gets while the second is being queued.
	ob := newOutbox(t, bot.OutboxConfig{Store: store, Now: clock.Now, After: clock.After}, chat)
	sendAll(t, ob, tgGroup("g1"), 100, "m")
	sendAll(t, ob, tgGroup("g2"), 5, "other")
	runOutbox(t, ob)
	flush(t, ob)
	if chat.flood != 0 {
		t.Errorf("the outbox caused %d flood-control refusals, want 0", chat.flood)
	}
	wantInOrder(t, chat.got["g1"], 100, "m")
	wantInOrder(t, chat.got["g2"], 5, "other")
	// 20 a minute: the 100th message cannot go before 4 minutes have passed.
	if took := chat.at["g1"][99].Sub(start); took < 4*time.Minute || took > 6*time.Minute {
		t.Errorf("100 messages to one group took %v of platform time, want about 5 minutes", took)
	}
	// the other group is not stuck behind the burst
	if chat.at["g2"][4].After(chat.at["g1"][20]) {
		t.Errorf("the second group waited for the first group's burst")
	}
}

func TestOutboxRetriesServerErrorsDeliveringEachOnce(t *testing.T) {
	clock := newFakeClock()
	chat := newLimitedChat(clock.Now, bot.Pacing{})
	chat.fail = func(n int, _ bot.Reply) error {
		if n%3 == 0 {
			return errors.New("internal server error: 500")
		}
		return nil
	}
	ob := startOutbox(t, bot.OutboxConfig{Store: bottest.NewOutbox(), Now: clock.Now, After: clock.After}, chat)
	sendAll(t, ob, tgGroup("g1"), 30, "a")
	sendAll(t, ob, tgGroup("g2"), 30, "b")
	flush(t, ob)
	wantInOrder(t, chat.got["g1"], 30, "a")
	wantInOrder(t, chat.got["g2"], 30, "b")
}

func TestOutboxHonoursRetryAfter(t *testing.T) {
	clock := newFakeClock()
	chat := newLimitedChat(clock.Now, bot.Pacing{})
	var asked time.Time
	chat.fail = func(n int, _ bot.Reply) error {
		if n == 1 {
			asked = clock.Now()
			return &bot.SendError{RetryAfter: 7, Err: errors.New("429")}
		}
		return nil
	}
	ob := startOutbox(t, bot.OutboxConfig{Store: bottest.NewOutbox(), Now: clock.Now, After: clock.After}, chat)
	sendAll(t, ob, tgGroup("g1"), 2, "x")
	flush(t, ob)
	wantInOrder(t, chat.got["g1"], 2, "x")
	if waited := chat.at["g1"][0].Sub(asked); waited < 7*time.Second {
		t.Errorf("resent %v after a 429 asking for 7s", waited)
	}
}

func TestOutboxBacksOffExponentiallyWithACap(t *testing.T) {
	clock := newFakeClock()
	chat := newLimitedChat(clock.Now, bot.Pacing{})
	var tries []time.Time
	chat.fail = func(n int, _ bot.Reply) error {
		tries = append(tries, clock.Now())
		if n <= 6 {
			return errors.New("connection reset")
		}
		return nil
	}
	ob := startOutbox(t, bot.OutboxConfig{Store: bottest.NewOutbox(), Now: clock.Now, After: clock.After,
		Backoff: time.Second, MaxBackoff: 8 * time.Second}, chat)
	sendAll(t, ob, tgGroup("g1"), 1, "x")
	flush(t, ob)
	want := []time.Duration{1, 2, 4, 8, 8, 8}
	for i, w := range want {
		if gap := tries[i+1].Sub(tries[i]); gap != w*time.Second {
			t.Errorf("wait before try %d = %v, want %v", i+2, gap, w*time.Second)
		}
	}
}

func TestOutboxPermanentFailureIsReportedAndOthersGoOn(t *testing.T) {
	clock := newFakeClock()
	chat := newLimitedChat(clock.Now, bot.Pacing{})
	chat.fail = func(_ int, r bot.Reply) error {
		if r.Text == "kicked0" || r.Text == "kicked1" {
			return &bot.SendError{Permanent: true, Err: errors.New("Forbidden: bot was kicked from the group chat")}
		}
		return nil
	}
	var mu sync.Mutex
	var gone []string
	store := bottest.NewOutbox()
	ob := startOutbox(t, bot.OutboxConfig{Store: store, Now: clock.Now, After: clock.After,
		OnPermanent: func(_ context.Context, c bot.Chat, err error) {
			mu.Lock()
			defer mu.Unlock()
			gone = append(gone, c.ID)
		}}, chat)
	sendAll(t, ob, tgGroup("kicked"), 2, "kicked")
	sendAll(t, ob, tgGroup("fine"), 3, "f")
	flush(t, ob)
	wantInOrder(t, chat.got["fine"], 3, "f")
	mu.Lock()
	defer mu.Unlock()
	if len(gone) != 2 || gone[0] != "kicked" {
		t.Errorf("OnPermanent told about %v, want the kicked group for each of its messages", gone)
	}
	if store.Count("failed") != 2 || chat.tries != 5 {
		t.Errorf("failed = %d, tries = %d; want 2 failed, no retries of a permanent failure", store.Count("failed"), chat.tries)
	}
}

func TestOutboxSendsAfterRestartWhatWasLeft(t *testing.T) {
	store := bottest.NewOutbox()
	first, err := bot.NewOutbox(bot.OutboxConfig{Store: store})
	if err != nil {
		t.Fatal(err)
	}
	first.Add("tg", newLimitedChat(time.Now, bot.Pacing{}))
	// the first process queued 50 messages and stopped before sending any
	sendAll(t, first, tgGroup("g1"), 50, "r")

	clock := newFakeClock()
	chat := newLimitedChat(clock.Now, bot.Pacing{})
	second := startOutbox(t, bot.OutboxConfig{Store: store, Now: clock.Now, After: clock.After}, chat)
	flush(t, second)
	wantInOrder(t, chat.got["g1"], 50, "r")
}

func TestOutboxReplicasNeverSendOneMessageTwice(t *testing.T) {
	store := bottest.NewOutbox()
	chat := newLimitedChat(time.Now, bot.Pacing{})
	var obs []*bot.Outbox
	for range 4 {
		obs = append(obs, startOutbox(t, bot.OutboxConfig{Store: store, Poll: time.Millisecond}, chat))
	}
	var wg sync.WaitGroup
	for i, ob := range obs {
		wg.Go(func() { sendAll(t, ob, tgGroup(fmt.Sprintf("g%d", i)), 25, "p") })
	}
	wg.Wait()
	for _, ob := range obs {
		flush(t, ob)
	}
	for i := range obs {
		wantInOrder(t, chat.got[fmt.Sprintf("g%d", i)], 25, "p")
	}
}

// slowChat blocks each send until released, to stop the outbox mid-send.
type slowChat struct {
	started, release chan struct{}
	mu               sync.Mutex
	got              []string
}

func (s *slowChat) Send(ctx context.Context, _ bot.Chat, r bot.Reply) error {
	s.started <- struct{}{}
	select {
	case <-s.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, r.Text)
	return nil
}

func TestOutboxShutdownFinishesTheSendInFlight(t *testing.T) {
	store := bottest.NewOutbox()
	ob, _ := bot.NewOutbox(bot.OutboxConfig{Store: store})
	slow := &slowChat{started: make(chan struct{}, 1), release: make(chan struct{})}
	ob.Add("tg", slow)
	sendAll(t, ob, tgGroup("g1"), 2, "s")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ob.Run(ctx); close(done) }()
	<-slow.started
	cancel()
	close(slow.release)
	<-done
	if len(slow.got) != 1 || store.Count("sent") != 1 || store.Count("pending") != 1 {
		t.Errorf("after shutdown mid-send: delivered %v, sent %d, pending %d; want the one in flight sent and recorded, the other kept",
			slow.got, store.Count("sent"), store.Count("pending"))
	}
}

func TestOutboxRefusesAPlatformItDoesNotServe(t *testing.T) {
	ob, _ := bot.NewOutbox(bot.OutboxConfig{Store: bottest.NewOutbox()})
	err := ob.Send(context.Background(), bot.Chat{Platform: "nowhere", ID: "1"}, bot.Reply{Text: "hi"})
	if !bot.IsPermanent(err) {
		t.Errorf("send to an unserved platform: %v, want a permanent error", err)
	}
	ob.Add("tg", newLimitedChat(time.Now, bot.Pacing{}))
	if err := ob.Add("tg", newLimitedChat(time.Now, bot.Pacing{})); err == nil {
		t.Error("adding a platform twice was accepted")
	}
}

// countingStore counts how the outbox reads the queue.
type countingStore struct {
	*bottest.Outbox
	mu          sync.Mutex
	heads, head int
}

func (s *countingStore) Heads(ctx context.Context, platform string) ([]bot.Outgoing, error) {
	s.mu.Lock()
	s.heads++
	s.mu.Unlock()
	return s.Outbox.Heads(ctx, platform)
}

func (s *countingStore) Head(ctx context.Context, chat bot.Chat) (bot.Outgoing, bool, error) {
	s.mu.Lock()
	s.head++
	s.mu.Unlock()
	return s.Outbox.Head(ctx, chat)
}

// A backlog is read whole once, not for every message: reading every
// chat's head walks all that waits (thousands when groups are paced), so
// the sender reads one chat's head after trying it, and a message queued
// behind a head it knows costs no read at all.
func TestOutboxReadsABacklogOnce(t *testing.T) {
	clock := newFakeClock()
	chat := newLimitedChat(clock.Now, telegramLimits)
	store := &countingStore{Outbox: bottest.NewOutbox()}
	ob := newOutbox(t, bot.OutboxConfig{Store: store, Now: clock.Now, After: clock.After}, chat)
	sendAll(t, ob, tgGroup("g1"), 5, "m")
	sendAll(t, ob, tgGroup("g2"), 5, "n")
	runOutbox(t, ob)
	for i := 5; i < 200; i++ {
		if err := ob.Send(context.Background(), tgGroup("g1"), bot.Reply{Text: fmt.Sprint("m", i)}); err != nil {
			t.Fatal(err)
		}
	}
	flush(t, ob)
	wantInOrder(t, chat.got["g1"], 200, "m")
	wantInOrder(t, chat.got["g2"], 5, "n")
	store.mu.Lock()
	defer store.mu.Unlock()
	if store.heads > 2 {
		t.Errorf("every chat's head was read %d times for 205 messages, want once (twice if a read raced the start)", store.heads)
	}
	if sent := 205; store.head > sent+10 {
		t.Errorf("one chat's head was read %d times for %d messages sent, want about once per message", store.head, sent)
	}
}
