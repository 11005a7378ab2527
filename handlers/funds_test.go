package handlers_test

import (
	"context"
	"strings"
	"testing"

	"linli/bot"
	"linli/handlers"
)

// TestFundAccountsKeptByTheirHead: only the head of the fund's building
// (and admins) record money; another building's head is refused; the
// export has every entry with the running balance.
func TestFundAccountsKeptByTheirHead(t *testing.T) {
	hs := voteWorld(t, canteenConfig())
	if _, err := hs.st.Grant(context.Background(), hs.resident("张阿姨", false, false, "1号楼", "101").ID, bot.RoleBuildingHead, "1号楼", ""); err != nil {
		t.Fatal(err)
	}
	must(t, hs.reply("8号楼业主群", "王阿姨", "发起众筹 楼道绿植 目标 600"), "已发起众筹 C1")
	must(t, hs.reply("", "张阿姨", "收款 C1 8号楼301 50"), "只有8号楼楼组长和社区工作人员能记账")
	must(t, hs.reply("", "刘大爷", "认捐 C1 50"), "已记下 8号楼301 认捐")
	must(t, hs.reply("", "王阿姨", "收款 C1 8号楼301 50"), "现在余额 50元")
	must(t, hs.reply("", "社区小王", "支出 C1 20 买花盆"), "现在余额 30元")
	must(t, hs.reply("", "王阿姨", "支出 C1 31 买土"), "C1 现在只有 30元")
	table, err := handlers.ExportFunds(context.Background(), hs.st, handlers.ExportQuery{Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range table.Rows {
		lines = append(lines, strings.Join(r, ","))
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{",认捐,50.00,8号楼301,刘大爷,,0.00", ",收款,50.00,8号楼301,王阿姨,,50.00", ",支出,20.00,,社区小王,买花盆,30.00"} {
		must(t, got, want)
	}
	if len(table.Rows) != 3 {
		t.Errorf("export rows:\n%s", got)
	}
}

// TestErasedPledgerLeavesTheLedgerNameless: a resident who pledged and then
// asked to be forgotten (注销) is told the ledger keeps the line, and from
// then on the ledger and its export show the line under no name.
func TestErasedPledgerLeavesTheLedgerNameless(t *testing.T) {
	hs := voteWorld(t, canteenConfig())
	must(t, hs.reply("8号楼业主群", "王阿姨", "发起众筹 楼道绿植 目标 600"), "已发起众筹 C1")
	must(t, hs.reply("", "刘大爷", "认捐 C1 50"), "已记下 8号楼301 认捐")
	must(t, hs.reply("", "刘大爷", "确认注销"), "经手记过的 1 笔公共资金收支")
	if got := hs.reply("", "王阿姨", "众筹 C1"); strings.Contains(got, "刘大爷") || !strings.Contains(got, "认捐 8号楼301 50元") {
		t.Errorf("the ledger after 注销 reads %q; want the pledge kept under no name", got)
	}
	table, err := handlers.ExportFunds(context.Background(), hs.st, handlers.ExportQuery{Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, row := range table.Rows {
		all += strings.Join(row, ",") + "\n"
	}
	if strings.Contains(all, "刘大爷") || !strings.Contains(all, ",认捐,50.00,8号楼301,已注销的居民,") {
		t.Errorf("the funds export after 注销:\n%s; want the pledge by 已注销的居民", all)
	}
}
