package bot_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"linli/bot"
	"linli/bot/bottest"
)

// finisher is a Deduper that is told of each command finished, with the
// messages held back for it, and stores nothing itself.
type finisher struct {
	dedup
	mu       sync.Mutex
	finished map[string][]bot.Held
	queued   func() int // what the outbox store holds when the command is finished
	atFinish map[string]int
}

func (f *finisher) Finish(_ context.Context, _, id string, held []bot.Held) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.finished[id] = held
	f.atFinish[id] = f.queued()
	return nil
}

func (f *finisher) FinishLater(ctx context.Context, platform, id string, held []bot.Held) func() error {
	err := f.Finish(ctx, platform, id, held)
	return func() error { return err }
}

// While a command is handled, what it says (to its chat or another) is
// kept in the request and given to the Finisher, in the order sent, to
// store with the record of the handling; nothing reaches the outbox's
// store before. A
// message sent after the command finished (from a goroutine it left
// behind) is stored the usual way.
func TestRepliesAreHeldUntilTheCommandIsFinished(t *testing.T) {
	store := bottest.NewOutbox()
	ob, err := bot.NewOutbox(bot.OutboxConfig{Store: store})
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.Add(bot.Console, &sent{}); err != nil {
		t.Fatal(err)
	}
	unsent := func() int { n, _ := store.Unsent(context.Background(), bot.Console); return n }
	f := &finisher{dedup: dedup{seen: map[string]bool{}}, finished: map[string][]bot.Held{}, atFinish: map[string]int{}, queued: unsent}
	other := bot.Chat{Platform: bot.Console, ID: "另一个群", Group: true}
	late := make(chan struct{})
	lateDone := make(chan error)
	rt, err := bot.NewRouter(bot.RouterConfig{Read: read, Directory: directory{}, Out: ob, Dedup: f},
		bot.Route{Intent: bot.IntentHelp, Title: "帮助", Usage: "帮助", Handle: func(ctx context.Context, r *bot.Request) error {
			if err := r.Reply(ctx, "第一条"); err != nil {
				return err
			}
			go func() {
				<-late
				lateDone <- r.Send(ctx, r.Msg.Chat, bot.Reply{Text: "后来的一条"})
			}()
			if err := r.Send(ctx, other, bot.Reply{Text: "给另一个群"}); err != nil {
				return err
			}
			return r.Reply(ctx, "第二条")
		}})
	if err != nil {
		t.Fatal(err)
	}
	m := group("张阿姨", "帮助")
	rt.Deliver(context.Background(), m)
	held := f.finished[m.ID]
	if len(held) != 3 || held[0].Reply.Text != "第一条" || held[1].Chat != other || held[2].Reply.Text != "第二条" || held[0].Chat != m.Chat {
		t.Fatalf("held for the finisher: %+v, want 第一条, one to the other group and 第二条", held)
	}
	if n := f.atFinish[m.ID]; n != 0 {
		t.Errorf("%d messages reached the outbox's store before the command was finished", n)
	}
	close(late)
	if err := <-lateDone; err != nil {
		t.Fatal(err)
	}
	if n := unsent(); n != 1 {
		t.Errorf("a message sent after the command finished: %d stored, want 1", n)
	}
}

// slowFinisher records commands only when let go.
type slowFinisher struct {
	dedup
	release  chan struct{}
	recorded atomic.Int32
}

func (f *slowFinisher) Finish(_ context.Context, _, _ string, _ []bot.Held) error {
	<-f.release
	f.recorded.Add(1)
	return nil
}

func (f *slowFinisher) FinishLater(_ context.Context, _, _ string, _ []bot.Held) func() error {
	done := make(chan struct{})
	go func() { <-f.release; f.recorded.Add(1); close(done) }()
	return func() error { <-done; return nil }
}

// Handle returns before the command is recorded, and each Pending's Wait
// returns only once its command is: a platform confirms its batch after
// waiting for every message of it, never before.
func TestPendingWaitsForTheRecord(t *testing.T) {
	f := &slowFinisher{dedup: dedup{seen: map[string]bool{}}, release: make(chan struct{})}
	rt, err := bot.NewRouter(bot.RouterConfig{Read: read, Directory: directory{}, Out: &sent{}, Dedup: f},
		bot.Route{Intent: bot.IntentHelp, Title: "帮助", Usage: "帮助", Handle: func(ctx context.Context, r *bot.Request) error {
			return r.Reply(ctx, "好")
		}})
	if err != nil {
		t.Fatal(err)
	}
	var pending []bot.Pending
	for _, who := range []string{"张阿姨", "李叔", "王奶奶"} {
		// returns although nothing is recorded yet
		pending = append(pending, rt.Handle(context.Background(), group(who, "帮助")))
	}
	waited := make(chan struct{})
	go func() {
		for _, p := range pending {
			p.Wait()
		}
		close(waited)
	}()
	select {
	case <-waited:
		t.Fatal("Wait returned before any command was recorded")
	default:
	}
	close(f.release)
	<-waited
	if n := f.recorded.Load(); n != 3 {
		t.Errorf("Wait returned with %d of 3 commands recorded", n)
	}
}
