package app

import (
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/bot/telegram/telegramtest"
)

// A newcomer to a bound group is welcomed once, through the real Telegram
// client: joining again, or another group, is not welcomed again; a group
// bound to no building greets nobody.
func TestNewcomerWelcomedOnce(t *testing.T) {
	fake := fakeAPI(t)
	cfg := demoConfig()
	cfg.Groups.Welcome = "本群只谈楼里的事，请互相尊重。"
	cfg.Telegram.PerChatInterval, cfg.Telegram.GroupPerMinute = time.Millisecond, 0
	ta := newTgAppWith(t, fake, filepath.Join(t.TempDir(), "linli.db"), cfg, slog.LevelWarn)
	ta.serve(t)
	admin := telegramtest.User{ID: tgAdmin, FirstName: "社区小王"}
	fake.Push(telegramtest.Message(tg8, admin, "绑定 8号楼"))
	unbound := telegramtest.Chat{ID: -4077, Type: "group", Title: "闲聊群"}
	fake.Push(telegramtest.Message(unbound, admin, "菜单"))
	ta.settle(t, fake)
	join := func(chat telegramtest.Chat) {
		body := telegramtest.MessageBody(chat, tgZhang, telegramtest.NextMessageID(), "")
		delete(body, "text")
		body["new_chat_members"] = []map[string]any{{"id": tgLi.ID, "is_bot": false, "first_name": tgLi.FirstName}}
		fake.Push(map[string]any{"message": body})
		ta.settle(t, fake)
	}
	join(unbound)
	join(tg8)
	waitFor(t, 10*time.Second, func() string { return ta.logs.String() }, func() bool {
		return len(sentMatching(fake, tg8.ID, "欢迎李大爷")) > 0
	})
	join(tg8)
	// A command after the second join: once it is answered, a second
	// welcome (sent before it, in the group's order) would be there too.
	fake.Push(telegramtest.Message(tg8, tgLi, "帮助"))
	ta.settle(t, fake)
	waitFor(t, 10*time.Second, func() string { return ta.logs.String() }, func() bool {
		return len(sentMatching(fake, tg8.ID, "小助手")) > 0
	})
	if n := len(sentMatching(fake, tg8.ID, "欢迎李大爷")); n != 1 {
		t.Errorf("李大爷 was welcomed %d times, want once", n)
	}
	w := sentMatching(fake, tg8.ID, "欢迎李大爷")[0].Text
	if !strings.Contains(w, cfg.Groups.Welcome) || !strings.Contains(w, "登记 8号楼") {
		t.Errorf("welcome %q lacks the group's words or how to register", w)
	}
	if n := len(sentMatching(fake, unbound.ID, "欢迎")); n != 0 {
		t.Errorf("an unbound group greeted %d times", n)
	}
}
