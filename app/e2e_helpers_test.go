package app

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"linli/bot/bottest"
	"linli/bot/telegram/telegramtest"
	"linli/config"
)

// e2eClock is the community's clock in the end-to-end tests: the app, its
// store and the scheduler read it; the test moves it.
type e2eClock struct{ *bottest.Clock }

func newClock(t *testing.T, at string) *e2eClock {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	at0, err := time.ParseInLocation("2006-01-02 15:04", at, loc)
	if err != nil {
		t.Fatal(err)
	}
	return &e2eClock{bottest.NewClock(at0)}
}

// Set moves the clock to at, "2006-01-02 15:04" in its zone.
func (c *e2eClock) Set(t *testing.T, at string) time.Time {
	t.Helper()
	next, err := time.ParseInLocation("2006-01-02 15:04", at, c.Now().Location())
	if err != nil {
		t.Fatal(err)
	}
	c.Clock.Set(next)
	return next
}

// newE2EApp is the Telegram app of telegram_test.go on the given clock,
// with the admin telegram:777 and no configured canteen manager: the test
// gives roles through the chat, as a community does.
func newE2EApp(t *testing.T, fake *telegramtest.Server, cfg config.Config, clock *e2eClock) *tgApp {
	t.Helper()
	cfg.Console.Enabled, cfg.Telegram.Enabled = false, true
	cfg.Telegram.Token, cfg.Telegram.APIServer = telegramtest.Token, fake.URL
	cfg.Admins = []string{fmt.Sprint("telegram:", tgAdmin)}
	cfg.Canteen.Managers = nil
	cfg.Database.DSN = t.TempDir() + "/linli.db"
	logs := &bottest.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := New(context.Background(), cfg, Options{Log: log, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ta := &tgApp{app: a, tg: a.telegram(), logs: logs, stop: func() {}}
	t.Cleanup(func() { ta.stop(); a.close() })
	return ta
}

// fastConfig is the demo configuration with pacing too quick to notice.
func fastConfig() config.Config {
	cfg := demoConfig()
	cfg.Telegram.PerChatInterval, cfg.Telegram.GroupPerMinute, cfg.Telegram.PerSecond = time.Millisecond, 0, 0
	return cfg
}

// sentMatching returns what the bot sent to chat whose text contains s.
func sentMatching(fake *telegramtest.Server, chat int64, s string) []telegramtest.Sent {
	var out []telegramtest.Sent
	for _, m := range fake.Sent() {
		if m.ChatID == chat && strings.Contains(m.Text, s) {
			out = append(out, m)
		}
	}
	return out
}

// repliesTo returns what the bot sent to chat in reply to message id.
func repliesTo(fake *telegramtest.Server, chat int64, id int) []telegramtest.Sent {
	var out []telegramtest.Sent
	for _, m := range fake.Sent() {
		if m.ChatID == chat && m.ReplyTo == id {
			out = append(out, m)
		}
	}
	return out
}

// msgID is the message_id of a pushed message update.
func msgID(u map[string]any) int {
	return u["message"].(map[string]any)["message_id"].(int)
}

// utf16Len is a text's length as Telegram counts it.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// checkAnswers fails unless every tap was answered exactly once.
func checkAnswers(t *testing.T, fake *telegramtest.Server, taps []string) {
	t.Helper()
	count := map[string]int{}
	for _, id := range fake.Answered() {
		count[id]++
	}
	for _, id := range taps {
		if count[id] != 1 {
			t.Errorf("tap %s answered %d times, want once", id, count[id])
		}
	}
}

// fakesOnly is cfg with every platform off: the test serves fakes instead.
func fakesOnly(cfg config.Config) config.Config {
	cfg.Console.Enabled, cfg.Telegram.Enabled, cfg.WeChat.Enabled = false, false, false
	return cfg
}
