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

func (f *finisher) Finished(_ context.Context, _, id string, held []bot.Held, done func()) {
	if done != nil {
		defer done()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.finished[id] = held
	f.atFinish[id] = f.queued()
}

// While a command is handled, what it sends through an outbox is held
// back and given to the Finisher, in the order sent, to store with the
// record of the handling; nothing reaches the outbox's store before. A
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
	late := make(chan struct{})
	lateDone := make(chan error)
	rt, err := bot.NewRouter(bot.RouterConfig{Read: read, Directory: directory{}, Out: ob, Dedup: f},
		bot.Route{Intent: bot.IntentHelp, Title: "帮助", Usage: "帮助", Handle: func(ctx context.Context, r *bot.Request) error {
			if err := r.Reply(ctx, "第一条"); err != nil {
				return err
			}
			go func() {
				<-late
				lateDone <- ob.Send(ctx, r.Msg.Chat, bot.Reply{Text: "后来的一条"})
			}()
			return r.Reply(ctx, "第二条")
		}})
	if err != nil {
		t.Fatal(err)
	}
	m := group("张阿姨", "帮助")
	rt.Deliver(context.Background(), m)
	held := f.finished[m.ID]
	if len(held) != 2 || held[0].Reply.Text != "第一条" || held[1].Reply.Text != "第二条" || held[0].Chat != m.Chat {
		t.Fatalf("held for the finisher: %+v, want 第一条 and 第二条 to the group", held)
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

func (f *slowFinisher) Finished(_ context.Context, _, _ string, _ []bot.Held, done func()) {
	record := func() { <-f.release; f.recorded.Add(1) }
	if done == nil {
		record()
		return
	}
	go func() { record(); done() }()
}

// Under a Settlement, Deliver returns before the command is recorded, and
// the settlement's Wait returns only once every command delivered under
// it is: a platform confirms its batch after Wait, never before.
func TestSettlementWaitsForEveryRecord(t *testing.T) {
	f := &slowFinisher{dedup: dedup{seen: map[string]bool{}}, release: make(chan struct{})}
	rt, err := bot.NewRouter(bot.RouterConfig{Read: read, Directory: directory{}, Out: &sent{}, Dedup: f},
		bot.Route{Intent: bot.IntentHelp, Title: "帮助", Usage: "帮助", Handle: func(ctx context.Context, r *bot.Request) error {
			return r.Reply(ctx, "好")
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, settle := bot.WithSettlement(context.Background())
	for _, who := range []string{"张阿姨", "李叔", "王奶奶"} {
		rt.Deliver(ctx, group(who, "帮助")) // returns although nothing is recorded yet
	}
	waited := make(chan struct{})
	go func() { settle.Wait(); close(waited) }()
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
