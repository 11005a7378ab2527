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

// signup is 报名 N [人数]: confirmed or waitlisted, always told which, where
// and when; signing up again changes the party.
func (h *Handlers) signup(ctx context.Context, r *bot.Request) error {
	if r.Intent.Event == 0 && r.Intent.Title != "" {
		id, err := h.eventByTitle(ctx, r, r.Intent.Title)
		if err != nil {
			return err
		}
		r.Intent.Event = id
	}
	if err := h.signupInScope(ctx, r); err != nil {
		return err
	}
	party := max(r.Intent.Party, 1)
	req := store.SignupRequest{EventID: uint(r.Intent.Event), ResidentID: r.Caller.ResidentID, Party: party,
		Now: r.Now, NoPromotionWithin: h.cfg.NoPromotionWithin, HouseholdMost: h.cfg.EventsMaxPerHousehold,
		ActedBy: actedBy(ctx)}
	if r.Msg.Chat.Group {
		req.ChatPlatform, req.ChatID = r.Msg.Chat.Platform, r.Msg.Chat.ID
	}
	res, err := h.signups.SignUp(ctx, req)
	if errors.Is(err, store.ErrHouseholdLimit) {
		return h.householdSeatsFull(r.Intent.Event, res)
	}
	if err != nil {
		return h.eventRefusal(ctx, r.Intent.Event, r.Now, err)
	}
	if err := r.Reply(ctx, h.signupReply(res, party)); err != nil {
		return err
	}
	h.tellMoves(ctx, r, res.Event, res.Moves, r.Caller.ResidentID)
	return nil
}

// householdSeatsFull tells someone whose household would have more people
// at a limited activity than one household may, what it has and what they
// can still ask.
func (h *Handlers) householdSeatsFull(event int, res store.SignupResult) error {
	most, mine := h.cfg.EventsMaxPerHousehold, 0
	if res.Before != nil && res.Before.Status != store.SignupCancelled {
		mine = res.Before.Party
	}
	msg := fmt.Sprintf("抱歉，这个活动名额有限，每户最多报 %d人。", most)
	if res.Household > 0 {
		msg += fmt.Sprintf("\n您家已经报了 %d人。", res.Household)
	}
	if can := most - (res.Household - mine); can > mine {
		msg += fmt.Sprintf("\n可以回复：报名 %d %d人", event, can)
	}
	return bot.Tell("%s", msg)
}

// signupReply says what happened to this person's sign-up.
func (h *Handlers) signupReply(res store.SignupResult, asked int) string {
	e, su := res.Event, res.Signup
	title := "「" + e.Title + "」"
	var first, hint string
	before := res.Before
	if before != nil && before.Status == store.SignupCancelled {
		before = nil
	}
	switch {
	case res.Kept:
		first = fmt.Sprintf("%s名额已满，没能改成%d人。\n您原来的%d人名额保留着。", title, asked, su.Party)
		if res.SeatsLeft > 0 {
			first = fmt.Sprintf("%s只剩%d个空位，不够改成%d人。\n您原来的%d人名额保留着。", title, res.SeatsLeft, asked, su.Party)
		}
	case before != nil && before.Party == su.Party && before.Status == su.Status:
		first = "您已经报过名了：" + title + strings.TrimPrefix(h.standing(su, res.Position), "，")
	case su.Status == store.SignupConfirmed && before != nil && before.Status == store.SignupConfirmed:
		first = fmt.Sprintf("已改为%d人：%s，名额保留着。", su.Party, title)
	case su.Status == store.SignupConfirmed:
		first = fmt.Sprintf("报名成功！%s%d人", title, su.Party)
	case before != nil:
		first = fmt.Sprintf("已改为%d人：%s，仍在候补第%d位。", su.Party, title, res.Position)
	default:
		first = fmt.Sprintf("%s名额已满，已为您排上候补第%d位（%d人）。", title, res.Position, su.Party)
	}
	if su.Status == store.SignupWaitlist {
		hint = fmt.Sprintf("有空位会马上通知您。不想等了请回复：取消报名 %d", e.ID)
	} else {
		hint = fmt.Sprintf("来不了请回复：取消报名 %d", e.ID)
	}
	// The organiser's note (请带老花镜) is what a person signing up must
	// know, not only those who read the announcement.
	return bot.Lines(first, "时间："+h.when(e), "地点："+e.Place, optional("说明：", e.Notes), hint)
}

// standing is "，2人，已报上" or "，1人，候补第2位".
func (h *Handlers) standing(su store.Signup, position int) string {
	if su.Status == store.SignupWaitlist {
		return fmt.Sprintf("，%d人，候补第%d位", su.Party, position)
	}
	return fmt.Sprintf("，%d人，已报上", su.Party)
}

// cancelSignup is 取消报名 N: frees the seats; the waitlist moves up.
func (h *Handlers) cancelSignup(ctx context.Context, r *bot.Request) error {
	who, err := h.signedUpFor(ctx, r)
	if err != nil {
		return err
	}
	res, err := h.signups.CancelSignup(ctx, uint(r.Intent.Event), who, r.Now, h.cfg.NoPromotionWithin)
	if errors.Is(err, store.ErrNotFound) {
		e, err := h.activities.Event(ctx, uint(r.Intent.Event))
		if err != nil {
			return noEvent(r.Intent.Event)
		}
		return bot.Tell("您没有报名%d号活动「%s」，不用取消。", e.ID, e.Title)
	}
	if err != nil {
		return h.eventRefusal(ctx, r.Intent.Event, r.Now, err)
	}
	e := res.Event
	if err := r.Reply(ctx, bot.Lines(fmt.Sprintf("已取消您的报名：「%s」%d人。", e.Title, res.Before.Party),
		fmt.Sprintf("想再参加可以重新报名：报名 %d", e.ID))); err != nil {
		return err
	}
	h.tellMoves(ctx, r, e, res.Moves, r.Caller.ResidentID)
	return nil
}

// signedUpFor is whose sign-up 取消报名 N cancels: the caller's own, else the
// one another account of their household made (the same home, on WeChat
// or Telegram), as 我的报名 shows it to them.
func (h *Handlers) signedUpFor(ctx context.Context, r *bot.Request) (uint, error) {
	ss, err := h.signups.SignupsOf(ctx, r.Caller.ResidentID, r.Now)
	if err != nil {
		return 0, fmt.Errorf("signups of %d: %w", r.Caller.ResidentID, err)
	}
	for _, su := range ss {
		if su.EventID == uint(r.Intent.Event) && su.ResidentID == r.Caller.ResidentID {
			return su.ResidentID, nil
		}
	}
	for _, su := range ss {
		if su.EventID == uint(r.Intent.Event) {
			return su.ResidentID, nil
		}
	}
	return r.Caller.ResidentID, nil
}

// eventRefusal explains why an activity can no longer take a sign-up or a
// change; other errors are internal.
func (h *Handlers) eventRefusal(ctx context.Context, n int, now time.Time, err error) error {
	e, lerr := h.activities.Event(ctx, uint(n))
	switch {
	case errors.Is(err, store.ErrNotFound) || errors.Is(lerr, store.ErrNotFound):
		return noEvent(n)
	case lerr != nil:
		return lerr
	case errors.Is(err, store.ErrCancelled):
		return bot.Tell("%d号活动「%s」已经取消了。", e.ID, e.Title)
	case errors.Is(err, store.ErrClosed) && !now.Before(e.StartsAt):
		return bot.Tell("「%s」已经开始了（%s）。", e.Title, h.when(e))
	case errors.Is(err, store.ErrClosed):
		return bot.Tell("「%s」报名已经截止了（%s）。", e.Title, bot.DayTime(e.SignupCloses().In(h.cfg.Location)))
	case errors.Is(err, store.ErrFull):
		return bot.Tell("很抱歉，「%s」名额已满。\n活动就要开始了，不再排候补，欢迎下次参加。", e.Title)
	}
	return err
}

// eventByTitle finds the activity 报名 花卉讲座 means among those the
// person could sign up for now: the one whose title is the words, or else
// the one whose title holds them (or is held by them). Several, or none,
// is a reply listing them with their numbers, never a guess.
func (h *Handlers) eventByTitle(ctx context.Context, r *bot.Request, title string) (int, error) {
	buildings, err := h.viewerBuildings(ctx, r)
	if err != nil {
		return 0, err
	}
	es, err := h.activities.UpcomingEvents(ctx, r.Now, buildings...)
	if err != nil {
		return 0, fmt.Errorf("upcoming events: %w", err)
	}
	var open, exact, near []store.EventCount
	for _, e := range es {
		if e.Status == store.EventOpen && r.Now.Before(e.SignupCloses()) {
			open = append(open, e)
		}
	}
	for _, e := range open {
		switch {
		case e.Title == title:
			exact = append(exact, e)
		case strings.Contains(e.Title, title) || strings.Contains(title, e.Title):
			near = append(near, e)
		}
	}
	head := "有%d个活动都叫「%s」："
	if len(exact) == 0 {
		exact, head = near, "有%d个活动名字里有「%s」："
	}
	switch {
	case len(exact) == 1:
		return int(exact[0].ID), nil
	case len(exact) > 1:
		return 0, bot.Tell("%s", h.eventChoices(fmt.Sprintf(head, len(exact), title), exact))
	case len(open) == 0:
		return 0, bot.Tell("没有叫「%s」的活动，现在也没有可以报名的活动。\n有新活动会在群里通知大家。", title)
	}
	return 0, bot.Tell("%s", h.eventChoices(fmt.Sprintf("没有叫「%s」的活动。现在可以报名的：", title), open))
}

// eventChoices lists activities one a line with their numbers, and how to
// sign up for one by its number.
func (h *Handlers) eventChoices(head string, es []store.EventCount) string {
	lines := make([]string, 0, len(es))
	for _, e := range es {
		lines = append(lines, fmt.Sprintf("%d号 %s %s", e.ID, e.Title, h.when(e.Event)))
	}
	lines = bot.Clip(lines, bot.MaxLines-2, "发「活动」看全部")
	out := append([]string{head}, lines...)
	return strings.Join(append(out, fmt.Sprintf("请用编号报名，如：报名 %d", es[0].ID)), "\n")
}
