package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
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
	sent, commits := fake.SentCount(), ta.store.Commits()
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
	// Every commit of the run: the bookings' (their new accounts, orders,
	// records and replies) and the outbox's (claims, sent marks).
	b.ReportMetric(float64(ta.store.Commits()-commits)/float64(b.N), "commits/update")
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

// BenchmarkTelegramBurst is the wait people feel in a burst: 300 bookings
// at once from 30 people in each of 10 groups, through the fake Bot API
// keeping Telegram's limits (1 message a second to a chat, 20 a minute to
// a group, 30 a second in all) and Linli's production pacing. It reports
// the seconds until the last of them was answered and the sends refused
// with 429 (the target: everyone within 20 s, none refused). Replies
// waiting for a group go merged (「@住户3 … @住户7 …」).
//
//	go test -run '^$' -bench TelegramBurst -benchtime 1x ./app/
func BenchmarkTelegramBurst(b *testing.B) {
	for range b.N {
		fake := fakeAPI(b)
		fake.Limits = telegramtest.Limits{PerChat: time.Second, GroupPerMinute: 20, PerSecond: 30}
		ta := newTgAppWith(b, fake, filepath.Join(b.TempDir(), "linli.db"), demoConfig(), slog.LevelWarn)
		ta.serve(b)
		admin := telegramtest.User{ID: tgAdmin, FirstName: "社区小王"}
		fake.Push(telegramtest.Message(telegramtest.Chat{ID: tgAdmin, Type: "private"}, admin, "设置菜单 明天 午餐\n红烧肉\n每份 15\n限量 500"))
		for fake.SentCount() == 0 {
			time.Sleep(time.Millisecond)
		}
		start := time.Now()
		asked := map[int]string{} // message id → who asked
		for k := range 30 {
			for g := range 10 {
				chat := telegramtest.Chat{ID: int64(-9000 - g), Type: "group", Title: fmt.Sprint(g+1, "号楼群")}
				who := telegramtest.User{ID: int64(20000 + 100*g + k), FirstName: fmt.Sprintf("住户%d_%d", g, k)}
				u := telegramtest.Message(chat, who, "订餐 明天 午餐")
				fake.Push(u)
				asked[msgID(u)] = who.FirstName
			}
		}
		for burstAnswered(fake, asked) < len(asked) {
			if time.Since(start) > 2*time.Minute {
				var some []string
				for _, m := range fake.Sent() {
					if m.ChatID == -9000 && len(some) < 4 {
						some = append(some, m.Text)
					}
				}
				b.Fatalf("not everyone answered after 2 minutes; 1号楼群 heard %q; log:\n%s", some, ta.logs.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s_to_last_answer")
		b.ReportMetric(float64(fake.Floods()), "429s")
		ta.stop()
	}
}

// burstAnswered counts the burst's people answered in their group: by
// a reply quoting their message, or named in a merged one (「@住户3_7 …」).
func burstAnswered(fake *telegramtest.Server, asked map[int]string) int {
	names := map[string]bool{}
	for _, who := range asked {
		names[who] = true
	}
	answered := map[string]bool{}
	for _, m := range fake.Sent() {
		if who, ok := asked[m.ReplyTo]; ok && m.ChatID < 0 {
			answered[who] = true
			continue
		}
		for _, line := range strings.Split(m.Text, "\n") {
			if name, _, ok := strings.Cut(strings.TrimPrefix(line, "@"), " "); ok && strings.HasPrefix(line, "@") && names[name] {
				answered[name] = true
			}
		}
	}
	return len(answered)
}
