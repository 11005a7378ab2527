package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// editEvent is 修改活动 N …: time, place, capacity or details. Everyone
// signed up is told what changed; more seats move the waitlist up; fewer
// seats than people already confirmed is refused with the count.
func (h *Handlers) editEvent(ctx context.Context, r *bot.Request) error {
	old, err := h.managed(ctx, r)
	if err != nil {
		return err
	}
	in := r.Intent
	f, err := parseBody(in.Body)
	if err != nil {
		return err
	}
	if len(f.scope) > 0 {
		return bot.Tell("活动范围发起后不能改。如需改范围，请取消活动 %d 后重新发起。", old.ID)
	}
	next := old
	if next.StartsAt, err = h.eventStart(in.Date, in.Time, old.StartsAt); err != nil {
		return err
	}
	if in.Place != "" {
		next.Place = in.Place
	}
	if in.Capacity > 0 {
		next.Capacity = in.Capacity
	}
	if err := h.applyBody(r.Now, &next, f); err != nil {
		return err
	}
	if err := checkEventText(next.Title, next.Place, next.Notes); err != nil {
		return err
	}
	if !next.StartsAt.Equal(old.StartsAt) || !sameTime(next.Deadline, old.Deadline) {
		if err := h.checkTimes(r.Now, next.StartsAt, next.Deadline); err != nil {
			return err
		}
	}
	changes := h.changes(old, next)
	if len(changes) == 0 {
		return bot.Tell("活动%d「%s」没有变化：%s %s，%s。", old.ID, old.Title, h.when(old), old.Place, capacityText(old.Capacity))
	}
	ch := store.EventChange{Title: &next.Title, Place: &next.Place, Notes: &next.Notes, StartsAt: &next.StartsAt,
		Deadline: next.Deadline, ClearDeadline: next.Deadline == nil, Capacity: &next.Capacity}
	res, err := h.activities.EditEvent(ctx, old.ID, ch, r.Now, h.cfg.NoPromotionWithin)
	if errors.Is(err, store.ErrFull) {
		return bot.Tell("已经有%d人报上了，名额不能少于%d人。\n如果确实要减少，请先和报名的邻居商量。", res.Taken, res.Taken)
	}
	if err != nil {
		return h.eventRefusal(ctx, in.Event, r.Now, err)
	}
	e := res.After
	news := bot.Lines(append([]string{fmt.Sprintf("【活动变动】%d号 %s", e.ID, e.Title)}, changes...)...)
	told := h.tellSignedUp(ctx, r, e, news, res.Moves)
	if _, err := h.toGroups(ctx, r, e, bot.Lines(news, h.stillOpen(ctx, e, r.Now))); err != nil {
		return err
	}
	h.tellMoves(ctx, r, e, res.Moves, r.Caller.ResidentID)
	return r.Reply(ctx, bot.Lines(append(append([]string{fmt.Sprintf("已修改活动 %d号 %s：", e.ID, e.Title)}, changes...),
		fmt.Sprintf("已通知报名的%d位邻居。", told))...))
}

// changes lists what differs, one line each, as residents read them.
func (h *Handlers) changes(old, next store.Event) []string {
	var out []string
	if next.Title != old.Title {
		out = append(out, "名称改为："+next.Title)
	}
	if !next.StartsAt.Equal(old.StartsAt) {
		out = append(out, "时间改为："+h.when(next))
	}
	if next.Place != old.Place {
		out = append(out, "地点改为："+next.Place)
	}
	if next.Capacity != old.Capacity {
		out = append(out, "名额改为："+capacityText(next.Capacity))
	}
	if next.Notes != old.Notes {
		out = append(out, "说明："+next.Notes)
	}
	if !sameTime(old.Deadline, next.Deadline) {
		if line := h.deadlineLine(next); line != "" {
			out = append(out, line)
		} else {
			out = append(out, "报名到活动开始为止")
		}
	}
	return out
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// tellSignedUp tells everyone still confirmed or waiting (but not those
// just moved up, who get their own message) about a change, and counts them.
func (h *Handlers) tellSignedUp(ctx context.Context, to bot.Sender, e store.Event, news string, mv store.Moves) int {
	moved := map[uint]bool{}
	for _, su := range mv.Promoted {
		moved[su.ID] = true
	}
	ss, err := h.signups.Signups(ctx, e.ID, store.SignupConfirmed, store.SignupWaitlist)
	if err != nil {
		h.log.Error("signed-up unknown", "event", e.ID, "err", err)
		return 0
	}
	for _, su := range ss {
		if !moved[su.ID] {
			h.tell(ctx, to, e, su, news+"\n"+fmt.Sprintf("您的报名不变。来不了请回复：取消报名 %d", e.ID))
		}
	}
	return len(ss)
}

// cancelEvent is 取消活动 N: everyone signed up is told, and the groups.
func (h *Handlers) cancelEvent(ctx context.Context, r *bot.Request) error {
	if _, err := h.managed(ctx, r); err != nil {
		return err
	}
	e, had, err := h.activities.CancelEvent(ctx, uint(r.Intent.Event), r.Now)
	if err != nil {
		return h.eventRefusal(ctx, r.Intent.Event, r.Now, err)
	}
	for _, su := range had {
		h.tell(ctx, r, e, su, bot.Lines(fmt.Sprintf("很抱歉，「%s」（%s）取消了，您的报名也一并取消。", e.Title, h.when(e)),
			"给您添麻烦了，欢迎参加以后的活动。"))
	}
	if _, err := h.toGroups(ctx, r, e, fmt.Sprintf("【活动取消】%d号 %s（%s）取消了。", e.ID, e.Title, h.when(e))); err != nil {
		return err
	}
	people := 0
	for _, su := range had {
		people += su.Party
	}
	told := "还没有人报名。"
	if len(had) > 0 {
		told = fmt.Sprintf("已通知报名的%d位邻居（共%d人）。", len(had), people)
	}
	return r.Reply(ctx, strings.Join([]string{fmt.Sprintf("已取消活动 %d号 %s。", e.ID, e.Title), told}, "\n"))
}

// stillOpen invites the group to sign up when seats are free and sign-up
// is open; otherwise it says nothing.
func (h *Handlers) stillOpen(ctx context.Context, e store.Event, now time.Time) string {
	c, err := h.activities.CountEvent(ctx, e.ID)
	if err != nil || c.SeatsLeft() == 0 || !now.Before(e.SignupCloses()) {
		return ""
	}
	return fmt.Sprintf("想参加请回复：报名 %d", e.ID)
}
