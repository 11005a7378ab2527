package bot_test

import (
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
)

// wechatLimits are WeChat's default pacing (bot/wechat's DefaultPacing):
// one account's budget, shared by every chat it writes to.
var wechatLimits = bot.Pacing{MinGap: 3 * time.Second, Jitter: 2 * time.Second, PerMinute: 15, PerChat: 3 * time.Second}

// wechatInterval is the longest one pacing step may take: the gap and all
// of its jitter.
const wechatInterval = 5 * time.Second

// A backlog of hundreds in one group must not delay a message to another
// group or to a private chat by more than a few pacing intervals: the
// lane serves chats in turn, not the oldest message first. On WeChat, where
// every chat shares one account's pace, oldest-first would make the other
// group wait for the whole backlog (300 messages, 20 minutes).
func TestOutboxServesChatsInTurnUnderABacklog(t *testing.T) {
	clock := newFakeClock()
	chat := newLimitedChat(clock.Now, wechatLimits)
	ob := newOutbox(t, bot.OutboxConfig{Store: bottest.NewOutbox(), Now: clock.Now, After: clock.After}, chat)
	private := bot.Chat{Platform: "tg", ID: "p1"}
	var queuedAt time.Time
	chat.fail = func(n int, _ bot.Reply) error {
		if n == 10 { // mid-backlog, as the platform takes the 10th message
			queuedAt = clock.Now()
			sendAll(t, ob, tgGroup("g2"), 1, "other")
			sendAll(t, ob, private, 1, "private")
		}
		return nil
	}
	sendAll(t, ob, tgGroup("g1"), 300, "flood")
	runOutbox(t, ob)
	flush(t, ob)
	wantInOrder(t, chat.got["g1"], 300, "flood")
	for _, id := range []string{"g2", "p1"} {
		if len(chat.got[id]) != 1 {
			t.Fatalf("%s got %v", id, chat.got[id])
		}
		waited := chat.at[id][0].Sub(queuedAt)
		t.Logf("%s waited %v (%.1f pacing intervals) behind a backlog of 290", id, waited, float64(waited)/float64(wechatInterval))
		if waited > 3*wechatInterval {
			t.Errorf("%s waited %v behind another group's backlog, want at most 3 pacing intervals (%v)", id, waited, 3*wechatInterval)
		}
	}
}
