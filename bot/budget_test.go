package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
)

// floodRig is a router with a floodgate on a clock the test moves, and a
// toy canteen whose answers change with what was booked.
type floodRig struct {
	rt    *bot.Router
	out   *sent
	mu    sync.Mutex
	now   time.Time
	n     int
	calls int
	meals int // portions booked
}

func newFloodRig(t *testing.T) *floodRig {
	t.Helper()
	f := &floodRig{out: &sent{}, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	read := func(m bot.Message, _ time.Time) bot.Intent {
		switch strings.TrimSpace(m.Text) {
		case "帮助", "/help":
			return bot.Intent{Name: bot.IntentHelp}
		case "订餐":
			return bot.Intent{Name: bot.IntentBookMeal}
		case "取消订餐":
			return bot.Intent{Name: bot.IntentCancelMeal}
		case "我的订餐":
			return bot.Intent{Name: bot.IntentMyMeals}
		case "绑定 8号楼":
			return bot.Intent{Name: bot.IntentBindGroup, Building: "8号楼"}
		}
		if m.Addressed() {
			return bot.Intent{Name: bot.IntentUnknown}
		}
		return bot.Intent{Name: bot.IntentNone}
	}
	handle := func(reply func(*bot.Request) string) bot.HandlerFunc {
		return func(ctx context.Context, r *bot.Request) error {
			f.mu.Lock()
			f.calls++
			text := reply(r)
			f.mu.Unlock()
			if text == "" {
				return bot.Tell("您现在没有订餐，不用取消。")
			}
			return r.Reply(ctx, text)
		}
	}
	rt, err := bot.NewRouter(bot.RouterConfig{
		Read:      read,
		Directory: directory{"小王": {{Role: bot.RoleAdmin}}},
		Dedup:     &dedup{seen: map[string]bool{}},
		Out:       f.out,
		Now:       f.clock,
		Flood:     &bot.FloodConfig{Burst: 5, Refill: 30 * time.Second, Window: time.Minute},
	},
		bot.Route{Intent: bot.IntentHelp, Handle: handle(func(*bot.Request) string { return "帮助内容" })},
		bot.Route{Intent: bot.IntentBookMeal, Handle: handle(func(*bot.Request) string {
			f.meals++
			return fmt.Sprintf("已为您预订 明天午餐 %d份", f.meals)
		})},
		bot.Route{Intent: bot.IntentCancelMeal, Handle: handle(func(*bot.Request) string {
			if f.meals == 0 {
				return ""
			}
			f.meals = 0
			return "已取消 明天午餐"
		})},
		bot.Route{Intent: bot.IntentMyMeals, Handle: handle(func(*bot.Request) string {
			return fmt.Sprintf("您订了 明天午餐 %d份", f.meals)
		})},
		bot.Route{Intent: bot.IntentBindGroup, Roles: []string{bot.RoleAdmin}, Handle: handle(func(*bot.Request) string { return "已绑定" })},
	)
	if err != nil {
		t.Fatal(err)
	}
	f.rt = rt
	return f
}

func (f *floodRig) clock() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }

func (f *floodRig) wait(d time.Duration) { f.mu.Lock(); f.now = f.now.Add(d); f.mu.Unlock() }

// say delivers text from who in a Telegram group (or privately, or on the
// console), as the platform would, and returns the replies it drew.
func (f *floodRig) say(who, text string, chat bot.Chat) []string {
	f.n++
	before := len(f.out.texts())
	u := bot.User{Platform: chat.Platform, ID: who, Name: who}
	f.rt.Deliver(context.Background(), bot.Message{ID: fmt.Sprint("m", f.n), Chat: chat, Sender: u, Text: text, Mentioned: true})
	return f.out.texts()[before:]
}

var tgBuilding = bot.Chat{Platform: bot.Telegram, ID: "-100", Title: "8号楼群", Group: true}

// One person sending 帮助 a hundred times, one a second, gets the answer
// once, then one kind word to slow down, then silence; the handler is not
// even run once the budget is spent.
func TestFloodOfOneCommandGetsAFewReplies(t *testing.T) {
	f := newFloodRig(t)
	var got []string
	for range 100 {
		got = append(got, f.say("阿强", "帮助", tgBuilding)...)
		f.wait(time.Second)
	}
	t.Logf("100 帮助 in 100 s drew %d replies, the handler ran %d times: %q", len(got), f.calls, got)
	if len(got) > 3 {
		t.Fatalf("100 帮助 drew %d replies, want a few", len(got))
	}
	if got[0] != "帮助内容" || !contains(got, bot.FloodWarning) {
		t.Errorf("replies %q: want the help, and the warning once", got)
	}
	if n := count(got, bot.FloodWarning); n != 1 {
		t.Errorf("warned %d times, want once", n)
	}
	if f.calls > 15 {
		t.Errorf("the handler ran %d times for 100 repeats, want it spared once the budget is spent", f.calls)
	}
}

// Messages the bot cannot read, and commands refused, draw on the budget:
// a burst of them is answered a few times, then warned, then not at all.
func TestFloodOfUnreadableAndRefusedMessagesRunsDry(t *testing.T) {
	f := newFloodRig(t)
	var got []string
	for i := range 50 {
		got = append(got, f.say("阿强", fmt.Sprint("乱码", i), tgBuilding)...)
		got = append(got, f.say("阿强", "绑定 8号楼", tgBuilding)...)
	}
	if len(got) != 6 || got[5] != bot.FloodWarning {
		t.Errorf("100 unreadable or refused messages drew %d replies (the last %q), want 5 answers and the warning", len(got), got[len(got)-1])
	}
	// A distinct valid command is still carried out and answered.
	if r := f.say("阿强", "订餐", tgBuilding); len(r) != 1 || !strings.HasPrefix(r[0], "已为您预订") {
		t.Errorf("a booking after the flood drew %q, want it made and answered", r)
	}
	// Flooding on keeps the budget spent: silence, not an answer each
	// time the clock wins one back.
	var more []string
	for range 120 {
		f.wait(time.Second)
		more = append(more, f.say("阿强", "乱码", tgBuilding)...)
	}
	if len(more) != 0 {
		t.Errorf("two more minutes of flooding drew %q, want silence", more)
	}
	// The budget fills again with time, and a later flood is warned again.
	f.wait(6 * time.Minute)
	if r := f.say("阿强", "乱码", tgBuilding); len(r) != 1 || !strings.Contains(r[0], "没看懂") {
		t.Errorf("after six quiet minutes an unreadable message drew %q, want the hint", r)
	}
	var again []string
	for range 10 {
		again = append(again, f.say("阿强", "乱码?", tgBuilding)...)
	}
	if count(again, bot.FloodWarning) != 1 {
		t.Errorf("a second flood of 10 drew %d replies, %d of them the warning; want the warning once", len(again), count(again, bot.FloodWarning))
	}
}

// Deliberate commands that read the same (订餐, 我的订餐, 订餐 again,
// 取消订餐, 订餐) are all carried out and answered: an answer is held back
// only when it is the very one the person was last given.
func TestFloodDistinctCommandsAreAnswered(t *testing.T) {
	f := newFloodRig(t)
	want := []string{"已为您预订 明天午餐 1份", "您订了 明天午餐 1份", "已为您预订 明天午餐 2份",
		"已取消 明天午餐", "已为您预订 明天午餐 1份", "您订了 明天午餐 1份", "帮助内容"}
	for i, text := range []string{"订餐", "我的订餐", "订餐", "取消订餐", "订餐", "我的订餐", "/help"} {
		got := f.say("王阿姨", text, tgBuilding)
		if len(got) != 1 || got[0] != want[i] {
			t.Errorf("%s (#%d) drew %q, want %q", text, i+1, got, want[i])
		}
		f.wait(5 * time.Second)
	}
	// The very answer just given is not given again, however it is asked.
	if got := f.say("王阿姨", "帮助", tgBuilding); len(got) != 0 {
		t.Errorf("帮助 right after /help drew %q, want nothing new", got)
	}
	// Someone else, or the same person in another chat, is answered.
	if got := f.say("李叔", "帮助", tgBuilding); len(got) != 1 {
		t.Errorf("another person's 帮助 drew %q", got)
	}
	private := bot.Chat{Platform: bot.Telegram, ID: "王阿姨"}
	if got := f.say("王阿姨", "帮助", private); len(got) != 1 {
		t.Errorf("帮助 in a private chat drew %q", got)
	}
	// After the window the same question is answered again.
	f.wait(time.Minute)
	if got := f.say("王阿姨", "帮助", tgBuilding); len(got) != 1 {
		t.Errorf("帮助 a minute later drew %q, want the answer", got)
	}
}

// Staff (anyone holding a role) and the console are not budgeted.
func TestFloodSparesStaffAndTheConsole(t *testing.T) {
	f := newFloodRig(t)
	console := bot.Chat{Platform: bot.Console, ID: "console", Title: "console", Group: true}
	staff, operator := 0, 0
	for range 30 {
		staff += len(f.say("小王", "绑定 8号楼", tgBuilding))
		operator += len(f.say("张阿姨", "我在吗", console))
	}
	if staff != 30 || operator != 30 {
		t.Errorf("30 repeats drew %d replies for the admin and %d on the console, want every one answered", staff, operator)
	}
}

func count(ss []string, s string) int {
	n := 0
	for _, x := range ss {
		if x == s {
			n++
		}
	}
	return n
}

func contains(ss []string, s string) bool { return count(ss, s) > 0 }
