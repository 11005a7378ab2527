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

// castVote records one household's ballot. The reply to a ballot in an
// anonymous vote is the same whatever was chosen, and names no option: it
// is kept in the outbox like any other, and read by whoever reads that.
func (h *Handlers) castVote(ctx context.Context, r *bot.Request) error {
	v, err := h.vote(ctx, r.Intent.Vote)
	if err != nil {
		return err
	}
	if v.Anonymous && r.Msg.Chat.Group {
		return bot.Tell("V%d 是匿名投票，在群里投不算数。\n请私聊我发：投票 %d 选项编号", v.ID, v.ID)
	}
	if !r.Now.Before(v.Deadline) {
		return closedVote(v)
	}
	if r.Intent.Choice > len(v.Options) {
		return bot.Tell("V%d 只有%d个选项，请回复 1 到 %d 之间的数字，如：投票 %d 1", v.ID, len(v.Options), len(v.Options), v.ID)
	}
	hh, err := h.voter(ctx, r, v)
	if err != nil {
		return err
	}
	res, err := h.votes.CastBallot(ctx, store.Ballot{VoteID: v.ID, HouseholdID: hh.ID, By: r.Caller.ResidentID, Choice: r.Intent.Choice, At: r.Now})
	switch {
	case errors.Is(err, store.ErrVoteClosed):
		return closedVote(v)
	case errors.Is(err, store.ErrAlreadyVoted):
		return bot.Tell("您家已经投过 V%d 了。匿名投票每户一票，投出后不能更改。", v.ID)
	case err != nil:
		return fmt.Errorf("ballot in vote %d: %w", v.ID, err)
	}
	place := hh.Building + hh.Room
	choice := func(n int) string { return fmt.Sprintf("第%d项「%s」", n, v.Options[n-1]) }
	switch {
	case v.Anonymous:
		return r.Reply(ctx, fmt.Sprintf("已收到您家（%s）的匿名投票 V%d。\n投出后不能更改，截止后公布结果。", place, v.ID))
	case res.Previous == r.Intent.Choice:
		return r.Reply(ctx, fmt.Sprintf("您家（%s）已经投了 V%d %s，没有变化。", place, v.ID, choice(res.Previous)))
	case res.Previous > 0:
		return r.Reply(ctx, fmt.Sprintf("已改票：V%d 由%s改为%s。\n%s 每户一票，以最后一次为准。", v.ID, choice(res.Previous), choice(r.Intent.Choice), place))
	}
	return r.Reply(ctx, fmt.Sprintf("已投票：V%d %s\n%s 每户一票；改主意在截止（%s）前再投一次就行。",
		v.ID, choice(r.Intent.Choice), place, bot.DayTime(v.Deadline)))
}

// vote finds V-number n, its deadline in the community's time zone.
func (h *Handlers) vote(ctx context.Context, n int) (store.Vote, error) {
	v, err := h.votes.VoteByID(ctx, uint(n))
	if errors.Is(err, store.ErrNotFound) {
		return v, bot.Tell("没有 V%d 这个投票，请看群里投票通知上的编号。", n)
	}
	if err != nil {
		return v, fmt.Errorf("vote %d: %w", n, err)
	}
	v.Deadline = v.Deadline.In(h.cfg.Location)
	return v, nil
}

func closedVote(v store.Vote) error {
	return bot.Tell("V%d 已在 %s 截止，不能再投了。\n看结果请发：投票结果 %d", v.ID, bot.DayTime(v.Deadline), v.ID)
}

// voter is the household the caller votes for: one they are a member of
// (not one they wait to join), confirmed when households.confirm is on,
// in the vote's scope. A name anyone can take on WeChat votes for nobody.
func (h *Handlers) voter(ctx context.Context, r *bot.Request, v store.Vote) (store.Household, error) {
	if !r.Msg.Sender.Verified() {
		return store.Household{}, bot.Tell("投票按户计，要先让我认准您（谁都能改成别人的名字）。\n请加本账号为好友，私聊我说一句话，再在私聊里投票。")
	}
	me, err := h.people.ResidentByID(ctx, r.Caller.ResidentID)
	if err != nil {
		return store.Household{}, fmt.Errorf("resident %d: %w", r.Caller.ResidentID, err)
	}
	switch {
	case me.Household == nil && me.PendingHouseholdID != nil:
		return store.Household{}, bot.Tell("您的登记还在等确认，确认后才能投票。")
	case me.Household == nil:
		return store.Household{}, bot.Tell("投票按户计，请先登记您家的房号，如：登记 %s 301\n登记后再投。", exampleBuilding(v))
	case h.cfg.HouseholdsConfirm && !me.Household.Confirmed:
		return store.Household{}, bot.Tell("您家（%s%s）的登记还没有经楼组长确认，确认后才能投票。", me.Household.Building, me.Household.Room)
	case !inScope(v.Buildings, me.Household.Building):
		return store.Household{}, bot.Tell("V%d 只请%s的住户投票，您家登记在%s。", v.ID, scopeName(v.Buildings), me.Household.Building)
	}
	return *me.Household, nil
}

func exampleBuilding(v store.Vote) string {
	if b := v.Buildings[0]; b != store.AllBuildings {
		return b
	}
	return "8号楼"
}

func inScope(scope []string, building string) bool {
	return slices.Contains(scope, store.AllBuildings) || slices.Contains(scope, building)
}

// voteResults answers 投票结果 N for those the vote is put to, their heads
// and admins. An anonymous vote shows only how many households voted
// until its deadline: counts watched as they move, beside who was seen
// voting when, would undo the anonymity.
func (h *Handlers) voteResults(ctx context.Context, r *bot.Request) error {
	v, err := h.vote(ctx, r.Intent.Vote)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(v.Buildings, r.Caller.HeadOf) && !slices.Contains(v.Buildings, store.AllBuildings) {
		home, _, err := h.homeBuilding(ctx, r)
		if err != nil {
			return err
		}
		if !slices.Contains(v.Buildings, home) {
			return bot.Tell("V%d 是%s的投票，结果只给%s的住户看。", v.ID, scopeName(v.Buildings), scopeName(v.Buildings))
		}
	}
	t, err := h.votes.Tally(ctx, v.ID)
	if err != nil {
		return fmt.Errorf("tally vote %d: %w", v.ID, err)
	}
	t.Vote = v
	return r.Reply(ctx, resultsText(t, r.Now.Before(v.Deadline)))
}

// resultsText is a vote's count as residents read it.
func resultsText(t store.Tally, open bool) string {
	v := t.Vote
	head := fmt.Sprintf("【投票结果 V%d】%s", v.ID, v.Title)
	if open {
		head = fmt.Sprintf("V%d 目前票数（%s 截止）：%s", v.ID, bot.DayTime(v.Deadline), v.Title)
	}
	if open && v.Anonymous {
		return fmt.Sprintf("V%d（匿名）已有%d户投票。\n各选项的票数在截止（%s）后公布。", v.ID, t.Households, bot.DayTime(v.Deadline))
	}
	lines := []string{head}
	best := slices.Max(t.Counts)
	for i, o := range v.Options {
		mark := ""
		if !open && best > 0 && t.Counts[i] == best {
			mark = " ✔"
		}
		lines = append(lines, fmt.Sprintf("%d. %s：%d户%s", i+1, o, t.Counts[i], mark))
	}
	lines = append(lines, fmt.Sprintf("共%d户投票", t.Households))
	if v.Anonymous {
		lines[len(lines)-1] += "（匿名）"
	}
	return strings.Join(lines, "\n")
}
