package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/store"
)

// sayAs delivers a message with the platform's own message id (Telegram's
// is "<chat id>:<n>") and returns what the bot sent because of it.
func (w *suggestionWorld) sayAs(id string, from bot.User, chat bot.Chat, text string) []sentMsg {
	before := len(w.tg.all())
	w.a.router.Deliver(context.Background(), bot.Message{ID: id, Chat: chat, Sender: from, Text: text, At: w.now})
	if err := w.a.outbox.Flush(context.Background()); err != nil {
		w.t.Fatal(err)
	}
	return w.tg.all()[before:]
}

// TestAnonymousFilingRecordsNoSighting: filing anonymously must not record
// that its author was seen — not the account's, the group's or the
// membership's last-seen time, not a new account for a person the bot
// never saw — since any of them dates the ticket to the second beside the
// author's name.
func TestAnonymousFilingRecordsNoSighting(t *testing.T) {
	w := newSuggestionWorld(t, "a-long-enough-test-secret-0123456789")
	t0 := w.now
	w.sayAs("-100555:1", w.author, w.group, "帮助")
	w.now = t0.Add(7 * time.Minute)
	w.sayAs("424242:2", w.author, w.private(w.author), "匿名建议 有人在楼道里给电动车充电")
	w.now = t0.Add(9 * time.Minute)
	w.sayAs("-100555:3", w.author, w.group, "匿名建议 半夜装修太吵")
	stranger := bot.User{Platform: bot.Telegram, ID: "777001", Name: "新来的"}
	w.now = t0.Add(11 * time.Minute)
	got := w.sayAs("777001:1", stranger, w.private(stranger), "匿名建议 垃圾桶满了")
	if len(got) != 1 || !strings.Contains(got[0].r.Text, "已收到您的匿名建议") {
		t.Fatalf("a person never seen before filing anonymously was answered %+v", got)
	}
	all, _ := w.a.store.Suggestions(context.Background(), store.SuggestionFilter{})
	if len(all) != 3 {
		t.Fatalf("filed %d tickets; want 3", len(all))
	}

	db := openRaw(t, w.dbPath)
	var seen, member, chat string
	db.QueryRow(`SELECT seen_at FROM residents WHERE user_id = ?`, w.author.ID).Scan(&seen)
	db.QueryRow(`SELECT m.seen_at FROM members m JOIN residents r ON r.id = m.resident_id WHERE r.user_id = ?`, w.author.ID).Scan(&member)
	db.QueryRow(`SELECT seen_at FROM chats WHERE chat_id = ?`, w.group.ID).Scan(&chat)
	want := t0.UTC().Format("2006-01-02T15:04:05Z")
	for what, at := range map[string]string{"the author's last seen": seen, "his membership of the group": member, "the group's last seen": chat} {
		if at != want {
			t.Errorf("%s = %s; want %s, his named message, not a time of his anonymous ones", what, at, want)
		}
	}
	var n int
	db.QueryRow(`SELECT COUNT(*) FROM residents WHERE user_id = ?`, stranger.ID).Scan(&n)
	if n != 0 {
		t.Errorf("a person first seen filing anonymously was recorded as an account (%d rows)", n)
	}
}
