package telegram_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
	"linli/bot/telegram"
	"linli/bot/telegram/telegramtest"
)

var (
	zhang  = telegramtest.User{ID: 42, FirstName: "张", LastName: "阿姨"}
	li     = telegramtest.User{ID: 43, FirstName: "Li", LastName: "Wei"}
	robot  = telegramtest.User{ID: 99, FirstName: "OtherBot", IsBot: true}
	group8 = telegramtest.Chat{ID: -4001, Type: "group", Title: "8号楼业主群"}
)

// inbox collects what the adapter delivers.
type inbox struct {
	mu   sync.Mutex
	msgs []bot.Message
	more chan struct{}
}

func newInbox() *inbox { return &inbox{more: make(chan struct{}, 1000)} }

func (in *inbox) deliver(_ context.Context, m bot.Message) bot.Pending {
	in.mu.Lock()
	in.msgs = append(in.msgs, m)
	in.mu.Unlock()
	in.more <- struct{}{}
	return bot.Pending{}
}

// waitFor waits until n messages were delivered in all.
func (in *inbox) waitFor(t *testing.T, n int) []bot.Message {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		in.mu.Lock()
		got := append([]bot.Message(nil), in.msgs...)
		in.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-in.more:
		case <-deadline:
			t.Fatalf("delivered %d messages, want %d: %+v", len(got), n, got)
		}
	}
}

// newFake starts a fake Bot API that closes after the adapters using it
// have stopped (cleanups run last-registered first).
func newFake(t *testing.T) *telegramtest.Server {
	fake := telegramtest.New()
	t.Cleanup(fake.Close)
	return fake
}

type setup struct {
	cfg      telegram.Config
	commands []telegram.Command
	migrate  func(ctx context.Context, oldID, newID string) error
}

// start runs an adapter against the fake until the test ends.
func start(t *testing.T, fake *telegramtest.Server, deliver bot.DeliverFunc, s setup) *telegram.Adapter {
	t.Helper()
	cfg := s.cfg
	cfg.Token, cfg.APIServer = telegramtest.Token, fake.URL
	if cfg.PollTimeout == 0 {
		cfg.PollTimeout = 2 * time.Second
	}
	cfg.Commands, cfg.OnMigrate = func() []telegram.Command { return s.commands }, s.migrate
	a, err := telegram.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, deliver) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return a
}

func TestIncomingMessagesAreTranslated(t *testing.T) {
	fake := newFake(t)
	in := newInbox()
	start(t, fake, in.deliver, setup{})

	fake.Push(telegramtest.Message(group8, zhang, "/help@LinliTestBot"))
	fake.Push(telegramtest.Message(group8, zhang, "/help@OtherBot"))
	fake.Push(telegramtest.Message(group8, robot, "帮助"))
	fake.Push(map[string]any{"edited_message": telegramtest.MessageBody(group8, zhang, 1, "帮助")})
	fake.Push(telegramtest.Message(group8, li, "@linlitestbot 菜单"))
	fake.Push(telegramtest.Message(group8, zhang, "问问 @wang_ayi 明天去吗"))
	photo := telegramtest.MessageBody(group8, zhang, telegramtest.NextMessageID(), "")
	delete(photo, "text")
	photo["caption"] = "建议 楼道灯坏了"
	photo["photo"] = []map[string]any{{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}}
	fake.Push(map[string]any{"message": photo})
	reply := telegramtest.MessageBody(group8, li, telegramtest.NextMessageID(), "好的 谢谢")
	reply["reply_to_message"] = map[string]any{"message_id": 7, "date": 1, "chat": map[string]any{"id": group8.ID, "type": "group"},
		"from": map[string]any{"id": telegramtest.BotID, "is_bot": true, "first_name": "邻里"}}
	fake.Push(map[string]any{"message": reply})
	tm := telegramtest.MessageBody(group8, zhang, telegramtest.NextMessageID(), "设置楼组长 王阿姨")
	tm["entities"] = []map[string]any{{"type": "text_mention", "offset": 6, "length": 3,
		"user": map[string]any{"id": 44, "is_bot": false, "first_name": "王阿姨"}}}
	fake.Push(map[string]any{"message": tm})
	fake.Push(telegramtest.Message(telegramtest.Chat{ID: 42, Type: "private"}, zhang, "我的订餐"))

	all := in.waitFor(t, 7)
	// chats are handled side by side: order holds within a chat only
	var got []bot.Message
	var private bot.Message
	for _, m := range all {
		if m.Chat.Group {
			got = append(got, m)
		} else {
			private = m
		}
	}
	got = append(got, private)
	want := []struct {
		text      string
		mentioned bool
		group     bool
	}{
		{"/help", false, true}, {"菜单", true, true}, {"问问 @wang_ayi 明天去吗", false, true},
		{"建议 楼道灯坏了", false, true}, {"好的 谢谢", true, true}, {"设置楼组长 王阿姨", false, true}, {"我的订餐", false, false},
	}
	for i, w := range want {
		m := got[i]
		if m.Text != w.text || m.Mentioned != w.mentioned || m.Chat.Group != w.group {
			t.Errorf("message %d = %q mentioned=%v group=%v; want %q %v %v", i, m.Text, m.Mentioned, m.Chat.Group, w.text, w.mentioned, w.group)
		}
	}
	if m := got[0]; m.Chat.ID != "-4001" || m.Chat.Platform != bot.Telegram || m.Chat.Title != "8号楼业主群" ||
		m.Sender.ID != "42" || m.Sender.Name != "张阿姨" || !strings.HasPrefix(m.ID, "-4001:") {
		t.Errorf("first message identity = %+v", m)
	}
	if got[1].Sender.Name != "Li Wei" {
		t.Errorf("latin name = %q, want \"Li Wei\"", got[1].Sender.Name)
	}
	if ms := got[2].Mentions; len(ms) != 1 || ms[0].Name != "wang_ayi" {
		t.Errorf("mentions = %+v, want wang_ayi", ms)
	}
	if ms := got[5].Mentions; len(ms) != 1 || ms[0].ID != "44" || ms[0].Name != "王阿姨" {
		t.Errorf("text mention = %+v, want user 44 王阿姨", ms)
	}
	if p := got[6]; p.Chat.ID != "42" || p.Chat != bot.PrivateChat(p.Sender) {
		t.Errorf("private chat = %+v, want the private chat of %+v", p.Chat, p.Sender)
	}
}

func TestOffsetMovesOnOnlyAfterTheUpdateWasHandled(t *testing.T) {
	fake := newFake(t)
	release := make(chan struct{})
	handled := make(chan string, 2)
	start(t, fake, bottest.Delivering(func(_ context.Context, m bot.Message) {
		<-release
		handled <- m.Text
	}), setup{})
	id := fake.Push(telegramtest.Message(group8, zhang, "帮助"))
	time.Sleep(300 * time.Millisecond) // the adapter holds the update, handling it
	if fake.Pending() != 1 {
		t.Fatalf("the update was confirmed before it was handled")
	}
	close(release)
	<-handled
	deadline := time.Now().Add(5 * time.Second)
	for fake.Pending() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	offsets, timeouts := fake.Polls()
	if fake.Pending() != 0 || offsets[len(offsets)-1] != id+1 {
		t.Errorf("after handling, offsets %v; want the last to be %d", offsets, id+1)
	}
	if timeouts[0] != 2 {
		t.Errorf("getUpdates timeout = %d, want the configured 2s long poll", timeouts[0])
	}
}

func TestRedeliveredUpdateIsNotHandledAgain(t *testing.T) {
	fake := newFake(t)
	in := newInbox()
	start(t, fake, in.deliver, setup{})
	id := fake.Push(telegramtest.Message(group8, zhang, "帮助"))
	in.waitFor(t, 1)
	fake.Redeliver(id)
	fake.Push(telegramtest.Message(group8, zhang, "菜单"))
	in.waitFor(t, 2)
	time.Sleep(100 * time.Millisecond)
	if got := in.waitFor(t, 2); len(got) != 2 || got[1].Text != "菜单" {
		t.Errorf("delivered %+v; the redelivered update was handled again", got)
	}
}

func TestDoubleTapActsOnce(t *testing.T) {
	fake := newFake(t)
	in := newInbox()
	var mu sync.Mutex
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	start(t, fake, in.deliver, setup{cfg: telegram.Config{Now: clock}})
	fake.Push(telegramtest.Callback("q1", group8, zhang, 77, "报名 E3"))
	fake.Push(telegramtest.Callback("q2", group8, zhang, 77, "报名 E3"))
	fake.Push(telegramtest.Callback("q3", group8, li, 77, "报名 E3")) // someone else: acts
	in.waitFor(t, 2)
	mu.Lock()
	now = now.Add(10 * time.Second)
	mu.Unlock()
	fake.Push(telegramtest.Callback("q4", group8, zhang, 77, "报名 E3")) // much later: acts
	got := in.waitFor(t, 3)
	if got[0].Text != "报名 E3" || got[0].Callback != "q1" || got[0].ID != "cb:q1" || got[0].Chat.ID != "-4001" ||
		!got[0].Addressed() || got[1].Sender.ID != "43" || got[2].Callback != "q4" {
		t.Errorf("taps delivered %+v", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(fake.Answered()) < 4 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if a := fake.Answered(); len(a) != 4 {
		t.Errorf("answered callback queries %v, want all four (a dropped tap is still answered)", a)
	}
}

func TestCommandMenuIsSetAtStart(t *testing.T) {
	fake := newFake(t)
	start(t, fake, newInbox().deliver, setup{commands: []telegram.Command{
		{Name: "help", Description: "看能做什么"}, {Name: "Bad-Name", Description: "x"}, {Name: "menu", Description: "看菜单"},
	}})
	deadline := time.Now().Add(5 * time.Second)
	for (len(fake.Commands()) == 0 || fake.Calls("deleteWebhook") == 0) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cmds := fake.Commands()
	if len(cmds) != 2 || cmds[0]["command"] != "help" || cmds[0]["description"] != "看能做什么" || cmds[1]["command"] != "menu" {
		t.Errorf("command menu = %v", cmds)
	}
	if fake.Calls("deleteWebhook") != 1 {
		t.Errorf("long polling did not remove a webhook left from before")
	}
}

func TestTokenIsNeverLogged(t *testing.T) {
	fake := telegramtest.New()
	url := fake.URL
	fake.Close() // nothing answers: every request fails with an error quoting its URL
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := telegram.New(telegram.Config{Token: telegramtest.Token, APIServer: url, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	a.Run(ctx, newInbox().deliver)
	err = a.Send(context.Background(), bot.Chat{Platform: bot.Telegram, ID: "-4001", Group: true}, bot.Reply{Text: "hi"})
	if err == nil || bot.IsPermanent(err) {
		t.Errorf("send to an unreachable server = %v, want a retryable error", err)
	}
	secret := strings.Split(telegramtest.Token, ":")[1]
	if strings.Contains(logs.String(), secret) || strings.Contains(err.Error(), secret) {
		t.Errorf("the token leaked:\n%s\n%v", logs.String(), err)
	}
	if !strings.Contains(logs.String(), "<token>") {
		t.Errorf("expected redacted request errors in the log, got:\n%s", logs.String())
	}
}

// An admin posting anonymously speaks as the group (from GroupAnonymousBot,
// sender_chat the group): the message is read, marked Faceless. A channel
// posting into the group is not for the bot.
func TestAnonymousAdminIsFacelessAndChannelsIgnored(t *testing.T) {
	fake := newFake(t)
	in := newInbox()
	start(t, fake, in.deliver, setup{})
	anonymous := telegramtest.User{ID: 1087968824, FirstName: "Group", IsBot: true}
	admin := telegramtest.MessageBody(group8, anonymous, telegramtest.NextMessageID(), "绑定 8号楼")
	admin["sender_chat"] = map[string]any{"id": group8.ID, "type": "group", "title": group8.Title}
	channel := telegramtest.MessageBody(group8, telegramtest.User{ID: 777000, FirstName: "Telegram"}, telegramtest.NextMessageID(), "帮助")
	channel["sender_chat"] = map[string]any{"id": -100777, "type": "channel", "title": "小区公告"}
	fake.Push(map[string]any{"message": channel})
	fake.Push(map[string]any{"message": admin})
	fake.Push(telegramtest.Message(group8, zhang, "菜单"))
	got := in.waitFor(t, 2)
	if len(got) != 2 || got[0].Text != "绑定 8号楼" || !got[0].Faceless || got[1].Text != "菜单" || got[1].Faceless {
		t.Errorf("delivered %+v; want the anonymous admin's (faceless) and 张阿姨's, not the channel's", got)
	}
}

// A Bot API that fails getUpdates for a while is logged once when the
// streak begins and once when it ends, not once a try, and the adapter
// backs off meanwhile and then reads on.
func TestGetUpdatesFailuresAreLoggedOncePerStreak(t *testing.T) {
	fake := newFake(t)
	fake.FailPoll = func(n int) int {
		if n <= 6 {
			return http.StatusBadGateway
		}
		return 0
	}
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	in := newInbox()
	start(t, fake, in.deliver, setup{cfg: telegram.Config{Log: log, PollBackoff: time.Millisecond}})
	fake.Push(telegramtest.Message(group8, zhang, "菜单"))
	in.waitFor(t, 1)
	text := logs.String()
	if n := strings.Count(text, "getUpdates failed"); n != 1 {
		t.Errorf("six failed getUpdates logged %d times, want once:\n%s", n, text)
	}
	if !strings.Contains(text, "getUpdates works again") || !strings.Contains(text, "failures=6") {
		t.Errorf("the end of the streak was not logged with its count:\n%s", text)
	}
}

// syncBuffer is a bytes.Buffer the adapter's goroutines may log to while
// the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
