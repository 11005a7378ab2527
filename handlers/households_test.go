package handlers_test

import (
	"context"
	"strings"
	"testing"

	"linli/store"
)

// bookedLunch has 刘大爷 of 8号楼 201 book tomorrow's lunch (order D1) in
// his building's group, and returns his account.
func bookedLunch(t *testing.T, hs *harness) store.Resident {
	t.Helper()
	liu := hs.resident("刘大爷", false, false, "8号楼", "201")
	hs.setLunch()
	must(t, hs.reply("8号楼业主群", "刘大爷", "订餐 明天 午餐 2份"), "订单号 D1")
	return liu
}

// stillBooked fails the test unless the household's order D1 is untouched.
func stillBooked(t *testing.T, hs *harness, liu store.Resident) {
	t.Helper()
	lines, err := hs.st.OrdersOfHousehold(context.Background(), liu.ID, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || lines[0].ID != 1 || lines[0].Status != store.OrderBooked {
		t.Errorf("the household's order D1 changed: %+v", lines)
	}
}

// TestStrangerRegisteringPrivatelySeesNothing: anyone can type a room
// number. Someone never seen in the community's groups who registers
// privately into an occupied household neither sees its orders nor can
// cancel them; the household's members and the building head are told.
func TestStrangerRegisteringPrivatelySeesNothing(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	liu := bookedLunch(t, hs)
	hs.resident("王阿姨", false, false, "", "")
	if _, err := hs.st.Grant(context.Background(), hs.resident("王阿姨", false, false, "", "").ID, "building_head", "8号楼", ""); err != nil {
		t.Fatal(err)
	}

	out := hs.say("", "陌生人", "登记 8号楼 201")
	must(t, to(out, "陌生人"), "等8号楼楼组长确认")
	must(t, to(out, "王阿姨"), "陌生人")
	must(t, to(out, "王阿姨"), "同意 8号楼201 陌生人")
	must(t, to(out, "刘大爷"), "陌生人")

	if got := hs.reply("", "陌生人", "我的订餐"); strings.Contains(got, "D1") {
		t.Errorf("the stranger sees the household's order:\n%s", got)
	}
	if got := hs.reply("", "陌生人", "取消订餐 D1"); strings.Contains(got, "已取消") {
		t.Errorf("the stranger cancelled the household's order:\n%s", got)
	}
	stillBooked(t, hs, liu)

	// Someone never seen in a group waits for the head: a member's yes
	// is not enough.
	must(t, hs.reply("", "刘大爷", "同意 8号楼201 陌生人"), "楼组长")
	if got := hs.reply("", "陌生人", "我的订餐"); strings.Contains(got, "D1") {
		t.Errorf("a member's yes let in someone never seen in a group:\n%s", got)
	}
	out = hs.say("", "王阿姨", "同意 8号楼201 陌生人")
	must(t, to(out, "王阿姨"), "已同意")
	must(t, to(out, "陌生人"), "8号楼 201室")
	must(t, hs.reply("", "陌生人", "我的订餐"), "D1")
}

// TestNeighbourJoiningNeedsAMembersYes: someone known from a group who
// types an occupied household's room waits for a yes from one of its
// members, who are told who asked; a member of another household cannot
// say yes for it.
func TestNeighbourJoiningNeedsAMembersYes(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	liu := bookedLunch(t, hs)
	hs.resident("张阿姨", false, false, "1号楼", "101")
	hs.reply("8号楼业主群", "小刘", "菜单")

	out := hs.say("8号楼业主群", "小刘", "登记 8号楼 201")
	must(t, to(out, "8号楼业主群"), "等本户家人同意")
	must(t, to(out, "刘大爷"), "小刘 想登记为 8号楼 201室 的住户")
	must(t, to(out, "刘大爷"), "同意 8号楼201 小刘")
	if got := hs.reply("", "小刘", "取消订餐 D1"); strings.Contains(got, "已取消") {
		t.Errorf("cancelled before anyone said yes:\n%s", got)
	}
	stillBooked(t, hs, liu)

	must(t, hs.reply("", "张阿姨", "同意 8号楼201 小刘"), "只有本户家人或8号楼楼组长")
	must(t, hs.reply("", "刘大爷", "同意 8号楼201 小王"), "没有人在等")
	out = hs.say("", "刘大爷", "同意 8号楼201 小刘")
	must(t, to(out, "刘大爷"), "已同意 小刘 加入 8号楼 201室")
	must(t, to(out, "小刘"), "已同意")
	must(t, hs.reply("", "小刘", "我的订餐"), "D1")
}

// TestFirstRegistrationFromAGroupNeedsNobody: a household's first account,
// known from a group, is registered at once when households.confirm is off.
func TestFirstRegistrationFromAGroupNeedsNobody(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	hs.reply("8号楼业主群", "孙奶奶", "菜单")
	must(t, hs.reply("", "孙奶奶", "登记 8号楼 502"), "已登记：8号楼 502室")
	must(t, hs.reply("", "赵叔叔", "登记 8号楼 503"), "等")
}
