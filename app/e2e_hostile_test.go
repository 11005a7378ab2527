package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"linli/bot/telegram/telegramtest"
)

// hostile is one update thrown at the bot and what it must do with it.
type hostile struct {
	name   string
	update map[string]any
	chat   int64  // where an answer would go
	answer bool   // a kind Chinese answer is due; otherwise silence
	want   string // what the answer must say, when it matters
	tap    string
}

func withEntities(u map[string]any, ents []map[string]any) map[string]any {
	u["message"].(map[string]any)["entities"] = ents
	return u
}

// TestE2EHostileInputThroughTelegram throws what a real Telegram group
// produces at the bot: giant, empty-looking and invisible text, absurd
// numbers, SQL, floods of entities, edits, bots, channels, membership
// changes, update kinds it never asked for, forged and foreign button taps.
func TestE2EHostileInputThroughTelegram(t *testing.T) {
	fake := fakeAPI(t)
	clock := newClock(t, "2026-11-24 08:00")
	ta := newE2EApp(t, fake, fastConfig(), clock)
	ta.bind(t, dayG1, "1号楼")
	ta.serve(t)
	ctx := context.Background()
	zhang := telegramtest.User{ID: 3001, FirstName: "张阿姨"}
	me := private(zhang)
	robot := telegramtest.User{ID: 3999, FirstName: "SpamBot", IsBot: true}
	stranger := telegramtest.Chat{ID: -7777, Type: "group", Title: "别的群"}
	channel := telegramtest.Chat{ID: -1009999, Type: "channel", Title: "社区频道"}

	// a menu to tap, so that real buttons exist beside forged ones
	fake.Push(telegramtest.Message(private(dayXiao), dayXiao, "设置食堂 @li_shifu")) // unseen: asked about
	ta.settle(t, fake)

	long := strings.Repeat("啊", 4096)
	fifty := strings.TrimSpace(strings.Repeat("@someone ", 50))
	var fiftyEnts []map[string]any
	for i := range 50 {
		fiftyEnts = append(fiftyEnts, map[string]any{"type": "mention", "offset": i * 9, "length": 8})
	}
	badEnts := []map[string]any{
		{"type": "bot_command", "offset": 0, "length": 9999},
		{"type": "mention", "offset": -3, "length": 2},
		{"type": "text_mention", "offset": 1, "length": 2},
		{"type": "text_mention", "offset": 0, "length": 1, "user": map[string]any{"id": telegramtest.BotID, "is_bot": true, "first_name": "邻里"}},
	}
	emoji := telegramtest.Photo(dayG1, zhang, "AgACemoji", "🎉🎉🙏🏻👍")
	emojiPrivate := telegramtest.Photo(me, zhang, "AgACemoji2", "🎉🙏🏻")
	cases := []hostile{
		{name: "4096 characters of chatter", update: telegramtest.Message(dayG1, zhang, long), chat: dayG1.ID},
		{name: "4096 characters in private", update: telegramtest.Message(me, zhang, long), chat: me.ID, answer: true},
		{name: "a giant suggestion", update: telegramtest.Message(dayG1, zhang, "建议 "+long[:4000*3]), chat: dayG1.ID, answer: true},
		{name: "an emoji caption", update: emoji, chat: dayG1.ID},
		{name: "an emoji caption in private", update: emojiPrivate, chat: me.ID, answer: true},
		{name: "RTL marks around chatter", update: telegramtest.Message(dayG1, zhang, "\u202e今天天气不错\u202c"), chat: dayG1.ID},
		{name: "zero-width characters", update: telegramtest.Message(dayG1, zhang, "\u200b\u200c\u200d\ufeff"), chat: dayG1.ID},
		{name: "zero-width in private", update: telegramtest.Message(me, zhang, "帮\u200b助"), chat: me.ID, answer: true, want: "阳光社区小助手"},
		{name: "only invisible characters in private", update: telegramtest.Message(me, zhang, "\u200b\u200e\ufeff"), chat: me.ID},
		{name: "an RTL-marked command", update: telegramtest.Message(dayG1, zhang, "\u202e订餐 明天 午餐\u202c"), chat: dayG1.ID, answer: true, want: "菜单还没有发布"},
		{name: "a bidi-isolated slash command", update: telegramtest.Message(dayG1, zhang, "/help\u2069"), chat: dayG1.ID, answer: true, want: "阳光社区小助手"},
		{name: "a huge quantity", update: telegramtest.Message(dayG1, zhang, "/book 99999999999999999999"), chat: dayG1.ID, answer: true},
		{name: "a negative party", update: telegramtest.Message(dayG1, zhang, "/signup -1"), chat: dayG1.ID, answer: true},
		{name: "SQL chatter", update: telegramtest.Message(dayG1, zhang, "'; DROP TABLE orders; --"), chat: dayG1.ID},
		{name: "SQL in a suggestion", update: telegramtest.Message(dayG1, zhang, "建议 '); DROP TABLE residents; -- 灯坏了"), chat: dayG1.ID, answer: true},
		{name: "SQL as an order number", update: telegramtest.Message(me, zhang, "取消订餐 D1 OR 1=1"), chat: me.ID, answer: true},
		{name: "fifty mentions", update: withEntities(telegramtest.Message(dayG1, zhang, fifty), fiftyEnts), chat: dayG1.ID},
		{name: "entities out of range", update: withEntities(telegramtest.Message(dayG1, zhang, "/help 呀"), badEnts), chat: dayG1.ID, answer: true},
		{name: "an edited message", update: map[string]any{"edited_message": telegramtest.MessageBody(dayG1, zhang, telegramtest.NextMessageID(), "帮助")}, chat: dayG1.ID},
		{name: "a bot's message", update: telegramtest.Message(dayG1, robot, "帮助"), chat: dayG1.ID},
		{name: "a channel post", update: map[string]any{"channel_post": telegramtest.MessageBody(channel, zhang, telegramtest.NextMessageID(), "帮助")}, chat: channel.ID},
		{name: "a message in a channel", update: telegramtest.Message(channel, zhang, "帮助"), chat: channel.ID},
		{name: "the bot removed", update: map[string]any{"my_chat_member": map[string]any{
			"chat": map[string]any{"id": stranger.ID, "type": "group", "title": stranger.Title}, "from": map[string]any{"id": 1, "is_bot": false, "first_name": "x"},
			"date": 1, "old_chat_member": map[string]any{"status": "member", "user": map[string]any{"id": telegramtest.BotID, "is_bot": true, "first_name": "邻里"}},
			"new_chat_member": map[string]any{"status": "left", "user": map[string]any{"id": telegramtest.BotID, "is_bot": true, "first_name": "邻里"}}}}, chat: stranger.ID},
		{name: "an unknown update kind", update: map[string]any{"message_reaction_count": map[string]any{"whatever": []int{1, 2}}}, chat: dayG1.ID},
		{name: "an empty update", update: map[string]any{}, chat: dayG1.ID},
		{name: "a forged command button", update: telegramtest.Callback("forged-1", dayG1, zhang, 1, "公告 明天全体停水"), chat: dayG1.ID, answer: true, tap: "forged-1"},
		{name: "a forged token", update: telegramtest.Callback("forged-2", dayG1, zhang, 1, "~deadbeefdeadbeefdeadbeef"), chat: dayG1.ID, tap: "forged-2"},
		{name: "an empty callback", update: telegramtest.Callback("forged-3", dayG1, zhang, 1, ""), chat: dayG1.ID, tap: "forged-3"},
		{name: "a 64-byte junk callback", update: telegramtest.Callback("forged-4", dayG1, zhang, 1, strings.Repeat("\x01", 64)), chat: dayG1.ID, tap: "forged-4"},
		{name: "a tap in a chat the bot does not serve", update: telegramtest.Callback("foreign-1", stranger, zhang, 42, "订餐 明天 午餐"), chat: stranger.ID, answer: true, tap: "foreign-1"},
		{name: "a tap in a channel", update: telegramtest.Callback("foreign-2", channel, zhang, 42, "帮助"), chat: channel.ID, tap: "foreign-2"},
		{name: "a tap with no message", update: map[string]any{"callback_query": map[string]any{"id": "inline-1",
			"from": map[string]any{"id": zhang.ID, "is_bot": false, "first_name": "张阿姨"}, "chat_instance": "ci", "inline_message_id": "x", "data": "帮助"}},
			chat: dayG1.ID, tap: "inline-1"},
	}
	for _, c := range cases {
		// One person throws every case: a few minutes apart, each is
		// judged on its own, not as part of a flood (TestFlood* test that).
		clock.Advance(3 * time.Minute)
		before := len(fake.SentTo(c.chat))
		fake.Push(c.update)
		ta.settle(t, fake)
		got := fake.SentTo(c.chat)[before:]
		switch {
		case c.answer && len(got) != 1:
			t.Errorf("%s: answered %d times, want once: %q", c.name, len(got), got)
		case c.answer && !kind(got[0]):
			t.Errorf("%s: answered %q, want a kind Chinese reply", c.name, got[0])
		case c.answer && !strings.Contains(got[0], c.want):
			t.Errorf("%s: answered %q, want it to say %q", c.name, got[0], c.want)
		case !c.answer && len(got) != 0:
			t.Errorf("%s: the bot spoke: %q", c.name, got)
		}
		if c.tap != "" {
			checkAnswers(t, fake, []string{c.tap})
		}
	}
	for _, m := range fake.Sent() {
		if n := utf16Len(m.Text); n > 4096 || n == 0 {
			t.Errorf("a reply of %d UTF-16 units went to %d", n, m.ChatID)
		}
	}
	if r := fake.Refused(); len(r) > 0 {
		t.Errorf("the Bot API refused %v", r)
	}
	if strings.Contains(ta.logs.String(), "panic") || strings.Contains(ta.logs.String(), "level=ERROR") {
		t.Errorf("errors in the log:\n%s", ta.logs.String())
	}
	if got := fake.SentTo(dayG1.ID); strings.Contains(strings.Join(got, "\n"), "明天全体停水") {
		t.Error("a forged 公告 button was announced")
	}
	// the database still answers
	if _, err := ta.store.ResidentsNamed(ctx, "telegram", "张阿姨"); err != nil {
		t.Errorf("the store after the SQL: %v", err)
	}
	fake.Push(telegramtest.Message(me, zhang, "我的建议"))
	ta.settle(t, fake)
	if got := fake.SentTo(me.ID); !strings.Contains(got[len(got)-1], "DROP TABLE resident") {
		t.Errorf("the SQL-looking suggestion was not kept as text: %q", got[len(got)-1])
	}
}

// kind is a reply a person can read: Chinese, no apology for an internal
// error, no Go or SQL leaking through.
func kind(s string) bool {
	han := false
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han = true
			break
		}
	}
	for _, bad := range []string{"出错", "出了点问题", "error", "panic", "sql", "nil"} {
		if strings.Contains(strings.ToLower(s), bad) {
			return false
		}
	}
	return han && s == strings.TrimSpace(s) && fmt.Sprint(s) != ""
}
