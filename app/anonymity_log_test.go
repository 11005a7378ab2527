package app

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"linli/bot/telegram/telegramtest"
)

// TestDebugLogKeepsNoAnonymousFiling runs Telegram through the real
// adapter with the log at debug, as an operator chasing a problem would:
// telego logs every update it receives and every message it sends, bodies
// and all, and Linli logs each command it handled. After a person's named
// command, their anonymous suggestions — privately and in a group — must
// add no line that names them, quotes them, or marks the moment of filing.
func TestDebugLogKeepsNoAnonymousFiling(t *testing.T) {
	fake := fakeAPI(t)
	ta := newTgApp(t, fake, filepath.Join(t.TempDir(), "linli.db"))
	ta.bind(t, tg8, "8号楼")
	ta.serve(t)
	author := telegramtest.User{ID: 5550123, FirstName: "赵大爷"}
	private := telegramtest.Chat{ID: author.ID, Type: "private"}
	fake.Push(telegramtest.Message(tg8, author, "帮助"))
	ta.settle(t, fake)
	if !strings.Contains(ta.logs.String(), fmt.Sprint(author.ID)) {
		t.Fatalf("the named command should be logged with its sender:\n%s", ta.logs.String())
	}
	from := len(ta.logs.String())
	fake.Push(telegramtest.Message(private, author, "匿名建议 有人在楼道里给电动车充电"))
	fake.Push(telegramtest.Message(tg8, author, "匿名建议 半夜装修太吵"))
	ta.settle(t, fake)
	if got := fake.SentTo(author.ID); len(got) != 1 || !strings.Contains(got[0], "已收到您的匿名建议") {
		t.Fatalf("the private anonymous suggestion was answered %q", got)
	}
	added := ta.logs.String()[from:]
	for _, s := range []string{fmt.Sprint(author.ID), author.FirstName, "电动车", "装修", "S10001", "S10002", "匿名", "intent=suggest"} {
		for _, line := range strings.Split(added, "\n") {
			if strings.Contains(line, s) {
				t.Errorf("the log holds %q after anonymous filings: %s", s, line)
			}
		}
	}
}
