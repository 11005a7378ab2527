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

// confirmNotice keeps a household's 收到. In a group it says nothing to the
// person (收到 is a reply to the notice, read by its author in 收到情况);
// the group hears, at most every few minutes, how many have answered.
// Privately it answers.
func (h *Handlers) confirmNotice(ctx context.Context, r *bot.Request) error {
	a, err := h.receipts.AskByID(ctx, uint(r.Intent.Notice))
	if errors.Is(err, store.ErrNotFound) {
		return h.quietly(r, bot.Tell("没有 N%d 这条要回复收到的通知，请看通知上的编号。", r.Intent.Notice))
	}
	if err != nil {
		return fmt.Errorf("notice N%d: %w", r.Intent.Notice, err)
	}
	hh, err := h.receiver(ctx, r, a)
	if err != nil {
		return h.quietly(r, err)
	}
	first, err := h.receipts.Receive(ctx, a.ID, hh.ID, r.Caller.ResidentID, r.Now)
	if err != nil {
		return fmt.Errorf("receipt of N%d: %w", a.ID, err)
	}
	if !r.Msg.Chat.Group {
		if !first {
			return r.Reply(ctx, fmt.Sprintf("您家（%s%s）已经回复过 N%d 收到了。", hh.Building, hh.Room, a.ID))
		}
		return r.Reply(ctx, fmt.Sprintf("好的，已记下您家（%s%s）收到 N%d。", hh.Building, hh.Room, a.ID))
	}
	r.Quiet()
	return h.summarise(ctx, r, a)
}

// quietly is err as the answer privately; in a group, where a bare 收到 is
// also what people say to each other, a mistake is not worth a message,
// except to someone who typed the number.
func (h *Handlers) quietly(r *bot.Request, err error) error {
	if r.Msg.Chat.Group && !strings.ContainsAny(r.Msg.Text, "0123456789０１２３４５６７８９") {
		r.Quiet()
		return nil
	}
	return err
}

// receiver is the household a 收到 counts for: the speaker's, in scope.
func (h *Handlers) receiver(ctx context.Context, r *bot.Request, a store.Ask) (store.Household, error) {
	if !r.Msg.Sender.Verified() {
		return store.Household{}, bot.Tell("收到按户记，要先让我认准您：请加本账号为好友，私聊我发「收到 %d」。", a.ID)
	}
	me, err := h.people.ResidentByID(ctx, r.Caller.ResidentID)
	if err != nil {
		return store.Household{}, fmt.Errorf("resident %d: %w", r.Caller.ResidentID, err)
	}
	switch {
	case me.Household == nil:
		return store.Household{}, bot.Tell("收到按户记，请先登记您家的房号，如：登记 8号楼 301")
	case !inScope(a.Buildings, me.Household.Building):
		return store.Household{}, bot.Tell("N%d 是发给%s的通知，您家登记在%s，不用回复。", a.ID, scopeName(a.Buildings), me.Household.Building)
	}
	return *me.Household, nil
}

// summarise tells the group how many households have answered, once in a
// few minutes across every group of the notice.
func (h *Handlers) summarise(ctx context.Context, r *bot.Request, a store.Ask) error {
	ok, err := h.receipts.ClaimAskSummary(ctx, a.ID, r.Now, r.Now.Add(-summaryEvery))
	if err != nil || !ok {
		return err
	}
	counts, err := h.receipts.ReceiptsByBuilding(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("receipts of N%d: %w", a.ID, err)
	}
	done, all := 0, 0
	for _, c := range counts {
		done, all = done+c.Confirmed, all+c.Households
	}
	h.send(ctx, r, r.Msg.Chat, fmt.Sprintf("N%d 已有%d户回复收到（共%d户登记）。", a.ID, done, all))
	return nil
}

// mayManageAsk: the heads of the notice's buildings and the admins.
func mayManageAsk(c bot.Caller, a store.Ask) bool {
	return c.IsAdmin() || slices.ContainsFunc(a.Buildings, c.HeadOf)
}

func (h *Handlers) askFor(ctx context.Context, r *bot.Request) (store.Ask, error) {
	a, err := h.receipts.AskByID(ctx, uint(r.Intent.Notice))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return a, bot.Tell("没有 N%d 这条要回复收到的通知。", r.Intent.Notice)
	case err != nil:
		return a, fmt.Errorf("notice N%d: %w", r.Intent.Notice, err)
	case !mayManageAsk(r.Caller, a):
		return a, bot.Tell("N%d 是%s的通知，只有那里的楼组长和社区工作人员能看。", a.ID, scopeName(a.Buildings))
	}
	return a, nil
}

// noticeReceipts answers 收到情况 N privately: counts by building, then the
// households that have not answered, with their names and rooms.
func (h *Handlers) noticeReceipts(ctx context.Context, r *bot.Request) error {
	a, err := h.askFor(ctx, r)
	if err != nil {
		return err
	}
	counts, err := h.receipts.ReceiptsByBuilding(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("receipts of N%d: %w", a.ID, err)
	}
	left, err := h.receipts.Unreceived(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("unreceived of N%d: %w", a.ID, err)
	}
	lines := []string{fmt.Sprintf("N%d 收到情况：%s", a.ID, clipText(a.Text, 20))}
	for _, c := range counts {
		lines = append(lines, fmt.Sprintf("%s：%d户已回复，共%d户", c.Building, c.Confirmed, c.Households))
	}
	if len(left) == 0 {
		lines = append(lines, "登记的住户都回复收到了。")
	} else {
		lines = append(lines, fmt.Sprintf("还没回复（%d户）：", len(left)))
		var who []string
		for _, hh := range left {
			who = append(who, householdLine(hh))
		}
		lines = append(lines, bot.Clip(who, maxReceiptLines, "导出或分楼查看请联系社区工作人员")...)
		lines = append(lines, fmt.Sprintf("私聊提醒他们：提醒 %d", a.ID))
	}
	return h.answerPrivately(ctx, r, "收到情况里有住户信息", fmt.Sprintf("收到情况 %d", a.ID), strings.Join(lines, "\n"))
}

func householdLine(hh store.HouseholdAccounts) string {
	var names []string
	for _, m := range hh.Members {
		names = append(names, m.Name)
	}
	return fmt.Sprintf("%s %s室 %s", hh.Household.Building, hh.Household.Room, strings.Join(names, "、"))
}

// remindNotice writes privately to the accounts of the households that
// have not answered, once a day at most.
func (h *Handlers) remindNotice(ctx context.Context, r *bot.Request) error {
	a, err := h.askFor(ctx, r)
	if err != nil {
		return err
	}
	left, err := h.receipts.Unreceived(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("unreceived of N%d: %w", a.ID, err)
	}
	if len(left) == 0 {
		return r.Reply(ctx, fmt.Sprintf("N%d 登记的住户都回复收到了，不用提醒。", a.ID))
	}
	ok, err := h.receipts.ClaimAskReminder(ctx, a.ID, r.Now, r.Now.Add(-remindEvery))
	if err != nil {
		return fmt.Errorf("remind N%d: %w", a.ID, err)
	}
	if !ok {
		return bot.Tell("N%d 今天已经提醒过了，明天可以再提醒。", a.ID)
	}
	text := fmt.Sprintf("【提醒】%s的通知（N%d），请您看一下：\n%s\n看过请回复：收到 %d", a.AuthorName, a.ID, clipText(a.Text, 60), a.ID)
	accounts := 0
	for _, hh := range left {
		for _, m := range hh.Members {
			if h.send(ctx, r, privateChat(m), text) {
				accounts++
			}
		}
	}
	return r.Reply(ctx, fmt.Sprintf("已私聊提醒 %d户（%d个账号）。", len(left), accounts))
}
