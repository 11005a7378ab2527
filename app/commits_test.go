package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"linli/bot"
	"linli/store"
	"linli/store/sqldb"
)

// TestEveryCommandCostsOneCommit counts SQLite's commits on the hot path
// of a process serving alone: each command that gets a reply costs at
// most one, its changes, its record and its replies together — a booking,
// a sign-up, a cancellation, a suggestion, a first word from someone never
// seen (a new resident, a booking and the 登记 hint) — and the changes are
// really there afterwards.
func TestEveryCommandCostsOneCommit(t *testing.T) {
	ctx := context.Background()
	rig := openRig(t, loadPlan{Orders: 100, Residents: 40, Buildings: 3, Events: 2})
	st := rig.app.store
	resident := func(i int) bot.User {
		return bot.User{Platform: bot.Console, ID: sqldb.ResidentUserID(i), Name: sqldb.ResidentName(i)}
	}
	zhao, newcomer := resident(4), bot.User{Platform: bot.Console, ID: "新来的陈阿姨", Name: "新来的陈阿姨"}
	group := rig.groups[4%rig.plan.Buildings]
	ordersBefore, _ := st.CountOrders(ctx)
	steps := []struct {
		who        bot.User
		chat       bot.Chat
		text, want string
	}{
		{zhao, group, "明天菜单", "红烧肉"},
		{zhao, group, "订餐 明天 午餐 2份", "订单号"},
		{zhao, bot.PrivateChat(zhao), "我的订餐", "午餐"},
		{zhao, group, "再订一份", "订单号"},
		{zhao, group, "报名 1 2人", "报名"},
		{zhao, group, "取消报名 1", "取消"},
		{zhao, group, "建议 楼道灯坏了", "建议"},
		{zhao, bot.PrivateChat(zhao), "匿名建议 电梯有异响", "匿名"},
		{newcomer, bot.PrivateChat(newcomer), "订餐 明天 晚餐", "订单号"},
		{newcomer, bot.PrivateChat(newcomer), "帮助", "订餐"},
	}
	for i, s := range steps {
		before := st.Commits()
		rig.deliver(ctx, s.who, s.chat, s.text)
		commits := st.Commits() - before
		got := rig.sink.last(s.who.ID)
		if !strings.Contains(got, s.want) {
			t.Fatalf("%s: %q answered %q; want it to say %q", s.who.Name, s.text, got, s.want)
		}
		most := uint64(1)
		if i > 0 && s.who != steps[i-1].who && s.who == newcomer {
			// A person's first message ever writes their account at once,
			// outside the command's unit: everything after needs its id,
			// and held in the unit it kept the write gate for the whole
			// command. Arriving at once, such accounts share commits (see
			// TestConcurrentCommandsEachCommitOnce).
			most = 2
		}
		if commits > most {
			t.Errorf("%q cost %d commits; want at most %d", s.text, commits, most)
		}
	}
	if order := rig.sink.order(zhao.ID); order != "" {
		before := st.Commits()
		rig.deliver(ctx, zhao, group, "取消订餐 "+order)
		if n := st.Commits() - before; n > 1 || !strings.Contains(rig.sink.last(zhao.ID), "已取消") {
			t.Errorf("取消订餐 %s cost %d commits and answered %q", order, n, rig.sink.last(zhao.ID))
		}
	}
	if n, _ := st.CountOrders(ctx); n != ordersBefore+2 {
		t.Errorf("%d orders stored after two bookings (再订一份 adds to the first); want %d", n, ordersBefore+2)
	}
	ups, err := st.Signups(ctx, 1)
	if err != nil || len(ups) == 0 || ups[len(ups)-1].Status != store.SignupCancelled {
		t.Errorf("activity 1's sign-ups after 报名 and 取消报名: %+v, %v", ups, err)
	}
	sgs, err := st.Suggestions(ctx, store.SuggestionFilter{To: loadNow.AddDate(0, 0, 1)})
	if err != nil || len(sgs) != 2 {
		t.Errorf("%d suggestions stored (%v); want the named and the anonymous one", len(sgs), err)
	}
}

// TestConcurrentCommandsEachCommitOnce: commands from many people at once
// each keep their own unit; none waits for another's write gate forever,
// and all their bookings are stored. Though a third of them are first
// messages, whose new accounts are written apart, the whole costs no more
// than one commit a command: what arrives together commits together.
func TestConcurrentCommandsEachCommitOnce(t *testing.T) {
	ctx := context.Background()
	rig := openRig(t, loadPlan{Orders: 100, Residents: 200, Buildings: 3, Events: 2})
	st := rig.app.store
	ordersBefore, _ := st.CountOrders(ctx)
	before := st.Commits()
	const n = 120
	pending := make([]bot.Pending, n)
	done := make(chan int)
	for i := range n {
		go func() {
			u := bot.User{Platform: bot.Console, ID: sqldb.ResidentUserID(i + 1), Name: sqldb.ResidentName(i + 1)}
			if i%3 == 0 {
				u = bot.User{Platform: bot.Console, ID: "new" + strconv.Itoa(i), Name: fmt.Sprint("新居民", i)}
			}
			m := bot.Message{ID: fmt.Sprint("c-", i), Chat: bot.PrivateChat(u), Sender: u, Text: "订餐 明天 午餐", At: loadNow}
			pending[i] = rig.app.router.Handle(ctx, m)
			pending[i].Wait()
			done <- i
		}()
	}
	for range n {
		<-done
	}
	got := st.Commits() - before
	t.Logf("%d bookings at once, a third from people never seen: %d commits", n, got)
	if got > n {
		t.Errorf("%d bookings at once cost %d commits; want at most one each", n, got)
	}
	if got, _ := st.CountOrders(ctx); got != ordersBefore+n {
		t.Errorf("%d orders stored; want %d", got-ordersBefore, n)
	}
}
