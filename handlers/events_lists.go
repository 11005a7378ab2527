package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"linli/bot"
	"linli/store"
)

// events is 活动: the upcoming activities of the buildings this chat is for,
// each on one line with seats left and the waitlist.
func (h *Handlers) events(ctx context.Context, r *bot.Request) error {
	if r.Intent.Event > 0 {
		return h.oneEvent(ctx, r, uint(r.Intent.Event))
	}
	buildings, err := h.viewerBuildings(ctx, r)
	if err != nil {
		return err
	}
	es, err := h.activities.UpcomingEvents(ctx, r.Now, buildings...)
	if err != nil {
		return fmt.Errorf("upcoming events: %w", err)
	}
	if len(es) == 0 {
		return r.Reply(ctx, "最近没有活动。有新活动会在群里通知大家。")
	}
	lines := make([]string, 0, len(es))
	for _, e := range es {
		lines = append(lines, fmt.Sprintf("%d号 %s %s %s，%s", e.ID, e.Title, h.when(e.Event), e.Place, seatsText(e)))
	}
	lines = pageOf(lines, bot.MaxLines-2, r.Intent.Page, "活动")
	out := append([]string{"最近的活动："}, lines...)
	out = append(out, fmt.Sprintf("报名请回复：报名 编号，如：报名 %d", es[0].ID))
	return r.Reply(ctx, strings.Join(out, "\n"))
}

// viewerBuildings are the buildings whose activities a chat shows: a
// building group's own; everything in a community-wide or unbound group, to
// an admin, or in private to someone not registered to a household.
func (h *Handlers) viewerBuildings(ctx context.Context, r *bot.Request) ([]string, error) {
	if r.Caller.IsAdmin() {
		return nil, nil
	}
	if r.Msg.Chat.Group {
		c, err := h.chats.Chat(ctx, r.Msg.Chat.Platform, r.Msg.Chat.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if c.Building == "" || c.Building == store.AllBuildings {
			return nil, nil
		}
		return []string{c.Building}, nil
	}
	me, err := h.people.ResidentByID(ctx, r.Caller.ResidentID)
	if err != nil {
		return nil, err
	}
	var bs []string
	if me.Household != nil {
		bs = append(bs, me.Household.Building)
	}
	if len(bs) > 0 {
		bs = append(bs, r.Caller.Buildings()...)
	}
	return bs, nil
}

// seatsText is 剩5位, 已满，候补3人, or 不限人数.
func seatsText(e store.EventCount) string {
	left := e.SeatsLeft()
	var s string
	switch {
	case left < 0:
		s = "不限人数"
	case left == 0:
		s = "已满"
	default:
		s = fmt.Sprintf("剩%d位", left)
	}
	if e.Waiting > 0 {
		s += fmt.Sprintf("，候补%d人", e.Waiting)
	}
	return s
}

// mySignups is 我的报名: this person's places at upcoming activities, and
// those the other accounts of their household made. A list naming those
// others goes privately when asked in a group (answerPrivately); one's own
// places may be said where one asked.
func (h *Handlers) mySignups(ctx context.Context, r *bot.Request) error {
	ss, err := h.signups.SignupsOf(ctx, r.Caller.ResidentID, r.Now)
	if err != nil {
		return fmt.Errorf("my signups: %w", err)
	}
	if len(ss) == 0 {
		return r.Reply(ctx, "您还没有报名活动。发「活动」看看最近有哪些活动。")
	}
	lines := make([]string, 0, len(ss))
	family := false
	for _, su := range ss {
		pos, err := h.signups.WaitPosition(ctx, su)
		if err != nil {
			return err
		}
		who := ""
		if su.ResidentID != r.Caller.ResidentID && su.Resident.Name != "" {
			who, family = "（"+su.Resident.Name+"报的）", true // another account of the household
		}
		lines = append(lines, fmt.Sprintf("%d号 %s %s %s%s%s", su.EventID, su.Event.Title, h.when(su.Event), su.Event.Place, h.standing(su, pos), who))
	}
	out := append([]string{"您报名的活动："}, pageOf(lines, bot.MaxLines-2, r.Intent.Page, "我的报名")...)
	out = append(out, fmt.Sprintf("来不了请回复：取消报名 编号，如：取消报名 %d", ss[0].EventID))
	if family { // it names the rest of the household: not for the whole group
		return h.answerPrivately(ctx, r, "您家的报名里有家人的名字", "我的报名", strings.Join(out, "\n"))
	}
	return r.Reply(ctx, strings.Join(out, "\n"))
}

// roster is 名单 N for those who run the activity: the confirmed with
// party sizes and households, then the waitlist in order. It names
// residents and their homes, so asked in a group it goes to the asker
// privately (answerPrivately).
func (h *Handlers) roster(ctx context.Context, r *bot.Request) error {
	e, err := h.managed(ctx, r)
	if err != nil {
		return err
	}
	ss, err := h.signups.Signups(ctx, e.ID, store.SignupConfirmed, store.SignupWaitlist)
	if err != nil {
		return fmt.Errorf("roster %d: %w", e.ID, err)
	}
	var confirmed, waiting []string
	taken, queued := 0, 0
	for _, su := range ss {
		line := fmt.Sprintf("%s %d人%s", su.Resident.Name, su.Party, household(su.Resident))
		if su.Status == store.SignupConfirmed {
			taken += su.Party
			confirmed = append(confirmed, fmt.Sprintf("%d. %s", len(confirmed)+1, line))
		} else {
			queued += su.Party
			waiting = append(waiting, fmt.Sprintf("%d. %s", len(waiting)+1, line))
		}
	}
	head := fmt.Sprintf("%d号 %s %s", e.ID, e.Title, h.when(e))
	if e.Status == store.EventCancelled {
		head += "（已取消）"
	}
	limit := "名额" + capacityText(e.Capacity)
	if e.Capacity == 0 {
		limit = capacityText(0)
	}
	lines := []string{fmt.Sprintf("已报上%d人（%s）：", taken, limit)}
	if len(confirmed) == 0 {
		lines[0] = fmt.Sprintf("还没有人报名（%s）。", limit)
	}
	lines = append(lines, confirmed...)
	if len(waiting) > 0 {
		lines = append(lines, fmt.Sprintf("候补%d人：", queued))
		lines = append(lines, waiting...)
	}
	return h.answerPrivately(ctx, r, "报名名单里有住户信息", fmt.Sprintf("名单 %d", e.ID), head+"\n"+strings.Join(lines, "\n"))
}

// household is " 8号楼502", or "" for someone not registered.
func household(r store.Resident) string {
	if r.Household == nil {
		return ""
	}
	return " " + r.Household.Building + r.Household.Room
}

// oneEvent shows one activity whole (活动 2): its note, seats left and how
// to sign up, with a button.
func (h *Handlers) oneEvent(ctx context.Context, r *bot.Request, id uint) error {
	c, err := h.activities.CountEvent(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && c.Event.Status != store.EventOpen {
		return bot.Tell("没有找到%d号活动。发「活动」看看最近有哪些。", id)
	}
	if err != nil {
		return fmt.Errorf("event %d: %w", id, err)
	}
	return r.Reply(ctx, bot.Lines(h.announcement(c.Event), "现在："+seatsText(c)), signupButton(c.Event))
}
