package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"linli/bot"
	"linli/store"
)

var admin = []string{bot.RoleAdmin}

func (h *Handlers) communityRoutes() []bot.Route {
	return []bot.Route{
		{Intent: bot.IntentRegister, Title: "登记住户", Usage: "登记 <楼栋> <房号>", Example: "登记 8号楼 301", Handle: h.register},
		{Intent: bot.IntentMyInfo, Title: "看我的登记和身份", Usage: "我的信息", Example: "我的信息", Handle: h.myInfo},
		{Intent: bot.IntentConfirmHousehold, Title: "确认新住户", Usage: "确认 <楼栋> <房号>", Example: "确认 8号楼 301",
			Roles: []string{bot.RoleBuildingHead}, Handle: h.confirmHousehold},
		{Intent: bot.IntentBindGroup, Title: "把本群绑定到楼栋", Usage: "绑定 <楼栋>（或 绑定 全体）", Example: "绑定 8号楼", Roles: admin, Handle: h.bindGroup},
		{Intent: bot.IntentUnbindGroup, Title: "解除本群的绑定", Usage: "解绑", Example: "解绑", Roles: admin, Handle: h.unbindGroup},
		{Intent: bot.IntentListGroups, Title: "看所有群", Usage: "群列表", Example: "群列表", Roles: admin, Handle: h.listGroups},
	}
}

// currentGroup is the stored group a command was typed in; commands that act
// on "this group" are refused in a private chat with a hint.
func (h *Handlers) currentGroup(ctx context.Context, r *bot.Request, what string) (store.Chat, error) {
	if !r.Msg.Chat.Group {
		return store.Chat{}, bot.Tell("请在要%s的群里发这条命令。", what)
	}
	return h.chats.Chat(ctx, r.Msg.Chat.Platform, r.Msg.Chat.ID)
}

func (h *Handlers) bindGroup(ctx context.Context, r *bot.Request) error {
	c, err := h.currentGroup(ctx, r, "绑定")
	if err != nil {
		return err
	}
	building := r.Intent.Building
	if building != store.AllBuildings && len(h.cfg.Buildings) > 0 {
		// Only a configured list refuses: with none, binding is how the
		// community's buildings become known.
		if err := h.checkBuilding(ctx, building, func(b string) string { return "绑定 " + b }); err != nil {
			return err
		}
	}
	if err := h.chats.Bind(ctx, c.ID, building); err != nil {
		return err
	}
	if building == store.AllBuildings {
		return r.Reply(ctx, "好的，本群已设为全社区的群。\n社区公告会发到这里。")
	}
	note := ""
	if c.Building != "" && c.Building != building {
		note = fmt.Sprintf("（原来绑定的是%s）", c.Building)
	}
	return r.Reply(ctx, bot.Lines(
		fmt.Sprintf("好的，本群已绑定到%s。%s", building, note),
		building+"的通知和活动会发到这里。"))
}

func (h *Handlers) unbindGroup(ctx context.Context, r *bot.Request) error {
	c, err := h.currentGroup(ctx, r, "解绑")
	if err != nil {
		return err
	}
	if c.Building == "" {
		return bot.Tell("本群还没有绑定楼栋，不用解绑。")
	}
	if err := h.chats.Bind(ctx, c.ID, ""); err != nil {
		return err
	}
	return r.Reply(ctx, fmt.Sprintf("好的，本群已解除和%s的绑定。\n居民照常可以用，楼栋通知不再发到这里。", c.Building))
}

func (h *Handlers) listGroups(ctx context.Context, r *bot.Request) error {
	groups, err := h.chats.Groups(ctx)
	if err != nil {
		return err
	}
	if len(groups) == 0 {
		return r.Reply(ctx, "机器人还没有在任何群里。\n把它拉进楼组群，再由社区工作人员发「绑定 8号楼」。")
	}
	lines := make([]string, 0, len(groups))
	for _, g := range groups {
		where := g.Building
		if where == "" {
			where = "未绑定"
		}
		state := ""
		if !g.Active {
			state = "（机器人已不在群里）"
		}
		lines = append(lines, fmt.Sprintf("· %s｜%s｜最近 %s%s", g.Title, where, bot.DayTime(g.SeenAt.In(h.cfg.Location)), state))
	}
	head := fmt.Sprintf("共%d个群：", len(groups))
	return r.Reply(ctx, head+"\n"+strings.Join(pageOf(lines, bot.MaxLines-1, r.Intent.Page, "群列表"), "\n"))
}

func (h *Handlers) confirmHousehold(ctx context.Context, r *bot.Request) error {
	in := r.Intent
	if in.Building == "" || in.Room == "" {
		return bot.Misuse("请写上要确认的楼栋和房号。")
	}
	if !r.Caller.HeadOf(in.Building) {
		return bot.Tell("您不是%s的楼组长，不能确认这一户。", in.Building)
	}
	hh, joined, err := h.households.ConfirmHousehold(ctx, in.Building, in.Room)
	if errors.Is(err, store.ErrNotFound) {
		return bot.Tell("%s %s室还没有人登记。", in.Building, in.Room)
	}
	if err != nil {
		return err
	}
	members, err := h.households.HouseholdMembers(ctx, hh.ID)
	if err != nil {
		return err
	}
	place := fmt.Sprintf("%s %s室", hh.Building, hh.Room)
	for _, m := range joined {
		h.send(ctx, r, privateChat(m), "您的住户登记（"+place+"）已确认。")
	}
	return r.Reply(ctx, fmt.Sprintf("已确认：%s（%d个账号）", place, len(members)))
}

func (h *Handlers) myInfo(ctx context.Context, r *bot.Request) error {
	me, err := h.people.ResidentByID(ctx, r.Caller.ResidentID)
	if err != nil {
		return err
	}
	lines := []string{"您的信息："}
	if hh := me.Household; hh != nil {
		state := "已确认"
		if !hh.Confirmed {
			state = "待楼组长确认"
		}
		members, err := h.households.HouseholdMembers(ctx, hh.ID)
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("住户：%s %s室（%s，本户%d个账号）", hh.Building, hh.Room, state, len(members)))
	}
	if me.PendingHouseholdID != nil {
		hh, err := h.households.HouseholdByID(ctx, *me.PendingHouseholdID)
		if err != nil {
			return err
		}
		label := "住户"
		if me.Household != nil {
			label = "新登记"
		}
		lines = append(lines, fmt.Sprintf("%s：%s %s室（待楼组长确认）", label, hh.Building, hh.Room))
	}
	if me.Household == nil && me.PendingHouseholdID == nil {
		lines = append(lines, "住户：还没有登记（发「登记 8号楼 301」）")
	}
	var duties []string
	for _, g := range r.Caller.Grants {
		t := bot.RoleTitle(g.Role)
		if g.Building != "" {
			t = g.Building + t
		}
		duties = append(duties, t)
	}
	if me.Elder {
		duties = append(duties, "长者（助老价）")
	}
	if me.Worker {
		duties = append(duties, "爱心餐")
	}
	if len(duties) > 0 {
		lines = append(lines, "身份："+strings.Join(duties, "、"))
	}
	return r.Reply(ctx, strings.Join(lines, "\n"))
}
