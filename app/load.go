package app

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"linli/bot"
	"linli/store"
	"linli/store/sqldb"
)

// loadPlan is the community a load run builds: residents in buildings with
// one group each plus a community-wide one, a history of stored orders,
// tomorrow's lunch and dinner on the menu and a few open activities.
type loadPlan struct {
	DB        string
	Orders    int
	Residents int
	Buildings int
	Events    int
}

// loadNow is the load community's clock: a Tuesday morning, before the
// cut-off of tomorrow's meals, so bookings and cancellations go through.
var loadNow = time.Date(2026, 11, 24, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))

// loadRig is a community under load: the real app (store, handlers,
// router) with a platform that discards what is sent but remembers each
// person's last order number so the mix can cancel it.
type loadRig struct {
	app    *app
	sink   *loadSink
	plan   loadPlan
	groups []bot.Chat
	seq    atomic.Int64
	prefix string // message id prefix: a reused database remembers earlier runs' ids
	failed atomic.Int64
}

// newLoadRig opens plan.DB, seeds it unless it holds the history already,
// and sets up today's menus and activities through the router.
func newLoadRig(ctx context.Context, plan loadPlan) (*loadRig, error) {
	cfg := demoConfig()
	cfg.Database.Driver, cfg.Database.DSN = "sqlite", plan.DB
	cfg.Suggest.PerHour = 1000  // a load run is not a person flooding the box
	cfg.Console.Enabled = false // its sink stands for the console
	cfg.Location = loadNow.Location()
	rig := &loadRig{sink: &loadSink{}, plan: plan, prefix: strconv.FormatInt(time.Now().UnixNano(), 36)}
	log := slog.New(failCounter{&rig.failed})
	a, err := New(ctx, cfg, Options{Log: log, Now: func() time.Time { return loadNow }, Platforms: []bot.Platform{rig.sink}})
	if err != nil {
		return nil, err
	}
	rig.app = a
	if err := rig.seed(ctx); err != nil {
		a.close()
		return nil, err
	}
	return rig, nil
}

func (rig *loadRig) close() error { return rig.app.close() }

func (rig *loadRig) seed(ctx context.Context) error {
	st := rig.app.store
	for b := 1; b <= rig.plan.Buildings+1; b++ {
		title, building := fmt.Sprintf("%d号楼群", b), fmt.Sprintf("%d号楼", b)
		if b > rig.plan.Buildings {
			title, building = "社区大群", store.AllBuildings
		}
		c, err := st.TouchChat(ctx, bot.Console, title, title, true)
		if err != nil {
			return err
		}
		if err := st.Bind(ctx, c.ID, building); err != nil {
			return err
		}
		rig.groups = append(rig.groups, bot.Chat{Platform: bot.Console, ID: title, Title: title, Group: true})
	}
	if v, _ := st.CountOrders(ctx); v == 0 {
		err := st.SeedHistory(ctx, sqldb.History{Platform: bot.Console, Residents: rig.plan.Residents,
			Orders: rig.plan.Orders, Until: loadNow, Loc: loadNow.Location()})
		if err != nil {
			return err
		}
	}
	manager := bot.User{Platform: bot.Console, ID: "李师傅", Name: "李师傅"}
	for _, meal := range []string{"午餐", "晚餐"} {
		if err := rig.expect(ctx, manager, bot.PrivateChat(manager),
			"设置菜单 明天 "+meal+"\n红烧肉\n番茄炒蛋\n清炒时蔬\n米饭\n每份 15\n助老 12\n爱心餐 9.9", "已设置"); err != nil {
			return err
		}
	}
	admin := bot.User{Platform: bot.Console, ID: "社区小王", Name: "社区小王"}
	for e := 1; e <= rig.plan.Events; e++ {
		text := fmt.Sprintf("发起活动 活动%d 11月%d日 9:00 活动室 300人", e, 26+e%4)
		if err := rig.expect(ctx, admin, bot.PrivateChat(admin), text, "号"); err != nil {
			return err
		}
	}
	return nil
}

// expect delivers one setup command and checks the reply, so a load run
// never measures a community whose menu was refused.
func (rig *loadRig) expect(ctx context.Context, u bot.User, chat bot.Chat, text, want string) error {
	rig.deliver(ctx, u, chat, text)
	if got := rig.sink.last(u.ID); !strings.Contains(got, want) {
		return fmt.Errorf("load setup: %q answered %q", strings.SplitN(text, "\n", 2)[0], got)
	}
	return nil
}

func (rig *loadRig) deliver(ctx context.Context, u bot.User, chat bot.Chat, text string) {
	id := rig.seq.Add(1)
	rig.app.router.Deliver(ctx, bot.Message{ID: rig.prefix + "-" + strconv.FormatInt(id, 10), Chat: chat, Sender: u,
		Text: text, At: loadNow})
}

// loadMix is one worker's stream of commands: who speaks, where, and what.
type loadMix struct {
	rig *loadRig
	rnd *rand.Rand
}

func (rig *loadRig) mix(seed uint64) *loadMix {
	return &loadMix{rig: rig, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

var suggestionTexts = []string{"楼道灯坏了，晚上看不清", "电梯有异响", "垃圾桶满了没人收", "健身器材松了", "希望多开一次理发服务"}

// next sends one command of the mix: menu 30%, book 25%, cancel 10%,
// my orders 5%, sign up 15%, cancel a sign-up 5%, suggest 10%; 15% of
// them privately, the rest in the person's building group.
func (m *loadMix) next(ctx context.Context) {
	p := m.rig.plan
	i := 1 + m.rnd.IntN(p.Residents)
	u := bot.User{Platform: bot.Console, ID: sqldb.ResidentUserID(i), Name: sqldb.ResidentName(i)}
	chat := m.rig.groups[i%p.Buildings]
	if m.rnd.IntN(100) < 15 {
		chat = bot.PrivateChat(u)
	}
	meal := [2]string{"午餐", "晚餐"}[m.rnd.IntN(2)]
	var text string
	switch k := m.rnd.IntN(100); {
	case k < 30:
		text = "明天菜单"
	case k < 55:
		text = fmt.Sprintf("订餐 明天 %s %d份", meal, 1+m.rnd.IntN(3))
	case k < 65:
		if order := m.rig.sink.order(u.ID); order != "" {
			text = "取消订餐 " + order
		} else {
			text = fmt.Sprintf("订餐 明天 %s 1份", meal)
		}
	case k < 70:
		text = "我的订餐"
	case k < 85:
		text = fmt.Sprintf("报名 %d %d人", 1+m.rnd.IntN(p.Events), 1+m.rnd.IntN(2))
	case k < 90:
		text = fmt.Sprintf("取消报名 %d", 1+m.rnd.IntN(p.Events))
	default:
		text = "建议 " + suggestionTexts[m.rnd.IntN(len(suggestionTexts))]
	}
	m.rig.deliver(ctx, u, chat, text)
}

// loadSink is the platform of a load run: it sends nowhere, remembering
// only each person's last reply and last order number.
type loadSink struct {
	replies sync.Map // user id → last reply text
	orders  sync.Map // user id → "D12"
}

var orderNumber = regexp.MustCompile(`订单号 (D\d+)`)

func (s *loadSink) Name() string { return bot.Console }

func (s *loadSink) Run(ctx context.Context, _ bot.DeliverFunc) error {
	<-ctx.Done()
	return nil
}

func (s *loadSink) Send(_ context.Context, chat bot.Chat, r bot.Reply) error {
	who := chat.ID
	if r.Mention != nil {
		who = r.Mention.ID
	}
	s.replies.Store(who, r.Text)
	if m := orderNumber.FindStringSubmatch(r.Text); m != nil {
		s.orders.Store(who, m[1])
	} else if strings.Contains(r.Text, "已取消") {
		s.orders.Delete(who)
	}
	return nil
}

func (s *loadSink) last(user string) string {
	v, _ := s.replies.Load(user)
	t, _ := v.(string)
	return t
}

func (s *loadSink) order(user string) string {
	v, _ := s.orders.Load(user)
	t, _ := v.(string)
	return t
}

// failCounter is the load run's log: it counts the router's internal
// failures and drops everything else, so logging is not what is measured.
type failCounter struct{ n *atomic.Int64 }

func (f failCounter) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelError }
func (f failCounter) Handle(_ context.Context, r slog.Record) error {
	f.n.Add(1)
	return nil
}
func (f failCounter) WithAttrs([]slog.Attr) slog.Handler { return f }
func (f failCounter) WithGroup(string) slog.Handler      { return f }

// loadDB is the database file of a load run in dir.
func loadDB(dir string, orders int) string {
	return filepath.Join(dir, fmt.Sprintf("load-%d.db", orders))
}
