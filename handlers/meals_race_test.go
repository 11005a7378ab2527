package handlers_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"linli/bot"
	"linli/store"
)

var (
	bookedRe = regexp.MustCompile(`已为您预订 明天午餐 (\d+)份\n订单号 D(\d+)`)
	leftRe   = regexp.MustCompile(`只剩 (\d+)份 了，订不了 (\d+)份`)
)

// TestConcurrentBookingTellsTheTruth: 200 residents book 1–3 portions of a
// lunch limited to 80, all at once, through the router and real SQLite. The
// portions booked never exceed 80, and what each person was told matches
// the database: a D-number and quantity for those booked, no order and a
// true count of what was left for those refused.
func TestConcurrentBookingTellsTheTruth(t *testing.T) {
	const people, capacity = 200, 80
	hs := newHarness(t, canteenConfig())
	ctx := context.Background()
	hs.setLunch(fmt.Sprint("限量 ", capacity))
	msgs := make([]bot.Message, people)
	want := make([]int, people)
	for i := range msgs {
		want[i] = i%3 + 1
		msgs[i] = hs.message("", fmt.Sprintf("居民%03d", i), fmt.Sprintf("订餐 明天 午餐 %d份", want[i]))
	}
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range msgs {
		done.Go(func() {
			start.Wait()
			hs.rt.Deliver(ctx, msgs[i])
		})
	}
	start.Done()
	done.Wait()

	replies := map[string][]string{}
	for _, m := range hs.out.Take() {
		replies[m.Chat.ID] = append(replies[m.Chat.ID], m.Reply.Text)
	}
	menu, err := hs.st.MenuOf(ctx, "2026-11-25", "lunch")
	if err != nil {
		t.Fatal(err)
	}
	orders, err := hs.st.Orders(ctx, store.OrderQuery{BookedOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]store.OrderLine{}
	inOrders := 0
	for _, o := range orders {
		byName[o.Name] = o
		inOrders += o.Quantity
	}
	told, refused := 0, 0
	for i, m := range msgs {
		name := m.Sender.Name
		rs := replies[name]
		if len(rs) != 1 {
			t.Fatalf("%s got %d replies: %q", name, len(rs), rs)
		}
		o, has := byName[name]
		if g := bookedRe.FindStringSubmatch(rs[0]); g != nil {
			q, _ := strconv.Atoi(g[1])
			id, _ := strconv.Atoi(g[2])
			if !has || q != want[i] || o.Quantity != q || int(o.ID) != id {
				t.Errorf("%s was told %q; the database has %+v (has=%v)", name, rs[0], o, has)
			}
			told += q
			continue
		}
		refused++
		if has {
			t.Errorf("%s was refused (%q) but has order %+v", name, rs[0], o)
		}
		left := 0
		if g := leftRe.FindStringSubmatch(rs[0]); g != nil {
			left, _ = strconv.Atoi(g[1])
		} else if !regexp.MustCompile(`已经订满了（限量 80份）`).MatchString(rs[0]) {
			t.Errorf("%s got neither a booking nor a refusal: %q", name, rs[0])
			continue
		}
		// Portions only ever go, so what was left then is at least what is
		// left now, and too few for what was asked.
		if left >= want[i] || left < capacity-menu.Booked {
			t.Errorf("%s asked %d and was told %d left; %d are left now", name, want[i], left, capacity-menu.Booked)
		}
	}
	if menu.Booked > capacity || menu.Booked != inOrders || menu.Booked != told {
		t.Errorf("menu says %d booked, orders hold %d, people were told %d; limit %d", menu.Booked, inOrders, told, capacity)
	}
	t.Logf("%d people, limit %d: %d portions booked in %d orders, %d refused", people, capacity, menu.Booked, len(orders), refused)
}
