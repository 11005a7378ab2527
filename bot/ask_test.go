package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
)

// A reading the reader was not sure of is asked back, not carried out: 是
// within five minutes carries it out once; anything else, or a 是 after
// five minutes, drops it (a late 是 is told so, a 算了 is taken as no); a
// 是 with no question is a courtesy.
func TestUnsureReadingIsAskedFirst(t *testing.T) {
	clock := bottest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	out := &sent{}
	booked := 0
	readAsk := func(m bot.Message, _ time.Time) bot.Intent {
		switch m.Text {
		case "劳驾帮我留两份明天中午的饭":
			return bot.Intent{Name: bot.IntentBookMeal, Quantity: 2, Ask: true}
		case "是":
			return bot.Intent{Name: bot.IntentConfirm, Confirm: true}
		}
		return read(m, clock.Now())
	}
	rt, err := bot.NewRouter(bot.RouterConfig{Read: readAsk, Directory: directory{}, Out: out, Now: clock.Now},
		bot.Route{Intent: bot.IntentBookMeal, Title: "订餐",
			Describe: func(in bot.Intent, _ time.Time) string { return "订 明天午餐 2份" },
			Handle: func(ctx context.Context, r *bot.Request) error {
				booked++
				return r.Reply(ctx, "已为您预订")
			}},
		bot.Route{Intent: bot.IntentHelp, Title: "看能做什么", Handle: func(ctx context.Context, r *bot.Request) error {
			return r.Reply(ctx, "帮助内容")
		}})
	if err != nil {
		t.Fatal(err)
	}
	say := func(text string) string {
		n := len(out.texts())
		rt.Deliver(context.Background(), bot.Message{ID: text + clock.Now().String(), Text: text,
			Chat: bot.PrivateChat(bot.User{Platform: bot.Console, ID: "王奶奶"}), Sender: bot.User{Platform: bot.Console, ID: "王奶奶", Name: "王奶奶"}})
		return strings.Join(out.texts()[n:], "\n")
	}
	if got := say("劳驾帮我留两份明天中午的饭"); !strings.Contains(got, "您是要订 明天午餐 2份吗？") || booked != 0 {
		t.Fatalf("an unsure reading answered %q and booked %d times, want a question and no booking", got, booked)
	}
	clock.Advance(4 * time.Minute)
	if got := say("是"); got != "已为您预订" || booked != 1 {
		t.Fatalf("是 within five minutes answered %q, booked %d", got, booked)
	}
	if got := say("是"); !strings.Contains(got, "好的") || booked != 1 {
		t.Errorf("a second 是 answered %q, booked %d: the question was answered already", got, booked)
	}
	say("劳驾帮我留两份明天中午的饭")
	say("帮助")
	if say("是"); booked != 1 {
		t.Errorf("是 after another command booked: %d", booked)
	}
	say("劳驾帮我留两份明天中午的饭")
	clock.Advance(6 * time.Minute)
	if got := say("是"); booked != 1 || !strings.Contains(got, "没有办") {
		t.Errorf("是 after six minutes answered %q and booked %d: want told it came too late", got, booked)
	}
	say("劳驾帮我留两份明天中午的饭")
	if got := say("算了，不用了"); booked != 1 || !strings.Contains(got, "不办了") {
		t.Errorf("算了 after the question answered %q and booked %d: want taken as no", got, booked)
	}
	if got := say("算了，不用了"); strings.Contains(got, "不办了") {
		t.Errorf("算了 with no question open answered %q: nothing was asked", got)
	}
}
