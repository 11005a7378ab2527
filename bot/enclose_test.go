package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"linli/bot"
	"linli/bot/bottest"
)

type enclosedKey struct{}

// encloser is a finisher whose commands run enclosed: Enclose marks the
// context, end is counted, and Finish fails with err.
type encloser struct {
	finisher
	err   error
	mu    sync.Mutex
	ends  int
	ended []string // "end" and "finish", in the order they came
}

func (e *encloser) Enclose(ctx context.Context) (context.Context, func()) {
	return context.WithValue(ctx, enclosedKey{}, true), func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.ends++
		e.ended = append(e.ended, "end")
	}
}

func (e *encloser) Finish(ctx context.Context, platform, id string, held []bot.Held) error {
	if err := e.finisher.Finish(ctx, platform, id, held); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if ctx.Value(enclosedKey{}) == nil {
		return fmt.Errorf("finished outside the command's enclosure")
	}
	e.ended = append(e.ended, "finish")
	return e.err
}

func newEncloser(err error, queued func() int) *encloser {
	return &encloser{err: err, finisher: finisher{dedup: dedup{seen: map[string]bool{}}, finished: map[string][]bot.Held{},
		atFinish: map[string]int{}, queued: queued}}
}

// A command whose changes were lost with its record (the one commit
// failed) must not be told it was done: the person gets the apology with
// a reference, not the handler's 「已预订」. The handler ran under the
// enclosure, Finish was given it, and the enclosure was ended once,
// after Finish.
func TestUndoneCommandIsApologisedFor(t *testing.T) {
	out := &sent{}
	e := newEncloser(fmt.Errorf("%w: disk I/O error", bot.ErrUndone), func() int { return 0 })
	var enclosed bool
	rt, err := bot.NewRouter(bot.RouterConfig{Read: read, Directory: directory{}, Out: out, Dedup: e},
		bot.Route{Intent: bot.IntentHelp, Title: "帮助", Usage: "帮助", Handle: func(ctx context.Context, r *bot.Request) error {
			enclosed = ctx.Value(enclosedKey{}) != nil
			return r.Reply(ctx, "已预订 明天午餐 1份")
		}})
	if err != nil {
		t.Fatal(err)
	}
	rt.Deliver(context.Background(), group("张阿姨", "帮助"))
	got := out.texts()
	if len(got) != 1 || strings.Contains(got[0], "已预订") || !strings.Contains(got[0], "没有办成") || !strings.Contains(got[0], "编号 E") {
		t.Fatalf("a command whose change was lost answered %q; want only the apology with its reference", got)
	}
	if !enclosed {
		t.Error("the handler did not run under the command's enclosure")
	}
	if e.ends != 1 || strings.Join(e.ended, ",") != "finish,end" {
		t.Errorf("the enclosure was finished and ended as %v; want finish, then end, once", e.ended)
	}

	e.err = nil
	out.replies = nil
	rt.Deliver(context.Background(), group("李伯伯", "帮助"))
	if got := out.texts(); len(got) != 0 {
		t.Errorf("a command finished well had %q sent past the Finisher, which stores its replies", got)
	}
	if held := e.finished[group("李伯伯", "帮助").ID]; len(held) != 1 || held[0].Reply.Text != "已预订 明天午餐 1份" {
		t.Errorf("held for the Finisher: %+v", held)
	}
}

// A message stored through the Outbox inside an enclosed command (as a
// job's helper would) is not readable by its lane before the command's
// commit: the lane is woken after the Finisher, not before. On an inline
// lane, which prints as soon as it is woken, it is printed after Finish.
func TestOutboxWakesAfterTheEnclosedCommand(t *testing.T) {
	store := bottest.NewOutbox()
	ob, err := bot.NewOutbox(bot.OutboxConfig{Store: store})
	if err != nil {
		t.Fatal(err)
	}
	printed := &bottest.Recorder{}
	if err := ob.AddInline(bot.Console, printed); err != nil {
		t.Fatal(err)
	}
	e := newEncloser(nil, func() int { return len(printed.All()) })
	rt, err := bot.NewRouter(bot.RouterConfig{Read: read, Directory: directory{}, Out: ob, Dedup: e},
		bot.Route{Intent: bot.IntentHelp, Title: "帮助", Usage: "帮助", Handle: func(ctx context.Context, r *bot.Request) error {
			return ob.Send(ctx, bot.Chat{Platform: bot.Console, ID: "社区小王"}, bot.Reply{Text: "提醒"})
		}})
	if err != nil {
		t.Fatal(err)
	}
	m := group("张阿姨", "帮助")
	rt.Deliver(context.Background(), m)
	if n := e.atFinish[m.ID]; n != 0 {
		t.Errorf("%d messages printed before the command was finished; want its lane woken after", n)
	}
	if got := printed.All(); len(got) != 2 || got[0].Reply.Text != "提醒" {
		t.Errorf("printed after the command: %+v; want 提醒 and then 好的", got)
	}
}
