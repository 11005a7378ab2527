package handlers_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/reader"
	"linli/store"
)

// receiptWorld is voteWorld with the router reading a bare 收到 as the
// app does (handlers.NoticeReplies).
func receiptWorld(t *testing.T) *harness {
	t.Helper()
	hs := voteWorld(t, canteenConfig())
	rd, err := reader.New(reader.Config{Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	read := func(m bot.Message, now time.Time) bot.Intent {
		return rd.Read(m.Text, reader.Mode{Private: m.Private(), Mentioned: m.Mentioned}, now)
	}
	hs.rt, err = bot.NewRouter(bot.RouterConfig{Read: hs.h.NoticeReplies(read), Directory: hs.h, Dedup: hs.st, Out: hs.out, Now: hs.clock.Now},
		hs.h.Routes()...)
	if err != nil {
		t.Fatal(err)
	}
	return hs
}

const waterNotice = "通知 明天上午9点停水 请提前储水\n请回复收到"

// TestNoticeAskingForReceipts: a bare 收到 is chatter until a notice asks
// for it; then it is that notice's receipt for the speaker's household,
// once a household, answered in the group by one summary line in a few
// minutes and otherwise nothing; the head sees privately who has not
// answered and reminds only them, once a day.
func TestNoticeAskingForReceipts(t *testing.T) {
	hs := receiptWorld(t)
	if out := hs.say("8号楼业主群", "刘大爷", "收到"); len(out) != 0 {
		t.Fatalf("a bare 收到 with no notice open was answered: %v", out)
	}
	out := hs.say("", "王阿姨", waterNotice)
	must(t, to(out, "王阿姨"), "通知编号 N1")
	ann := to(out, "8号楼业主群")
	must(t, ann, "【8号楼通知 N1】明天上午9点停水 请提前储水")
	must(t, ann, "请回复「收到」")
	if strings.Contains(ann, "请回复收到") {
		t.Errorf("the request line is repeated as typed: %s", ann)
	}

	out = hs.say("8号楼业主群", "刘大爷", "收到")
	if len(out) != 1 || out[0].Reply.Mention != nil {
		t.Fatalf("the first 收到: want one summary line, no mention: %+v", out)
	}
	must(t, out[0].Reply.Text, "N1 已有1户回复收到（共3户登记）")
	for _, who := range []struct{ name, text string }{{"陈叔叔", "好的收到"}, {"刘阿姨", "👌"}} {
		hs.clock.Set(hs.clock.Now().Add(time.Minute))
		if out := hs.say("8号楼业主群", who.name, who.text); len(out) != 0 {
			t.Errorf("%s's %s within minutes of a summary: %v", who.name, who.text, out)
		}
	}
	if out := hs.say("1号楼群", "张阿姨", "收到"); len(out) != 0 {
		t.Errorf("a 收到 in a building without the notice: %v", out)
	}

	out = hs.say("8号楼业主群", "王阿姨", "收到情况 1")
	must(t, to(out, "8号楼业主群"), "我私聊发给您，请看私聊")
	mine := to(out, "王阿姨")
	must(t, mine, "8号楼：2户已回复，共3户")
	must(t, mine, "8号楼 502室 王阿姨")
	if strings.Contains(mine, "301") || strings.Contains(mine, "402") {
		t.Errorf("households that answered are listed as not: %s", mine)
	}
	must(t, hs.reply("8号楼业主群", "陈叔叔", "收到情况 1"), "只有楼组长或社区工作人员可以")

	out = hs.say("", "王阿姨", "提醒 1")
	must(t, to(out, "王阿姨"), "已私聊提醒 1户（1个账号）")
	for _, m := range out {
		if m.Chat.ID == "刘大爷" || m.Chat.ID == "陈叔叔" || m.Chat.Group {
			t.Errorf("the reminder went to %s", m.Chat.ID)
		}
	}
	must(t, hs.reply("", "王阿姨", "提醒 1"), "今天已经提醒过了")

	hs.clock.Set(hs.clock.Now().Add(10 * time.Minute))
	must(t, hs.reply("", "王阿姨", "收到 1"), "已记下您家（8号楼502）收到 N1")
	must(t, hs.reply("", "王阿姨", "收到 1"), "已经回复过 N1 收到了")
	out = hs.say("8号楼业主群", "陈叔叔", "收到")
	must(t, to(out, "8号楼业主群"), "N1 已有3户回复收到（共3户登记）")

	hs.clock.Set(hs.clock.Now().Add(4 * 24 * time.Hour))
	if out := hs.say("8号楼业主群", "刘大爷", "收到"); len(out) != 0 {
		t.Errorf("a 收到 days after the notice: %v", out)
	}
}

// TestReceiptsOfOneHouseholdAtOnce: the two accounts of one household say
// 收到 twenty times at once: it is counted once.
func TestReceiptsOfOneHouseholdAtOnce(t *testing.T) {
	hs := receiptWorld(t)
	hs.say("", "王阿姨", waterNotice)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hs.rt.Deliver(context.Background(), hs.message("8号楼业主群", []string{"刘大爷", "刘阿姨"}[i%2], "收到"))
		}()
	}
	wg.Wait()
	counts, err := store.Receipts(hs.st).ReceiptsByBuilding(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 1 || counts[0].Confirmed != 1 {
		t.Errorf("one household's receipts: %+v", counts)
	}
	if n := strings.Count(to(hs.out.Take(), "8号楼业主群"), "回复收到"); n != 1 {
		t.Errorf("%d summary lines for twenty 收到 at once", n)
	}
}
