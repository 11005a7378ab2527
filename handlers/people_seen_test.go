package handlers_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"linli/bot"
)

// TestIdentifySkipsRepeatWrites checks the sightings cache: a second
// message within a minute writes nothing, while a new name, a new title, a
// new group, a minute passing or a chat marked unreachable write at once.
func TestIdentifySkipsRepeatWrites(t *testing.T) {
	ctx := context.Background()
	hs := newHarness(t, canteenConfig())
	start := hs.clock.Now()
	hs.say("1号楼群", "小刘", "大家好")
	seen := func() (time.Time, time.Time) {
		t.Helper()
		r, err := hs.st.Resident(ctx, bot.Console, "小刘")
		if err != nil {
			t.Fatal(err)
		}
		c, err := hs.st.Chat(ctx, bot.Console, "1号楼群")
		if err != nil {
			t.Fatal(err)
		}
		return r.SeenAt, c.SeenAt
	}
	if r, c := seen(); !r.Equal(start) || !c.Equal(start) {
		t.Fatalf("first message: resident seen %v, chat seen %v; want both %v", r, c, start)
	}
	hs.clock.Set(start.Add(30 * time.Second))
	hs.say("1号楼群", "小刘", "今天天气好")
	if r, c := seen(); !r.Equal(start) || !c.Equal(start) {
		t.Errorf("a repeat within a minute wrote: resident seen %v, chat seen %v; want %v", r, c, start)
	}

	m := hs.message("1号楼群", "小刘", "改名了")
	m.Sender.Name = "刘师傅"
	hs.rt.Deliver(ctx, m)
	if r, err := hs.st.Resident(ctx, bot.Console, "小刘"); err != nil || r.Name != "刘师傅" {
		t.Errorf("a new name was not written at once: %q, %v", r.Name, err)
	}
	m = hs.message("1号楼群", "小刘", "群改名了")
	m.Sender.Name, m.Chat.Title = "刘师傅", "1号楼邻居群"
	hs.rt.Deliver(ctx, m)
	if c, err := hs.st.Chat(ctx, bot.Console, "1号楼群"); err != nil || c.Title != "1号楼邻居群" {
		t.Errorf("a new title was not written at once: %q, %v", c.Title, err)
	}

	hs.say("8号楼业主群", "小刘", "我也在这个群")
	c8, err := hs.st.Chat(ctx, bot.Console, "8号楼业主群")
	if err != nil {
		t.Fatal(err)
	}
	if rs, err := hs.st.MembersNamed(ctx, c8.ID, "小刘"); err != nil || len(rs) != 1 {
		t.Errorf("membership of a new group not recorded: %v, %v", rs, err)
	}

	later := start.Add(90 * time.Second)
	hs.clock.Set(later)
	hs.say("1号楼群", "小刘", "一分半钟以后")
	if r, _ := seen(); !r.Equal(later) {
		t.Errorf("after a minute the sighting was not written: resident seen %v; want %v", r, later)
	}

	if _, err := hs.st.Deactivate(ctx, bot.Console, "1号楼群"); err != nil {
		t.Fatal(err)
	}
	hs.h.ForgetChat(bot.Chat{Platform: bot.Console, ID: "1号楼群", Group: true})
	hs.say("1号楼群", "小刘", "机器人回来了吗")
	if c, err := hs.st.Chat(ctx, bot.Console, "1号楼群"); err != nil || !c.Active {
		t.Errorf("a chat speaking again after being marked unreachable is not active: %+v, %v", c, err)
	}
}

// TestIdentifyCacheStaysBounded sends messages from many more accounts
// than the cache holds and checks every one is still recorded correctly.
func TestIdentifyCacheStaysBounded(t *testing.T) {
	ctx := context.Background()
	hs := newHarness(t, canteenConfig())
	const n = 5000
	for i := range n {
		m := hs.message("社区大群", "", "hi")
		m.Sender = bot.User{Platform: bot.Console, ID: "u" + itoa(i), Name: "邻居" + itoa(i)}
		if _, err := hs.h.Identify(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{0, n / 2, n - 1} {
		if r, err := hs.st.Resident(ctx, bot.Console, "u"+itoa(i)); err != nil || r.Name != "邻居"+itoa(i) {
			t.Errorf("account %d: %+v, %v", i, r, err)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
