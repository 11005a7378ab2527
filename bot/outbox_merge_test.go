package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"linli/bot"
	"linli/bot/bottest"
)

// answer is a reply to a person in a group, as the router composes it.
func answer(name, text string) bot.Reply {
	return bot.Reply{Text: text, Mention: &bot.User{Platform: "tg", ID: name, Name: name}, ReplyTo: "g1:" + name}
}

// people are ten residents booking at once in one group.
var people = []string{"张阿姨", "李伯伯", "王阿姨", "赵叔叔", "刘奶奶", "陈爷爷", "杨阿姨", "黄伯伯", "周奶奶", "吴爷爷"}

// sendAnswers queues n answers to each person in turn: 张阿姨0, 李伯伯0, …
func sendAnswers(t *testing.T, ob *bot.Outbox, chat bot.Chat, n int, text func(name string, i int) string) {
	t.Helper()
	for i := range n {
		for _, p := range people {
			if err := ob.Send(context.Background(), chat, answer(p, text(p, i))); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Thirty answers waiting for one group go out in a few messages, each
// person's in order, within Telegram's limits, in seconds rather than the
// minute and a half 20 messages a minute take for thirty. The first go
// alone (one a second to a group), until the next has waited MergeAfter.
func TestOutboxMergesAnswersWaitingForOneGroup(t *testing.T) {
	clock := newFakeClock()
	start := clock.Now()
	chat := newLimitedChat(clock.Now, telegramLimits)
	ob := newOutbox(t, bot.OutboxConfig{Store: bottest.NewOutbox(), Now: clock.Now, After: clock.After, MergeAfter: 3 * time.Second}, chat)
	sendAnswers(t, ob, tgGroup("g1"), 3, func(p string, i int) string { return fmt.Sprintf("已为您预订 第%d份", i) })
	runOutbox(t, ob)
	flush(t, ob)
	got := chat.got["g1"]
	if len(got) != 4 || chat.flood != 0 {
		t.Fatalf("30 answers went in %d messages with %d 429s, want 4 (3 alone, then the rest) and none: %q", len(got), chat.flood, got)
	}
	heard := heardIn(chat, "g1")
	for _, p := range people {
		if want := []string{"已为您预订 第0份", "已为您预订 第1份", "已为您预订 第2份"}; strings.Join(heard[p], "|") != strings.Join(want, "|") {
			t.Errorf("%s heard %q, want %q", p, heard[p], want)
		}
	}
	last := chat.at["g1"][len(chat.at["g1"])-1]
	if took := last.Sub(start); took > 5*time.Second {
		t.Errorf("the last answer went after %v, want within seconds", took)
	}
}

// heardIn is what each person heard in a chat, in order: a message naming
// them, or their lines (@name …) of a merged one.
func heardIn(chat *limitedChat, id string) map[string][]string {
	heard := map[string][]string{}
	for i, s := range chat.got[id] {
		if name := chat.named[id][i]; name != "" {
			heard[name] = append(heard[name], s)
			continue
		}
		for _, line := range strings.Split(s, "\n") {
			if name, text, ok := strings.Cut(strings.TrimPrefix(line, "@"), " "); ok && strings.HasPrefix(line, "@") {
				heard[name] = append(heard[name], text)
			}
		}
	}
	return heard
}

// A discreet answer (to a command that must not point at its sender) and a
// notice to nobody in particular never share a message; the answers on
// either side of them do not jump over them.
func TestOutboxNeverMergesDiscreetOrNotices(t *testing.T) {
	clock := newFakeClock()
	chat := newLimitedChat(clock.Now, telegramLimits)
	ob := newOutbox(t, bot.OutboxConfig{Store: bottest.NewOutbox(), Now: clock.Now, After: clock.After, MergeAfter: 3 * time.Second}, chat)
	g := tgGroup("g1")
	discreet := answer("李伯伯", "您的建议已记下")
	discreet.Discreet = true
	for _, r := range []bot.Reply{answer("张阿姨", "a1"), answer("王阿姨", "a2"), discreet,
		answer("赵叔叔", "a3"), {Text: "通知：明天停水"}, answer("刘奶奶", "a4"), answer("陈爷爷", "a5")} {
		if err := ob.Send(context.Background(), g, r); err != nil {
			t.Fatal(err)
		}
	}
	runOutbox(t, ob)
	flush(t, ob)
	// a1, a2, the discreet answer and a3 go alone, a second apart; a4
	// has waited long enough then to take a5 along
	want := []string{"a1", "a2", "您的建议已记下", "a3", "通知：明天停水", "@刘奶奶 a4\n@陈爷爷 a5"}
	if strings.Join(chat.got["g1"], "|") != strings.Join(want, "|") {
		t.Errorf("sent %q, want %q", chat.got["g1"], want)
	}
}

// The console's lane (no pacing) prints each answer as it is: merging is
// for the pace of a chat network, not for the operator reading along.
func TestOutboxUnpacedLaneDoesNotMerge(t *testing.T) {
	clock := newFakeClock()
	chat := newLimitedChat(clock.Now, bot.Pacing{})
	ob := newOutbox(t, bot.OutboxConfig{Store: bottest.NewOutbox(), Now: clock.Now, After: clock.After, MergeAfter: 3 * time.Second}, chat)
	sendAnswers(t, ob, tgGroup("g1"), 1, func(string, int) string { return "好的" })
	runOutbox(t, ob)
	flush(t, ob)
	if got := chat.got["g1"]; len(got) != len(people) || got[0] != "好的" {
		t.Errorf("unpaced lane sent %q, want each answer alone", got)
	}
}

// A merged message keeps within Telegram's 4,096 UTF-16 units, and each
// person's buttons come with it, named for them.
func TestOutboxMergedMessagesFitAndKeepButtons(t *testing.T) {
	clock := newFakeClock()
	chat := newLimitedChat(clock.Now, telegramLimits)
	ob, err := bot.NewOutbox(bot.OutboxConfig{Store: bottest.NewOutbox(), Now: clock.Now, After: clock.After, MergeAfter: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.Add(bot.Telegram, chat); err != nil {
		t.Fatal(err)
	}
	g := bot.Chat{Platform: bot.Telegram, ID: "g1", Title: "8号楼", Group: true}
	long := strings.Repeat("菜", 900) + "😀"
	for i, p := range people {
		r := answer(p, fmt.Sprint(long, i))
		r.Buttons = []bot.Button{{Label: "取消", Command: fmt.Sprint("取消订餐 D", i)}}
		if err := ob.Send(context.Background(), g, r); err != nil {
			t.Fatal(err)
		}
	}
	runOutbox(t, ob)
	flush(t, ob)
	got := chat.got["g1"]
	if len(got) < 3 || len(got) >= len(people) {
		t.Fatalf("10 answers of 902 units went in %d messages, want 3 or more (4,096 each) and fewer than 10", len(got))
	}
	n := 0
	for _, s := range got {
		if units := len(utf16.Encode([]rune(s))); units > bot.TelegramMaxText {
			t.Errorf("a merged message has %d UTF-16 units, over %d", units, bot.TelegramMaxText)
		}
		n += strings.Count(s, long)
	}
	if n != len(people) {
		t.Errorf("%d of %d answers delivered", n, len(people))
	}
	if b := chat.buttons["g1"]; len(b) != len(people) || b[0].Label != "取消" || b[3].Label != "赵叔叔 取消" || b[9].Command != "取消订餐 D9" {
		t.Errorf("buttons sent %v, want each person's, named", b)
	}
}
