package handlers_test

import (
	"context"
	"strings"
	"testing"

	"linli/bot"
	"linli/handlers"
	"linli/store"
)

// TestThreeTiers books lunch as an elder, a worker and anyone else, and
// dinner as a worker: 爱心餐 is the workers' lunch price, so dinner is at
// the standard price unless its menu sets 爱心餐.
func TestThreeTiers(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	hs.resident("张阿姨", true, false, "1号楼", "101")
	hs.resident("小刘", false, true, "", "")
	hs.resident("老陈", true, true, "8号楼", "301") // both: the cheaper price
	hs.setLunch("每份 15", "助老 12", "爱心餐 9.9")

	must(t, hs.reply("1号楼群", "张阿姨", "订餐 明天 午餐 2份"), "助老价 每份 12元，共 24元")
	must(t, hs.reply("社区大群", "小刘", "订餐 明天 午餐 3份"), "爱心餐 每份 9.9元，共 29.7元")
	must(t, hs.reply("8号楼业主群", "老陈", "订餐 明天 午餐"), "爱心餐 每份 9.9元，共 9.9元")
	must(t, hs.reply("社区大群", "李大爷", "订餐 明天 午餐"), "标准价 每份 15元，共 15元")
	must(t, hs.reply("社区大群", "小刘", "菜单 明天 午餐"), "每份 9.9元（爱心餐）")

	stats := hs.reply("", "李师傅", "订餐统计 明天")
	must(t, stats, "共 7份，应收 78.6元")
	must(t, stats, "标准价 15元 × 1份 = 15元")
	must(t, stats, "助老价 12元 × 2份 = 24元")
	must(t, stats, "爱心餐 9.9元 × 4份 = 39.6元")
	// Pick-up list: by building and room, the unregistered last by name.
	list := stats[strings.Index(stats, "取餐名单"):]
	order := []string{"1号楼 101 张阿姨", "8号楼 301 老陈", "未登记 小刘", "未登记 李大爷"}
	for i := 1; i < len(order); i++ {
		if strings.Index(list, order[i-1]) > strings.Index(list, order[i]) || !strings.Contains(list, order[i]) {
			t.Errorf("pick-up list out of order (%s before %s):\n%s", order[i-1], order[i], list)
		}
	}

	hs.reply("", "李师傅", "设置菜单 明天 晚餐\n饺子")
	must(t, hs.reply("社区大群", "小刘", "订餐 明天 晚餐"), "标准价 每份 15元")
	hs.reply("", "李师傅", "设置菜单 明天 晚餐\n饺子\n爱心餐 8")
	again := hs.reply("社区大群", "小刘", "订餐 明天 晚餐")
	must(t, again, "您已经订了 明天晚餐 1份，不用重复订")
	must(t, again, "标准价 每份 15元") // a repeated message changes nothing
	must(t, hs.reply("社区大群", "小刘", "订餐 明天 晚餐 2份"), "爱心餐 每份 8元，共 16元")
}

// TestCutoffRefusesWithContact: at the cut-off minute booking and
// cancelling are refused and the canteen's contact given.
func TestCutoffRefusesWithContact(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	hs.setLunch()
	must(t, hs.reply("", "李大爷", "订餐 明天 午餐"), "订单号 D1")
	hs.clock.Set(at("2026-11-25", "09:29"))
	must(t, hs.reply("", "王伯伯", "订餐 今天 午餐"), "已为您预订")
	hs.clock.Set(at("2026-11-25", "09:30"))
	late := hs.reply("", "孙奶奶", "订餐 今天 午餐")
	must(t, late, "09:30 已经截止，不能再订了")
	must(t, late, "李师傅 13800000000")
	must(t, hs.reply("", "李大爷", "取消订餐 D1"), "不能再取消了")
	// The next day that lunch is 昨天: over, said as such — not "not
	// published yet, come back at 16:00".
	hs.clock.Set(at("2026-11-26", "08:00"))
	past := hs.reply("", "孙奶奶", "订餐 昨天 午餐")
	must(t, past, "11月25日 周三 午餐已经过去了")
	if strings.Contains(past, "16:00") {
		t.Errorf("a past day's booking is told to wait for the menu: %q", past)
	}
	must(t, hs.reply("", "孙奶奶", "前天菜单"), "没有留下记录")
	m, _ := hs.st.MenuOf(context.Background(), "2026-11-25", "lunch")
	if m.Booked != 2 {
		t.Errorf("booked = %d after refusals, want 2", m.Booked)
	}
}

// TestSetMenuMistakesAndShrink: a wrong line leaves the menu as it was, with
// the right form shown; shrinking the limit below the bookings is reported.
func TestSetMenuMistakesAndShrink(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	bad := hs.reply("", "李师傅", "设置菜单 明天 午餐\n红烧肉\n限量 八十")
	must(t, bad, "「限量」后面请写份数")
	must(t, bad, "用法：设置菜单")
	if _, err := hs.st.MenuOf(context.Background(), "2026-11-25", "lunch"); err == nil {
		t.Error("a menu with a mistake was saved")
	}
	must(t, hs.reply("", "李师傅", "设置菜单 明天 午餐"), "请在「设置菜单」下面每行写一道菜")
	must(t, hs.reply("", "李师傅", "设置菜单 明天 午餐\n饺子\n截止 25:00"), "截止 09:30")
	must(t, hs.reply("社区大群", "李大爷", "设置菜单 明天 午餐\n饺子"), "只有食堂管理员")

	hs.setLunch("限量 10", "每份 １２．５", "截止 9点半")
	got := hs.reply("", "王伯伯", "订餐 明天 午餐 6份")
	must(t, got, "每份 12.5元，共 75元")
	must(t, got, "明天 09:30 前可以取消")
	shrunk := hs.setLunch("限量 4")
	must(t, shrunk, "已经订了 6份，超过限量 4份")
	must(t, hs.reply("", "李大爷", "订餐 明天 午餐"), "已经订满了（限量 4份）")
	must(t, hs.reply("", "王伯伯", "订餐 明天 午餐 3份"), "改为 3份（原来 6份）")
}

// TestStopMealsTellsBookers: those who booked are told privately, or in
// their group when the bot cannot write to them privately.
func TestStopMealsTellsBookers(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	hs.setLunch()
	hs.reply("1号楼群", "张阿姨", "订餐 明天 午餐 2份")
	hs.reply("8号楼业主群", "小刘", "订餐 明天 午餐")
	hs.out.Block("小刘")
	msgs := hs.say("", "李师傅", "停餐 明天")
	must(t, to(msgs, "张阿姨"), "明天午餐停餐。您订的 2份（订单 D1）已经取消")
	must(t, to(msgs, "8号楼业主群"), "您订的 1份（订单 D2）已经取消")
	for _, m := range msgs {
		if m.Chat.ID == "8号楼业主群" && (m.Reply.Mention == nil || m.Reply.Mention.Name != "小刘") {
			t.Errorf("the group message does not mention 小刘: %+v", m)
		}
	}
	must(t, to(msgs, "李师傅"), "已停餐：明天（11月25日 周三）午餐、晚餐")
	must(t, hs.reply("", "张阿姨", "订餐 明天 晚餐"), "明天晚餐停餐，不能预订")
	hs.setLunch()
	must(t, hs.reply("", "张阿姨", "订餐 明天 午餐"), "已为您预订")
}

// TestStatsAskedInGroupSendsListPrivately: the pick-up list names rooms.
func TestStatsAskedInGroupSendsListPrivately(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	hs.resident("张阿姨", true, false, "1号楼", "101")
	hs.setLunch()
	hs.reply("1号楼群", "张阿姨", "订餐 明天 午餐")
	msgs := hs.say("社区大群", "李师傅", "订餐统计 明天")
	group, private := to(msgs, "社区大群"), to(msgs, "李师傅")
	must(t, group, "共 1份，应收 12元")
	must(t, group, "我私聊发给您，请看私聊")
	must(t, private, "1号楼 101 张阿姨 1份")
	if strings.Contains(group, "101") {
		t.Errorf("the group saw a room number:\n%s", group)
	}
}

// TestMyMealsAndCancelForms covers 我的订餐 for a household on two
// platforms and the ways of 取消订餐: a bare one with two orders open asks
// which (it cancelled the earliest before); with a day and one order that
// day it cancels that one whatever the meal.
func TestMyMealsAndCancelForms(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	hs.resident("王阿姨", false, false, "8号楼", "502")
	hs.resident("王伯伯", false, false, "8号楼", "502")
	hs.setLunch()
	hs.reply("", "李师傅", "设置菜单 明天 晚餐\n饺子")
	hs.reply("", "王阿姨", "订餐 明天 午餐 2份") // D1
	hs.reply("", "王阿姨", "订餐 明天 晚餐")    // D2
	hs.reply("", "王伯伯", "订餐 明天 晚餐")    // D3
	mine := hs.reply("", "王伯伯", "我的订餐")
	must(t, mine, "您家的订餐（3单）")
	must(t, mine, "D1 明天午餐 2份 共30元（王阿姨）")
	which := hs.reply("", "王阿姨", "取消订餐")
	must(t, which, "您有2个订单可以取消，要取消哪一个？")
	must(t, which, "D1 明天午餐 2份")
	must(t, which, "D2 明天晚餐 1份")
	if strings.Contains(which, "已取消") {
		t.Errorf("a bare 取消订餐 with two orders cancelled one:\n%s", which)
	}
	must(t, hs.reply("", "王阿姨", "取消订餐 D1"), "已取消 明天午餐 2份（订单 D1）")
	must(t, hs.reply("", "王阿姨", "取消订餐 明天"), "已取消 明天晚餐 1份（订单 D2）")
	must(t, hs.reply("", "王阿姨", "取消订餐 D3"), "已取消 王伯伯的 明天晚餐 1份")
	must(t, hs.reply("", "李大爷", "取消订餐 D1"), "没有找到您的订单 D1")
	must(t, hs.reply("", "王阿姨", "取消订餐"), "您现在没有可以取消的订餐")
	must(t, hs.reply("", "王阿姨", "我的订餐"), "您现在没有订餐")
}

// TestMenuPushes: the menu goes to the canteen's groups only while bookable;
// a push caught up after the cut-off sends nothing.
func TestMenuPushes(t *testing.T) {
	cfg := canteenConfig()
	cfg.Canteen.Groups = []string{"1号楼群", "console:社区大群"}
	hs := newHarness(t, cfg)
	ctx := context.Background()
	hs.setLunch("限量 50")
	hs.clock.Set(at("2026-11-24", "16:00"))
	if err := hs.h.PushTomorrowMenu(ctx, hs.clock.Now()); err != nil {
		t.Fatal(err)
	}
	msgs := hs.out.Take()
	if len(msgs) != 2 || to(msgs, "8号楼业主群") != "" {
		t.Fatalf("pushed to %d chats, want the 2 configured groups: %+v", len(msgs), msgs)
	}
	must(t, msgs[0].Reply.Text, "每份 15元，助老 12元，爱心餐 9.9元，还剩 50份")
	b := msgs[0].Reply.Buttons
	if len(b) != 1 || b[0].Label != "订餐" || b[0].Command != "订餐 11月25日 午餐" {
		t.Fatalf("buttons = %+v", b)
	}
	// Tapped after midnight, the button still books the day the menu is for
	// (a 明天 in it would now mean the 26th).
	hs.clock.Set(at("2026-11-25", "00:30"))
	must(t, hs.reply("1号楼群", "张阿姨", b[0].Command), "11月25日")
	// The bot was down at 07:30 and starts at 10:00: lunch closed at 09:30.
	hs.clock.Set(at("2026-11-25", "10:00"))
	if err := hs.h.PushTodayMenu(ctx, at("2026-11-25", "07:30")); err != nil {
		t.Fatal(err)
	}
	if msgs := hs.out.Take(); len(msgs) != 0 {
		t.Errorf("a closed meal was pushed late: %+v", msgs)
	}
	hs.clock.Set(at("2026-11-25", "08:00"))
	hs.h.PushTodayMenu(ctx, at("2026-11-25", "07:30"))
	must(t, to(hs.out.Take(), "1号楼群"), "今天（11月25日 周三）午餐菜单")
}

// TestCutoffListPushedOnce: the kitchen list reaches the managers once at
// the cut-off, and still when the bot starts within the window after it.
func TestCutoffListPushedOnce(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	ctx := context.Background()
	hs.resident("张阿姨", true, false, "1号楼", "101")
	hs.setLunch()
	hs.reply("", "李师傅", "设置菜单 明天 晚餐\n饺子")
	hs.reply("", "张阿姨", "订餐 明天 午餐 2份")
	hs.reply("", "张阿姨", "订餐 明天 晚餐")
	for _, hm := range []string{"09:29", "09:30", "09:31"} {
		hs.clock.Set(at("2026-11-25", hm))
		if err := hs.h.PushCutoffLists(ctx, hs.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	got := to(hs.out.Take(), "李师傅")
	if strings.Count(got, "【截止提醒】") != 1 {
		t.Fatalf("kitchen list pushed %d times, want once:\n%s", strings.Count(got, "【截止提醒】"), got)
	}
	must(t, got, "今天午餐订餐统计\n共 2份，应收 24元")
	must(t, got, "1号楼 101 张阿姨 2份 D1 助老价")
	// Down from 15:00 to 17:00: dinner's 15:30 list goes out on start.
	hs.clock.Set(at("2026-11-25", "17:00"))
	hs.h.PushCutoffLists(ctx, hs.clock.Now())
	must(t, to(hs.out.Take(), "李师傅"), "今天晚餐订餐统计")
	hs.clock.Set(at("2026-11-25", "19:00"))
	hs.h.PushCutoffLists(ctx, hs.clock.Now())
	if msgs := hs.out.Take(); len(msgs) != 0 {
		t.Errorf("pushed again: %+v", msgs)
	}
}

// TestExportMatchesBookings: every row's total is quantity × unit price,
// and the totals row equals what was booked, to the fen.
func TestExportMatchesBookings(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	ctx := context.Background()
	hs.resident("张阿姨", true, false, "1号楼", "101")
	hs.resident("小刘", false, true, "", "")
	hs.setLunch("每份 15.5", "助老 12.3", "爱心餐 9.9")
	hs.reply("", "张阿姨", "订餐 明天 午餐 3份")
	hs.reply("", "小刘", "订餐 明天 午餐 7份")
	hs.reply("", "李大爷", "订餐 明天 午餐 1份")
	hs.reply("", "王伯伯", "订餐 明天 午餐 2份")
	hs.reply("", "王伯伯", "取消订餐")
	table, err := handlers.ExportMeals(ctx, hs.st, handlers.ExportQuery{Location: shanghai, English: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "order,date,meal,name,platform,user,building,room,quantity,tier,unit_price,total,status,booked_at,picked_up_at,acted_by"
	if got := strings.Join(table.Header, ","); got != want {
		t.Errorf("header = %s", got)
	}
	if len(table.Rows) != 4 {
		t.Fatalf("rows = %v", table.Rows)
	}
	must(t, strings.Join(table.Rows[0], ","), "D1,2026-11-25,lunch,张阿姨,console,张阿姨,1号楼,101,3,elder,12.30,36.90,booked,2026-11-24 10:00:00")
	must(t, strings.Join(table.Rows[1], ","), "D2,2026-11-25,lunch,小刘,console,小刘,,,7,worker,9.90,69.30,booked")
	must(t, strings.Join(table.Rows[3], ","), "D4,2026-11-25,lunch,王伯伯,console,王伯伯,,,2,standard,15.50,31.00,cancelled")
	// 36.90 + 69.30 + 15.50 = 121.70 (the cancelled order is not due).
	if got := table.Totals[8] + " " + table.Totals[11]; got != "11 121.70" {
		t.Errorf("totals = %v", table.Totals)
	}
	orders, _ := hs.st.Orders(ctx, store.OrderQuery{BookedOnly: true})
	var fen int64
	for _, o := range orders {
		fen += o.Total()
	}
	if fen != 12170 {
		t.Errorf("booked total in the store = %d fen, export says 121.70", fen)
	}
	none, _ := handlers.ExportMeals(ctx, hs.st, handlers.ExportQuery{From: at("2026-11-26", "00:00"), Location: shanghai})
	if len(none.Rows) != 0 {
		t.Errorf("--from after the orders still exported %v", none.Rows)
	}

	// In Chinese, the default: the same figures, words a community office reads.
	zh, err := handlers.ExportMeals(ctx, hs.st, handlers.ExportQuery{Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	must(t, strings.Join(zh.Header, ","), "订单号,日期,餐次,姓名,平台,账号,楼栋,房号,份数,价格档,单价,金额,状态,预订时间,取餐时间,代办人")
	must(t, strings.Join(zh.Rows[0], ","), "D1,2026-11-25,午餐,张阿姨,控制台,张阿姨,1号楼,101,3,助老价,12.30,36.90,已预订,2026-11-24 10:00:00")
	must(t, strings.Join(zh.Rows[1], ","), "D2,2026-11-25,午餐,小刘,控制台,小刘,,,7,爱心餐,9.90,69.30,已预订")
	must(t, strings.Join(zh.Rows[3], ","), "D4,2026-11-25,午餐,王伯伯,控制台,王伯伯,,,2,标准价,15.50,31.00,已取消")
	if got := strings.Join(zh.Totals, ","); got != "合计,,,,,,,,11,,,121.70,已预订,,," {
		t.Errorf("totals = %s", got)
	}
	if len(zh.Kinds) != len(zh.Header) || zh.Kinds[8] != handlers.KindNumber || zh.Kinds[1] != handlers.KindDate || zh.Kinds[7] != handlers.KindText {
		t.Errorf("kinds = %q: want quantity a number, date a date, room text", zh.Kinds)
	}
}

// TestExportMealsTotalsPerDateAndMeal: the kitchen cooks and the office
// collects per meal, so the export sums each date and meal apart (booked
// orders only) before the grand total.
func TestExportMealsTotalsPerDateAndMeal(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	ctx := context.Background()
	hs.setLunch("每份 15")
	must(t, hs.reply("", "李师傅", "设置菜单 明天 晚餐\n面条\n每份 10"), "已设置")
	hs.reply("", "李大爷", "订餐 明天 午餐 2份")
	hs.reply("", "赵奶奶", "订餐 明天 午餐 1份")
	hs.reply("", "李大爷", "订餐 明天 晚餐 3份")
	table, err := handlers.ExportMeals(ctx, hs.st, handlers.ExportQuery{Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	var subs []string
	for _, s := range table.Subtotals {
		subs = append(subs, s[0]+" "+s[1]+" "+s[2]+" "+s[8]+" "+s[11])
	}
	want := "小计 2026-11-25 午餐 3 45.00|小计 2026-11-25 晚餐 3 30.00"
	if got := strings.Join(subs, "|"); got != want || len(table.Rows) != 3 {
		t.Errorf("subtotals = %s (rows %v), want %s", got, table.Rows, want)
	}
	if table.Totals[8] != "6" {
		t.Errorf("grand total = %v, want 6 portions", table.Totals)
	}
}

// TestExportSuggestionsHeaders: the suggestions sheet is headed in Chinese
// by default and in today's English for scripts.
func TestExportSuggestionsHeaders(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	ctx := context.Background()
	must(t, hs.reply("", "李大爷", "建议 楼道灯坏了"), "S1")
	zh, err := handlers.ExportSuggestions(ctx, hs.st, handlers.ExportQuery{Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	must(t, strings.Join(zh.Header, ","), "编号,提交时间,类别,楼栋,状态,匿名,姓名,内容,回复,办结时间")
	if len(zh.Rows) != 1 || zh.Rows[0][7] != "楼道灯坏了" || zh.Kinds[1] != handlers.KindDateTime {
		t.Errorf("rows = %v, kinds %q", zh.Rows, zh.Kinds)
	}
	en, _ := handlers.ExportSuggestions(ctx, hs.st, handlers.ExportQuery{Location: shanghai, English: true})
	must(t, strings.Join(en.Header, ","), "ticket,created_at,category,building,status,anonymous,name,text,replies,resolved_at")
}

// 订餐 alone is the next meal one can still book: after today's dinner
// closed at 12:00 (its own cut-off, earlier than the default), 订餐 at 12:03
// books tomorrow's lunch and says why, instead of 「已经截止」. A meal the
// person named stays the one refused.
func TestBareBookingTakesTheNextOpenMeal(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	hs.resident("王阿姨", false, false, "8号楼", "502")
	if got := hs.reply("", "李师傅", "设置菜单 今天 晚餐\n饺子\n截止 12:00"); !strings.Contains(got, "已设置") {
		t.Fatalf("setting today's dinner: %s", got)
	}
	hs.setLunch()
	hs.clock.Set(at("2026-11-24", "12:03"))
	got := hs.reply("", "王阿姨", "订餐")
	must(t, got, "今天晚餐已经不能订了，为您订的是下一顿。")
	must(t, got, "已为您预订 明天午餐 1份")
	must(t, hs.reply("", "王阿姨", "订餐 今天 晚餐"), "已经截止")
}

// A bare 取消 names nothing: with one thing open the bot asks to confirm
// it (是 cancels it), with a meal and a sign-up open it asks which, with
// nothing open it says so — it never guesses.
func TestBareCancelAsksWhich(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	hs.resident("王阿姨", false, false, "8号楼", "502")
	must(t, hs.reply("", "王阿姨", "取消"), "您现在没有可以取消的订餐或报名")
	hs.setLunch()
	hs.reply("", "王阿姨", "订餐 明天 午餐")
	one := hs.reply("", "王阿姨", "取消吧")
	must(t, one, "您是要取消 明天午餐 1份（订单 D1）吗？")
	if strings.Contains(one, "已取消") {
		t.Errorf("a bare 取消 cancelled something before 是:\n%s", one)
	}
	must(t, hs.reply("", "王阿姨", "是"), "已取消")
	hs.reply("", "王阿姨", "订餐 明天 午餐")
	hs.reply("社区大群", "社区小王", "发起活动 剪纸课 11月29日 14:00 活动室 10人")
	hs.reply("", "王阿姨", "报名 1")
	which := hs.reply("", "王阿姨", "不要了")
	must(t, which, "您要取消哪一个？")
	must(t, which, "取消订餐 D1")
	must(t, which, "取消报名 1")
	if strings.Contains(which, "已取消") {
		t.Errorf("a bare 取消 cancelled something:\n%s", which)
	}
}

// A report of danger reaches the building's head and the admins at once,
// privately, and the resident is told who was told; an ordinary one waits
// for the digest.
func TestUrgentReportGoesOutAtOnce(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	hs.resident("王阿姨", false, false, "8号楼", "502")
	hs.resident("李叔", false, false, "8号楼", "301")
	head, _ := hs.st.Resident(context.Background(), bot.Console, "王阿姨")
	if _, err := hs.st.Grant(context.Background(), head.ID, bot.RoleBuildingHead, "8号楼", ""); err != nil {
		t.Fatal(err)
	}
	hs.out.Take()
	msgs := hs.say("", "李叔", "建议 有人困在电梯里了，按铃没人应")
	must(t, to(msgs, "李叔"), "已马上告诉了8号楼楼组长和社区工作人员")
	must(t, to(msgs, "王阿姨"), "【紧急】S1（8号楼）：有人困在电梯里了")
	must(t, to(msgs, "社区小王"), "【紧急】S1")
	quiet := hs.say("", "李叔", "建议 花坛里的花可以换换")
	if got := to(quiet, "王阿姨") + to(quiet, "社区小王"); got != "" {
		t.Errorf("an ordinary suggestion went out at once: %q", got)
	}
}

// Today's menu not out yet is not said to come out "the day before": that
// day is over; the canteen's contact is given instead. Tomorrow's is.
func TestTodaysMenuNotOutSaysWhomToAsk(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	today := hs.reply("1号楼群", "张阿姨", "今天菜单")
	if strings.Contains(today, "前一天") || !strings.Contains(today, "李师傅") {
		t.Errorf("today's menu not out answered %q", today)
	}
	must(t, hs.reply("1号楼群", "张阿姨", "明天菜单"), "前一天")
}

// 登记 301 in a group bound to 8号楼 registers 8号楼 301; privately the
// building must be said.
func TestRegisterRoomInABoundGroup(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	hs.reply("8号楼群", "社区小王", "绑定 8号楼")
	must(t, hs.reply("8号楼群", "刘大爷", "登记 301"), "8号楼 301室")
	must(t, hs.reply("", "孙阿姨", "登记 502"), "请写上楼栋和房号")
}
