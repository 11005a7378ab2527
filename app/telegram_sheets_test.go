package app

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/telegram/telegramtest"
	"linli/store"
)

// TestSpreadsheetOnTelegramIsADocumentSentPrivately: the canteen manager's
// 导出订餐 11月 goes through the outbox and the real telego client to the
// Bot API as a sendDocument upload, 订餐-2026-11.xlsx, a valid xlsx with
// linli export's header and the month's orders. Asked in a group, the
// file goes to the manager privately and the group hears one line; for a
// manager the bot cannot write to, the group hears how to receive it and
// never the file. A resident is refused kindly. Once sent, the outbox
// keeps no copy of the file.
func TestSpreadsheetOnTelegramIsADocumentSentPrivately(t *testing.T) {
	fake := fakeAPI(t)
	clock := newClock(t, "2026-11-28 10:00")
	ta := newE2EApp(t, fake, fastConfig(), clock)
	ctx := context.Background()
	ta.bind(t, tg8, "8号楼")
	li := telegramtest.User{ID: 50, FirstName: "李师傅"}
	gone := telegramtest.User{ID: 51, FirstName: "赵师傅"}
	for _, u := range []telegramtest.User{li, gone} {
		r, err := ta.store.TouchResident(ctx, bot.Telegram, strconv.FormatInt(u.ID, 10), u.FirstName)
		if err == nil {
			_, err = ta.store.Grant(ctx, r.ID, bot.RoleCanteenManager, "", "")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	cut := time.Date(2026, 11, 25, 9, 30, 0, 0, clock.Now().Location())
	if _, err := ta.store.SetMenu(ctx, store.MenuInput{Date: "2026-11-25", Meal: "lunch", Price: 1500, ElderPrice: 1200,
		Cutoff: cut, Dishes: []store.Dish{{Name: "红烧肉"}}}); err != nil {
		t.Fatal(err)
	}
	for i, u := range []telegramtest.User{tgZhang, tgLi} {
		r, _ := ta.store.TouchResident(ctx, bot.Telegram, strconv.FormatInt(u.ID, 10), u.FirstName)
		if _, err := ta.store.BookMeal(ctx, store.BookInput{Date: "2026-11-25", Meal: "lunch", ResidentID: r.ID,
			Quantity: i + 1, At: cut.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	fake.Kick(gone.ID)
	ta.serve(t)
	fake.Push(telegramtest.Message(telegramtest.Chat{ID: li.ID, Type: "private"}, li, "导出订餐 11月"))
	fake.Push(telegramtest.Message(telegramtest.Chat{ID: tgZhang.ID, Type: "private"}, tgZhang, "导出订餐"))
	fake.Push(telegramtest.Message(tg8, li, "导出订餐 11月"))
	fake.Push(telegramtest.Message(tg8, gone, "导出订餐 11月"))
	ta.settle(t, fake)

	docs := fake.Documents()
	if len(docs) != 2 {
		t.Fatalf("%d documents sent, want 2 (asked privately, and in the group):\n%+v", len(docs), fake.Sent())
	}
	for _, d := range docs {
		if d.ChatID != li.ID || d.Document.Name != "订餐-2026-11.xlsx" || !strings.HasPrefix(d.Text, "2026年11月的订餐表：订单2条，共3份。") {
			t.Errorf("document %q to %d captioned %q; want 订餐-2026-11.xlsx to 李师傅 privately", d.Document.Name, d.ChatID, d.Text)
		}
		rows := sheetRows(t, d.Document.Data, "订餐")
		if len(rows) != 1+2+1+1 || strings.Join(rows[0][:4], ",") != "订单号,日期,餐次,姓名" {
			t.Fatalf("订餐 sheet = %q, want the header, 2 orders, a subtotal and the total", rows)
		}
		if r := rows[1]; r[0] != "D1" || r[1] != "2026-11-25" || r[2] != "午餐" || r[3] != "张阿姨" || r[4] != "Telegram" || r[5] != "42" {
			t.Errorf("first order = %q", r)
		}
	}
	group := fake.SentTo(tg8.ID)
	if len(group) != 3 || !strings.Contains(group[0], "订餐表里有住户信息，我私聊发给您，请看私聊。") ||
		!strings.Contains(strings.Join(group[1:], "\n"), "私聊发不到您") {
		t.Errorf("the group heard:\n%s\nwant one line for each asker, and how to receive it for the one not reached", strings.Join(group, "\n---\n"))
	}
	if p := fake.SentTo(tgZhang.ID); len(p) != 1 || !strings.HasPrefix(p[0], "抱歉，只有食堂管理员或社区工作人员可以导出订餐表") {
		t.Errorf("a resident asking for the orders got %q", p)
	}
	sent, err := ta.store.OutboxByStatus(ctx, bot.Telegram, store.OutboxSent)
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, m := range sent {
		if m.FileName != "" {
			files++
			if len(m.FileData) != 0 {
				t.Errorf("sent message %d keeps %d bytes of %s", m.ID, len(m.FileData), m.FileName)
			}
		}
	}
	if files != 2 {
		t.Errorf("%d sent messages carried a file, want the 2 documents", files)
	}
}
