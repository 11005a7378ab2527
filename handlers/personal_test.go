package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/store"
)

// TestLeaveHouseholdStopsSharing: after 退出登记 an account no longer sees
// or cancels the household's orders, and the household is told.
func TestLeaveHouseholdStopsSharing(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	liu := bookedLunch(t, hs)
	hs.resident("小刘", false, false, "8号楼", "201")
	must(t, hs.reply("", "小刘", "我的订餐"), "D1")
	out := hs.say("", "小刘", "退出登记")
	must(t, to(out, "小刘"), "已退出 8号楼 201室 的登记")
	must(t, to(out, "刘大爷"), "小刘 已退出")
	if got := hs.reply("", "小刘", "取消订餐 D1"); strings.Contains(got, "已取消") {
		t.Errorf("cancelled after leaving: %s", got)
	}
	stillBooked(t, hs, liu)
	must(t, hs.reply("", "小刘", "退出登记"), "还没有登记")
}

// TestEraseAsksFirstAndKeepsCounts: 注销 explains and asks; 确认注销 waits
// for the person's orders to be cancelled, then removes the name and the
// account: the kitchen's totals keep the portions, no list names them.
func TestEraseAsksFirstAndKeepsCounts(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	ctx := context.Background()
	liu := bookedLunch(t, hs)
	must(t, hs.reply("", "刘大爷", "注销"), "确认请回复：确认注销")
	if r, _ := hs.st.ResidentByID(ctx, liu.ID); r.Name != "刘大爷" {
		t.Fatalf("注销 alone erased: %+v", r)
	}
	must(t, hs.reply("", "刘大爷", "确认注销"), "请先取消")
	hs.clock.Set(at("2026-11-25", "13:00")) // lunch is over
	must(t, hs.reply("", "刘大爷", "确认注销"), "已注销")
	r, _ := hs.st.ResidentByID(ctx, liu.ID)
	if r.Name != "" || r.HouseholdID != nil || r.UserID == liu.UserID {
		t.Errorf("after 注销 the account still holds %+v", r)
	}
	orders, _ := hs.st.Orders(ctx, store.OrderQuery{From: "2026-11-25", BookedOnly: true})
	if len(orders) != 1 || orders[0].Quantity != 2 || orders[0].Name != "" || orders[0].Room != "" {
		t.Errorf("orders after 注销: %+v; want the 2 portions under no name", orders)
	}
	// Speaking again, they are someone new, in no household.
	must(t, hs.reply("", "刘大爷", "我的信息"), "还没有登记")
	if again, _ := hs.st.Resident(ctx, bot.Console, "刘大爷"); again.ID == liu.ID {
		t.Errorf("the erased row came back for the same account")
	}
	hs.st.Grant(ctx, hs.resident("王阿姨", false, false, "", "").ID, bot.RoleBuildingHead, "8号楼", "")
	must(t, hs.reply("", "王阿姨", "确认注销"), "先请社区工作人员取消身份")
}

// TestHeadRemovesMemberWhoMovedOut: 移出 8号楼201 @小刘 by the building's
// head or an admin; a resident or another building's head may not.
func TestHeadRemovesMemberWhoMovedOut(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	ctx := context.Background()
	liu := bookedLunch(t, hs)
	xiao := hs.resident("小刘", false, false, "8号楼", "201")
	hs.st.Grant(ctx, hs.resident("王阿姨", false, false, "", "").ID, bot.RoleBuildingHead, "8号楼", "")
	hs.st.Grant(ctx, hs.resident("张阿姨", false, false, "", "").ID, bot.RoleBuildingHead, "1号楼", "")

	must(t, hs.reply("8号楼业主群", "刘大爷", "移出 8号楼201 @小刘"), "只有楼组长")
	must(t, hs.reply("", "张阿姨", "移出 8号楼201 @小刘"), "您不是8号楼的楼组长")
	out := hs.say("8号楼业主群", "王阿姨", "移出 8号楼201 @小刘")
	must(t, to(out, "8号楼业主群"), "已把 小刘 移出 8号楼 201室")
	must(t, to(out, "小刘"), "您已被移出 8号楼 201室")
	if r, _ := hs.st.ResidentByID(ctx, xiao.ID); r.HouseholdID != nil {
		t.Errorf("小刘 is still in household %v", *r.HouseholdID)
	}
	if got := hs.reply("", "小刘", "我的订餐"); strings.Contains(got, "D1") {
		t.Errorf("removed member still sees the household's order: %s", got)
	}
	stillBooked(t, hs, liu)
	must(t, hs.reply("", "社区小王", "移出 8号楼201 @小刘"), "不在 8号楼 201室 的登记里")
}

// TestRetentionJobOnAFakeClock: the retention job, run at a due time two
// years on, takes the person off the old order; a new one keeps its name.
func TestRetentionJobOnAFakeClock(t *testing.T) {
	cfg := canteenConfig()
	cfg.Retention = 730 * 24 * time.Hour
	hs := newHarness(t, cfg)
	ctx := context.Background()
	liu := bookedLunch(t, hs)
	if err := hs.h.ForgetOld(ctx, at("2027-06-01", "03:47")); err != nil {
		t.Fatal(err)
	}
	if lines, _ := hs.st.OrdersOfHousehold(ctx, liu.ID, "2026-11-25"); len(lines) != 1 {
		t.Fatalf("a half-year-old order was anonymised: %+v", lines)
	}
	hs.clock.Set(at("2028-12-01", "03:47"))
	hs.reply("8号楼业主群", "刘大爷", "菜单") // still around
	if err := hs.h.ForgetOld(ctx, at("2028-12-01", "03:47")); err != nil {
		t.Fatal(err)
	}
	if lines, _ := hs.st.OrdersOfHousehold(ctx, liu.ID, "2026-11-25"); len(lines) != 0 {
		t.Errorf("the two-year-old order still names 刘大爷: %+v", lines)
	}
	orders, _ := hs.st.Orders(ctx, store.OrderQuery{From: "2026-11-25", To: "2026-11-25"})
	if len(orders) != 1 || orders[0].Quantity != 2 || orders[0].Name != "" {
		t.Errorf("old orders after the job: %+v; want the 2 portions, nameless", orders)
	}
	if r, _ := hs.st.ResidentByID(ctx, liu.ID); r.Name != "刘大爷" {
		t.Errorf("a current account was blanked: %+v", r)
	}
}
