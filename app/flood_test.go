package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
	"linli/bot/wechat"
)

// wechatFake is a WeChat account as the outbox sees it: WeChat's default
// pacing (one account's budget shared by every chat), and a record of
// what was sent where, and when by the clock.
type wechatFake struct {
	clock *bottest.Clock
	mu    sync.Mutex
	sent  map[string][]string
	at    map[string][]time.Time
}

func (w *wechatFake) Name() string                                     { return bot.WeChat }
func (w *wechatFake) Pacing() bot.Pacing                               { return wechat.DefaultPacing() }
func (w *wechatFake) Run(ctx context.Context, _ bot.DeliverFunc) error { <-ctx.Done(); return nil }

func (w *wechatFake) Send(_ context.Context, chat bot.Chat, r bot.Reply) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sent[chat.ID] = append(w.sent[chat.ID], r.Text)
	w.at[chat.ID] = append(w.at[chat.ID], w.clock.Now())
	return nil
}

// sendOnFakeClock puts the app's WeChat messages behind an outbox on the
// test's clock (the app's own paces on the real clock, which would make
// WeChat's seconds real seconds). The switchboard is the one map the
// handlers and the router send through, so they use it from now on.
func sendOnFakeClock(t *testing.T, a *app, p *wechatFake) *bot.Outbox {
	t.Helper()
	ob, err := bot.NewOutbox(bot.OutboxConfig{Store: outboxStore{a.store}, Now: p.clock.Now, After: p.clock.After})
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.Add(bot.WeChat, p); err != nil {
		t.Fatal(err)
	}
	a.out.(bot.Switchboard)[bot.WeChat] = ob
	return ob
}

// wechatRig is the app with WeChat as its only platform, on a fake clock.
type wechatRig struct {
	a     *app
	clock *bottest.Clock
	fake  *wechatFake
	ob    *bot.Outbox
	n     int
}

func newWeChatRig(t *testing.T) *wechatRig {
	t.Helper()
	clock := bottest.NewClock(time.Now().Truncate(time.Second))
	fake := &wechatFake{clock: clock, sent: map[string][]string{}, at: map[string][]time.Time{}}
	cfg := demoConfig()
	cfg.Console.Enabled = false
	cfg.Database.DSN = filepath.Join(t.TempDir(), "linli.db")
	a, err := New(context.Background(), fakesOnly(cfg), Options{Now: clock.Now, Platforms: []bot.Platform{fake}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.close() })
	return &wechatRig{a: a, clock: clock, fake: fake, ob: sendOnFakeClock(t, a, fake)}
}

// say delivers a message as the WeChat adapter would, and returns when.
func (w *wechatRig) say(chat bot.Chat, who, text string) time.Time {
	w.n++
	u := bot.User{Platform: bot.WeChat, ID: wechat.PersonID(who), Name: who}
	at := w.clock.Now()
	w.a.router.Deliver(context.Background(), bot.Message{ID: fmt.Sprint("w", w.n), Chat: chat, Sender: u, Text: text, At: at})
	return at
}

// send runs the outbox until everything queued is sent.
func (w *wechatRig) send(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.ob.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	flushed, stop := context.WithTimeout(context.Background(), 20*time.Second)
	defer stop()
	if err := w.ob.Flush(flushed); err != nil {
		t.Fatal(err)
	}
}

// servedWithin checks that chat got one reply, within 30 s of asked.
func (w *wechatRig) servedWithin(t *testing.T, chat bot.Chat, asked time.Time) {
	t.Helper()
	w.fake.mu.Lock()
	defer w.fake.mu.Unlock()
	if len(w.fake.at[chat.ID]) != 1 {
		t.Fatalf("%s got %q, want one answer", chat.Title, w.fake.sent[chat.ID])
	}
	waited := w.fake.at[chat.ID][0].Sub(asked)
	t.Logf("%s's 帮助 went out after %v", chat.Title, waited)
	if waited > 30*time.Second {
		t.Errorf("%s's 帮助 went out %v after it was asked, want within 30 s", chat.Title, waited)
	}
}

var (
	wxFlooded = bot.Chat{Platform: bot.WeChat, ID: "@@flooded", Title: "8号楼业主群", Group: true}
	wxOther   = bot.Chat{Platform: bot.WeChat, ID: "@@other", Title: "1号楼群", Group: true}
	wxPrivate = bot.Chat{Platform: bot.WeChat, ID: wechat.PersonID("王阿姨"), Title: "王阿姨"}
)

// One resident sends 帮助 300 times into a WeChat group, one a second.
// They get a few replies (the answer, one 「请稍等再发」), not 300; and
// another group's 帮助 and a private one, sent after the flood, go out
// within 30 s though every chat shares the one account's pace.
func TestFloodOnWeChatGetsAFewRepliesAndOthersAreServed(t *testing.T) {
	w := newWeChatRig(t)
	for range 300 {
		w.say(wxFlooded, "阿强", "帮助")
		w.clock.Advance(time.Second)
	}
	other := w.say(wxOther, "李叔", "帮助")
	private := w.say(wxPrivate, "王阿姨", "帮助")
	w.send(t)
	w.fake.mu.Lock()
	got := w.fake.sent[wxFlooded.ID]
	w.fake.mu.Unlock()
	t.Logf("300 帮助 from one person drew %d replies", len(got))
	if len(got) == 0 || !strings.Contains(got[0], "看菜单") {
		t.Errorf("the first 帮助 was not answered with the help: %q", got)
	}
	if len(got) > 10 {
		t.Errorf("300 帮助 from one person drew %d replies, want at most 10", len(got))
	}
	w.servedWithin(t, wxOther, other)
	w.servedWithin(t, wxPrivate, private)
}

// A crowd is not a flood: 300 residents each asking once in one group are
// all answered, and still another group and a private chat are not held
// back behind them (the outbox serves chats in turn).
func TestCrowdInOneWeChatGroupDoesNotHoldOthersBack(t *testing.T) {
	w := newWeChatRig(t)
	for i := range 300 {
		w.say(wxFlooded, fmt.Sprint("住户", i), "帮助")
	}
	other := w.say(wxOther, "李叔", "帮助")
	private := w.say(wxPrivate, "王阿姨", "帮助")
	w.send(t)
	w.fake.mu.Lock()
	got := strings.Join(w.fake.sent[wxFlooded.ID], "\n")
	messages := len(w.fake.sent[wxFlooded.ID])
	w.fake.mu.Unlock()
	// The answers waiting for the group go out merged, each after its
	// person's @name: count the answers (each help lists 看菜单 once), and
	// that nobody is answered twice.
	if n := strings.Count(got, "看菜单"); n != 300 {
		t.Errorf("300 residents asking once drew %d answers (in %d messages), want every one answered", n, messages)
	}
	for i := range 300 {
		if n := strings.Count(got, fmt.Sprint("@住户", i, "\u2005")); n > 1 {
			t.Errorf("住户%d was answered %d times", i, n)
		}
	}
	t.Logf("300 answers in %d messages", messages)
	w.servedWithin(t, wxOther, other)
	w.servedWithin(t, wxPrivate, private)
}
