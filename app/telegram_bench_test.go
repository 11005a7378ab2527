package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/mymmrac/telego"
	ta "github.com/mymmrac/telego/telegoapi"

	"linli/bot"
	"linli/bot/bottest"
	"linli/bot/telegram"
	"linli/bot/telegram/telegramtest"
)

// BenchmarkTelegramBookings is the path end to end, as a community feels
// it: bookings (订餐 明天 午餐) from as many private chats, each clocked
// until its reply is sent to the fake Bot API, not merely stored; beside
// the bare telego echo bot on the same fake, in the same run. The fake
// keeps no limits, so Linli's pacing is set off here (its limits are
// measured by the burst test, TestBurstUnderTelegramLimits).
//
//	go test -run '^$' -bench TelegramBookings ./app/
func BenchmarkTelegramBookings(b *testing.B) {
	var linli, bare float64
	b.Run("linli", func(b *testing.B) { linli = benchLinliBookings(b) })
	b.Run("bare_telego_echo", func(b *testing.B) { bare = benchBareEcho(b) })
	if linli > 0 && bare > 0 {
		fmt.Printf("bookings answered: linli %.0f/s, bare telego echo %.0f/s: %.2f×\n", linli, bare, linli/bare)
	}
}

func benchLinliBookings(b *testing.B) float64 {
	fake := fakeAPI(b)
	cfg := demoConfig()
	cfg.Telegram.PerChatInterval, cfg.Telegram.GroupPerMinute, cfg.Telegram.PerSecond = 0, 0, 0
	ta := newTgAppWith(b, fake, filepath.Join(b.TempDir(), "linli.db"), cfg, slog.LevelWarn)
	ta.serve(b)
	for fake.Calls("getUpdates") == 0 {
		time.Sleep(time.Millisecond)
	}
	sent := fake.SentCount()
	b.ResetTimer()
	for i := range b.N {
		from := telegramtest.User{ID: int64(100000 + i), FirstName: fmt.Sprint("居民", i)}
		fake.Push(telegramtest.Message(telegramtest.Chat{ID: from.ID, Type: "private"}, from, "订餐 明天 午餐"))
	}
	for fake.SentCount() < sent+b.N {
		time.Sleep(100 * time.Microsecond)
	}
	b.StopTimer()
	rate := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "answered/s")
	return rate
}

// BenchmarkTelegramUpdates measures updates handled per second through the
// fake Bot API: Linli (the adapter, reader, router and handlers on SQLite,
// each 帮助 answered into the outbox) beside the floor any bot pays, a bare
// telego echo loop on the same fake. The baseline imports telego here, in
// a test, only to have something to compare with.
//
//	go test -run '^$' -bench TelegramUpdates .
func BenchmarkTelegramUpdates(b *testing.B) {
	var linli, adapter, bare float64
	b.Run("linli", func(b *testing.B) { linli = benchLinli(b) })
	b.Run("adapter_only", func(b *testing.B) { adapter = benchAdapterOnly(b) })
	b.Run("bare_telego_echo", func(b *testing.B) { bare = benchBareEcho(b) })
	if linli > 0 && bare > 0 {
		fmt.Printf("linli %.0f updates/s, adapter alone %.0f, bare telego echo %.0f: linli is %.0f%% of bare, the adapter alone %.0f%%\n",
			linli, adapter, bare, 100*linli/bare, 100*adapter/bare)
	}
}

// benchAdapterOnly is the adapter with a deliver that does nothing: what
// the Telegram side costs without the bot behind it.
func benchAdapterOnly(b *testing.B) float64 {
	fake := fakeAPI(b)
	tg, err := telegram.New(telegram.Config{Token: telegramtest.Token, APIServer: fake.URL, PollTimeout: 2 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tg.Run(ctx, bottest.Delivering(func(context.Context, bot.Message) {})); close(done) }()
	defer func() { cancel(); <-done }()
	for fake.Calls("getUpdates") == 0 {
		time.Sleep(time.Millisecond)
	}
	b.ResetTimer()
	for i := range b.N {
		benchUpdate(fake, i)
	}
	for fake.Pending() > 0 {
		time.Sleep(100 * time.Microsecond)
	}
	b.StopTimer()
	rate := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "updates/s")
	return rate
}

// groups spreads the updates over ten groups of ten people each, as a
// community's building groups would send them.
func benchUpdate(fake *telegramtest.Server, i int) {
	chat := telegramtest.Chat{ID: int64(-5000 - i%10), Type: "group", Title: fmt.Sprint(i%10+1, "号楼群")}
	from := telegramtest.User{ID: int64(100 + i%100), FirstName: fmt.Sprint("居民", i%100)}
	fake.Push(telegramtest.Message(chat, from, "帮助"))
}

func benchLinli(b *testing.B) float64 {
	fake := fakeAPI(b)
	cfg := demoConfig() // Telegram's production pacing: the outbox sends in the background
	ta := newTgAppWith(b, fake, filepath.Join(b.TempDir(), "linli.db"), cfg, slog.LevelInfo)
	ta.serve(b)
	for fake.Calls("getUpdates") == 0 {
		time.Sleep(time.Millisecond)
	}
	b.ResetTimer()
	for i := range b.N {
		benchUpdate(fake, i)
	}
	for fake.Pending() > 0 { // confirmed only once handled
		time.Sleep(100 * time.Microsecond)
	}
	b.StopTimer()
	rate := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "updates/s")
	return rate
}

func benchBareEcho(b *testing.B) float64 {
	fake := fakeAPI(b)
	bot, err := telego.NewBot(telegramtest.Token, telego.WithAPIServer(fake.URL),
		telego.WithAPICaller(ta.HTTPCaller{Client: &http.Client{}}), telego.WithDiscardLogger())
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	updates, err := bot.UpdatesViaLongPolling(ctx, &telego.GetUpdatesParams{Timeout: 2})
	if err != nil {
		b.Fatal(err)
	}
	echoed := make(chan struct{}, 1024)
	go func() {
		for u := range updates {
			if u.Message == nil {
				continue
			}
			bot.SendMessage(ctx, &telego.SendMessageParams{ChatID: telego.ChatID{ID: u.Message.Chat.ID}, Text: u.Message.Text})
			echoed <- struct{}{}
		}
	}()
	for fake.Calls("getUpdates") == 0 {
		time.Sleep(time.Millisecond)
	}
	b.ResetTimer()
	for i := range b.N {
		benchUpdate(fake, i)
	}
	for range b.N {
		<-echoed
	}
	b.StopTimer()
	rate := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "updates/s")
	return rate
}
