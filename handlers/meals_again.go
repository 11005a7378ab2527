package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// Bookings said the way residents say them: 再订一份 (one more of the last
// one), 订餐 明天 午餐和晚餐 (two meals, one reply), 帮我妈订… (for the
// household, said so), and a hint to 登记 for someone in no household.

// hintEvery is how seldom someone in no household is reminded to 登记
// after a booking: often enough to be seen, not after every order.
const hintEvery = 7 * 24 * time.Hour

// again turns 再订一份 without a day or meal into one more portion of the
// person's own latest booking still open (the order most recently made
// whose cut-off has not passed): 再 means the same again. With none open
// it is the next meal one can book, and the reply says so.
func (h *Handlers) again(ctx context.Context, r *bot.Request) (string, error) {
	if !r.Intent.Again || r.Intent.Defaulted != "date meal" {
		return "", nil
	}
	lines, err := h.meals.OrdersOfHousehold(ctx, r.Caller.ResidentID, h.today(r.Now).Format("2006-01-02"))
	if err != nil {
		return "", fmt.Errorf("orders of %d: %w", r.Caller.ResidentID, err)
	}
	var last *store.OrderLine
	for i, o := range lines {
		if o.ResidentID != r.Caller.ResidentID || !r.Now.Before(o.Cutoff) {
			continue
		}
		if last == nil || o.BookedAt.After(last.BookedAt) || o.BookedAt.Equal(last.BookedAt) && o.ID > last.ID {
			last = &lines[i]
		}
	}
	if last == nil {
		r.Intent.Again = false
		return "您没有还能加份的订单，这次为您订下一顿。", nil
	}
	r.Intent.Date, r.Intent.Meal, r.Intent.Defaulted = last.Date, last.Meal, ""
	return fmt.Sprintf("「再订」是在您最近的订单 %s（%s）上加%d份。", orderNo(last.ID), h.mealName(last.Date, last.Meal, r.Now), r.Intent.Quantity), nil
}

// bookMeals books each meal of 订餐 明天 午餐和晚餐 and answers once: a line
// per meal, booked or why not.
func (h *Handlers) bookMeals(ctx context.Context, r *bot.Request, res store.Resident) error {
	in := r.Intent
	if h.before(in.Date, r.Now) {
		return bot.Tell("%s已经过去了，只能订今天和以后的饭。", h.dayName(in.Date, r.Now))
	}
	var lines, titles []string
	cancel := ""
	for _, meal := range in.Meals {
		name := h.mealName(in.Date, meal, r.Now)
		b, err := h.book(ctx, r, res, in.Date, meal)
		if err != nil {
			in.Meal = meal
			ue, ok := bot.AsUserError(h.bookingRefused(name, in, b, err, res.ID))
			if !ok {
				return fmt.Errorf("book %s %s for %d: %w", in.Date, meal, res.ID, err)
			}
			lines = append(lines, bot.MealTitle(meal)+"没订上："+strings.SplitN(ue.Msg, "\n", 2)[0])
			continue
		}
		o := b.Order
		titles = append(titles, bot.MealTitle(meal))
		lines = append(lines, fmt.Sprintf("%s %d份 订单号 %s，共 %s，%s 前可取消", bot.MealTitle(meal), o.Quantity, orderNo(o.ID),
			bot.Yuan(o.Total()), h.clock(b.Menu.Cutoff, r.Now)))
		if cancel == "" {
			cancel = "取消订餐 " + orderNo(o.ID)
		}
	}
	first := "没能预订 " + h.dayName(in.Date, r.Now) + " 的饭："
	if len(titles) > 0 {
		first = fmt.Sprintf("已为%s预订 %s%s", h.forWhom(r, res), h.dayName(in.Date, r.Now), strings.Join(titles, "和"))
	}
	out := append([]string{first}, lines...)
	if cancel != "" {
		out = append(out, "取消请回复："+cancel+"（每单分别取消）", h.registerHint(ctx, r, res))
	}
	return r.Reply(ctx, bot.Lines(out...))
}

// forWhom is whom a booking's reply says it is for: 您家（8号楼301）when
// the person booked for someone of their household (帮我妈订…), else 您.
func (h *Handlers) forWhom(r *bot.Request, res store.Resident) string {
	if r.Intent.Target != "" && r.Behalf == "" && res.Household != nil && res.HouseholdID != nil {
		return fmt.Sprintf("您家（%s%s）", res.Household.Building, res.Household.Room)
	}
	return "您"
}

// registerHint is the last line of a booking by someone in no household
// (and not waiting to join one), at most once a week each: registered, the
// family sees and cancels each other's orders. Empty otherwise.
func (h *Handlers) registerHint(ctx context.Context, r *bot.Request, res store.Resident) string {
	if r.Behalf != "" || res.HouseholdID != nil || res.PendingHouseholdID != nil || h.hints == nil {
		return ""
	}
	due, err := h.hints.HintDue(ctx, res.ID, "register", r.Now, hintEvery)
	if err != nil {
		h.log.Error("register hint", "resident", res.ID, "err", err)
		return ""
	}
	if !due {
		return ""
	}
	return fmt.Sprintf("还没登记房号：发「登记 %s 301」这样的话，家人就能一起查订餐。", h.exampleBuilding(ctx, r))
}

// exampleBuilding is the building an example shows: this group's, else the
// community's first, else 8号楼.
func (h *Handlers) exampleBuilding(ctx context.Context, r *bot.Request) string {
	if r.Msg.Chat.Group {
		if c, err := h.chats.Chat(ctx, r.Msg.Chat.Platform, r.Msg.Chat.ID); err == nil && c.Building != "" && c.Building != store.AllBuildings {
			return c.Building
		}
	}
	if known, err := h.knownBuildings(ctx); err == nil && len(known) > 0 {
		return slices.MinFunc(known, store.NaturalCompare)
	}
	return "8号楼"
}
