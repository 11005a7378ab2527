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

var householdCapRe = regexp.MustCompile(`每户最多订 5份`)

// TestHouseholdCapThroughTheRouter: eight accounts of one household each
// ask for 2 portions of 限量 10 at once. Together they hold at most 5, and
// each was told the truth: a D-number for what the database holds, the
// household's cap for the others.
func TestHouseholdCapThroughTheRouter(t *testing.T) {
	cfg := canteenConfig()
	cfg.Canteen.MaxPerHousehold = 5
	hs := newHarness(t, cfg)
	ctx := context.Background()
	hs.setLunch("限量 10")
	msgs := make([]bot.Message, 8)
	for i := range msgs {
		name := fmt.Sprintf("家人%d", i)
		hs.resident(name, false, false, "8号楼", "301")
		msgs[i] = hs.message("8号楼业主群", name, "订餐 明天 午餐 2份")
	}
	var start, done sync.WaitGroup
	start.Add(1)
	for _, m := range msgs {
		done.Go(func() {
			start.Wait()
			hs.rt.Deliver(ctx, m)
		})
	}
	start.Done()
	done.Wait()

	orders, err := hs.st.Orders(ctx, store.OrderQuery{BookedOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	held, told := 0, 0
	for _, o := range orders {
		held += o.Quantity
	}
	for _, m := range hs.out.Take() {
		if g := bookedRe.FindStringSubmatch(m.Reply.Text); g != nil {
			q, _ := strconv.Atoi(g[1])
			told += q
		} else if !householdCapRe.MatchString(m.Reply.Text) {
			t.Errorf("neither booked nor told the cap: %q", m.Reply.Text)
		}
	}
	if held > 5 || held != told || held < 4 {
		t.Errorf("the household holds %d portions and was told %d; cap 5", held, told)
	}
}

// TestHouseholdCapReplyOnActivity: the second account of a household asking
// for more seats than the household may have is told what it has.
func TestHouseholdCapReplyOnActivity(t *testing.T) {
	cfg := canteenConfig()
	cfg.EventsMaxPerHousehold = 5
	hs := newHarness(t, cfg)
	hs.resident("刘大爷", false, false, "8号楼", "301")
	hs.resident("小刘", false, false, "8号楼", "301")
	hs.reply("8号楼业主群", "社区小王", "发起活动 花卉讲座 11月28日 14:00 活动室 10人")
	must(t, hs.reply("8号楼业主群", "刘大爷", "报名 1 4人"), "报名成功")
	got := hs.reply("8号楼业主群", "小刘", "报名 1 2人")
	must(t, got, "每户最多报 5人")
	must(t, got, "您家已经报了 4人")
	must(t, got, "报名 1 1人")
}
