package handlers

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"linli/bot"
	"linli/store"
)

// CutoffPushWindow is how long after a meal's cut-off its kitchen list is
// still worth pushing when the bot was down at the cut-off.
const CutoffPushWindow = 3 * time.Hour

// pickupPage is how many people one message of the pick-up list names.
const pickupPage = bot.MaxLines - 1

// mealStats gives the kitchen a day's (or one meal's) totals by tier and
// the pick-up list. In a group only the totals are shown there; the list,
// which names rooms, goes to the manager privately.
func (h *Handlers) mealStats(ctx context.Context, r *bot.Request) error {
	in := r.Intent
	menus, err := h.menusOf(ctx, in.Date, in.Meal)
	if err != nil {
		return err
	}
	if len(menus) == 0 {
		return bot.Tell("%s没有菜单，也就没有订餐。", h.dayName(in.Date, r.Now))
	}
	for _, m := range menus {
		summary, pages, err := h.kitchenList(ctx, m, r.Now)
		if err != nil {
			return err
		}
		if err := r.Reply(ctx, summary); err != nil {
			return err
		}
		if err := h.answerPrivately(ctx, r, "取餐名单里有住址", "订餐统计", pages...); err != nil {
			return err
		}
	}
	return nil
}

// kitchenList is one meal's totals and its pick-up list, in pages.
func (h *Handlers) kitchenList(ctx context.Context, m store.Menu, now time.Time) (string, []string, error) {
	name := h.mealName(m.Date, m.Meal, now)
	if m.Stopped {
		return name + "停餐。", nil, nil
	}
	orders, err := h.meals.Orders(ctx, store.OrderQuery{From: m.Date, To: m.Date, Meal: m.Meal, BookedOnly: true})
	if err != nil {
		return "", nil, fmt.Errorf("orders of %s %s: %w", m.Date, m.Meal, err)
	}
	state := h.clock(m.Cutoff, now) + " 截止预订"
	if !now.Before(m.Cutoff) {
		state = "已截止预订（" + m.Cutoff.In(h.cfg.Location).Format("15:04") + "）"
	}
	if len(orders) == 0 {
		return bot.Lines(name+"订餐统计", "还没有人预订。", state), nil, nil
	}
	return bot.Lines(append(append([]string{name + "订餐统计"}, tierTotals(orders)...), state)...),
		pickupPages(name, orders), nil
}

// tierTotals counts portions and money per tier and price (a menu changed
// after some bookings has two prices in one tier), then the whole.
func tierTotals(orders []store.OrderLine) []string {
	type key struct {
		tier  string
		price int64
	}
	var keys []key
	count := map[key]int{}
	portions, due := 0, int64(0)
	for _, o := range orders {
		k := key{o.Tier, o.UnitPrice}
		if count[k] == 0 {
			keys = append(keys, k)
		}
		count[k] += o.Quantity
		portions += o.Quantity
		due += o.Total()
	}
	rank := map[string]int{store.TierStandard: 0, store.TierElder: 1, store.TierWorker: 2}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(rank[a.tier], rank[b.tier]), cmp.Compare(b.price, a.price))
	})
	lines := []string{fmt.Sprintf("共 %d份，应收 %s", portions, bot.Yuan(due))}
	for _, k := range keys {
		lines = append(lines, fmt.Sprintf("%s %s × %d份 = %s", tierName(k.tier), bot.Yuan(k.price), count[k],
			bot.Yuan(k.price*int64(count[k]))))
	}
	return lines
}

// pickupPages is the pick-up list sorted by building and room (numbers in
// numeric order), people without a registered household last by name.
func pickupPages(name string, orders []store.OrderLine) []string {
	sorted := slices.Clone(orders)
	slices.SortStableFunc(sorted, func(a, b store.OrderLine) int {
		return cmp.Or(
			cmp.Compare(boolRank(a.Building == ""), boolRank(b.Building == "")),
			store.NaturalCompare(a.Building, b.Building),
			store.NaturalCompare(a.Room, b.Room),
			cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.ID, b.ID))
	})
	var pages []string
	total := (len(sorted) + pickupPage - 1) / pickupPage
	for p := 0; p < total; p++ {
		title := name + "取餐名单："
		if total > 1 {
			title = fmt.Sprintf("%s取餐名单（%d/%d）：", name, p+1, total)
		}
		lines := []string{title}
		for _, o := range sorted[p*pickupPage : min((p+1)*pickupPage, len(sorted))] {
			where := "未登记"
			if o.Building != "" {
				where = o.Building + " " + o.Room
			}
			line := fmt.Sprintf("%s %s %d份 %s", where, o.Name, o.Quantity, orderNo(o.ID))
			if o.Tier != store.TierStandard {
				line += " " + tierName(o.Tier)
			}
			lines = append(lines, line)
		}
		pages = append(pages, bot.Lines(lines...))
	}
	return pages
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// PushCutoffLists sends each meal whose cut-off has just passed its totals
// and pick-up list, to every canteen manager privately, once: the tick job.
// It looks back CutoffPushWindow so a cut-off missed while the bot was down
// is still pushed on start.
func (h *Handlers) PushCutoffLists(ctx context.Context, due time.Time) error {
	menus, err := h.meals.DueCutoffs(ctx, due.Add(-CutoffPushWindow), due)
	if err != nil || len(menus) == 0 {
		return err
	}
	managers, err := h.roles.HoldersOf(ctx, bot.RoleCanteenManager, "")
	if err != nil {
		return err
	}
	if len(managers) == 0 {
		h.log.Warn("no canteen manager to send the kitchen list to")
	}
	for _, m := range menus {
		if won, err := h.meals.ClaimStatsPush(ctx, m.ID); err != nil || !won {
			if err != nil {
				return err
			}
			continue
		}
		summary, pages, err := h.kitchenList(ctx, m, h.now())
		if err != nil {
			return err
		}
		for _, mgr := range managers {
			for _, text := range append([]string{"【截止提醒】" + summary}, pages...) {
				h.send(ctx, h.out, privateChat(mgr), text)
			}
		}
	}
	return nil
}
