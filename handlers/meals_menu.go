package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// menu shows a day's menus (or one meal's) with the caller's own price.
func (h *Handlers) menu(ctx context.Context, r *bot.Request) error {
	in := r.Intent
	menus, err := h.menusOf(ctx, in.Date, in.Meal)
	if err != nil {
		return err
	}
	if len(menus) == 0 {
		what := h.dayName(in.Date, r.Now) + "的菜单"
		if in.Meal != "" {
			what = h.mealName(in.Date, in.Meal, r.Now) + "的菜单"
		}
		if h.before(in.Date, r.Now) {
			return r.Reply(ctx, what+"没有留下记录。\n发「菜单」看看今天和明天吃什么。")
		}
		return r.Reply(ctx, what+"还没有发布。\n"+h.publishedFor(in.Date, r.Now))
	}
	res, err := h.resident(ctx, r)
	if err != nil {
		return err
	}
	price := func(m store.Menu) string {
		tier, fen := m.PriceFor(res.Elder, res.Worker)
		if tier == store.TierStandard {
			return "每份 " + bot.Yuan(fen)
		}
		return fmt.Sprintf("每份 %s（%s）", bot.Yuan(fen), tierName(tier))
	}
	lines, buttons := h.menuLines(menus, price, r.Now)
	return r.Reply(ctx, bot.Lines(lines...), buttons...)
}

// menusOf lists the menus of a date, or of one meal of it.
func (h *Handlers) menusOf(ctx context.Context, date, meal string) ([]store.Menu, error) {
	menus, err := h.meals.MenusOn(ctx, date)
	if err != nil {
		return nil, fmt.Errorf("menus of %s: %w", date, err)
	}
	if meal == "" {
		return menus, nil
	}
	for _, m := range menus {
		if m.Meal == meal {
			return []store.Menu{m}, nil
		}
	}
	return nil, nil
}

// menuLines writes menus for a phone screen: a title, then per meal its
// dishes, price, seats and cut-off, then how to book the first meal still
// open, with a 订餐 button for each such meal. price writes a meal's price
// for whoever reads it.
func (h *Handlers) menuLines(menus []store.Menu, price func(store.Menu) string, now time.Time) ([]string, []bot.Button) {
	date := menus[0].Date
	title := h.dayName(date, now) + "菜单："
	if len(menus) == 1 {
		title = h.dayName(date, now) + bot.MealTitle(menus[0].Meal) + "菜单："
	}
	lines := []string{title}
	var buttons []bot.Button
	hint := ""
	for _, m := range menus {
		if len(menus) > 1 {
			lines = append(lines, "【"+bot.MealTitle(m.Meal)+"】")
		}
		if m.Stopped && len(menus) == 1 {
			lines = []string{h.dayName(date, now) + bot.MealTitle(m.Meal) + "停餐，这顿饭不供应。"}
			continue
		}
		if m.Stopped {
			lines[len(lines)-1] += "停餐"
			continue
		}
		lines = append(lines, dishLines(m.Dishes)...)
		lines = append(lines, price(m)+seats(m))
		if !now.Before(m.Cutoff) {
			lines = append(lines, "已截止预订")
			continue
		}
		lines = append(lines, h.clock(m.Cutoff, now)+" 截止预订")
		if m.Left() == 0 {
			continue
		}
		cmd := fmt.Sprintf("订餐 %s %s", h.dateWord(m.Date), bot.MealTitle(m.Meal))
		// A button may be tapped after midnight, when 明天 means another
		// day: it carries the date itself.
		tap := fmt.Sprintf("订餐 %s %s", h.monthDay(m.Date), bot.MealTitle(m.Meal))
		buttons = append(buttons, bot.Button{Label: "订" + bot.MealTitle(m.Meal), Command: tap, Typed: cmd})
		if hint == "" {
			hint = "订餐请回复：" + cmd
		}
	}
	if len(buttons) == 1 {
		buttons[0].Label = "订餐"
	}
	lines = bot.Clip(lines, bot.MaxLines-1, "其余的菜请问食堂")
	return append(lines, hint), buttons
}

// seats says how many portions are left, when the meal has a limit.
func seats(m store.Menu) string {
	switch left := m.Left(); {
	case left < 0:
		return ""
	case left == 0:
		return "，已订满"
	default:
		return fmt.Sprintf("，还剩 %d份", left)
	}
}

// dishLines writes dishes four to a line, with their prices when given.
func dishLines(ds []store.Dish) []string {
	var lines, cur []string
	for _, d := range ds {
		s := d.Name
		if d.Price > 0 {
			s += " " + bot.Yuan(d.Price)
		}
		cur = append(cur, s)
		if len(cur) == 4 {
			lines, cur = append(lines, strings.Join(cur, "、")), nil
		}
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Join(cur, "、"))
	}
	return lines
}

// allPrices writes every tier's price of a meal, for a group.
func allPrices(m store.Menu) string {
	s := "每份 " + bot.Yuan(m.Price)
	if m.ElderPrice < m.Price {
		s += "，助老 " + bot.Yuan(m.ElderPrice)
	}
	if m.WorkerPrice != nil && *m.WorkerPrice < m.Price {
		s += "，爱心餐 " + bot.Yuan(*m.WorkerPrice)
	}
	return s
}
