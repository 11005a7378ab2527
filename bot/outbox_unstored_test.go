package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
)

// lockedStore is an outbox store whose database refuses every message.
type lockedStore struct{ *bottest.Outbox }

func (lockedStore) Enqueue(context.Context, bot.Chat, bot.Reply, time.Time) error {
	return errors.New("database is locked")
}

// A message the database cannot take is sent straight away: the apology
// for a database failure must not be lost to that same failure.
func TestOutboxSendsDirectlyWhenTheStoreRefuses(t *testing.T) {
	clock := newFakeClock()
	platform := newLimitedChat(clock.Now, bot.Pacing{})
	ob, err := bot.NewOutbox(bot.OutboxConfig{Store: lockedStore{bottest.NewOutbox()}, Now: clock.Now, After: clock.After})
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.Add("telegram", platform); err != nil {
		t.Fatal(err)
	}
	chat := bot.Chat{Platform: "telegram", ID: "42"}
	if err := ob.Send(context.Background(), chat, bot.Reply{Text: "抱歉，系统出了点问题"}); err != nil {
		t.Fatalf("send = %v, want it sent directly", err)
	}
	if got := platform.got["42"]; len(got) != 1 || got[0] != "抱歉，系统出了点问题" {
		t.Errorf("the chat got %q", got)
	}
	platform.fail = func(int, bot.Reply) error { return errors.New("network down") }
	err = ob.Send(context.Background(), chat, bot.Reply{Text: "再试"})
	if err == nil || !strings.Contains(err.Error(), "database is locked") || !strings.Contains(err.Error(), "network down") {
		t.Errorf("both failing: %v, want both causes", err)
	}
}
