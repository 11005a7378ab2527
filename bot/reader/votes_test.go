package reader

import (
	"slices"
	"testing"
)

// voteCases are the commands of deciding together, read at phrasesNow
// (Tuesday 2026-11-24 08:00), and the chatter around them that must stay
// silent in a group: a vote or a 收到 counts for a household, so a word
// taken for one is worse than one missed.
var voteCases = []tc{
	{group, "投票 2 1", `{"intent":"vote","vote":2,"choice":1}`},
	{group, "投票 V2 选1", `{"intent":"vote","vote":2,"choice":1}`},
	{group, "V2 选1", `{"intent":"vote","vote":2,"choice":1}`},
	{group, "v2选1", `{"intent":"vote","vote":2,"choice":1}`},
	{group, "Ｖ２ 选１", `{"intent":"vote","vote":2,"choice":1}`},
	{group, "投票 2 第3项", `{"intent":"vote","vote":2,"choice":3}`},
	{group, "投票 二 一", `{"intent":"vote","vote":2,"choice":1}`},
	{private, "/vote 2 1", `{"intent":"vote","vote":2,"choice":1}`},
	{group, "投票 2", `{"intent":"vote","error":"*"}`},
	{private, "投票", `{"intent":"vote","error":"*"}`},
	{group, "投票结果 2", `{"intent":"vote_results","vote":2}`},
	{group, "投票结果 V2", `{"intent":"vote_results","vote":2}`},
	{private, "投票结果", `{"intent":"vote_results","error":"*"}`},
	{group, "收到 3", `{"intent":"confirm_notice","notice":3}`},
	{group, "收到N3", `{"intent":"confirm_notice","notice":3}`},
	{group, "收到 n 3", `{"intent":"confirm_notice","notice":3}`},
	{private, "收到情况 3", `{"intent":"notice_receipts","notice":3}`},
	{private, "提醒 N3", `{"intent":"remind_notice","notice":3}`},
	{private, "提醒", `{"intent":"remind_notice","error":"*"}`},

	// Chatter stays chatter: parse knows no open notice, so a bare 收到
	// is none; only the handlers, who know the notice, read it as one.
	{group, "投票", `{"intent":"none"}`},
	{group, "投票了吗", `{"intent":"none"}`},
	{group, "投票的事明天再说", `{"intent":"none"}`},
	{group, "投票 2 1 我选赞成", `{"intent":"none"}`},
	{group, "v我50", `{"intent":"none"}`},
	{group, "very good", `{"intent":"none"}`},
	{group, "V2 好", `{"intent":"none"}`},
	{group, "收到", `{"intent":"none"}`},
	{group, "收到了", `{"intent":"none"}`},
	{group, "好的收到", `{"intent":"none"}`},
	{group, "已阅", `{"intent":"none"}`},
	{group, "👌", `{"intent":"none"}`},
	{group, "收到3个快递", `{"intent":"none"}`},
	{group, "收到 2份", `{"intent":"none"}`},
	{group, "提醒", `{"intent":"none"}`},
	{group, "提醒大家明天停水", `{"intent":"none"}`},
	{group, "提醒 3号楼的人", `{"intent":"none"}`},
	{group, "投票结果出来了吗", `{"intent":"none"}`},
	{private, "收到", `{"intent":"unknown"}`},
}

func TestVoteCommands(t *testing.T) {
	run(t, newTestReader(t), phrasesNow, voteCases)
}

// TestNewVote: the title on the first line; the deadline and the scope
// read from their lines; the options left in Body for the handler.
func TestNewVote(t *testing.T) {
	r := newTestReader(t)
	in := r.Read("发起投票 楼组公约第三条：晚上十点后不在楼道放电动车\n赞成\n反对\n弃权\n截止 11月30日 18:00\n范围 8号楼\n匿名", group, phrasesNow)
	if in.Name != "create_vote" || in.Problem != "" || in.Title != "楼组公约第三条：晚上十点后不在楼道放电动车" ||
		in.Date != "2026-11-30" || in.Time != "18:00" || in.Building != "8号楼" || in.Anonymous {
		t.Fatalf("got %+v", in)
	}
	if want := []string{"赞成", "反对", "弃权", "截止 11月30日 18:00", "范围 8号楼", "匿名"}; !slices.Equal(in.Body, want) {
		t.Errorf("body %q, want %q", in.Body, want)
	}
	for text, problem := range map[string]bool{
		"发起投票 起名\n甲\n乙\n截止 明天":         false,
		"发起投票 起名\n甲\n乙\n截止 后天 下午6点":    false,
		"发起投票 起名\n甲\n乙\n范围 全体":         false,
		"发起投票 起名\n甲\n乙\n截止 随便":         true,
		"发起投票 起名\n甲\n乙\n截止 2月30日 8:00": true,
		"发起投票 起名\n甲\n乙\n范围 隔壁":         true,
		"发起投票\n甲\n乙":                   true,
	} {
		if got := r.Read(text, private, phrasesNow); got.Name != "create_vote" || (got.Problem != "") != problem {
			t.Errorf("%q: got %+v, want a problem: %v", text, got, problem)
		}
	}
	if got := r.Read("发起投票吧大家", group, phrasesNow); got.Name != "none" {
		t.Errorf("发起投票吧大家 in a group: %+v", got)
	}
}
