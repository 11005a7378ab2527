package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
	"linli/bot/reader"
	"linli/handlers"
	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// shanghai is the community's zone in these tests.
var shanghai = mustZone()

func mustZone() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

func at(day, hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hm, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// sent is one message the bot sent.
type sent = bottest.Sent

// to is the text sent to one chat (by its id), messages joined by "\n---\n".
func to(msgs []sent, chatID string) string {
	var texts []string
	for _, m := range msgs {
		if m.Chat.ID == chatID {
			texts = append(texts, m.Reply.Text)
		}
	}
	return strings.Join(texts, "\n---\n")
}

// harness is the canteen wired as in the app: real SQLite, the real reader
// and router, a recording outbox and a settable clock.
type harness struct {
	t     testing.TB
	st    *sqldb.Store
	h     *handlers.Handlers
	rt    *bot.Router
	out   *bottest.Recorder
	clock *bottest.Clock
	seq   int64
	mu    sync.Mutex
}

func canteenConfig() handlers.Config {
	return handlers.Config{
		Community: "阳光社区", Location: shanghai,
		Admins: []string{"console:社区小王"}, CanteenManagers: []string{"console:李师傅"},
		Canteen: handlers.CanteenConfig{
			Cutoffs: map[string]string{bot.Lunch: "09:30", bot.Dinner: "15:30"},
			Price:   1500, ElderPrice: 1200, WorkerPrice: 990,
			Contact:   "李师傅 13800000000",
			MenuToday: "30 7 * * *", MenuTomorrow: "0 16 * * *",
		},
	}
}

func newHarness(t testing.TB, cfg handlers.Config) *harness {
	t.Helper()
	ctx := context.Background()
	st := sqldbtest.MustOpen(t)
	hs := &harness{t: t, st: st, out: &bottest.Recorder{}, clock: bottest.NewClock(at("2026-11-24", "10:00"))}
	st.Now = hs.clock.Now
	// The switchboard says a private message in a group where the person
	// cannot be written to, as the real one does.
	board := bot.Switchboard{bot.WeChat: hs.out, bot.Telegram: hs.out, bot.Console: hs.out}
	hs.h = handlers.New(storesOf(st), board, cfg, hs.clock.Now, nil)
	if err := hs.h.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	rd, err := reader.New(reader.Config{Location: shanghai, Cutoffs: cfg.Canteen.Cutoffs})
	if err != nil {
		t.Fatal(err)
	}
	hs.rt, err = bot.NewRouter(bot.RouterConfig{
		Read: func(m bot.Message, now time.Time) bot.Intent {
			return rd.Read(m.Text, reader.Mode{Private: m.Private(), Mentioned: m.Mentioned}, now)
		},
		Directory: hs.h, Dedup: st, Out: board, Now: hs.clock.Now, Unknown: hs.h.Unknown,
		Middleware: []bot.Middleware{hs.h.Behalf}, // 代 8号楼301 …, as the app has it
	}, hs.h.Routes()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct{ title, building string }{{"1号楼群", "1号楼"}, {"8号楼业主群", "8号楼"}, {"社区大群", store.AllBuildings}} {
		c, err := st.TouchChat(ctx, bot.Console, g.title, g.title, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Bind(ctx, c.ID, g.building); err != nil {
			t.Fatal(err)
		}
	}
	return hs
}

// message builds a message from name, in a group or (group "") privately.
func (hs *harness) message(group, name, text string) bot.Message {
	hs.mu.Lock()
	hs.seq++
	id := fmt.Sprint("m", hs.seq)
	hs.mu.Unlock()
	chat := bot.Chat{Platform: bot.Console, ID: name, Title: "@" + name}
	if group != "" {
		chat = bot.Chat{Platform: bot.Console, ID: group, Title: group, Group: true}
	}
	return bot.Message{ID: id, Chat: chat, Sender: bot.User{Platform: bot.Console, ID: name, Name: name}, Text: text, At: hs.clock.Now()}
}

// say delivers one message and returns everything the bot sent because of it.
func (hs *harness) say(group, name, text string) []sent {
	hs.rt.Deliver(context.Background(), hs.message(group, name, text))
	return hs.out.Take()
}

// reply is what the bot answered in the chat the message came from.
func (hs *harness) reply(group, name, text string) string {
	where := group
	if where == "" {
		where = name
	}
	return to(hs.say(group, name, text), where)
}

// resident makes a known person with tiers and, if room is set, a household.
func (hs *harness) resident(name string, elder, worker bool, building, room string) store.Resident {
	hs.t.Helper()
	ctx := context.Background()
	r, err := hs.st.TouchResident(ctx, bot.Console, name, name)
	if err != nil {
		hs.t.Fatal(err)
	}
	if err := hs.st.SetFlags(ctx, r.ID, &elder, &worker); err != nil {
		hs.t.Fatal(err)
	}
	if room != "" {
		if _, err := hs.st.Register(ctx, r.ID, building, room, true); err != nil {
			hs.t.Fatal(err)
		}
	}
	return r
}

// setLunch has 李师傅 publish 2026-11-25's lunch with extra setting lines.
func (hs *harness) setLunch(extra ...string) string {
	hs.t.Helper()
	text := strings.Join(append([]string{"设置菜单 明天 午餐", "红烧肉", "番茄炒蛋", "米饭"}, extra...), "\n")
	got := hs.reply("", "李师傅", text)
	if !strings.Contains(got, "已设置") {
		hs.t.Fatalf("setting the menu: %s", got)
	}
	return got
}

func must(t testing.TB, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("want %q in:\n%s", want, got)
	}
}

// storesOf hands one real database to the handlers as every store
// interface they take, as the app does.
func storesOf(st *sqldb.Store) handlers.Stores {
	return handlers.Stores{
		Chats: st, People: st, Roles: st, Codes: st, Households: st, PersonalData: st,
		Meals: st, Events: st, Signups: st, Notices: st, Suggestions: st,
		Votes: st, Receipts: st, Funds: st, Volunteering: st, Welcomes: st, Hints: st,
	}
}
