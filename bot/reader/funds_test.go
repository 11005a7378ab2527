package reader

import "testing"

// fundCases are 楼组众筹's commands and the chatter around them.
var fundCases = []tc{
	{group, "发起众筹 楼道绿植 目标 600", `{"intent":"create_fund","title":"楼道绿植","fen":60000}`},
	{group, "发起众筹 楼道绿植 目标600元", `{"intent":"create_fund","title":"楼道绿植","fen":60000}`},
	{group, "发起众筹 楼道绿植", `{"intent":"create_fund","title":"楼道绿植"}`},
	{group, "发起众筹 楼道绿植 目标 很多", `{"intent":"create_fund","error":"*"}`},
	{group, "认捐 C1 50", `{"intent":"pledge","fund":1,"fen":5000}`},
	{group, "认捐 c1 12.5元", `{"intent":"pledge","fund":1,"fen":1250}`},
	{group, "认捐 C1 ５０", `{"intent":"pledge","fund":1,"fen":5000}`},
	{group, "认捐 C1 0", `{"intent":"pledge","fund":1,"error":"*"}`},
	{private, "收款 C1 8号楼301 50", `{"intent":"fund_received","building":"8号楼","room":"301","fund":1,"fen":5000}`},
	{private, "收款 C1 8-301 -50 记错了", `{"intent":"fund_received","text":"记错了","building":"8号楼","room":"301","fund":1,"fen":-5000}`},
	{private, "收款 C1 50", `{"intent":"fund_received","fund":1,"error":"*"}`},
	{private, "支出 C1 120 买绿植", `{"intent":"fund_spent","text":"买绿植","fund":1,"fen":12000}`},
	{private, "支出 C1 120", `{"intent":"fund_spent","fund":1,"fen":12000,"error":"*"}`},
	{group, "众筹 C1", `{"intent":"fund_ledger","fund":1}`},
	{group, "/fund 1", `{"intent":"fund_ledger","fund":1}`},

	{group, "认捐 C1 -50", `{"intent":"none"}`},
	{group, "认捐 C1 12.555", `{"intent":"none"}`},
	{group, "认捐", `{"intent":"none"}`},
	{group, "认捐的事我再想想", `{"intent":"none"}`},
	{group, "众筹", `{"intent":"none"}`},
	{group, "众筹的钱够吗", `{"intent":"none"}`},
	{group, "支出太大了", `{"intent":"none"}`},
	{group, "收款码发一下", `{"intent":"none"}`},
}

func TestFundCommands(t *testing.T) {
	run(t, newTestReader(t), phrasesNow, fundCases)
}
