package handlers_test

import (
	"context"
	"strings"
	"testing"

	"linli/handlers"
)

// TestMonthlyReportPushedToKitchenAndAdmins: on the 1st, last month's
// settlement by tier and building reaches the canteen manager and the
// admin privately, and nobody else; the export has the same figures.
func TestMonthlyReportPushedToKitchenAndAdmins(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	ctx := context.Background()
	hs.resident("张阿姨", true, false, "1号楼", "101")
	hs.resident("小刘", false, true, "", "")
	hs.resident("李叔", false, false, "8号楼", "301")
	hs.setLunch()
	hs.reply("", "张阿姨", "订餐 明天 午餐 2份")
	hs.reply("", "小刘", "订餐 明天 午餐")
	hs.reply("", "李叔", "订餐 明天 午餐 3份")
	hs.out.Take()
	hs.clock.Set(at("2026-12-01", "09:00"))
	if err := hs.h.PushMonthlyReport(ctx, hs.clock.Now()); err != nil {
		t.Fatal(err)
	}
	msgs := hs.out.Take()
	for _, who := range []string{"李师傅", "社区小王"} {
		got := to(msgs, who)
		must(t, got, "【2026年11月食堂月报】")
		must(t, got, "共 6份，实收 78.9元，按标准价 90元，补贴 11.1元")
		must(t, got, "助老价 2份 实收 24元，补贴 6元")
		must(t, got, "爱心餐 1份 实收 9.9元，补贴 5.1元")
		must(t, got, "1号楼 助老价 2份")
		must(t, got, "未登记 爱心餐 1份")
	}
	if len(msgs) != 2 {
		t.Errorf("%d messages, want one each to the manager and the admin: %+v", len(msgs), msgs)
	}
	from, to := handlers.LastMonth(hs.clock.Now(), shanghai)
	table, err := handlers.ExportSettlement(ctx, hs.st, handlers.ExportQuery{From: from, To: to, Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(table.Totals, ","); got != "total,,,,,6,78.90,90.00,11.10" {
		t.Errorf("totals row = %s", got)
	}
	people := 0
	for _, r := range table.Rows {
		if r[0] == "person" {
			people++
		}
	}
	if people != 2 {
		t.Errorf("%d person rows, want 张阿姨 and 小刘:\n%v", people, table.Rows)
	}
}
