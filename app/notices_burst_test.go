package app

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"linli/bot"
	"linli/bot/telegram/telegramtest"
)

// A head's notice to a building with 40 groups goes through the outbox: the
// Bot API's flood limits are kept (no 429) and every group gets it once.
func TestNoticeToFortyGroupsIsPacedNotDropped(t *testing.T) {
	fake := fakeAPI(t)
	fake.Limits = telegramtest.Limits{PerSecond: 30, GroupPerMinute: 20}
	cfg := demoConfig()
	cfg.Telegram.PerSecond, cfg.Telegram.GroupPerMinute = 30, 20 // Telegram's documented limits
	ta := newTgAppWith(t, fake, filepath.Join(t.TempDir(), "linli.db"), cfg, 0)
	var groups []telegramtest.Chat
	for i := range 40 {
		g := telegramtest.Chat{ID: int64(-5000 - i), Type: "group", Title: fmt.Sprintf("8号楼%d群", i+1)}
		ta.bind(t, g, "8号楼")
		groups = append(groups, g)
	}
	head, err := ta.store.TouchResident(context.Background(), bot.Telegram, "42", "张阿姨")
	if err != nil || grantErr(ta.store.Grant(context.Background(), head.ID, bot.RoleBuildingHead, "8号楼", "")) != nil {
		t.Fatal(err)
	}
	ta.serve(t)
	fake.Push(telegramtest.Message(groups[0], tgZhang, "通知 明天上午9点到11点停水"))
	ta.settle(t, fake)

	for _, g := range groups {
		got := 0
		for _, text := range fake.SentTo(g.ID) {
			if text == "【8号楼通知】明天上午9点到11点停水\n—— 张阿姨" {
				got++
			}
		}
		if got != 1 {
			t.Errorf("group %s got the notice %d times, want once", g.Title, got)
		}
	}
	if n := fake.Floods(); n != 0 {
		t.Errorf("the burst caused %d flood refusals (429), want none", n)
	}
	confirm := fake.SentTo(groups[0].ID)
	if last := confirm[len(confirm)-1]; last != "已发到8号楼的40个群。" {
		t.Errorf("the head was told %q", last)
	}
}

func grantErr(_ bool, err error) error { return err }
