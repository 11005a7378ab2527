package wechat

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"linli/bot"
)

func TestStripMention(t *testing.T) {
	names := []string{"邻里", "邻里小助手", "Linli"}
	for _, c := range []struct {
		in, out   string
		mentioned bool
	}{
		{"@邻里\u2005菜单", "菜单", true},
		{"@邻里小助手\u2005订餐 明天 午餐 2份", "订餐 明天 午餐 2份", true},
		{"菜单 @邻里\u2005", "菜单", true},
		{"菜单 @Linli", "菜单", true},
		{"@Linli 帮助", "帮助", true},
		{"@王阿姨\u2005您好", "@王阿姨\u2005您好", false},
		{"@邻里居委会\u2005开会", "@邻里居委会\u2005开会", false},
		{"  菜单  ", "菜单", false},
	} {
		out, mentioned := stripMention(c.in, names)
		if out != c.out || mentioned != c.mentioned {
			t.Errorf("stripMention(%q) = %q, %v; want %q, %v", c.in, out, mentioned, c.out, c.mentioned)
		}
	}
}

func TestBackoffDoublesUpToCap(t *testing.T) {
	var got []time.Duration
	for n := 1; n <= 6; n++ {
		got = append(got, backoff(n, 5*time.Second, 30*time.Second))
	}
	want := []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 30 * time.Second, 30 * time.Second, 30 * time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("backoff = %v, want %v", got, want)
		}
	}
}

func TestRenderMentionsAndButtons(t *testing.T) {
	u := bot.User{Platform: bot.WeChat, ID: "m:王阿姨", Name: "王阿姨"}
	r := bot.Reply{Text: "已订好", Mention: &u, Buttons: []bot.Button{
		{Label: "取消", Command: "取消订餐 D12"}, {Label: "菜单", Command: "菜单"},
	}}
	want := "@王阿姨\u2005已订好\n回复「取消订餐 D12」：取消\n回复「菜单」"
	if got := render(group8, r); got != want {
		t.Errorf("group render %q, want %q", got, want)
	}
	said := bot.Reply{Text: "已订好\n取消请回复：取消订餐 D12", Buttons: []bot.Button{{Label: "取消", Command: "取消订餐 D12"}}}
	if got := render(bot.PrivateChat(u), said); got != said.Text {
		t.Errorf("render %q: a button the text already spells out is not repeated", got)
	}
	// What to type is the button's Typed form (明天), not the dated command a
	// tap would send: the text already says it for lunch; dinner gets a hint.
	menu := bot.Reply{Text: "明天菜单……\n订餐请回复：订餐 明天 午餐", Buttons: []bot.Button{
		{Label: "订午餐", Command: "订餐 11月25日 午餐", Typed: "订餐 明天 午餐"},
		{Label: "订晚餐", Command: "订餐 11月25日 晚餐", Typed: "订餐 明天 晚餐"},
	}}
	if got, want := render(bot.PrivateChat(u), menu), menu.Text+"\n回复「订餐 明天 晚餐」：订晚餐"; got != want {
		t.Errorf("menu render %q, want %q", got, want)
	}
	if got := render(bot.PrivateChat(u), bot.Reply{Text: "您好", Mention: &u}); got != "您好" {
		t.Errorf("private render %q: no @ in a private chat", got)
	}
}

func TestPacingDefaultsAndOverrides(t *testing.T) {
	a, _ := New(Config{Storage: "unused"})
	if p := a.Pacing(); p != DefaultPacing() {
		t.Errorf("default pacing %+v", p)
	}
	if p := DefaultPacing(); p.MinGap < 3*time.Second || p.PerMinute > 20 || p.Jitter == 0 {
		t.Errorf("defaults %+v are not conservative", p)
	}
	a, _ = New(Config{Storage: "unused", Limits: bot.Pacing{MinGap: 10 * time.Second, PerMinute: 4}})
	p := a.Pacing()
	if p.MinGap != 10*time.Second || p.PerMinute != 4 || p.Jitter != DefaultPacing().Jitter {
		t.Errorf("configured pacing %+v", p)
	}
	var _ bot.Paced = a
	var _ bot.Platform = a
}

// Keys stay bounded however long a name is, one per name, and a group
// keyed by a cut title is still found to send to.
func TestLongNamesMakeBoundedStableKeys(t *testing.T) {
	long := strings.Repeat("幸福里小区八号楼", 40) // 320 runes
	other := long[:len(long)-3] + "群"      // same beginning, another name
	if id := PersonID("张阿姨"); id != "m:张阿姨" {
		t.Errorf("a short name's id %q, want it as is", id)
	}
	k1, k2 := groupID(long), groupID(other)
	if n := utf8.RuneCountInString(k1); n > maxKeyRunes+len(groupPrefix) {
		t.Errorf("a 320-rune title made a %d-rune key", n)
	}
	if k1 != groupID(long) || k1 == k2 {
		t.Errorf("keys not stable or not distinct: %q %q", k1, k2)
	}
	var d directory
	d.resolve([]seenGroup{{user: "@@long", title: long}, {user: "@@other", title: other}})
	for id, want := range map[string]string{k1: "@@long", k2: "@@other"} {
		if got, err := d.target(bot.Chat{Platform: bot.WeChat, ID: id, Group: true}); err != nil || got != want {
			t.Errorf("target(%q) = %q, %v; want %s", id, got, err, want)
		}
	}
}

// WeChat's join notices name who joined: by invitation (one or several),
// or by a shared QR code.
func TestJoinedNames(t *testing.T) {
	for content, want := range map[string]string{
		`"张三"邀请"李四"加入了群聊`:        "李四",
		`"张三"邀请"李四"、"王五"加入了群聊`:   "李四 王五",
		`"李四"通过扫描"张三"分享的二维码加入群聊`: "李四",
		`“王阿姨”邀请“赵叔”加入了群聊`:       "赵叔",
	} {
		if got := strings.Join(joinedNames(content), " "); got != want {
			t.Errorf("joinedNames(%q) = %q, want %q", content, got, want)
		}
	}
}
