package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"linli/store"
)

// TestAnonymousMessageLeavesNoHandledRecord: the record that a message was
// handled keeps its platform id — on Telegram "<chat id>:<n>", the author's
// own id in a private chat — with the exact time. An anonymous command's
// is kept without either, and still stops a redelivery, also after a
// restart.
func TestAnonymousMessageLeavesNoHandledRecord(t *testing.T) {
	w := newSuggestionWorld(t, "a-long-enough-test-secret-0123456789")
	w.sayAs("424242:1", w.author, w.private(w.author), "建议 楼道灯坏了")
	w.now = w.now.Add(3 * time.Minute)
	w.sayAs("424242:2", w.author, w.private(w.author), "匿名建议 有人在楼道里给电动车充电")
	w.sayAs("-100555:9", w.author, w.group, "匿名建议 半夜装修太吵")

	db := openRaw(t, w.dbPath)
	rows, err := db.Query(`SELECT message_id, at FROM handled_messages`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id, at string
		rows.Scan(&id, &at)
		ids = append(ids, id+"@"+at)
	}
	rows.Close()
	if len(ids) != 1 || !strings.HasPrefix(ids[0], "424242:1@") {
		t.Errorf("handled messages = %v; want only the named one", ids)
	}
	var day string
	db.QueryRow(`SELECT COUNT(*), MAX(day) FROM anonymous_handled`).Scan(new(int), &day)
	if want := "2026-11-23 16:00:00+00:00"; day != want { // the 24th began at 16:00 UTC in Shanghai
		t.Errorf("anonymous commands recorded on %q; want their day only, %s", day, want)
	}

	count := func() int {
		all, _ := w.a.store.Suggestions(context.Background(), store.SuggestionFilter{})
		return len(all)
	}
	w.sayAs("424242:2", w.author, w.private(w.author), "匿名建议 有人在楼道里给电动车充电")
	if n := count(); n != 3 {
		t.Errorf("a redelivered anonymous message filed again: %d tickets, want 3", n)
	}
	w.stop()
	w.start()
	w.sayAs("424242:2", w.author, w.private(w.author), "匿名建议 有人在楼道里给电动车充电")
	w.sayAs("-100555:9", w.author, w.group, "匿名建议 半夜装修太吵")
	if n := count(); n != 3 {
		t.Errorf("redelivered after a restart, anonymous messages filed again: %d tickets, want 3", n)
	}
}
