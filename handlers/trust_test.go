package handlers_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/handlers"
	"linli/store"
)

// send delivers m (ID and time filled in) and returns what the bot said.
func (e *env) send(m bot.Message) []said {
	e.seq++
	m.ID, m.At = time.Now().String()+m.Text, e.now
	e.rt.Deliver(context.Background(), m)
	return e.out.Take()
}

// wx is a WeChat message from u, in group (a title) or privately.
func wx(u bot.User, group, text string) bot.Message {
	u.Platform = bot.WeChat
	c := bot.PrivateChat(u)
	if group != "" {
		c = bot.Chat{Platform: bot.WeChat, ID: "g:" + group, Title: group, Group: true}
	}
	return bot.Message{Chat: c, Sender: u, Text: text}
}

func saidTo(got []said, chatID string) []string {
	var out []string
	for _, s := range got {
		if s.Chat.ID == chatID {
			out = append(out, s.Reply.Text)
		}
	}
	return out
}

var codeRe = regexp.MustCompile(`验证 ([2-9A-Z]{8})`)

// The path of a WeChat building head: an admin asks privately for a code,
// hands it over, the head redeems it privately. 设置楼组长 by @name on
// WeChat explains the code instead; a code is used once, and a code shown
// in a group is void.
func TestWeChatRoleByCode(t *testing.T) {
	e := newEnv(t, handlers.Config{Admins: []string{"console:社区小王"}})
	ctx := context.Background()
	admin, _ := e.store.Resident(ctx, bot.Console, "社区小王")
	wxAdmin, _ := e.store.TouchResident(ctx, bot.WeChat, "f:ADMIN234", "社区小王")
	if _, err := e.store.Grant(ctx, wxAdmin.ID, bot.RoleAdmin, "", ""); err != nil {
		t.Fatal(err)
	}
	wang := bot.User{ID: "f:WANG2345", Name: "王阿姨"}
	e.send(wx(wang, "8号楼业主群", "大家好"))

	got := e.send(wx(bot.User{ID: "f:ADMIN234", Name: "社区小王"}, "8号楼业主群", "设置楼组长 @王阿姨 8号楼"))
	has(t, got, "验证码 楼组长 8号楼")
	if heads, _ := e.store.HoldersOf(ctx, bot.RoleBuildingHead, ""); len(heads) != 0 {
		t.Fatalf("set_role on WeChat granted by name: %+v", heads)
	}
	has(t, e.send(wx(bot.User{ID: "f:ADMIN234", Name: "社区小王"}, "8号楼业主群", "@邻里 验证码 楼组长 8号楼")), "私聊")

	got = e.send(wx(bot.User{ID: "f:ADMIN234", Name: "社区小王"}, "", "验证码 楼组长 8号楼"))
	m := codeRe.FindStringSubmatch(strings.Join(saidTo(got, "f:ADMIN234"), "\n"))
	if m == nil {
		t.Fatalf("no code in %v", got)
	}
	// An impostor cannot redeem it: she is known by name only.
	got = e.send(wx(bot.User{ID: "m:王阿姨", Name: "王阿姨"}, "", "验证 "+m[1]))
	has(t, got, "加本账号为好友")
	got = e.send(wx(wang, "", "验证 "+strings.ToLower(m[1])))
	has(t, got, "验证成功：您现在是8号楼楼组长")
	has(t, got, "王阿姨 已用验证码确认为8号楼楼组长") // told to the admin who asked
	heads, _ := e.store.HoldersOf(ctx, bot.RoleBuildingHead, "8号楼")
	if len(heads) != 1 || heads[0].UserID != "f:WANG2345" {
		t.Fatalf("heads of 8号楼 = %+v, want 王阿姨's verified key", heads)
	}
	has(t, e.send(wx(bot.User{ID: "f:OTHER234", Name: "李叔"}, "", "验证 "+m[1])), "已经用过")

	// A code said in a group is void at once.
	got = e.send(bot.Message{Chat: bot.PrivateChat(bot.User{Platform: bot.Console, ID: "社区小王"}),
		Sender: bot.User{Platform: bot.Console, ID: "社区小王", Name: "社区小王"}, Text: "验证码 食堂"})
	m = codeRe.FindStringSubmatch(strings.Join(saidTo(got, "社区小王"), "\n"))
	if m == nil {
		t.Fatalf("no code for the canteen in %v", got)
	}
	has(t, e.send(wx(bot.User{ID: "f:LI234567", Name: "李师傅"}, "8号楼业主群", "@邻里 验证 "+m[1])), "已经作废")
	has(t, e.send(wx(bot.User{ID: "f:LI234567", Name: "李师傅"}, "", "验证 "+m[1])), "已经用过")
	_ = admin
}

// An account known by a name only is granted nothing recorded under it (a
// database from before this rule), and cannot register a household.
func TestNamedWeChatAccountActsForItselfOnly(t *testing.T) {
	e := newEnv(t, handlers.Config{})
	ctx := context.Background()
	named, _ := e.store.TouchResident(ctx, bot.WeChat, "m:社区小王", "社区小王")
	if _, err := e.store.Grant(ctx, named.ID, bot.RoleAdmin, "", ""); err != nil {
		t.Fatal(err)
	}
	u := bot.User{ID: "m:社区小王", Name: "社区小王"}
	has(t, e.send(wx(u, "8号楼业主群", "群列表")), "只有社区工作人员")
	has(t, e.send(wx(u, "8号楼业主群", "登记 8号楼 301")), "加本账号为好友")
	r, _ := e.store.Resident(ctx, bot.WeChat, "m:社区小王")
	if r.HouseholdID != nil || r.PendingHouseholdID != nil {
		t.Errorf("a name-only account joined a household: %+v", r)
	}
	has(t, e.send(wx(u, "8号楼业主群", "菜单")), "菜单")
}

// Two accounts under one unverified name may read, nothing more, and the
// admins hear of it once.
func TestNamesakeHeld(t *testing.T) {
	e := newEnv(t, handlers.Config{Admins: []string{"console:社区小王"}})
	li := bot.User{ID: "m:李叔", Name: "李叔", Namesake: true}
	got := e.send(wx(li, "8号楼业主群", "建议 楼道灯坏了"))
	has(t, got, "两位都用「李叔」")
	if n := len(saidTo(got, "社区小王")); n != 1 {
		t.Errorf("admins told %d times on the first hold, want once", n)
	}
	got = e.send(wx(li, "8号楼业主群", "报名 1"))
	if n := len(saidTo(got, "社区小王")); n != 0 {
		t.Errorf("admins told again: %v", got)
	}
	if sg, _ := e.store.Suggestions(context.Background(), store.SuggestionFilter{}); len(sg) != 0 {
		t.Errorf("a namesake's suggestion was filed: %+v", sg)
	}
	got = e.send(wx(li, "8号楼业主群", "帮助"))
	has(t, got, "小助手")
}

// A role the configuration gave is taken back when the configuration no
// longer lists the account; granting twice notifies once.
func TestConfigRemovedAdminLosesTheRole(t *testing.T) {
	e := newEnv(t, handlers.Config{Admins: []string{"console:社区小王", "console:老周"}})
	ctx := context.Background()
	zhou, _ := e.store.Resident(ctx, bot.Console, "老周")
	if roles, _ := e.store.RolesOf(ctx, zhou.ID); len(roles) != 1 {
		t.Fatalf("老周's roles from the configuration: %+v", roles)
	}
	h := handlers.New(storesOf(e.store), e.out, handlers.Config{Location: time.UTC, Admins: []string{"console:社区小王"}}, func() time.Time { return e.now }, nil)
	if err := h.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if roles, _ := e.store.RolesOf(ctx, zhou.ID); len(roles) != 0 {
		t.Errorf("老周 is still %+v after leaving the configuration", roles)
	}
	got := e.out.Take()
	has(t, saidAt(got, "老周"), "身份已取消")
	has(t, saidAt(got, "社区小王"), "老周")
	if err := h.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.out.Take(); len(got) != 0 {
		t.Errorf("a second start told again: %v", got)
	}

	e.send(bot.Message{Chat: bot.Chat{Platform: bot.Console, ID: "1号楼群", Title: "1号楼群", Group: true},
		Sender: bot.User{Platform: bot.Console, ID: "张阿姨", Name: "张阿姨"}, Text: "大家好"})
	admin := bot.User{Platform: bot.Console, ID: "社区小王", Name: "社区小王"}
	group := bot.Chat{Platform: bot.Console, ID: "1号楼群", Title: "1号楼群", Group: true}
	first := e.send(bot.Message{Chat: group, Sender: admin, Text: "设置楼组长 @张阿姨 1号楼"})
	second := e.send(bot.Message{Chat: group, Sender: admin, Text: "设置楼组长 @张阿姨 1号楼"})
	if len(saidTo(first, "张阿姨")) != 1 || len(saidTo(second, "张阿姨")) != 0 {
		t.Errorf("granting twice told 张阿姨 %d then %d times, want once", len(saidTo(first, "张阿姨")), len(saidTo(second, "张阿姨")))
	}
	has(t, second, "本来就是1号楼楼组长")
}

func saidAt(got []said, chatID string) []said {
	var out []said
	for _, s := range got {
		if s.Chat.ID == chatID {
			out = append(out, s)
		}
	}
	return out
}

// On Telegram a role command names its person by @username — found after a
// restart, from what was stored — or by replying to their message; never
// by a display name, which anyone can give themselves.
func TestTelegramNamesByUsernameNeverDisplayName(t *testing.T) {
	e := newEnv(t, handlers.Config{Admins: []string{"telegram:1"}})
	group := bot.Chat{Platform: bot.Telegram, ID: "-100", Title: "8号楼群", Group: true}
	admin := bot.User{Platform: bot.Telegram, ID: "1", Name: "社区小王"}
	li := bot.User{Platform: bot.Telegram, ID: "42", Name: "李师傅", Handle: "li_shifu"}
	fake := bot.User{Platform: bot.Telegram, ID: "66", Name: "li_shifu"} // a display name copying the handle
	e.send(bot.Message{Chat: group, Sender: li, Text: "大家好"})
	e.send(bot.Message{Chat: group, Sender: fake, Text: "大家好"})

	// After a restart the adapter knows no handle: the mention carries none.
	got := e.send(bot.Message{Chat: group, Sender: admin, Text: "设置食堂 @li_shifu",
		Mentions: []bot.User{{Platform: bot.Telegram, Name: "li_shifu", Handle: "li_shifu"}}})
	has(t, got, "已设置：李师傅 是食堂管理员")
	got = e.send(bot.Message{Chat: group, Sender: admin, Text: "认证长者 李师傅"})
	has(t, got, "没找到 @李师傅")
	ctx := context.Background()
	victim, _ := e.store.Resident(ctx, bot.Telegram, "66")
	if roles, _ := e.store.RolesOf(ctx, victim.ID); len(roles) != 0 || victim.Elder {
		t.Errorf("the display-name copy got %+v", roles)
	}
	got = e.send(bot.Message{Chat: group, Sender: admin, Text: "认证长者", Quoted: &li})
	has(t, got, "已认证：李师傅")
}
