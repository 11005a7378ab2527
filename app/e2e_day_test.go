package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"linli/bot"
	"linli/bot/telegram/telegramtest"
	"linli/store"
)

var (
	dayG1   = telegramtest.Chat{ID: -5001, Type: "group", Title: "1号楼群"}
	dayG8   = telegramtest.Chat{ID: -1005008, Type: "supergroup", Title: "8号楼业主群"}
	dayAll  = telegramtest.Chat{ID: -5000, Type: "group", Title: "社区大群"}
	dayXiao = telegramtest.User{ID: tgAdmin, FirstName: "社区小王"}
	dayWang = telegramtest.User{ID: 501, FirstName: "王阿姨"}                       // no username
	dayLi   = telegramtest.User{ID: 502, FirstName: "李师傅", Username: "li_shifu"} // has one
)

func private(u telegramtest.User) telegramtest.Chat {
	return telegramtest.Chat{ID: u.ID, Type: "private"}
}

// TestE2ECommunityDayThroughTelegram plays a community's day through the
// Bot API: roles given by text_mention and @username, a menu published and
// pushed at 16:00, thirty neighbours booking at once by every phrasing and
// by button, a cancellation by button, an activity with a waitlist, a
// suggestion with a photo, and the cut-off list to the kitchen.
func TestE2ECommunityDayThroughTelegram(t *testing.T) {
	fake := fakeAPI(t)
	clock := newClock(t, "2026-11-24 08:00")
	ta := newE2EApp(t, fake, fastConfig(), clock)
	ta.serve(t)
	ctx := context.Background()

	// the admin binds three groups; the head and the manager say hello first
	for _, b := range []struct {
		chat     telegramtest.Chat
		building string
	}{{dayG1, "1号楼"}, {dayG8, "8号楼"}, {dayAll, "全体"}} {
		fake.Push(telegramtest.Message(b.chat, dayXiao, "绑定 "+b.building))
	}
	fake.Push(telegramtest.Message(dayG8, dayWang, "大家好"))
	fake.Push(telegramtest.Message(dayAll, dayLi, "我是食堂的李师傅"))
	ta.settle(t, fake)
	for _, c := range []telegramtest.Chat{dayG1, dayG8, dayAll} {
		if got := fake.SentTo(c.ID); len(got) != 1 || !strings.HasPrefix(got[0], "好的，本群已") {
			t.Fatalf("binding %s answered %q", c.Title, got)
		}
	}

	// a head named by a text_mention (she has no username)
	head := telegramtest.TextMention(dayG8, dayXiao, "设置楼组长 王阿姨 8号楼", "王阿姨", dayWang)
	fake.Push(head)
	// a plain @username of someone never seen: ask, never guess
	stranger := telegramtest.Message(dayAll, dayXiao, "设置食堂 @nobody_here")
	fake.Push(stranger)
	// a plain @username of the manager, who spoke in the group
	manager := telegramtest.Message(dayAll, dayXiao, "设置食堂 @li_shifu")
	fake.Push(manager)
	ta.settle(t, fake)
	if r := repliesTo(fake, dayG8.ID, msgID(head)); len(r) != 1 || r[0].Text != "已设置：王阿姨 是8号楼楼组长。" {
		t.Errorf("setting the head answered %+v", r)
	}
	if got := fake.SentTo(dayWang.ID); len(got) != 1 || !strings.Contains(got[0], "8号楼楼组长") {
		t.Errorf("王阿姨 was told %q", got)
	}
	if r := repliesTo(fake, dayAll.ID, msgID(stranger)); len(r) != 1 || !strings.Contains(r[0].Text, "没找到") {
		t.Errorf("an unknown @username answered %+v, want a question", r)
	}
	if r := repliesTo(fake, dayAll.ID, msgID(manager)); len(r) != 1 || r[0].Text != "已设置：李师傅 是食堂管理员。" {
		t.Errorf("setting the manager by @li_shifu answered %+v", r)
	}
	if got := fake.SentTo(dayLi.ID); len(got) != 1 || !strings.Contains(got[0], "食堂") {
		t.Errorf("李师傅 was told %q", got)
	}
	for _, name := range []string{"li_shifu", "nobody_here"} {
		if rs, _ := ta.store.ResidentsNamed(ctx, bot.Telegram, name); len(rs) != 0 {
			t.Errorf("a resident named %q was made up from a @username: %+v", name, rs)
		}
	}

	// the manager publishes tomorrow's lunch and dinner in private
	for _, meal := range []string{"午餐", "晚餐"} {
		fake.Push(telegramtest.Message(private(dayLi), dayLi, "设置菜单 明天 "+meal+"\n红烧肉\n番茄炒蛋\n每份 15\n限量 100"))
	}
	ta.settle(t, fake)
	if got := fake.SentTo(dayLi.ID); len(got) != 3 || !strings.HasPrefix(got[2], "已设置 明天晚餐的菜单") {
		t.Fatalf("李师傅 heard %q", got)
	}

	// 16:00: the menu goes to the three groups, with a button per meal
	ta.sched.RunDue(ctx, clock.Set(t, "2026-11-24 16:00"))
	ta.settle(t, fake)
	menus := map[int64]telegramtest.Sent{}
	for _, c := range []telegramtest.Chat{dayG1, dayG8, dayAll} {
		got := sentMatching(fake, c.ID, "明天（11月25日 周三）菜单")
		if len(got) != 1 {
			t.Fatalf("%s got %d menus", c.Title, len(got))
		}
		m := got[0]
		if len(m.Buttons) != 1 || len(m.Buttons[0]) != 2 || m.Buttons[0][0].Text != "订午餐" || m.Buttons[0][0].Data != "订餐 11月25日 午餐" {
			t.Fatalf("%s menu buttons = %+v", c.Title, m.Buttons)
		}
		menus[c.ID] = m
	}

	// thirty neighbours book at once, ten in each group
	groups := []telegramtest.Chat{dayG1, dayG8, dayAll}
	phrasings := []string{"订餐 明天 午餐", "/book 2", "/book@LinliTestBot 明天 晚餐", "明天中午订两份", "", "@LinliTestBot 我要订餐 明天午餐"}
	type booker struct {
		user telegramtest.User
		chat telegramtest.Chat
		msg  int // the typed message, or 0 for a tap
		taps []string
	}
	var people []booker
	var allTaps []string
	for i := range 30 {
		b := booker{user: telegramtest.User{ID: int64(2000 + i), FirstName: fmt.Sprintf("邻居%02d", i)}, chat: groups[i%3]}
		if p := phrasings[i%6]; p != "" {
			u := telegramtest.Message(b.chat, b.user, p)
			b.msg = msgID(u)
			fake.Push(u)
		} else { // a tap on 订午餐, twice: a double tap
			menu := menus[b.chat.ID]
			for k := range 2 {
				id := fmt.Sprintf("tap-%d-%d", i, k)
				b.taps = append(b.taps, id)
				fake.Push(telegramtest.Callback(id, b.chat, b.user, menu.MessageID, menu.Buttons[0][0].Data))
			}
			allTaps = append(allTaps, b.taps...)
		}
		people = append(people, b)
	}
	ta.settle(t, fake)
	for i, b := range people {
		var got []telegramtest.Sent
		if b.msg != 0 {
			got = repliesTo(fake, b.chat.ID, b.msg)
		} else {
			got = sentMatching(fake, b.chat.ID, "@"+b.user.FirstName+" ")
		}
		want := [...]string{"明天午餐 1份", "明天午餐 2份", "明天晚餐 1份", "明天午餐 2份", "明天午餐 1份", "明天午餐 1份"}[i%6]
		if len(got) != 1 || !strings.Contains(got[0].Text, "已为您预订 "+want) {
			t.Errorf("%s (%q) got %+v, want one 已为您预订 %s", b.user.FirstName, phrasings[i%6], got, want)
			continue
		}
		if b := got[0].Buttons; len(b) != 1 || len(b[0]) != 1 || b[0][0].Text != "取消" || !strings.HasPrefix(b[0][0].Data, "取消订餐 D") {
			t.Errorf("%s's booking has buttons %+v, want one 取消", people[i].user.FirstName, b)
		}
	}
	checkAnswers(t, fake, allTaps)

	// 邻居00 changes her mind with the 取消 button, twice in a hurry
	first := repliesTo(fake, dayG1.ID, people[0].msg)[0]
	cancelTaps := []string{"cancel-0", "cancel-1"}
	for _, id := range cancelTaps {
		fake.Push(telegramtest.Callback(id, dayG1, people[0].user, first.MessageID, first.Buttons[0][0].Data))
	}
	// someone else taps her 取消 button: it must not cancel her order
	fake.Push(telegramtest.Callback("cancel-other", dayG1, people[3].user, first.MessageID, first.Buttons[0][0].Data))
	ta.settle(t, fake)
	checkAnswers(t, fake, append(cancelTaps, "cancel-other"))
	if got := sentMatching(fake, dayG1.ID, "@邻居00 已取消 明天午餐 1份"); len(got) != 1 {
		t.Errorf("the cancellation was answered %d times", len(got))
	}
	if got := sentMatching(fake, dayG1.ID, "@邻居03 "); len(got) != 1 || !strings.Contains(got[0].Text, "没有找到您的订单") {
		t.Errorf("邻居03 tapping 邻居00's 取消 got %+v", got)
	}

	// the head starts an activity for 8号楼; five tap 报名 for three seats
	fake.Push(telegramtest.Message(dayG8, dayWang, "发起活动 花卉讲座 11月28日 14:00 党群服务站三楼 3人"))
	ta.settle(t, fake)
	ann := sentMatching(fake, dayG8.ID, "【活动报名】")
	if len(ann) != 1 || len(ann[0].Buttons) != 1 || ann[0].Buttons[0][0].Text != "报名" {
		t.Fatalf("the announcement = %+v", ann)
	}
	var signTaps []string
	for k := range 5 {
		id := fmt.Sprintf("signup-%d", k)
		signTaps = append(signTaps, id, id+"b")
		who := people[1+3*k].user // the 8号楼 neighbours
		fake.Push(telegramtest.Callback(id, dayG8, who, ann[0].MessageID, ann[0].Buttons[0][0].Data))
		fake.Push(telegramtest.Callback(id+"b", dayG8, who, ann[0].MessageID, ann[0].Buttons[0][0].Data))
	}
	ta.settle(t, fake)
	checkAnswers(t, fake, signTaps)
	for k, want := range []string{"报名成功", "报名成功", "报名成功", "候补第1位", "候补第2位"} {
		who := people[1+3*k].user.FirstName
		got := sentMatching(fake, dayG8.ID, "@"+who+" ")
		if n := len(got); n == 0 || !strings.Contains(got[n-1].Text, want) || strings.Contains(strings.Join(fake.SentTo(dayG8.ID), "\n"), "@"+who+" 您已经报名") {
			t.Errorf("%s's 报名 got %+v, want %s once", who, got, want)
		}
	}

	// a suggestion sent as a photo's caption keeps the photo
	photo := telegramtest.Photo(dayG1, people[0].user, "AgACphoto1", "建议 楼道灯坏了，晚上看不见")
	fake.Push(photo)
	ta.settle(t, fake)
	if r := repliesTo(fake, dayG1.ID, msgID(photo)); len(r) != 1 || !strings.Contains(r[0].Text, "照片1张已一起收下") {
		t.Errorf("the photo suggestion answered %+v", r)
	}
	if sg, err := ta.store.SuggestionByID(ctx, 1); err != nil || sg.Attachments != "AgACphoto1" {
		t.Errorf("suggestion S1 = %+v, %v; want the photo's largest size kept", sg, err)
	}

	// 09:30 next day: the kitchen gets its totals, once
	before := len(fake.SentTo(dayLi.ID))
	ta.sched.RunDue(ctx, clock.Set(t, "2026-11-25 09:30"))
	ta.sched.RunDue(ctx, clock.Now())
	ta.settle(t, fake)
	kitchen := fake.SentTo(dayLi.ID)[before:]
	if len(kitchen) < 2 || !strings.HasPrefix(kitchen[0], "【截止提醒】今天午餐订餐统计\n共 34份，应收 510元") {
		t.Errorf("the kitchen got %q", kitchen)
	}

	// the database agrees with what people were told
	lines, err := ta.store.Orders(ctx, store.OrderQuery{From: "2026-11-25", To: "2026-11-25", BookedOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	portions := map[string]int{}
	orders := map[string]int{}
	for _, l := range lines {
		portions[l.Meal] += l.Quantity
		orders[l.Meal]++
	}
	if portions["lunch"] != 34 || orders["lunch"] != 24 || portions["dinner"] != 5 || orders["dinner"] != 5 {
		t.Errorf("stored lunch %d portions in %d orders, dinner %d in %d; want 34/24 and 5/5",
			portions["lunch"], orders["lunch"], portions["dinner"], orders["dinner"])
	}
	if su, _ := ta.store.Signups(ctx, 1, store.SignupConfirmed); len(su) != 3 {
		t.Errorf("%d confirmed sign-ups, want 3", len(su))
	}
	for _, m := range fake.Sent() {
		if utf16Len(m.Text) > 4096 {
			t.Errorf("a reply of %d UTF-16 units went to %d", utf16Len(m.Text), m.ChatID)
		}
	}
}
