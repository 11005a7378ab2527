package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

var cst = time.FixedZone("CST", 8*3600)

// lunch sets 2026-11-25's lunch: 15 / 12 / 9.9, cut-off 09:30.
func lunch(t *testing.T, s *sqldb.Store, capacity int) store.Menu {
	t.Helper()
	worker := int64(990)
	m, err := s.SetMenu(context.Background(), store.MenuInput{
		Date: "2026-11-25", Meal: "lunch", Price: 1500, ElderPrice: 1200, WorkerPrice: &worker,
		Capacity: capacity, Cutoff: time.Date(2026, 11, 25, 9, 30, 0, 0, cst),
		Dishes: []store.Dish{{Name: "红烧肉", Price: 1200}, {Name: "青菜"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var before = time.Date(2026, 11, 24, 16, 0, 0, 0, cst)

func book(t *testing.T, s *sqldb.Store, who uint, qty int) (store.Booking, error) {
	t.Helper()
	return s.BookMeal(context.Background(), store.BookInput{Date: "2026-11-25", Meal: "lunch", ResidentID: who, Quantity: qty, At: before})
}

func TestSetMenuReplacesDishesKeepsBookings(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	m := lunch(t, s, 80)
	if len(m.Dishes) != 2 || m.Dishes[0].Name != "红烧肉" || m.Dishes[0].Price != 1200 {
		t.Fatalf("dishes = %+v", m.Dishes)
	}
	r, _ := s.TouchResident(ctx, "console", "李大爷", "李大爷")
	if _, err := book(t, s, r.ID, 2); err != nil {
		t.Fatal(err)
	}
	m2, err := s.SetMenu(ctx, store.MenuInput{Date: "2026-11-25", Meal: "lunch", Price: 1600, ElderPrice: 1300,
		Capacity: 1, Cutoff: m.Cutoff, Dishes: []store.Dish{{Name: "鱼香肉丝"}}})
	if err != nil {
		t.Fatal(err)
	}
	if m2.ID != m.ID || len(m2.Dishes) != 1 || m2.Booked != 2 || m2.Price != 1600 || m2.WorkerPrice != nil {
		t.Errorf("replaced menu = %+v", m2)
	}
	// Over capacity after the change: fewer portions are still allowed, more are not.
	if _, err := book(t, s, r.ID, 3); !errors.Is(err, store.ErrFull) {
		t.Errorf("booking more over a shrunk capacity = %v, want ErrFull", err)
	}
	if b, err := book(t, s, r.ID, 1); err != nil || b.Menu.Booked != 1 || b.Before != 2 {
		t.Errorf("booking fewer = %+v, %v", b, err)
	}
}

func TestBookingSetsQuantityAndPricesByTier(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	lunch(t, s, 0)
	r, _ := s.TouchResident(ctx, "console", "张阿姨", "张阿姨")
	b, err := s.BookMeal(ctx, store.BookInput{Date: "2026-11-25", Meal: "lunch", ResidentID: r.ID, Quantity: 2, Elder: true, At: before})
	if err != nil || b.Before != 0 || b.Order.Tier != store.TierElder || b.Order.UnitPrice != 1200 || b.Menu.Booked != 2 {
		t.Fatalf("first booking = %+v, %v", b, err)
	}
	b2, err := s.BookMeal(ctx, store.BookInput{Date: "2026-11-25", Meal: "lunch", ResidentID: r.ID, Quantity: 3, Elder: true, Worker: true, At: before})
	if err != nil || b2.Order.ID != b.Order.ID || b2.Before != 2 || b2.Menu.Booked != 3 || b2.Order.Tier != store.TierWorker || b2.Order.UnitPrice != 990 {
		t.Fatalf("second booking = %+v, %v", b2, err)
	}
	b3, _ := s.BookMeal(ctx, store.BookInput{Date: "2026-11-25", Meal: "lunch", ResidentID: r.ID, Quantity: 3, At: before})
	if b3.Menu.Booked != 3 || b3.Before != 3 {
		t.Errorf("the same booking twice must not add: %+v", b3)
	}
}

func TestBookingRefusals(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	r, _ := s.TouchResident(ctx, "console", "李大爷", "李大爷")
	if _, err := book(t, s, r.ID, 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("no menu: %v, want ErrNotFound", err)
	}
	m := lunch(t, s, 3)
	late := store.BookInput{Date: "2026-11-25", Meal: "lunch", ResidentID: r.ID, Quantity: 1, At: m.Cutoff}
	if _, err := s.BookMeal(ctx, late); !errors.Is(err, store.ErrPastCutoff) {
		t.Errorf("at the cut-off: %v, want ErrPastCutoff", err)
	}
	b, err := book(t, s, r.ID, 4)
	if !errors.Is(err, store.ErrFull) || b.Menu.Left() != 3 {
		t.Errorf("over capacity: %+v, %v; want ErrFull with 3 left", b, err)
	}
}

func TestCancelFreesPortionsOnceAndRespectsHousehold(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		lunch(t, s, 5)
		wx, _ := s.TouchResident(ctx, "wechat", "王阿姨", "王阿姨")
		tg, _ := s.TouchResident(ctx, "telegram", "9", "Wang")
		other, _ := s.TouchResident(ctx, "console", "李大爷", "李大爷")
		s.Register(ctx, wx.ID, "8号楼", "502", true)
		s.Register(ctx, tg.ID, "8号楼", "502", true)
		b, _ := book(t, s, wx.ID, 3)
		if _, err := s.CancelMeal(ctx, b.Order.ID, other.ID, before); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a stranger cancelling: %v, want ErrNotFound", err)
		}
		mine, _ := s.OrdersOfHousehold(ctx, tg.ID, "2026-11-24")
		if len(mine) != 1 || mine[0].Building != "8号楼" || mine[0].Room != "502" || mine[0].Name != "王阿姨" {
			t.Errorf("household orders = %+v", mine)
		}
		l, err := s.CancelMeal(ctx, b.Order.ID, tg.ID, before)
		if err != nil || l.Status != store.OrderCancelled {
			t.Fatalf("household cancel = %+v, %v", l, err)
		}
		if _, err := s.CancelMeal(ctx, b.Order.ID, wx.ID, before); !errors.Is(err, store.ErrConflict) {
			t.Errorf("cancelling twice: %v, want ErrConflict", err)
		}
		if m, _ := s.MenuOf(ctx, "2026-11-25", "lunch"); m.Booked != 0 {
			t.Errorf("booked after cancel = %d", m.Booked)
		}
		b, _ = book(t, s, wx.ID, 2) // booking again revives the order
		if b.Before != 0 || b.Menu.Booked != 2 {
			t.Errorf("rebooking a cancelled order = %+v", b)
		}
		late := time.Date(2026, 11, 25, 9, 31, 0, 0, cst)
		if _, err := s.CancelMeal(ctx, b.Order.ID, wx.ID, late); !errors.Is(err, store.ErrPastCutoff) {
			t.Errorf("cancel after the cut-off: %v", err)
		}
	})
}

func TestStopMealsCancelsAndBlocks(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	m := lunch(t, s, 0)
	r, _ := s.TouchResident(ctx, "console", "李大爷", "李大爷")
	book(t, s, r.ID, 2)
	dinnerCut := time.Date(2026, 11, 25, 15, 30, 0, 0, cst)
	gone, err := s.StopMeals(ctx, "2026-11-25", map[string]time.Time{"lunch": m.Cutoff, "dinner": dinnerCut}, before)
	if err != nil || len(gone) != 1 || gone[0].Quantity != 2 || gone[0].Name != "李大爷" {
		t.Fatalf("stop = %+v, %v", gone, err)
	}
	if _, err := book(t, s, r.ID, 1); !errors.Is(err, store.ErrStopped) {
		t.Errorf("booking a stopped meal: %v", err)
	}
	menus, _ := s.MenusOn(ctx, "2026-11-25")
	if len(menus) != 2 || !menus[0].Stopped || !menus[1].Stopped || menus[0].Booked != 0 || menus[1].Meal != "dinner" {
		t.Errorf("menus after stop = %+v", menus)
	}
	lines, _ := s.Orders(ctx, store.OrderQuery{})
	if len(lines) != 1 || lines[0].Status != store.OrderCancelled {
		t.Errorf("orders after stop = %+v", lines)
	}
	m2, _ := s.SetMenu(ctx, store.MenuInput{Date: "2026-11-25", Meal: "lunch", Price: 1500, Cutoff: m.Cutoff})
	if m2.Stopped {
		t.Error("setting the menu again must serve the meal again")
	}
}

func TestDueCutoffsPushedOnce(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	m := lunch(t, s, 0)
	due, _ := s.DueCutoffs(ctx, m.Cutoff.Add(-3*time.Hour), m.Cutoff)
	if len(due) != 1 || due[0].ID != m.ID {
		t.Fatalf("due = %+v", due)
	}
	if early, _ := s.DueCutoffs(ctx, m.Cutoff.Add(-time.Hour), m.Cutoff.Add(-time.Minute)); len(early) != 0 {
		t.Errorf("due a minute early = %+v", early)
	}
	var wins int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if ok, err := s.ClaimStatsPush(ctx, m.ID); err == nil && ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("claims won = %d, want 1", wins)
	}
	if again, _ := s.DueCutoffs(ctx, m.Cutoff.Add(-3*time.Hour), m.Cutoff); len(again) != 0 {
		t.Errorf("pushed menu still due: %+v", again)
	}
}

// TestCapacityUnderConcurrency books 200 people at once against 限量 80 in
// the store: the booked count never exceeds it and equals the sum of orders.
func TestCapacityUnderConcurrency(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	lunch(t, s, 80)
	ids := make([]uint, 200)
	for i := range ids {
		r, err := s.TouchResident(ctx, "console", fmt.Sprint("r", i), fmt.Sprint("居民", i))
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = r.ID
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := 0
	for i, id := range ids {
		wg.Go(func() {
			b, err := book(t, s, id, i%3+1)
			switch {
			case err == nil:
				mu.Lock()
				got += b.Order.Quantity
				mu.Unlock()
			case !errors.Is(err, store.ErrFull):
				t.Errorf("booking: %v", err)
			}
		})
	}
	wg.Wait()
	m, _ := s.MenuOf(ctx, "2026-11-25", "lunch")
	lines, _ := s.Orders(ctx, store.OrderQuery{BookedOnly: true})
	sum := 0
	for _, l := range lines {
		sum += l.Quantity
	}
	if m.Booked > 80 || m.Booked != got || sum != got || got < 78 {
		t.Errorf("booked %d, orders %d, told %d: want equal, at most 80 and nearly full", m.Booked, sum, got)
	}
}

// TestSetMenuAfterPushKeepsPushUnlessCutoffMoves: correcting a dish after the
// kitchen list went out does not send it again; moving the cut-off does.
func TestSetMenuAfterPushKeepsPushUnlessCutoffMoves(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	m := lunch(t, s, 0)
	s.ClaimStatsPush(ctx, m.ID)
	lunch(t, s, 0)
	if due, _ := s.DueCutoffs(ctx, m.Cutoff.Add(-time.Hour), m.Cutoff); len(due) != 0 {
		t.Errorf("same cut-off: due again %+v", due)
	}
	later := m.Cutoff.Add(30 * time.Minute)
	if _, err := s.SetMenu(ctx, store.MenuInput{Date: m.Date, Meal: m.Meal, Price: 1500, Cutoff: later}); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueCutoffs(ctx, m.Cutoff, later); len(due) != 1 {
		t.Errorf("moved cut-off: due = %+v, want the menu", due)
	}
}
