package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"linli/bot"
	"linli/store"
)

// Behalf is the router's middleware for 代 8号楼301 …: a liaison, the
// building head or an admin carries out a resident command for a
// household — often an elder with no phone — as the household, and the
// household's accounts are told who did what. Anyone else is refused.
func (h *Handlers) Behalf(next bot.HandlerFunc) bot.HandlerFunc {
	return func(ctx context.Context, r *bot.Request) error {
		if r.Intent.OnBehalf == "" {
			return next(ctx, r)
		}
		building, room, ok := splitPlace(r.Intent.OnBehalf)
		switch {
		case !ok:
			return bot.Tell("「代」后面请写楼号和房号，如：代 8号楼301 订餐 明天 午餐")
		case len(r.Route.Roles) > 0:
			return bot.Tell("「代」用来替住户办居民的事：订餐、取消、报名、建议等。")
		case !r.Caller.ActsFor(building):
			return bot.Tell("只有%s的楼组长、民情联络员或社区工作人员可以代住户办理。", building)
		}
		hh, err := h.households.HouseholdAt(ctx, building, room)
		if errors.Is(err, store.ErrNotFound) {
			return bot.Tell("%s %s 还没有登记。\n请先发：登记老人 %s %s 姓名（比如 王奶奶）", building, room, building, room)
		}
		if err != nil {
			return err
		}
		_, proxy, err := h.households.ProxyMember(ctx, building, room, "")
		if err != nil {
			return err
		}
		actor, title := r.Msg.Sender, actorTitle(r.Caller, building)
		ctx = context.WithValue(ctx, actorKey{}, r.Caller.ResidentID)
		r.Caller, r.Behalf = bot.Caller{ResidentID: proxy.ID}, building+room
		if err := next(ctx, r); err != nil {
			return err
		}
		if !r.Route.Reading && !strings.HasPrefix(r.Intent.Name, "my_") { // what changed, not what was looked at
			h.tellMembers(ctx, r, hh.ID, fmt.Sprintf("%s%s 为您家代办：%s", title, actor.Name, r.Msg.Text))
		}
		return nil
	}
}

// actorKey carries, for a command done with 代, the account of the
// liaison, head or admin who did it: a value of this one request, which
// the order and sign-up keep for the exports' 代办人 column.
type actorKey struct{}

// actedBy is the account acting for the household, 0 when the person
// acts for themselves.
func actedBy(ctx context.Context) uint {
	id, _ := ctx.Value(actorKey{}).(uint)
	return id
}

// actorTitle is how the household is told who acted for it.
func actorTitle(c bot.Caller, building string) string {
	switch {
	case c.IsAdmin():
		return "社区工作人员"
	case c.HeadOf(building):
		return "楼组长"
	}
	return "民情联络员"
}

// splitPlace reads "8号楼301" (as the reader writes a household) into its
// building and room.
func splitPlace(place string) (building, room string, ok bool) {
	b, r, found := strings.Cut(place, "号楼")
	if !found || b == "" || r == "" || strings.IndexFunc(r, unicode.IsSpace) >= 0 {
		return "", "", false
	}
	return b + "号楼", r, true
}

func (h *Handlers) behalfRoutes() []bot.Route {
	return []bot.Route{
		{Intent: bot.IntentRegisterElder, Title: "登记没有手机的老人", Usage: "登记老人 <楼栋> <房号> <称呼>", Example: "登记老人 8号楼 301 王奶奶",
			Roles: []string{bot.RoleBuildingHead, bot.RoleLiaison}, Handle: h.registerElder},
	}
}

// registerElder records a household member who has no chat account (登记老人
// 8号楼 301 王奶奶), so the pick-up list and rosters name her and a
// liaison can act for her household.
func (h *Handlers) registerElder(ctx context.Context, r *bot.Request) error {
	building, room, name := r.Intent.Building, r.Intent.Room, strings.TrimSpace(r.Intent.Text)
	if building == "" || room == "" || name == "" {
		return bot.Misuse("请写楼号、房号和老人的称呼。")
	}
	if err := h.checkBuilding(ctx, building, func(b string) string { return "登记老人 " + b + " " + room + " " + name }); err != nil {
		return err
	}
	if !r.Caller.ActsFor(building) {
		return bot.Tell("只有%s的楼组长、民情联络员或社区工作人员可以登记老人。", building)
	}
	hh, _, err := h.households.ProxyMember(ctx, building, room, cut(name, maxPersonName))
	if err != nil {
		return err
	}
	return r.Reply(ctx, bot.Lines(
		fmt.Sprintf("已登记：%s %s室 %s", hh.Building, hh.Room, name),
		fmt.Sprintf("以后可以替这户办事，如：代 %s%s 订餐 明天 午餐", hh.Building, hh.Room)))
}
