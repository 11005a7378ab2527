package handlers_test

import (
	"context"
	"fmt"
	"strings"
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

// env is a community on a real SQLite file, driven through the real reader
// and router, with a sender that records what the bot says where.
type env struct {
	t     *testing.T
	store *sqldb.Store
	h     *handlers.Handlers
	rt    *bot.Router
	out   *bottest.Recorder
	now   time.Time
	seq   int
}

type said = bottest.Sent

func newEnv(t *testing.T, cfg handlers.Config) *env {
	t.Helper()
	ctx := context.Background()
	st := sqldbtest.MustOpen(t)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	cfg.Location = loc
	e := &env{t: t, store: st, out: &bottest.Recorder{}, now: time.Date(2026, 11, 24, 8, 0, 0, 0, loc)}
	e.h = handlers.New(storesOf(st), e.out, cfg, func() time.Time { return e.now }, nil)
	if err := e.h.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	rd, err := reader.New(reader.Config{Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	e.rt, err = bot.NewRouter(bot.RouterConfig{
		Read: func(m bot.Message, now time.Time) bot.Intent {
			return rd.Read(m.Text, reader.Mode{Private: m.Private(), Mentioned: m.Mentioned, Replying: m.Quoted != nil}, now)
		},
		Directory: e.h, Dedup: st, Out: e.out, Now: func() time.Time { return e.now },
		Middleware: []bot.Middleware{e.h.Guard, e.h.Behalf},
	}, e.h.Routes()...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// say delivers a message from user (platform id uid, display name name) in
// a group (or privately when group is "") and returns what the bot said.
func (e *env) say(group, uid, name, text string) []said {
	e.seq++
	u := bot.User{Platform: bot.Console, ID: uid, Name: name}
	c := bot.PrivateChat(u)
	if group != "" {
		c = bot.Chat{Platform: bot.Console, ID: group, Title: group, Group: true}
	}
	e.rt.Deliver(context.Background(), bot.Message{ID: time.Now().String() + text, Chat: c, Sender: u, Text: text, At: e.now})
	return e.out.Take()
}

func has(t *testing.T, got []said, want string) {
	t.Helper()
	for _, s := range got {
		if strings.Contains(s.Reply.Text, want) {
			return
		}
	}
	t.Errorf("nothing said contains %q; said: %v", want, got)
}

func TestNamesakesGetAQuestionNotAGuess(t *testing.T) {
	e := newEnv(t, handlers.Config{Admins: []string{"console:admin"}})
	e.say("8号楼群", "u1", "张阿姨", "大家好")
	e.say("8号楼群", "u2", "张阿姨", "早上好")
	got := e.say("8号楼群", "admin", "社区小王", "设置楼组长 @张阿姨 8号楼")
	has(t, got, "有2位都叫「张阿姨」")
	heads, _ := e.store.HoldersOf(context.Background(), bot.RoleBuildingHead, "")
	if len(heads) != 0 {
		t.Fatalf("a namesake was guessed: heads = %+v", heads)
	}
}

// WeChat puts U+2005 after an @name (and people paste it elsewhere); the
// name must not swallow it or what follows.
func TestMentionSpace(t *testing.T) {
	e := newEnv(t, handlers.Config{Admins: []string{"console:admin"}})
	e.say("8号楼群", "u1", "王阿姨", "大家好")
	got := e.say("8号楼群", "admin", "社区小王", "设置楼组长 @王阿姨\u2005 8号楼")
	has(t, got, "已设置：王阿姨 是8号楼楼组长")
	r, _ := e.store.Resident(context.Background(), bot.Console, "u1")
	roles, _ := e.store.RolesOf(context.Background(), r.ID)
	if len(roles) != 1 || roles[0].Building != "8号楼" {
		t.Fatalf("roles = %+v, want head of 8号楼", roles)
	}
}

func TestRemovedRoleNoLongerWorks(t *testing.T) {
	e := newEnv(t, handlers.Config{Admins: []string{"console:admin"}})
	e.say("8号楼群", "admin", "社区小王", "绑定 8号楼")
	e.say("8号楼群", "u1", "王阿姨", "大家好")
	e.say("8号楼群", "admin", "社区小王", "设置楼组长 @王阿姨 8号楼")
	has(t, e.say("8号楼群", "u1", "王阿姨", "通知 明天停水"), "已发到8号楼的1个群")
	has(t, e.say("8号楼群", "admin", "社区小王", "取消楼组长 @王阿姨"), "已取消 王阿姨 的楼组长")
	got := e.say("8号楼群", "u1", "王阿姨", "通知 明天停水")
	has(t, got, "只有楼组长或社区工作人员")
	for _, s := range got {
		if strings.Contains(s.Reply.Text, "【8号楼通知】") {
			t.Errorf("a former head's notice went out: %q", s.Reply.Text)
		}
	}
}

func TestNoticeToThreeGroupsOfABuilding(t *testing.T) {
	e := newEnv(t, handlers.Config{Admins: []string{"console:admin"}})
	for _, g := range []string{"8号楼一群", "8号楼二群", "8号楼三群"} {
		e.say(g, "admin", "社区小王", "绑定 8号楼")
	}
	e.say("9号楼群", "admin", "社区小王", "绑定 9号楼")
	e.say("8号楼一群", "u1", "王阿姨", "大家好")
	e.say("8号楼一群", "admin", "社区小王", "设置楼组长 @王阿姨 8号楼")
	got := e.say("8号楼一群", "u1", "王阿姨", "通知 明天上午9点停水")
	groups := map[string]bool{}
	for _, s := range got {
		if strings.HasPrefix(s.Reply.Text, "【8号楼通知】明天上午9点停水") {
			groups[s.Chat.ID] = true
		}
	}
	if len(groups) != 3 || groups["9号楼群"] {
		t.Errorf("notice reached %v, want the three groups of 8号楼 only", groups)
	}
	has(t, got, "已发到8号楼的3个群")
}

// The two accounts of one household (say 张阿姨 on WeChat and her daughter
// on Telegram) share sign-ups: either sees them and either may cancel.
func TestHouseholdSharesSignups(t *testing.T) {
	e := newEnv(t, handlers.Config{Admins: []string{"console:admin"}})
	ctx := context.Background()
	creator, _ := e.store.TouchResident(ctx, bot.Console, "admin", "社区小王")
	ev, err := e.store.CreateEvent(ctx, store.Event{Title: "花卉讲座", Place: "活动室",
		StartsAt: e.now.Add(72 * time.Hour), Capacity: 10, CreatorID: creator.ID}, []string{store.AllBuildings})
	if err != nil {
		t.Fatal(err)
	}
	// Known from the building's group, 张阿姨 registers at once; her
	// daughter joins the occupied household on her yes.
	e.say("8号楼业主群", "mum", "张阿姨", "活动")
	e.say("8号楼业主群", "kid", "小张", "活动")
	has(t, e.say("", "mum", "张阿姨", "登记 8号楼 301"), "已登记")
	has(t, e.say("", "kid", "小张", "登记 8号楼 301"), "等本户家人同意")
	has(t, e.say("", "mum", "张阿姨", "同意 8号楼301 小张"), "已同意 小张")
	has(t, e.say("", "mum", "张阿姨", fmt.Sprintf("报名 %d 2人", ev.ID)), "报名成功")
	has(t, e.say("", "kid", "小张", "我的报名"), "（张阿姨报的）")
	has(t, e.say("", "stranger", "李大爷", fmt.Sprintf("取消报名 %d", ev.ID)), "您没有报名")
	has(t, e.say("", "mum", "张阿姨", "我的报名"), "花卉讲座")
	has(t, e.say("", "kid", "小张", fmt.Sprintf("取消报名 %d", ev.ID)), "已取消您的报名")
	has(t, e.say("", "mum", "张阿姨", "我的报名"), "您还没有报名活动")
}

// TestNoticeToChosenBuildings: a last line 范围 … picks among a head's own
// buildings; another building is refused and nothing is sent; a line that
// is not only buildings stays the notice's text.
func TestNoticeToChosenBuildings(t *testing.T) {
	e := newEnv(t, handlers.Config{Admins: []string{"console:admin"}})
	for _, g := range []struct{ chat, building string }{{"8号楼群", "8号楼"}, {"9号楼群", "9号楼"}, {"1号楼群", "1号楼"}} {
		e.say(g.chat, "admin", "社区小王", "绑定 "+g.building)
	}
	e.say("8号楼群", "u1", "王阿姨", "大家好")
	e.say("8号楼群", "admin", "社区小王", "设置楼组长 @王阿姨 8号楼")
	e.say("8号楼群", "admin", "社区小王", "设置楼组长 @王阿姨 9号楼")
	got := e.say("8号楼群", "u1", "王阿姨", "通知 9号楼明天停水\n范围 9号楼")
	has(t, got, "已发到9号楼的1个群")
	for _, s := range got {
		if s.Chat.ID == "8号楼群" && strings.HasPrefix(s.Reply.Text, "【") || strings.Contains(s.Reply.Text, "范围") {
			t.Errorf("sent %q to %s", s.Reply.Text, s.Chat.ID)
		}
	}
	got = e.say("8号楼群", "u1", "王阿姨", "通知 停水\n范围 1号楼")
	has(t, got, "通知只能发到8号楼、9号楼的群")
	for _, s := range got {
		if s.Chat.ID == "1号楼群" {
			t.Errorf("a head's notice reached another building: %q", s.Reply.Text)
		}
	}
	has(t, e.say("8号楼群", "u1", "王阿姨", "通知 停水\n范围：8号楼1至3单元"), "已发到8号楼、9号楼的2个群")
}
