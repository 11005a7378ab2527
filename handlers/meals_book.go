package handlers

import (
	"context"
	"errors"
	"fmt"

	"linli/bot"
	"linli/store"
)

// bookMeal sets the caller's portions of a meal: a first booking, a change
// of quantity, or the same booking again (which changes nothing).
func (h *Handlers) bookMeal(ctx context.Context, r *bot.Request) error {
	res, err := h.resident(ctx, r)
	if err != nil {
		return err
	}
	note, err := h.again(ctx, r)
	if err != nil {
		return err
	}
	if len(r.Intent.Meals) > 1 {
		return h.bookMeals(ctx, r, res)
	}
	in := r.Intent
	name := h.mealName(in.Date, in.Meal, r.Now)
	if h.before(in.Date, r.Now) {
		return bot.Tell("%s已经过去了，只能订今天和以后的饭。\n发「菜单」看看今天和明天吃什么。", name)
	}
	b, err := h.book(ctx, r, res, in.Date, in.Meal)
	if err != nil && in.Defaulted == "date meal" && closedMeal(err) {
		// 订餐 alone means the next meal one can still book: this one is
		// closed, so the next open one, said plainly.
		if next, nb, ok := h.bookNextOpen(ctx, r, res, in.Date, in.Meal); ok {
			return h.booked(ctx, r, res, next.Date, next.Meal, nb, bot.Lines(note, fmt.Sprintf("%s已经不能订了，为您订的是下一顿。", name)))
		}
	}
	if err != nil {
		return h.bookingRefused(name, in, b, err, res.ID)
	}
	return h.booked(ctx, r, res, in.Date, in.Meal, b, note)
}

// book books the caller's portions of one meal (再订: on top of what is
// booked); with 代, the order keeps who booked it for the household.
func (h *Handlers) book(ctx context.Context, r *bot.Request, res store.Resident, date, meal string) (store.Booking, error) {
	return h.meals.BookMeal(ctx, store.BookInput{Date: date, Meal: meal, ResidentID: res.ID,
		Quantity: r.Intent.Quantity, Elder: res.Elder, Worker: res.Worker, At: r.Now, HouseholdMost: h.cfg.Canteen.MaxPerHousehold,
		Add: r.Intent.Again, ActedBy: actedBy(ctx)})
}

// closedMeal reports whether a booking failed only because that meal
// cannot be booked now (past its cut-off, not published, stopped).
func closedMeal(err error) bool {
	return errors.Is(err, store.ErrPastCutoff) || errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrStopped)
}

// mealAt is one meal of one day.
type mealAt struct{ Date, Meal string }

// bookNextOpen books the first meal after date's meal, within a week, that
// can still be booked.
func (h *Handlers) bookNextOpen(ctx context.Context, r *bot.Request, res store.Resident, date, meal string) (mealAt, store.Booking, bool) {
	day, err := h.day(date)
	if err != nil {
		return mealAt{}, store.Booking{}, false
	}
	after := false
	for d := 0; d < 7; d++ {
		ds := day.AddDate(0, 0, d).Format("2006-01-02")
		for _, m := range h.servedMeals() {
			if !after {
				after = ds == date && m == meal
				continue
			}
			b, err := h.book(ctx, r, res, ds, m)
			switch {
			case err == nil:
				return mealAt{ds, m}, b, true
			case !closedMeal(err):
				return mealAt{}, store.Booking{}, false // full, or the household's limit: say so for the meal asked
			}
		}
	}
	return mealAt{}, store.Booking{}, false
}

// bookingRefused is the kind reply to a booking the store refused.
func (h *Handlers) bookingRefused(name string, in bot.Intent, b store.Booking, err error, resident uint) error {
	switch {
	case errors.Is(err, store.ErrNotFound) && h.farOff(in.Date):
		return bot.Tell("%s还没有菜单：食堂只发最近几天的菜单。\n可以这样订：订餐 明天 午餐，或 订餐 周五 午餐", h.monthDayYear(in.Date))
	case errors.Is(err, store.ErrNotFound):
		return bot.Tell("%s的菜单还没有发布，暂时不能订。\n%s", name, h.publishedFor(in.Date, h.now()))
	case errors.Is(err, store.ErrStopped):
		return bot.Tell("%s停餐，不能预订。\n发「菜单」看看其他时间的饭菜。", name)
	case errors.Is(err, store.ErrPastCutoff):
		return h.closed(name, "订", b.Menu.Cutoff)
	case errors.Is(err, store.ErrFull):
		return h.full(name, in.Date, in.Meal, in.Quantity, b)
	case errors.Is(err, store.ErrHouseholdLimit):
		return h.householdFull(name, in.Date, in.Meal, b)
	}
	return fmt.Errorf("book %s %s for %d: %w", in.Date, in.Meal, resident, err)
}

// booked answers a booking made; note, if any, comes first, and a hint to
// 登记 last, now and then, for someone in no household.
func (h *Handlers) booked(ctx context.Context, r *bot.Request, res store.Resident, date, meal string, b store.Booking, note string) error {
	name := h.mealName(date, meal, r.Now)
	o, q := b.Order, b.Order.Quantity
	first := fmt.Sprintf("已为%s预订 %s %d份", h.forWhom(r, res), name, q)
	switch {
	case b.Before == q:
		first = fmt.Sprintf("您已经订了 %s %d份，不用重复订。", name, q)
	case b.Before > 0:
		first = fmt.Sprintf("已把 %s 的数量改为 %d份（原来 %d份）", name, q, b.Before)
	}
	day, _ := h.day(date)
	cancel := "取消订餐 " + orderNo(o.ID)
	return r.Reply(ctx, bot.Lines(
		note,
		first,
		fmt.Sprintf("订单号 %s，%s %s", orderNo(o.ID), bot.Day(day), bot.MealTitle(meal)),
		fmt.Sprintf("%s 每份 %s，共 %s", tierName(o.Tier), bot.Yuan(o.UnitPrice), bot.Yuan(o.Total())),
		fmt.Sprintf("%s 前可以取消：%s", h.clock(b.Menu.Cutoff, r.Now), cancel),
		h.registerHint(ctx, r, res),
	), bot.Button{Label: "取消", Command: cancel})
}

// full tells the person who did not fit how many portions are left, and
// what they can still book.
func (h *Handlers) full(name, date, meal string, want int, b store.Booking) error {
	left := b.Menu.Left()
	if left == 0 {
		msg := fmt.Sprintf("抱歉，%s已经订满了（限量 %d份）。", name, b.Menu.Capacity)
		if b.Before > 0 {
			msg += fmt.Sprintf("\n您原来订的 %d份 不变。", b.Before)
		}
		return bot.Tell("%s", msg)
	}
	most := b.Before + left
	return bot.Tell("抱歉，%s只剩 %d份 了，订不了 %d份。\n可以回复：订餐 %s %s %d份",
		name, left, want, h.dateWord(date), bot.MealTitle(meal), most)
}

// householdFull tells someone whose household would hold more of a limited
// meal than one household may, how many it has and what they can still ask.
func (h *Handlers) householdFull(name, date, meal string, b store.Booking) error {
	most := h.cfg.Canteen.MaxPerHousehold
	msg := fmt.Sprintf("抱歉，%s限量供应，每户最多订 %d份。", name, most)
	if b.Household > 0 {
		msg += fmt.Sprintf("\n您家已经订了 %d份。", b.Household)
	}
	if can := most - (b.Household - b.Before); can > b.Before {
		msg += fmt.Sprintf("\n可以回复：订餐 %s %s %d份", h.dateWord(date), bot.MealTitle(meal), can)
	}
	return bot.Tell("%s", msg)
}

// dateWord is a date as a resident would type it back: 明天, 11月28日.
func (h *Handlers) dateWord(date string) string {
	day, err := h.day(date)
	if err != nil {
		return date
	}
	if rel := bot.RelativeDay(day, h.today(h.now())); len([]rune(rel)) == 2 {
		return rel
	}
	return h.monthDay(date)
}

// farOff reports whether a date is more than a week ahead: no canteen
// publishes its menu that early, so 订餐 2027年1月1日 is told which dates
// work rather than to wait for that menu.
func (h *Handlers) farOff(date string) bool {
	day, err := h.day(date)
	return err == nil && day.After(h.today(h.now()).AddDate(0, 0, 7))
}

// monthDayYear is a date as typed with its year when not this year's:
// 2027年1月1日, 11月28日.
func (h *Handlers) monthDayYear(date string) string {
	day, err := h.day(date)
	if err != nil || day.Year() == h.today(h.now()).Year() {
		return h.monthDay(date)
	}
	return fmt.Sprintf("%d年%d月%d日", day.Year(), day.Month(), day.Day())
}

// monthDay writes a menu's date the way residents do, whatever today is:
// 11月25日.
func (h *Handlers) monthDay(date string) string {
	day, err := h.day(date)
	if err != nil {
		return date
	}
	return fmt.Sprintf("%d月%d日", day.Month(), day.Day())
}

// cancelMeal cancels an order: by its number, by date and meal, or the
// caller's next one that can still be cancelled.
func (h *Handlers) cancelMeal(ctx context.Context, r *bot.Request) error {
	id, err := h.orderToCancel(ctx, r)
	if id == 0 && err == nil {
		return nil // asked which
	}
	if err != nil {
		return err
	}
	l, err := h.meals.CancelMeal(ctx, id, r.Caller.ResidentID, r.Now)
	name := h.mealName(l.Date, l.Meal, r.Now)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return bot.Tell("没有找到您的订单 %s。\n发「我的订餐」看看您订了什么。", orderNo(id))
	case errors.Is(err, store.ErrConflict):
		return bot.Tell("订单 %s（%s）已经取消了，不用再取消。", orderNo(id), name)
	case errors.Is(err, store.ErrPastCutoff):
		return h.closed(name, "取消", l.Cutoff)
	case err != nil:
		return fmt.Errorf("cancel %s: %w", orderNo(id), err)
	}
	whose := ""
	if l.ResidentID != r.Caller.ResidentID {
		whose = l.Name + "的 "
	}
	return r.Reply(ctx, bot.Lines(
		fmt.Sprintf("已取消 %s%s %d份（订单 %s）", whose, name, l.Quantity, orderNo(l.ID)),
		fmt.Sprintf("想再订请回复：订餐 %s %s", h.dateWord(l.Date), bot.MealTitle(l.Meal)),
	))
}

// orderToCancel finds the order a cancel_meal intent means.
func (h *Handlers) orderToCancel(ctx context.Context, r *bot.Request) (uint, error) {
	in := r.Intent
	if in.Order != "" {
		var id uint
		if _, err := fmt.Sscanf(in.Order, "D%d", &id); err != nil {
			return 0, bot.Misuse("订单号不对，请写成 D12 这样")
		}
		return id, nil
	}
	lines, err := h.meals.OrdersOfHousehold(ctx, r.Caller.ResidentID, h.today(r.Now).Format("2006-01-02"))
	if err != nil {
		return 0, fmt.Errorf("orders of %d: %w", r.Caller.ResidentID, err)
	}
	// 取消订餐 明天 with the meal filled in by the reader means any meal of
	// that day: the person named a day, not a meal.
	anyMeal := in.Defaulted == "meal"
	var open []store.OrderLine
	var late *store.OrderLine
	for i, l := range lines {
		if l.ResidentID != r.Caller.ResidentID || (in.Date != "" && (l.Date != in.Date || (!anyMeal && l.Meal != in.Meal))) {
			continue
		}
		if r.Now.Before(l.Cutoff) {
			open = append(open, l)
		} else if late == nil {
			late = &lines[i]
		}
	}
	switch {
	case len(open) == 1:
		return open[0].ID, nil
	case len(open) > 1:
		return 0, h.whichOrder(ctx, r, open)
	case late != nil:
		return 0, h.closed(h.mealName(late.Date, late.Meal, r.Now), "取消", late.Cutoff)
	case in.Date != "" && anyMeal:
		return 0, bot.Tell("您%s没有订餐。\n发「我的订餐」看看您订了什么。", h.dayName(in.Date, r.Now))
	case in.Date != "":
		return 0, bot.Tell("您没有订%s。\n发「我的订餐」看看您订了什么。", h.mealName(in.Date, in.Meal, r.Now))
	}
	return 0, bot.Tell("您现在没有可以取消的订餐。\n发「我的订餐」看看您订了什么。")
}

// whichOrder asks which of several orders to cancel, rather than guess: a
// line and a button each.
func (h *Handlers) whichOrder(ctx context.Context, r *bot.Request, open []store.OrderLine) error {
	lines := []string{fmt.Sprintf("您有%d个订单可以取消，要取消哪一个？", len(open))}
	var buttons []bot.Button
	for _, l := range open {
		lines = append(lines, fmt.Sprintf("%s %s %d份", orderNo(l.ID), h.mealName(l.Date, l.Meal, r.Now), l.Quantity))
		buttons = append(buttons, bot.Button{Label: "取消 " + orderNo(l.ID), Command: "取消订餐 " + orderNo(l.ID)})
	}
	lines = append(lines, fmt.Sprintf("请回复：取消订餐 %s（换成要取消的订单号）", orderNo(open[0].ID)))
	return r.Reply(ctx, bot.Lines(lines...), buttons...)
}

// myMeals lists the caller's household's orders from today on. A list
// naming the household's other members goes privately when asked in a
// group (answerPrivately); one's own orders may be said where one asked.
func (h *Handlers) myMeals(ctx context.Context, r *bot.Request) error {
	lines, err := h.meals.OrdersOfHousehold(ctx, r.Caller.ResidentID, h.today(r.Now).Format("2006-01-02"))
	if err != nil {
		return fmt.Errorf("orders of %d: %w", r.Caller.ResidentID, err)
	}
	if len(lines) == 0 {
		return r.Reply(ctx, "您现在没有订餐。\n想订餐请回复：订餐 明天 午餐")
	}
	title := "您的订餐"
	hint := ""
	family := false
	var out []string
	for _, l := range lines {
		who := ""
		if l.ResidentID != r.Caller.ResidentID {
			who, title, family = "（"+l.Name+"）", "您家的订餐", true
		}
		out = append(out, fmt.Sprintf("%s %s %d份 共%s%s", orderNo(l.ID), h.mealName(l.Date, l.Meal, r.Now),
			l.Quantity, bot.Yuan(l.Total()), who))
		if hint == "" && r.Now.Before(l.Cutoff) {
			hint = "取消请回复：取消订餐 " + orderNo(l.ID)
		}
	}
	out = append([]string{fmt.Sprintf("%s（%d单）：", title, len(lines))}, pageOf(out, bot.MaxLines-2, r.Intent.Page, "我的订餐")...)
	text := bot.Lines(append(out, hint)...)
	if family { // it names the rest of the household: not for the whole group
		return h.answerPrivately(ctx, r, "您家的订餐里有家人的名字", "我的订餐", text)
	}
	return r.Reply(ctx, text)
}
