package telegram_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
	"linli/bot/telegram"
	"linli/bot/telegram/telegramtest"
)

var tgGroup8 = bot.Chat{Platform: bot.Telegram, ID: "-4001", Title: "8号楼业主群", Group: true}

func newAdapter(t *testing.T, fake *telegramtest.Server, cfg telegram.Config) *telegram.Adapter {
	t.Helper()
	cfg.Token, cfg.APIServer = telegramtest.Token, fake.URL
	a, err := telegram.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSendRepliesInPlainTextWithButtons(t *testing.T) {
	fake := newFake(t)
	in := newInbox()
	a := start(t, fake, in.deliver, setup{})
	ctx := context.Background()
	long := "报名 " + strings.Repeat("长", 30) // 93 bytes: too long for callback data
	err := a.Send(ctx, tgGroup8, bot.Reply{Text: "已为您报名 *太极拳*", ReplyTo: "-4001:77",
		Mention: &bot.User{Name: "张阿姨"}, Buttons: []bot.Button{{Label: "取消", Command: "取消报名 E3"}, {Label: "长", Command: long}}})
	if err != nil {
		t.Fatal(err)
	}
	a.Send(ctx, tgGroup8, bot.Reply{Text: "好的。", ReplyTo: "cb:q1", Mention: &bot.User{Name: "张阿姨"}})
	sent := fake.Sent()
	if len(sent) != 2 {
		t.Fatalf("sent %+v", sent)
	}
	m := sent[0]
	if m.ChatID != -4001 || m.Text != "已为您报名 *太极拳*" || m.ParseMode != "" || m.ReplyTo != 77 || !m.AllowNoRepl {
		t.Errorf("sent %+v; want plain text replying to message 77, sent even if it was deleted", m)
	}
	if len(m.Buttons) != 1 || len(m.Buttons[0]) != 2 || m.Buttons[0][0].Data != "取消报名 E3" || len(m.Buttons[0][1].Data) > 64 {
		t.Fatalf("keyboard = %+v", m.Buttons)
	}
	if sent[1].Text != "@张阿姨 好的。" || sent[1].ReplyTo != 0 {
		t.Errorf("answer to a tap = %+v; want it to name the person", sent[1])
	}
	fake.Push(telegramtest.Callback("q9", group8, zhang, 5001, m.Buttons[0][1].Data))
	fake.Push(telegramtest.Callback("q10", group8, zhang, 5001, "~0123456789abcdef01234567"))
	if got := in.waitFor(t, 1); got[0].Text != long {
		t.Errorf("a long command's button delivered %q, want %q", got[0].Text, long)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(fake.Answered()) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if len(in.waitFor(t, 1)) != 1 || len(fake.Answered()) != 2 {
		t.Errorf("an unknown token was delivered, or not answered: %v", fake.Answered())
	}
}

func TestSendErrorsAreTranslated(t *testing.T) {
	fake := newFake(t)
	var moved []string
	a := newAdapter(t, fake, telegram.Config{
		OnMigrate: func(_ context.Context, o, n string) error { moved = append(moved, o+">"+n); return nil },
	})
	ctx := context.Background()
	fake.Kick(-1)
	if err := a.Send(ctx, bot.Chat{Platform: bot.Telegram, ID: "-1", Group: true}, bot.Reply{Text: "x"}); !bot.IsPermanent(err) {
		t.Errorf("kicked: %v, want permanent", err)
	}
	fake.Migrate(-2, -1002)
	err := a.Send(ctx, bot.Chat{Platform: bot.Telegram, ID: "-2", Group: true}, bot.Reply{Text: "x"})
	if err == nil || bot.IsPermanent(err) || len(moved) != 1 || moved[0] != "-2>-1002" {
		t.Errorf("migrated: %v, moved %v; want a retryable error and the chat moved", err, moved)
	}
	fake.FailSend = func(int) int { return 500 }
	if err := a.Send(ctx, tgGroup8, bot.Reply{Text: "x"}); err == nil || bot.IsPermanent(err) {
		t.Errorf("500: %v, want retryable", err)
	}
	fake.FailSend = nil
	fake.Limits = telegramtest.Limits{PerChat: time.Hour, RetryAfter: 9}
	a.Send(ctx, tgGroup8, bot.Reply{Text: "x"})
	var se *bot.SendError
	if err := a.Send(ctx, tgGroup8, bot.Reply{Text: "y"}); !errors.As(err, &se) || se.RetryAfter != 9 {
		t.Errorf("429: %v, want RetryAfter 9", err)
	}
	if err := a.Send(ctx, bot.Chat{Platform: bot.Telegram, ID: "张阿姨"}, bot.Reply{Text: "x"}); !bot.IsPermanent(err) {
		t.Errorf("a chat id that is not a number: %v, want permanent", err)
	}
}

// outboxOn runs an outbox for the adapter with the fake clock, which moves
// on at once when the outbox waits and is shared with the fake server's
// rate limits: five minutes of pacing take milliseconds.
func outboxOn(t *testing.T, a *telegram.Adapter, clock *bottest.Clock) (*bot.Outbox, *bottest.Outbox) {
	t.Helper()
	store := bottest.NewOutbox()
	ob, err := bot.NewOutbox(bot.OutboxConfig{Store: store, Now: clock.Now, After: clock.After})
	if err != nil {
		t.Fatal(err)
	}
	ob.Add(bot.Telegram, a)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ob.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return ob, store
}

func flushOutbox(t *testing.T, ob *bot.Outbox) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := ob.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestBurstOfRepliesToOneGroupCausesNoFloodControl(t *testing.T) {
	fake := newFake(t)
	clock := bottest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	fake.Now = clock.Now
	fake.Limits = telegramtest.Limits{PerChat: time.Second, GroupPerMinute: 20, PerSecond: 30}
	a := newAdapter(t, fake, telegram.Config{Pacing: telegram.DefaultPacing()})
	ob, _ := outboxOn(t, a, clock)
	for i := range 100 {
		if err := ob.Send(context.Background(), tgGroup8, bot.Reply{Text: fmt.Sprint("第", i, "条")}); err != nil {
			t.Fatal(err)
		}
	}
	flushOutbox(t, ob)
	got := fake.SentTo(-4001)
	if len(got) != 100 || fake.Floods() != 0 {
		t.Fatalf("delivered %d of 100 with %d flood-control refusals; want all, none", len(got), fake.Floods())
	}
	for i, s := range got {
		if s != fmt.Sprint("第", i, "条") {
			t.Fatalf("message %d = %q: lost, repeated or out of order", i, s)
		}
	}
}

func TestWithoutPacingTheFakeDoesRefuse(t *testing.T) {
	// the check above can fail: unpaced, the same burst meets flood control,
	// and the outbox still loses nothing by waiting as told
	fake := newFake(t)
	clock := bottest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	fake.Now = clock.Now
	fake.Limits = telegramtest.Limits{PerChat: time.Second, GroupPerMinute: 20, PerSecond: 30}
	ob, _ := outboxOn(t, newAdapter(t, fake, telegram.Config{}), clock)
	for i := range 30 {
		ob.Send(context.Background(), tgGroup8, bot.Reply{Text: fmt.Sprint(i)})
	}
	flushOutbox(t, ob)
	if fake.Floods() == 0 || len(fake.SentTo(-4001)) != 30 {
		t.Errorf("unpaced: %d floods, %d delivered; want some floods and all 30 delivered", fake.Floods(), len(fake.SentTo(-4001)))
	}
}

func TestEveryThirdSendFailingStillDeliversEachOnce(t *testing.T) {
	fake := newFake(t)
	clock := bottest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	fake.FailSend = func(n int) int {
		if n%3 == 0 {
			return 500
		}
		return 0
	}
	ob, store := outboxOn(t, newAdapter(t, fake, telegram.Config{Pacing: telegram.DefaultPacing()}), clock)
	other := bot.Chat{Platform: bot.Telegram, ID: "42", Title: "@张阿姨"}
	for i := range 40 {
		ob.Send(context.Background(), tgGroup8, bot.Reply{Text: fmt.Sprint("g", i)})
		ob.Send(context.Background(), other, bot.Reply{Text: fmt.Sprint("p", i)})
	}
	flushOutbox(t, ob)
	for chat, prefix := range map[int64]string{-4001: "g", 42: "p"} {
		got := fake.SentTo(chat)
		if len(got) != 40 {
			t.Fatalf("chat %d got %d of 40", chat, len(got))
		}
		for i, s := range got {
			if s != fmt.Sprint(prefix, i) {
				t.Fatalf("chat %d message %d = %q: lost, repeated or out of order", chat, i, s)
			}
		}
	}
	if store.Count("sent") != 80 || store.Count("failed") != 0 {
		t.Errorf("outbox: %d sent, %d failed", store.Count("sent"), store.Count("failed"))
	}
}

// A token the Bot API refuses stops the adapter at once, saying which key
// to check, rather than retrying for ever.
func TestRefusedTokenNamesTheKey(t *testing.T) {
	fake := newFake(t)
	a, err := telegram.New(telegram.Config{Token: "987654321:AAWrongTokenWrongTokenWrongToken_xy", APIServer: fake.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = a.Run(ctx, bottest.Delivering(func(context.Context, bot.Message) {}))
	if err == nil || !strings.Contains(err.Error(), "telegram.token") || strings.Contains(err.Error(), "AAWrongToken") {
		t.Errorf("Run with a refused token: %v; want it to name telegram.token and hide the token", err)
	}
}
