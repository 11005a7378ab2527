package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"linli/bot"
	"linli/handlers"
	"linli/store"
)

// voteWorld is the harness with 王阿姨 heading 8号楼 and households there
// and in 1号楼.
func voteWorld(t *testing.T, cfg handlers.Config) *harness {
	t.Helper()
	hs := newHarness(t, cfg)
	if _, err := hs.st.Grant(context.Background(), hs.resident("王阿姨", false, false, "8号楼", "502").ID, bot.RoleBuildingHead, "8号楼", ""); err != nil {
		t.Fatal(err)
	}
	hs.resident("刘大爷", false, false, "8号楼", "301")
	hs.resident("刘阿姨", false, false, "8号楼", "301") // the same household
	hs.resident("陈叔叔", false, false, "8号楼", "402")
	hs.resident("张阿姨", false, false, "1号楼", "101")
	return hs
}

const conventionVote = "发起投票 楼组公约第三条：晚上十点后不在楼道放电动车\n赞成\n反对\n弃权\n截止 11月26日 18:00"

// TestVoteFromAnnouncementToResult: a head's vote goes to her building's
// group only, with a button per option; households vote in the group, one
// ballot each, a second ballot of a household replaces the first and says
// so; someone not registered and someone of another building are told
// why they cannot vote; the results go to the group once at the deadline.
func TestVoteFromAnnouncementToResult(t *testing.T) {
	hs := voteWorld(t, canteenConfig())
	out := hs.say("", "王阿姨", conventionVote)
	must(t, to(out, "王阿姨"), "已发起投票 V1，发到8号楼的1个群")
	ann := to(out, "8号楼业主群")
	must(t, ann, "【8号楼投票 V1】楼组公约第三条")
	must(t, ann, "3. 弃权")
	must(t, ann, "截止：11月26日 周四 18:00")
	if to(out, "1号楼群") != "" || to(out, "社区大群") != "" {
		t.Errorf("the vote of 8号楼 went elsewhere: %v", out)
	}
	var buttons []bot.Button
	for _, m := range out {
		if m.Chat.ID == "8号楼业主群" {
			buttons = m.Reply.Buttons
		}
	}
	if len(buttons) != 3 || buttons[1].Command != "投票 1 2" {
		t.Errorf("buttons %+v, want one per option (投票 1 2 for the second)", buttons)
	}

	must(t, hs.reply("8号楼业主群", "刘大爷", "投票 1 1"), "已投票：V1 第1项「赞成」")
	must(t, hs.reply("8号楼业主群", "陈叔叔", "V1 选2"), "已投票：V1 第2项「反对」")
	must(t, hs.reply("", "刘阿姨", "投票 1 2"), "已改票：V1 由第1项「赞成」改为第2项「反对」")
	must(t, hs.reply("8号楼业主群", "路人甲", "投票 1 1"), "请先登记您家的房号，如：登记 8号楼 301")
	must(t, hs.reply("1号楼群", "张阿姨", "投票 1 1"), "V1 只请8号楼的住户投票")
	must(t, hs.reply("8号楼业主群", "陈叔叔", "投票 1 5"), "V1 只有3个选项")
	must(t, hs.reply("8号楼业主群", "陈叔叔", "投票 9 1"), "没有 V9 这个投票")
	got := hs.reply("8号楼业主群", "陈叔叔", "投票结果 1")
	must(t, got, "2. 反对：2户")
	must(t, got, "共2户投票")
	must(t, hs.reply("1号楼群", "张阿姨", "投票结果 1"), "结果只给8号楼的住户看")

	hs.clock.Set(at("2026-11-26", "18:00"))
	must(t, hs.reply("8号楼业主群", "陈叔叔", "投票 1 1"), "V1 已在 11月26日 周四 18:00 截止")
	for range 2 {
		if err := hs.h.PushVoteResults(context.Background(), hs.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	pushed := hs.out.Take()
	res := to(pushed, "8号楼业主群")
	if strings.Count(res, "【投票结果 V1】") != 1 {
		t.Fatalf("the results went to the group %d times:\n%s", strings.Count(res, "【投票结果 V1】"), res)
	}
	must(t, res, "2. 反对：2户 ✔")
	must(t, res, "1. 赞成：0户")
	must(t, to(pushed, "王阿姨"), "【投票结果 V1】")
	if to(pushed, "1号楼群") != "" {
		t.Errorf("results went to 1号楼: %v", pushed)
	}
}

// TestAnonymousVoteSaysNothingOfTheChoice: an anonymous vote is cast
// privately only; the reply is the same whatever was chosen and names no
// option; a household votes once; before the deadline its results show
// only how many voted.
func TestAnonymousVoteSaysNothingOfTheChoice(t *testing.T) {
	hs := voteWorld(t, canteenConfig())
	out := hs.say("", "王阿姨", "发起投票 楼组起名\n邻里一家亲\n和睦楼\n截止 11月26日 18:00\n匿名")
	ann := to(out, "8号楼业主群")
	must(t, ann, "匿名投票：请私聊我")
	for _, m := range out {
		if len(m.Reply.Buttons) > 0 {
			t.Errorf("an anonymous vote has buttons, which are pressed in the group: %+v", m)
		}
	}
	must(t, hs.reply("8号楼业主群", "陈叔叔", "投票 1 1"), "V1 是匿名投票，在群里投不算数")
	a := hs.reply("", "陈叔叔", "投票 1 1")
	b := hs.reply("", "刘大爷", "投票 1 2")
	for _, r := range []string{a, b} {
		must(t, r, "匿名投票 V1")
		for _, o := range []string{"邻里一家亲", "和睦楼", "第1项", "第2项", "选1", "选2"} {
			if strings.Contains(r, o) {
				t.Errorf("the reply to an anonymous ballot restates the choice (%s): %s", o, r)
			}
		}
	}
	if strings.ReplaceAll(a, "8号楼402", "") != strings.ReplaceAll(b, "8号楼301", "") {
		t.Errorf("replies differ by choice:\n%s\n%s", a, b)
	}
	must(t, hs.reply("", "刘阿姨", "投票 1 1"), "您家已经投过 V1 了")
	got := hs.reply("", "陈叔叔", "投票结果 1")
	must(t, got, "已有2户投票")
	if strings.Contains(got, "邻里一家亲") {
		t.Errorf("an anonymous vote's counts before the deadline: %s", got)
	}
	hs.clock.Set(at("2026-11-26", "18:01"))
	got = hs.reply("", "陈叔叔", "投票结果 1")
	must(t, got, "1. 邻里一家亲：1户")
	must(t, got, "共2户投票（匿名）")
}

// TestVoteNeedsAConfirmedHousehold: with households.confirm on, a
// household the head has not confirmed does not vote yet.
func TestVoteNeedsAConfirmedHousehold(t *testing.T) {
	cfg := canteenConfig()
	cfg.HouseholdsConfirm = true
	hs := voteWorld(t, cfg)
	r, err := hs.st.TouchResident(context.Background(), bot.Console, "新住户", "新住户")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hs.st.Register(context.Background(), r.ID, "8号楼", "601", false); err != nil {
		t.Fatal(err)
	}
	hs.say("", "王阿姨", conventionVote)
	must(t, hs.reply("", "新住户", "投票 1 1"), "登记还在等确认，确认后才能投票")
	must(t, hs.reply("", "陈叔叔", "投票 1 1"), "已投票")
}

// TestBallotsOfOneHouseholdAtOnce: twenty messages of two accounts of one
// household, at once, through the router: one ballot counts.
func TestBallotsOfOneHouseholdAtOnce(t *testing.T) {
	hs := voteWorld(t, canteenConfig())
	hs.say("", "王阿姨", conventionVote)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := []string{"刘大爷", "刘阿姨"}[i%2]
			hs.rt.Deliver(context.Background(), hs.message("8号楼业主群", who, fmt.Sprintf("投票 1 %d", 1+i%3)))
		}()
	}
	wg.Wait()
	hs.out.Take()
	tally, err := store.Votes(hs.st).Tally(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if tally.Households != 1 {
		t.Errorf("one household counted %d times: %v", tally.Households, tally.Counts)
	}
}
