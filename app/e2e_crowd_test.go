package app

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot/telegram/telegramtest"
)

// TestE2ECrowdKeepsTelegramsLimits pushes 300 updates from 200 people in
// ten groups as fast as the fake takes them, with the fake refusing (429)
// any send beyond Telegram's limits. Telegram's per-group (20 a minute) and
// platform (30 a second) limits are kept as they are; the one-a-second
// per-chat interval is scaled down tenfold on both sides (fake and bot,
// 100 ms) so that the test takes seconds, not half a minute. Each group
// sends 20 commands, the most a group may be answered in a minute, and ten
// lines of chatter.
func TestE2ECrowdKeepsTelegramsLimits(t *testing.T) {
	fake := fakeAPI(t)
	fake.Limits = telegramtest.Limits{PerChat: 100 * time.Millisecond, GroupPerMinute: 20, PerSecond: 30}
	clock := newClock(t, "2026-11-24 10:00")
	cfg := demoConfig()
	cfg.Telegram.PerChatInterval, cfg.Telegram.GroupPerMinute, cfg.Telegram.PerSecond = 100*time.Millisecond, 20, 30
	ta := newE2EApp(t, fake, cfg, clock)
	ta.serve(t)
	fake.Push(telegramtest.Message(private(dayXiao), dayXiao, "设置菜单 明天 午餐\n红烧肉\n每份 15\n限量 500"))
	ta.settle(t, fake)
	if got := fake.SentTo(dayXiao.ID); len(got) != 1 || !strings.HasPrefix(got[0], "已设置 明天午餐的菜单") {
		t.Fatalf("the menu: %q", got)
	}

	commands := []string{"订餐 明天 午餐", "/book 2", "菜单", "帮助", "活动", "/book@LinliTestBot 明天 午餐 3份", "我的订餐", "建议 电梯有异响", "明天中午订两份", "我的报名"}
	chatter := []string{"大家早上好", "今天天气不错", "订餐的事问李师傅", "菜单上的红烧肉好吃吗", "哈哈哈"}
	type sent struct {
		chat int64
		id   int
	}
	var (
		mu    sync.Mutex
		cmds  []sent
		talk  []sent
		wg    sync.WaitGroup
		asked = map[int64]map[string][]int{} // chat → person → their commands, in order
	)
	start := time.Now()
	for g := range 10 {
		chat := telegramtest.Chat{ID: int64(-8000 - g), Type: "group", Title: fmt.Sprintf("%d号楼群", g+1)}
		wg.Go(func() { // each group's people type at once, in their own order
			for k := range 30 {
				who := telegramtest.User{ID: int64(10000 + g + 10*(k%20)), FirstName: fmt.Sprintf("住户%d", g+10*(k%20))}
				if k%3 == 2 {
					u := telegramtest.Message(chat, who, chatter[k%len(chatter)])
					fake.Push(u)
					mu.Lock()
					talk = append(talk, sent{chat.ID, msgID(u)})
					mu.Unlock()
					continue
				}
				// Each person speaks twice (k and k+20), each time a
				// different command: the same person asking the very same
				// thing twice in a minute is answered once (TestFlood*).
				u := telegramtest.Message(chat, who, commands[(g+k+k/20)%len(commands)])
				fake.Push(u)
				mu.Lock()
				cmds = append(cmds, sent{chat.ID, msgID(u)})
				if asked[chat.ID] == nil {
					asked[chat.ID] = map[string][]int{}
				}
				asked[chat.ID][who.FirstName] = append(asked[chat.ID][who.FirstName], msgID(u))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(cmds) != 200 || len(talk) != 100 {
		t.Fatalf("pushed %d commands and %d chatter", len(cmds), len(talk))
	}
	ta.settle(t, fake)
	took := time.Since(start)
	t.Logf("300 updates handled and 200 answers sent in %v", took.Round(time.Millisecond))

	if n := fake.Floods(); n != 0 {
		t.Errorf("%d sends refused with 429", n)
	}
	answers := map[sent]int{}
	order := map[int64][]int{}
	for _, m := range fake.Sent() {
		if m.ChatID >= 0 {
			continue
		}
		if m.ReplyTo != 0 {
			answers[sent{m.ChatID, m.ReplyTo}]++
			order[m.ChatID] = append(order[m.ChatID], m.ReplyTo)
			continue
		}
		// Answers that waited for the group go out merged: each line
		// "@住户N …" answers that person's next command not yet answered.
		for _, line := range strings.Split(m.Text, "\n") {
			name, _, ok := strings.Cut(strings.TrimPrefix(line, "@"), " ")
			if !ok || !strings.HasPrefix(line, "@住户") {
				continue
			}
			id := 0
			for _, c := range asked[m.ChatID][name] {
				if answers[sent{m.ChatID, c}] == 0 {
					id = c
					break
				}
			}
			answers[sent{m.ChatID, id}]++
			order[m.ChatID] = append(order[m.ChatID], id)
		}
	}
	for _, c := range cmds {
		if answers[c] != 1 {
			t.Errorf("command %d in %d answered %d times", c.id, c.chat, answers[c])
		}
	}
	for _, c := range talk {
		if answers[c] != 0 {
			t.Errorf("chatter %d in %d was answered", c.id, c.chat)
		}
	}
	for chat, ids := range order {
		if !sort.IntsAreSorted(ids) {
			t.Errorf("answers in %d out of order: %v", chat, ids)
		}
	}
	if r := fake.Refused(); len(r) > 0 {
		t.Errorf("the Bot API refused %v", r)
	}
	if took > 20*time.Second {
		t.Errorf("the crowd took %v", took)
	}
}
