package handlers_test

import (
	"strings"
	"testing"
)

// groupListWorld is a community where two accounts share flat 1号楼101
// (张阿姨 and her husband 张大伯), 张阿姨 has booked a lunch, signed up for
// activity 1 and reported a problem: everything a list could name.
func groupListWorld(t *testing.T) *harness {
	t.Helper()
	hs := newHarness(t, canteenConfig())
	hs.resident("张阿姨", false, false, "1号楼", "101")
	hs.resident("张大伯", false, false, "1号楼", "101")
	hs.setLunch()
	must(t, hs.reply("1号楼群", "张阿姨", "订餐 明天 午餐"), "已为您预订")
	must(t, hs.reply("社区大群", "社区小王", "发起活动 花卉讲座 11月28日 14:00 党群服务站三楼 5人"), "已发起活动 1号")
	must(t, hs.reply("1号楼群", "张阿姨", "报名 1"), "报名成功")
	must(t, hs.reply("1号楼群", "张阿姨", "建议 楼道灯坏了三天了"), "S1")
	return hs
}

// TestListsAskedInGroupGoPrivately: a list that names residents or their
// problems, asked for in a group, goes to the asker privately; the group
// hears one short line that it was sent, and none of the list.
func TestListsAskedInGroupGoPrivately(t *testing.T) {
	cases := []struct {
		group, asker, text string
		secret             []string // what the list names, which the group must not read
	}{
		{"社区大群", "社区小王", "名单 1", []string{"张阿姨", "1号楼101"}},
		{"社区大群", "社区小王", "建议列表", []string{"张阿姨", "楼道灯"}},
		{"社区大群", "社区小王", "建议列表 S1", []string{"张阿姨", "楼道灯", "1号楼101"}},
		{"1号楼群", "张大伯", "我的订餐", []string{"张阿姨"}},
		{"1号楼群", "张大伯", "我的报名", []string{"张阿姨"}},
	}
	hs := groupListWorld(t)
	for _, c := range cases {
		msgs := hs.say(c.group, c.asker, c.text)
		group, private := to(msgs, c.group), to(msgs, c.asker)
		for _, s := range c.secret {
			if strings.Contains(group, s) {
				t.Errorf("%s in %s: the group read %q:\n%s", c.text, c.group, s, group)
			}
			if !strings.Contains(private, s) {
				t.Errorf("%s in %s: the asker's private chat lacks %q:\n%s", c.text, c.group, s, private)
			}
		}
		if !strings.Contains(group, "我私聊发给您，请看私聊") || strings.Count(group, "\n") > 0 {
			t.Errorf("%s in %s: the group got %q, want one line saying it was sent privately", c.text, c.group, group)
		}
	}
}

// TestGroupListToAnUnreachableAsker: where the bot cannot write to the
// asker privately (not its friend on WeChat, never started it on
// Telegram), the group is told what to do, naming them, and still reads
// none of the list.
func TestGroupListToAnUnreachableAsker(t *testing.T) {
	hs := groupListWorld(t)
	hs.out.Block("社区小王")
	msgs := hs.say("社区大群", "社区小王", "名单 1")
	group := to(msgs, "社区大群")
	if strings.Contains(group, "张阿姨") {
		t.Errorf("the group read the roster:\n%s", group)
	}
	must(t, group, "私聊发不到您")
	must(t, group, "再私聊我发「名单 1」")
	for _, m := range msgs {
		if m.Chat.ID == "社区大群" && (m.Reply.Mention == nil || m.Reply.Mention.Name != "社区小王") {
			t.Errorf("a group message does not name the asker: %+v", m)
		}
	}
}

// TestOwnListsStayWhereAsked: a reply to a person's own command may name
// them: one's own orders and sign-ups are answered in the group as before.
func TestOwnListsStayWhereAsked(t *testing.T) {
	hs := groupListWorld(t)
	must(t, hs.reply("1号楼群", "张阿姨", "我的订餐"), "您的订餐（1单）")
	must(t, hs.reply("1号楼群", "张阿姨", "我的报名"), "您报名的活动")
	must(t, hs.reply("1号楼群", "张阿姨", "我的建议"), "楼道灯坏了")
}
