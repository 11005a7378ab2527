package handlers

import (
	"context"
	"errors"
	"fmt"

	"linli/bot"
	"linli/store"
)

// A household's accounts share its orders and sign-ups, and anyone can type
// a room number. So an account joins an occupied household only on a yes
// from one of its members or the building head, and someone the bot has
// never seen in any of the community's groups (a private chat is all it
// takes to register) waits for the head, who knows the building's people.

func (h *Handlers) householdRoutes() []bot.Route {
	return []bot.Route{
		{Intent: bot.IntentAcceptMember, Title: "同意家人加入本户", Usage: "同意 <楼栋房号> <名字>", Example: "同意 8号楼301 张三",
			Handle: h.acceptMember, Brief: true},
	}
}

func (h *Handlers) register(ctx context.Context, r *bot.Request) error {
	in := r.Intent
	if in.Building == "" && in.Room != "" && r.Msg.Chat.Group {
		// 登记 301 in a group bound to one building: that building's.
		if c, err := h.chats.Chat(ctx, r.Msg.Chat.Platform, r.Msg.Chat.ID); err == nil && c.Building != "" && c.Building != store.AllBuildings {
			in.Building = c.Building
		}
	}
	if in.Building == "" || in.Room == "" {
		return bot.Misuse("请写上楼栋和房号。")
	}
	if err := h.checkBuilding(ctx, in.Building, func(b string) string { return "登记 " + b + " " + in.Room }); err != nil {
		return err
	}
	seen, err := h.seenInGroups(ctx, r.Msg.Chat, r.Caller.ResidentID)
	if err != nil {
		return err
	}
	res, err := h.households.RequestHousehold(ctx, r.Caller.ResidentID, in.Building, in.Room, seen && !h.cfg.HouseholdsConfirm)
	if err != nil {
		return fmt.Errorf("register %d at %s %s: %w", r.Caller.ResidentID, in.Building, in.Room, err)
	}
	hh := res.Household
	place := fmt.Sprintf("%s %s室", hh.Building, hh.Room)
	switch {
	case res.Already:
		return r.Reply(ctx, "您已经登记在 "+place+" 了。\n发「我的信息」可以查看。")
	case res.Joined:
		return r.Reply(ctx, "已登记："+place+"\n同一户的微信和 Telegram 账号都登记这个房号，就能一起查订餐和报名。")
	case len(res.Members) == 0:
		return h.askHead(ctx, r, hh, place)
	}
	return h.askMembers(ctx, r, res, place, seen)
}

// askHead sends a new household's first registration to the building head
// to confirm (确认 8号楼 301).
func (h *Handlers) askHead(ctx context.Context, r *bot.Request, hh store.Household, place string) error {
	yes := fmt.Sprintf("确认 %s %s", hh.Building, hh.Room)
	who, err := h.tellHeads(ctx, r, hh.Building, fmt.Sprintf("%s 登记为 %s 的住户，请核实。\n确认请回复：%s", r.Msg.Sender.Name, place, yes))
	if err != nil {
		return err
	}
	return r.Reply(ctx, fmt.Sprintf("已收到登记：%s\n等%s确认后生效。", place, who))
}

// askMembers tells an occupied household's members who asked to join it.
// They may say yes when the household is confirmed and the newcomer is
// known from a group; otherwise (and always with households.confirm, where
// the head vets every account) the head decides, and the members are told
// only so that a stranger cannot pass unnoticed.
func (h *Handlers) askMembers(ctx context.Context, r *bot.Request, res store.JoinResult, place string, seen bool) error {
	hh, name := res.Household, r.Msg.Sender.Name
	yes := fmt.Sprintf("同意 %s%s %s", hh.Building, hh.Room, name)
	accounts := chatAccounts(res.Members) // an elder recorded by a liaison cannot answer
	byMembers := seen && hh.Confirmed && !h.cfg.HouseholdsConfirm && len(accounts) > 0
	deciding := map[uint]bool{} // heads who decide hear it once, as heads
	if !byMembers {
		heads, err := h.roles.HoldersOf(ctx, bot.RoleBuildingHead, hh.Building)
		if err != nil {
			return fmt.Errorf("heads of %s: %w", hh.Building, err)
		}
		for _, head := range heads {
			deciding[head.ID] = true
		}
	}
	for _, m := range accounts {
		text := fmt.Sprintf("%s 想登记为 %s 的住户（登记后能查看和取消您家的订餐、报名）。\n是您家人请回复：%s\n不认识请不用理会。", name, place, yes)
		if !byMembers {
			text = fmt.Sprintf("%s 想登记为 %s 的住户，要等楼组长核实。\n如果不是您家人，请告诉楼组长。", name, place)
		}
		if !deciding[m.ID] {
			h.send(ctx, r, privateChat(m), text)
		}
	}
	if byMembers {
		return r.Reply(ctx, fmt.Sprintf("已收到登记：%s\n这一户已有人登记，等本户家人同意后生效（已告诉他们）。", place))
	}
	held := fmt.Sprintf("本户已有%d个账号", len(accounts))
	if len(accounts) == 0 {
		held = "本户登记了没有手机的家人"
	}
	who, err := h.tellHeads(ctx, r, hh.Building, fmt.Sprintf("%s 想加入 %s（%s），请核实。\n同意请回复：%s", name, place, held, yes))
	if err != nil {
		return err
	}
	return r.Reply(ctx, fmt.Sprintf("已收到登记：%s\n等%s确认后生效。", place, who))
}

// tellHeads writes to a building's heads and says who will decide: the
// heads, or the community's workers where the building has none.
func (h *Handlers) tellHeads(ctx context.Context, to bot.Sender, building, text string) (string, error) {
	heads, err := h.roles.HoldersOf(ctx, bot.RoleBuildingHead, building)
	if err != nil {
		return "", fmt.Errorf("heads of %s: %w", building, err)
	}
	for _, head := range heads {
		h.send(ctx, to, privateChat(head), text)
	}
	if len(heads) == 0 {
		return "社区工作人员", nil
	}
	return building + "楼组长", nil
}

// seenInGroups reports whether an account has spoken in one of the
// community's groups (this message's group included): a registration from
// anyone else is a stranger's until the head says otherwise.
func (h *Handlers) seenInGroups(ctx context.Context, chat bot.Chat, residentID uint) (bool, error) {
	if chat.Group {
		return true, nil
	}
	groups, err := h.chats.GroupsOfMember(ctx, residentID)
	if err != nil {
		return false, fmt.Errorf("groups of %d: %w", residentID, err)
	}
	return len(groups) > 0, nil
}

// acceptMember is a member's or the head's yes to someone waiting to join
// a household (同意 8号楼301 张三).
func (h *Handlers) acceptMember(ctx context.Context, r *bot.Request) error {
	hh, err := h.householdAt(ctx, r.Intent.Building, r.Intent.Room)
	if err != nil {
		return err
	}
	place := fmt.Sprintf("%s %s室", hh.Building, hh.Room)
	head := r.Caller.HeadOf(hh.Building)
	me, err := h.people.ResidentByID(ctx, r.Caller.ResidentID)
	if err != nil {
		return err
	}
	member := me.HouseholdID != nil && *me.HouseholdID == hh.ID
	if !head && !member {
		return bot.Tell("只有本户家人或%s楼组长可以同意别人加入 %s。", hh.Building, place)
	}
	who, err := h.waiting(ctx, hh, r.Intent.Target)
	if err != nil {
		return err
	}
	if !head {
		seen, err := h.seenInGroups(ctx, bot.Chat{}, who.ID)
		if err != nil {
			return err
		}
		if !seen || !hh.Confirmed || h.cfg.HouseholdsConfirm {
			return bot.Tell("%s 还要等%s楼组长核实，我已经告诉楼组长了。", who.Name, hh.Building)
		}
	}
	if err := h.households.AcceptMember(ctx, hh.ID, who.ID); errors.Is(err, store.ErrNotFound) {
		return bot.Tell("%s 已经不在等待加入 %s 了。", who.Name, place)
	} else if err != nil {
		return fmt.Errorf("accept %d into %d: %w", who.ID, hh.ID, err)
	}
	h.send(ctx, r, privateChat(who), fmt.Sprintf("%s 已同意您加入 %s。\n现在可以和家人一起查订餐和报名了。", me.Name, place))
	return r.Reply(ctx, fmt.Sprintf("已同意 %s 加入 %s。", who.Name, place))
}

// householdAt finds a household by building and room, kindly.
func (h *Handlers) householdAt(ctx context.Context, building, room string) (store.Household, error) {
	hh, err := h.households.HouseholdAt(ctx, building, room)
	if errors.Is(err, store.ErrNotFound) {
		return hh, bot.Tell("%s %s室还没有人登记。", building, room)
	}
	return hh, err
}

// waiting is the one account named name waiting to join hh; two waiting
// under one name get a question back, never a guess.
func (h *Handlers) waiting(ctx context.Context, hh store.Household, name string) (store.Resident, error) {
	pending, err := h.households.PendingMembers(ctx, hh.ID)
	if err != nil {
		return store.Resident{}, err
	}
	var found []store.Resident
	for _, p := range pending {
		if p.Name == name {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return store.Resident{}, bot.Tell("没有人在等加入 %s %s室，名字叫「%s」。\n请照我发给您的那句原样回复。", hh.Building, hh.Room, name)
	}
	return store.Resident{}, bot.Tell("有%d位叫「%s」的人在等加入，我分不清。\n请楼组长核实后发：确认 %s %s", len(found), name, hh.Building, hh.Room)
}

// chatAccounts are the members who have a chat account: not the elders a
// liaison recorded (登记老人), whom no message reaches.
func chatAccounts(members []store.Resident) []store.Resident {
	var out []store.Resident
	for _, m := range members {
		if m.Platform != store.ProxyPlatform {
			out = append(out, m)
		}
	}
	return out
}
