package handlers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"linli/bot"
	"linli/store"
)

// A person's own data is theirs (个人信息保护法): they may leave their
// household, ask to be forgotten, and nothing is kept about them longer
// than the community's retention. See README, "个人信息".

func (h *Handlers) personalRoutes() []bot.Route {
	return []bot.Route{
		{Intent: bot.IntentLeaveHousehold, Title: "退出住户登记（搬走时）", Usage: "退出登记", Example: "退出登记", Handle: h.leaveHousehold, Brief: true},
		{Intent: bot.IntentEraseMe, Title: "注销，删除我的信息", Usage: "注销", Example: "注销", Handle: h.eraseMe, Brief: true},
		{Intent: bot.IntentConfirmErase, Title: "确认注销", Usage: "确认注销", Example: "确认注销", Handle: h.confirmErase, Unlisted: true},
		{Intent: bot.IntentRemoveMember, Title: "把搬走的人移出住户", Usage: "移出 <楼栋房号> @某人", Example: "移出 8号楼301 @老赵",
			Roles: []string{bot.RoleBuildingHead}, Handle: h.removeMember},
	}
}

func (h *Handlers) leaveHousehold(ctx context.Context, r *bot.Request) error {
	hh, err := h.households.LeaveHousehold(ctx, r.Caller.ResidentID)
	if errors.Is(err, store.ErrNotFound) {
		return bot.Tell("您还没有登记住户，不用退出。")
	}
	if err != nil {
		return fmt.Errorf("leave household of %d: %w", r.Caller.ResidentID, err)
	}
	place := fmt.Sprintf("%s %s室", hh.Building, hh.Room)
	h.tellMembers(ctx, r, hh.ID, fmt.Sprintf("%s 已退出 %s 的登记。", r.Msg.Sender.Name, place))
	return r.Reply(ctx, fmt.Sprintf("已退出 %s 的登记。\n以后您的订餐和报名不再和这一户共享。", place))
}

// tellMembers writes to every account of a household.
func (h *Handlers) tellMembers(ctx context.Context, to bot.Sender, householdID uint, text string) {
	members, err := h.households.HouseholdMembers(ctx, householdID)
	if err != nil {
		h.log.Error("members not told", "household", householdID, "err", err)
		return
	}
	for _, m := range members {
		h.send(ctx, to, privateChat(m), text)
	}
}

// eraseMe says what 注销 removes and keeps, and asks for 确认注销: it
// cannot be undone.
func (h *Handlers) eraseMe(ctx context.Context, r *bot.Request) error {
	if err := h.mayErase(r); err != nil {
		return err
	}
	return r.Reply(ctx, bot.Lines(
		"注销会删除您的名字、账号和住户登记，不能恢复。",
		"订餐、报名的记录只留下不记名的数量，您提的建议不再写您的名字。",
		"确认请回复：确认注销"))
}

func (h *Handlers) confirmErase(ctx context.Context, r *bot.Request) error {
	if err := h.mayErase(r); err != nil {
		return err
	}
	ledger, err := h.personal.Erase(ctx, r.Caller.ResidentID, r.Now)
	if errors.Is(err, store.ErrConflict) {
		return bot.Tell("您还有没到时间的订餐或活动报名，请先取消再注销。\n发「我的订餐」「我的报名」看看。")
	}
	if err != nil {
		return fmt.Errorf("erase %d: %w", r.Caller.ResidentID, err)
	}
	h.seen.forgetResident(r.Msg.Sender)
	kept := ""
	if ledger > 0 {
		kept = fmt.Sprintf("您经手记过的 %d 笔公共资金收支是记账凭证，按规定不能改动：账本里还留着当时的名字，但不再显示，显示为「已注销的居民」。", ledger)
	}
	return r.Reply(ctx, bot.Lines("已注销，您的名字和账号记录已删除。", kept, "以后再发消息，我会把您当作新朋友。"))
}

// mayErase refuses 注销 to someone holding a role: the community would lose
// its head or canteen without a word; an admin takes the role away first.
func (h *Handlers) mayErase(r *bot.Request) error {
	if len(r.Caller.Grants) > 0 {
		return bot.Tell("您现在有管理身份（如楼组长），请先请社区工作人员取消身份，再注销。")
	}
	return nil
}

// removeMember is a head's or admin's 移出 8号楼301 @某人: a member who
// moved out stops sharing the household's orders and sign-ups.
func (h *Handlers) removeMember(ctx context.Context, r *bot.Request) error {
	in := r.Intent
	if !r.Caller.HeadOf(in.Building) {
		return bot.Tell("您不是%s的楼组长，不能移出这一户的人。", in.Building)
	}
	hh, err := h.householdAt(ctx, in.Building, in.Room)
	if err != nil {
		return err
	}
	who, err := h.target(ctx, r)
	if err != nil {
		return err
	}
	place := fmt.Sprintf("%s %s室", hh.Building, hh.Room)
	if err := h.households.RemoveMember(ctx, hh.ID, who.ID); errors.Is(err, store.ErrNotFound) {
		return bot.Tell("%s 不在 %s 的登记里。", who.Name, place)
	} else if err != nil {
		return fmt.Errorf("remove %d from %d: %w", who.ID, hh.ID, err)
	}
	h.send(ctx, r, privateChat(who), fmt.Sprintf("您已被移出 %s 的住户登记。\n如果弄错了，请联系%s楼组长。", place, hh.Building))
	return r.Reply(ctx, fmt.Sprintf("已把 %s 移出 %s。", who.Name, place))
}

// ForgetOld is the retention job: records from before due minus the
// community's retention keep only their counts (store.AnonymiseBefore).
func (h *Handlers) ForgetOld(ctx context.Context, due time.Time) error {
	if h.cfg.Retention <= 0 {
		return nil
	}
	n, err := h.personal.AnonymiseBefore(ctx, due.Add(-h.cfg.Retention))
	if err != nil {
		return fmt.Errorf("anonymise records before %s: %w", due.Add(-h.cfg.Retention).Format(time.DateOnly), err)
	}
	h.log.Info("old records anonymised", "accounts_blanked", n)
	return nil
}
