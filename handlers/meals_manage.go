package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// setMenu replaces one meal's menu with the manager's lines. Bookings stay;
// the manager is told when they now exceed the limit.
func (h *Handlers) setMenu(ctx context.Context, r *bot.Request) error {
	in := r.Intent
	day, err := h.day(in.Date)
	if err != nil {
		return bot.Misuse("日期不对")
	}
	if day.Before(h.today(r.Now)) {
		return bot.Tell("%s已经过去了，不能再设置菜单。", bot.Day(day))
	}
	mi, err := h.readMenu(day, in.Date, in.Meal, in.Body)
	if err != nil {
		return err
	}
	m, err := h.meals.SetMenu(ctx, mi)
	if err != nil {
		return fmt.Errorf("set menu %s %s: %w", in.Date, in.Meal, err)
	}
	lines := h.menuSummary(m, r.Now)
	switch {
	case m.Capacity > 0 && m.Booked > m.Capacity:
		lines = append(lines, fmt.Sprintf("注意：已经订了 %d份，超过限量 %d份。已订的不取消，不再接受新的预订。", m.Booked, m.Capacity))
	case m.Booked > 0:
		lines = append(lines, fmt.Sprintf("已有的 %d份 预订都保留。", m.Booked))
	}
	if !r.Now.Before(m.Cutoff) {
		lines = append(lines, "注意：截止时间已经过了，居民订不了。")
	} else if at := h.nextPush(m, r.Now); !at.IsZero() {
		lines = append(lines, h.clock(at, r.Now)+" 会把菜单发到各群。")
	}
	return r.Reply(ctx, bot.Lines(lines...))
}

// nextPush is when a menu will next be pushed to the groups while it can
// still be booked; zero if never.
func (h *Handlers) nextPush(m store.Menu, now time.Time) time.Time {
	day, err := h.day(m.Date)
	if err != nil {
		return time.Time{}
	}
	for _, p := range []struct {
		spec string
		day  time.Time
	}{{h.cfg.Canteen.MenuTomorrow, day.AddDate(0, 0, -1)}, {h.cfg.Canteen.MenuToday, day}} {
		at, err := time.ParseInLocation("2006-01-02 15:04", p.day.Format("2006-01-02 ")+dailyAt(p.spec), h.cfg.Location)
		if err == nil && at.After(now) && at.Before(m.Cutoff) {
			return at
		}
	}
	return time.Time{}
}

// stopMeals marks a day's meals (or one) as not served, cancels what was
// booked and tells each person who had booked.
func (h *Handlers) stopMeals(ctx context.Context, r *bot.Request) error {
	in := r.Intent
	day, err := h.day(in.Date)
	if err != nil {
		return bot.Misuse("日期不对")
	}
	if day.Before(h.today(r.Now)) {
		return bot.Tell("%s已经过去了，不用停餐。", bot.Day(day))
	}
	meals := h.servedMeals()
	if in.Meal != "" {
		meals = []string{in.Meal}
	}
	cutoffs := map[string]time.Time{}
	names := make([]string, len(meals))
	for i, meal := range meals {
		cutoffs[meal], names[i] = h.defaultCutoff(day, meal), bot.MealTitle(meal)
	}
	gone, err := h.meals.StopMeals(ctx, in.Date, cutoffs, r.Now)
	if err != nil {
		return fmt.Errorf("stop meals %s: %w", in.Date, err)
	}
	portions := 0
	for _, l := range gone {
		portions += l.Quantity
		h.tellStopped(ctx, r, l, r.Now)
	}
	lines := []string{fmt.Sprintf("已停餐：%s%s", h.dayName(in.Date, r.Now), strings.Join(names, "、"))}
	if len(gone) == 0 {
		lines = append(lines, "还没有人预订。")
	} else {
		lines = append(lines, fmt.Sprintf("已取消 %d单 共 %d份 预订，并告诉了订餐的居民。", len(gone), portions))
	}
	return r.Reply(ctx, bot.Lines(append(lines, "恢复供应请重新「设置菜单」。")...))
}

// tellStopped tells one person their order was cancelled by 停餐:
// privately, or, if the bot cannot write to them, in a group they use.
func (h *Handlers) tellStopped(ctx context.Context, to bot.Sender, l store.OrderLine, now time.Time) {
	text := fmt.Sprintf("抱歉，%s停餐。您订的 %d份（订单 %s）已经取消，不用付钱。",
		h.mealName(l.Date, l.Meal, now), l.Quantity, orderNo(l.ID))
	h.tellResident(ctx, to, l.ResidentID, bot.User{Platform: l.Platform, ID: l.UserID, Name: l.Name}, text)
}

// tellResident writes to a person privately where possible, else mentions
// them in the group they spoke in last.
func (h *Handlers) tellResident(ctx context.Context, to bot.Sender, residentID uint, u bot.User, text string) {
	var fallback *bot.Chat
	groups, err := h.chats.GroupsOfMember(ctx, residentID)
	if err != nil {
		h.log.Error("groups of a person unknown", "user", u.Key(), "err", err)
	} else if len(groups) > 0 {
		g := groups[0]
		fallback = &bot.Chat{Platform: g.Platform, ID: g.ChatID, Title: g.Title, Group: true}
	}
	h.tellPerson(ctx, to, u, fallback, text)
}
