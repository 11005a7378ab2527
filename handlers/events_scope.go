package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"linli/bot"
	"linli/store"
)

// signupInScope refuses, kindly, a sign-up for an activity limited to some
// buildings (发起活动 … 范围 8号楼) from someone who lives elsewhere: its
// seats are meant for those buildings, and 活动 already hides it from the
// others. Those who may sign up are the residents of those buildings
// (registered there, or waiting for their head to confirm), their heads and
// the community workers; someone not registered is taken to be where they
// asked, when that is one of the activity's buildings' groups, as the
// listing there shows it.
func (h *Handlers) signupInScope(ctx context.Context, r *bot.Request) error {
	e, err := h.activities.Event(ctx, uint(r.Intent.Event))
	if errors.Is(err, store.ErrNotFound) {
		return nil // the sign-up itself says there is no such activity
	}
	if err != nil {
		return fmt.Errorf("event %d: %w", r.Intent.Event, err)
	}
	scope := e.BuildingNames()
	if len(scope) == 0 || slices.Contains(scope, store.AllBuildings) || slices.ContainsFunc(scope, r.Caller.HeadOf) {
		return nil
	}
	home, registered, err := h.homeBuilding(ctx, r)
	if err != nil || slices.Contains(scope, home) {
		return err
	}
	names := strings.Join(scope, "、")
	if registered {
		return bot.Tell("%d号活动「%s」只请%s的居民报名。\n您登记在%s，发「活动」看看您能参加的活动。", e.ID, e.Title, names, home)
	}
	return bot.Tell("%d号活动「%s」只请%s的居民报名。\n如果您住在%s，请先登记，如：登记 %s 301", e.ID, e.Title, names, scope[0], scope[0])
}

// homeBuilding is the building the caller lives in as far as the community
// knows: their household's (or the one they registered to, waiting for
// confirmation), registered; else, for someone not registered, the building
// of the group they asked in, or "" when nothing says.
func (h *Handlers) homeBuilding(ctx context.Context, r *bot.Request) (building string, registered bool, err error) {
	me, err := h.people.ResidentByID(ctx, r.Caller.ResidentID)
	if err != nil {
		return "", false, fmt.Errorf("resident %d: %w", r.Caller.ResidentID, err)
	}
	switch {
	case me.Household != nil:
		return me.Household.Building, true, nil
	case me.PendingHouseholdID != nil:
		hh, err := h.households.HouseholdByID(ctx, *me.PendingHouseholdID)
		if err != nil {
			return "", false, fmt.Errorf("household %d: %w", *me.PendingHouseholdID, err)
		}
		return hh.Building, true, nil
	case !r.Msg.Chat.Group:
		return "", false, nil
	}
	c, err := h.chats.Chat(ctx, r.Msg.Chat.Platform, r.Msg.Chat.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", false, fmt.Errorf("chat %s: %w", r.Msg.Chat.Key(), err)
	}
	if c.Building == store.AllBuildings {
		return "", false, nil
	}
	return c.Building, false, nil
}
