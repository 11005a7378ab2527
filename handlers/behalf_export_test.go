package handlers_test

import (
	"context"
	"strings"
	"testing"

	"linli/bot"
	"linli/handlers"
)

// TestExportsNameWhoActed: an order and a sign-up made with 代 carry the
// liaison's name in the exports' 代办人 column; the household's own are
// blank there.
func TestExportsNameWhoActed(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	ctx := context.Background()
	zhou := hs.resident("小周", false, false, "", "")
	if _, err := hs.st.Grant(ctx, zhou.ID, bot.RoleLiaison, "8号楼", ""); err != nil {
		t.Fatal(err)
	}
	hs.resident("刘大爷", false, false, "8号楼", "201")
	hs.setLunch()
	must(t, hs.reply("", "小周", "登记老人 8号楼 301 王奶奶"), "已登记")
	must(t, hs.reply("", "小周", "代 8号楼301 订餐 明天 午餐"), "【代 8号楼301】")
	must(t, hs.reply("", "刘大爷", "订餐 明天 午餐"), "已为您预订")
	head := hs.resident("王阿姨", false, false, "8号楼", "502")
	if _, err := hs.st.Grant(ctx, head.ID, bot.RoleBuildingHead, "8号楼", ""); err != nil {
		t.Fatal(err)
	}
	must(t, hs.reply("8号楼业主群", "王阿姨", "发起活动 花卉讲座 11月28日 14:00 活动室 30人"), "已发起活动 1号")
	must(t, hs.reply("", "小周", "代 8号楼301 报名 1 2人"), "【代 8号楼301】")
	must(t, hs.reply("", "刘大爷", "报名 1"), "报名成功")

	meals, err := handlers.ExportMeals(ctx, hs.st, handlers.ExportQuery{Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	signups, err := handlers.ExportSignups(ctx, hs.st, handlers.ExportQuery{Event: 1, Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range []handlers.Table{meals, signups} {
		last := len(tab.Header) - 1
		if tab.Header[last] != "代办人" || len(tab.Rows) != 2 {
			t.Fatalf("header %v, rows %v", tab.Header, tab.Rows)
		}
		got := tab.Rows[0][last] + "|" + tab.Rows[1][last]
		if got != "小周|" {
			t.Errorf("代办人 of %s: %q, want 小周 then blank (rows %v)", strings.Join(tab.Header[:2], ","), got, tab.Rows)
		}
	}
}
