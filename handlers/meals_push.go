package handlers

import (
	"context"
	"fmt"
	"slices"
	"time"

	"linli/bot"
	"linli/store"
)

// PushTodayMenu sends today's menu to the canteen's groups: the morning job.
func (h *Handlers) PushTodayMenu(ctx context.Context, due time.Time) error {
	return h.pushMenus(ctx, h.today(due))
}

// PushTomorrowMenu sends tomorrow's menu to the canteen's groups: the
// afternoon job.
func (h *Handlers) PushTomorrowMenu(ctx context.Context, due time.Time) error {
	return h.pushMenus(ctx, h.today(due).AddDate(0, 0, 1))
}

// pushMenus sends a day's menus to every group with the canteen on. Only
// meals still bookable now are pushed, so a push caught up after downtime
// never advertises a meal that can no longer be booked.
func (h *Handlers) pushMenus(ctx context.Context, day time.Time) error {
	now := h.now()
	date := day.Format("2006-01-02")
	menus, err := h.meals.MenusOn(ctx, date)
	if err != nil {
		return fmt.Errorf("menus of %s: %w", date, err)
	}
	open := slices.DeleteFunc(menus, func(m store.Menu) bool { return m.Stopped || !now.Before(m.Cutoff) })
	if len(open) == 0 {
		h.log.Info("no bookable menu to push", "date", date)
		return nil
	}
	groups, err := h.canteenGroups(ctx)
	if err != nil {
		return err
	}
	lines, buttons := h.menuLines(open, allPrices, now)
	text := bot.Lines(lines...)
	for _, g := range groups {
		h.send(ctx, h.out, bot.Chat{Platform: g.Platform, ID: g.ChatID, Title: g.Title, Group: true}, text, buttons...)
	}
	return nil
}

// canteenGroups are the groups menus go to: those named in canteen.groups
// (by title, id or platform:id), or every bound group.
func (h *Handlers) canteenGroups(ctx context.Context) ([]store.Chat, error) {
	all, err := h.chats.GroupsOf(ctx, store.AllBuildings)
	if err != nil {
		return nil, fmt.Errorf("groups: %w", err)
	}
	want := h.cfg.Canteen.Groups
	if len(want) == 0 {
		return all, nil
	}
	return slices.DeleteFunc(all, func(c store.Chat) bool {
		return !slices.Contains(want, c.Title) && !slices.Contains(want, c.ChatID) &&
			!slices.Contains(want, c.Platform+":"+c.ChatID)
	}), nil
}
