package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
	"linli/bot/telegram"
	"linli/bot/telegram/telegramtest"
	"linli/config"
	"linli/store"
)

var (
	tgZhang = telegramtest.User{ID: 42, FirstName: "张阿姨"}
	tgLi    = telegramtest.User{ID: 43, FirstName: "李大爷"}
	tg8     = telegramtest.Chat{ID: -4001, Type: "group", Title: "8号楼业主群"}
	tg8s    = telegramtest.Chat{ID: -1004001, Type: "supergroup", Title: "8号楼业主群"}
)

const tgAdmin = 777

// tgApp is Linli serving Telegram through the fake Bot API, on a real
// SQLite file, as `linli run` would.
type tgApp struct {
	*app
	tg   *telegram.Adapter
	logs *bottest.Buffer
	stop func()
}

// newTgApp builds the app on db; serve starts it. Pacing is fast but real.
func newTgApp(t testing.TB, fake *telegramtest.Server, db string) *tgApp {
	t.Helper()
	cfg := demoConfig()
	cfg.Telegram.PerChatInterval, cfg.Telegram.GroupPerMinute = time.Millisecond, 0 // no per-minute cap
	return newTgAppWith(t, fake, db, cfg, slog.LevelDebug)
}

// newTgAppWith is newTgApp with the configuration's pacing and a log level.
func newTgAppWith(t testing.TB, fake *telegramtest.Server, db string, cfg config.Config, level slog.Level) *tgApp {
	t.Helper()
	cfg.Console.Enabled, cfg.Telegram.Enabled = false, true
	cfg.Telegram.Token, cfg.Telegram.APIServer = telegramtest.Token, fake.URL
	cfg.Admins = []string{fmt.Sprint("telegram:", tgAdmin)}
	cfg.Database.DSN = db
	logs := &bottest.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: level}))
	a, err := New(context.Background(), cfg, Options{Log: log})
	if err != nil {
		t.Fatal(err)
	}
	ta := &tgApp{app: a, tg: a.telegram(), logs: logs, stop: func() {}}
	t.Cleanup(func() { ta.stop(); a.close() })
	return ta
}

func (ta *tgApp) serve(t testing.TB) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ta.app.serve(ctx, false) }()
	ta.stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		ta.stop = func() {}
	}
}

// settle waits until every queued update was handled and confirmed, and
// every reply sent.
func (ta *tgApp) settle(t testing.TB, fake *telegramtest.Server) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for fake.Pending() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d updates never handled; log:\n%s", fake.Pending(), ta.logs.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	if err := ta.outbox.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

func (ta *tgApp) bind(t testing.TB, c telegramtest.Chat, building string) {
	t.Helper()
	ctx := context.Background()
	row, err := ta.store.TouchChat(ctx, bot.Telegram, fmt.Sprint(c.ID), c.Title, true)
	if err == nil {
		err = ta.store.Bind(ctx, row.ID, building)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func fakeAPI(t testing.TB) *telegramtest.Server {
	fake := telegramtest.New()
	t.Cleanup(fake.Close)
	return fake
}

func TestTelegramGroupConversation(t *testing.T) {
	fake := fakeAPI(t)
	ta := newTgApp(t, fake, filepath.Join(t.TempDir(), "linli.db"))
	ta.bind(t, tg8, "8号楼")
	ta.serve(t)
	help := telegramtest.MessageBody(tg8, tgZhang, telegramtest.NextMessageID(), "帮助")
	fake.Push(map[string]any{"message": help})
	fake.Push(telegramtest.Message(tg8, tgZhang, "今天天气不错"))
	fake.Push(telegramtest.Message(tg8, tgLi, "订餐的事问李师傅"))
	fake.Push(telegramtest.Message(tg8, tgLi, "/help@OtherBot"))
	fake.Push(telegramtest.Message(tg8, tgLi, "/help@LinliTestBot"))
	fake.Push(telegramtest.Message(tg8, tgLi, "@LinliTestBot 明天会下雨吗"))
	fake.Push(telegramtest.Message(telegramtest.Chat{ID: 42, Type: "private"}, tgZhang, "帮助"))
	ta.settle(t, fake)

	group := fake.SentTo(tg8.ID)
	if len(group) != 3 {
		t.Fatalf("the bot said %d things in the group, want 3 (帮助, /help@LinliTestBot, @mention):\n%s",
			len(group), strings.Join(group, "\n---\n"))
	}
	if !strings.HasPrefix(group[0], "阳光社区小助手") || group[1] != group[0] {
		t.Errorf("help in the group = %q, then %q", group[0], group[1])
	}
	if !strings.HasPrefix(group[2], "没看懂您的意思。发「帮助」看看我能做什么") {
		t.Errorf("an addressed message it cannot read got %q, want a kind hint", group[2])
	}
	var first telegramtest.Sent
	for _, m := range fake.Sent() {
		if m.ChatID == tg8.ID {
			first = m
			break
		}
	}
	if first.ReplyTo != help["message_id"] || first.ParseMode != "" || strings.HasPrefix(first.Text, "@") {
		t.Errorf("help was sent as %+v; want a plain reply to 张阿姨's message", first)
	}
	if p := fake.SentTo(42); len(p) != 1 || !strings.HasPrefix(p[0], "阳光社区小助手") {
		t.Errorf("private help = %q", p)
	}
	if cmds := fake.Commands(); len(cmds) == 0 || cmds[0]["command"] != "help" || !strings.Contains(cmds[0]["description"], "帮助") {
		t.Errorf("command menu = %v, want /help described in Chinese", cmds)
	}
	if strings.Contains(ta.logs.String(), strings.Split(telegramtest.Token, ":")[1]) {
		t.Error("the token is in the log")
	}
}

func TestTelegramSupergroupMigrationKeepsTheBinding(t *testing.T) {
	fake := fakeAPI(t)
	ta := newTgApp(t, fake, filepath.Join(t.TempDir(), "linli.db"))
	ta.bind(t, tg8, "8号楼")
	ctx := context.Background()
	before, _ := ta.store.Chat(ctx, bot.Telegram, "-4001")
	ta.serve(t)
	fake.Push(telegramtest.Migration(tg8, tgZhang, tg8s.ID))
	fake.Push(telegramtest.Message(tg8s, tgZhang, "帮助"))
	ta.settle(t, fake)
	after, err := ta.store.Chat(ctx, bot.Telegram, "-1004001")
	if err != nil || after.ID != before.ID || after.Building != "8号楼" {
		t.Fatalf("supergroup chat = %+v, %v; want row %d still bound to 8号楼", after, err, before.ID)
	}
	if got := fake.SentTo(tg8s.ID); len(got) != 1 {
		t.Errorf("the supergroup got %q, want the help", got)
	}
	// a message still addressed to the old id follows the group
	fake.Migrate(-4001, tg8s.ID)
	ta.out.Send(ctx, bot.Chat{Platform: bot.Telegram, ID: "-4001", Title: "8号楼业主群", Group: true}, bot.Reply{Text: "明天停水"})
	ta.settle(t, fake)
	if got := fake.SentTo(tg8s.ID); len(got) != 2 || got[1] != "明天停水" {
		t.Errorf("the supergroup got %q; the old id's message was lost", got)
	}
}

func TestTelegramKickedGroupIsMarkedInactiveAndAdminsToldOnce(t *testing.T) {
	fake := fakeAPI(t)
	ta := newTgApp(t, fake, filepath.Join(t.TempDir(), "linli.db"))
	ta.bind(t, tg8, "8号楼")
	fake.Kick(tg8.ID)
	ta.serve(t)
	ctx := context.Background()
	chat := bot.Chat{Platform: bot.Telegram, ID: "-4001", Title: "8号楼业主群", Group: true}
	for range 3 {
		ta.out.Send(ctx, chat, bot.Reply{Text: "今日菜单"})
	}
	ta.settle(t, fake)
	if c, _ := ta.store.Chat(ctx, bot.Telegram, "-4001"); c.Active {
		t.Error("the group the bot was removed from is still active")
	}
	alerts := fake.SentTo(tgAdmin)
	if len(alerts) != 1 || !strings.Contains(alerts[0], "8号楼业主群") {
		t.Errorf("admin alerts = %q, want one naming the group", alerts)
	}
	if failed, _ := ta.store.OutboxByStatus(ctx, bot.Telegram, store.OutboxFailed); len(failed) != 3 {
		t.Errorf("%d messages recorded as failed, want 3", len(failed))
	}
}

func TestTelegramRestartSendsTheOutboxOnce(t *testing.T) {
	fake := fakeAPI(t)
	db := filepath.Join(t.TempDir(), "linli.db")
	first := newTgApp(t, fake, db)
	ctx := context.Background()
	chat := bot.Chat{Platform: bot.Telegram, ID: "-4001", Title: "8号楼业主群", Group: true}
	for i := range 50 {
		if err := first.out.Send(ctx, chat, bot.Reply{Text: fmt.Sprint("通知", i)}); err != nil {
			t.Fatal(err)
		}
	}
	first.close() // stopped before sending anything

	second := newTgApp(t, fake, db)
	second.serve(t)
	second.settle(t, fake)
	got := fake.SentTo(tg8.ID)
	if len(got) != 50 {
		t.Fatalf("after the restart %d of 50 were sent", len(got))
	}
	for i, s := range got {
		if s != fmt.Sprint("通知", i) {
			t.Fatalf("message %d = %q: lost, repeated or out of order", i, s)
		}
	}
}

func TestTelegramRedeliveryAfterRestartIsNotHandledTwice(t *testing.T) {
	fake := fakeAPI(t)
	db := filepath.Join(t.TempDir(), "linli.db")
	first := newTgApp(t, fake, db)
	first.serve(t)
	id := fake.Push(telegramtest.Message(tg8, tgZhang, "帮助"))
	first.settle(t, fake)
	first.stop()
	first.close()

	fake.Redeliver(id) // Telegram sends it again after the restart
	second := newTgApp(t, fake, db)
	second.serve(t)
	second.settle(t, fake)
	if got := fake.SentTo(tg8.ID); len(got) != 1 {
		t.Errorf("the group got %d answers to one 帮助", len(got))
	}
}

// TestRunServesTelegramFromConfig is `linli run --config` with Telegram
// turned on and pointed at the fake: help, chatter ignored, a mistake
// explained.
func TestRunServesTelegramFromConfig(t *testing.T) {
	fake := fakeAPI(t)
	dir := t.TempDir()
	conf := filepath.Join(dir, "config.yaml")
	yaml := fmt.Sprintf(`community: 阳光社区
database:
  dsn: %s
telegram:
  enabled: true
  token: ${LINLI_TEST_TOKEN}
  api_server: %s
admins:
  - telegram:777
log:
  level: debug
`, filepath.Join(dir, "linli.db"), fake.URL)
	if err := os.WriteFile(conf, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LINLI_TEST_TOKEN", telegramtest.Token)
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bottest.Buffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, conf, strings.NewReader(""), io.Discard, &stderr)
	}()
	fake.Push(telegramtest.Message(tg8, tgZhang, "帮助"))
	fake.Push(telegramtest.Message(tg8, tgLi, "我明天订了外卖"))
	fake.Push(telegramtest.Message(tg8, tgLi, "@LinliTestBot 帮我看看"))
	deadline := time.Now().Add(15 * time.Second)
	for len(fake.SentTo(tg8.ID)) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	for fake.Pending() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("linli run: %v\n%s", err, stderr.String())
	}
	got := fake.SentTo(tg8.ID)
	if len(got) != 2 || !strings.HasPrefix(got[0], "阳光社区小助手") || !strings.HasPrefix(got[1], "没看懂您的意思") {
		t.Errorf("the group heard %q", got)
	}
	if strings.Contains(stderr.String(), strings.Split(telegramtest.Token, ":")[1]) {
		t.Error("the token is in the log")
	}
}
