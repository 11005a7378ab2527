package handlers

import (
	"context"
	"fmt"
	"strings"

	"linli/bot"
	"linli/store"
)

// bareCancels are what people say to call something off without saying
// what: 取消, 不要了, 算了. The reader leaves them unread (they name no
// order and no activity); the person's open orders and sign-ups decide
// what to ask.
func bareCancel(text string) bool {
	t := strings.TrimRight(strings.TrimSpace(text), "。！!，,～~ 吧啦了呀啊")
	switch t {
	case "取消", "不要", "算", "退掉", "取消掉", "不去", "不吃":
		return true
	}
	return false
}

// Unknown is the router's hook for addressed messages the reader could not
// read: a bare 取消 asks which of the person's open orders and sign-ups is
// meant — never guesses — and anything else gets the router's hint.
func (h *Handlers) Unknown(ctx context.Context, r *bot.Request) (bool, error) {
	if !bareCancel(r.Msg.Text) {
		return false, nil
	}
	orders, err := h.meals.OrdersOfHousehold(ctx, r.Caller.ResidentID, h.today(r.Now).Format("2006-01-02"))
	if err != nil {
		return false, fmt.Errorf("orders of %d: %w", r.Caller.ResidentID, err)
	}
	signups, err := h.signups.SignupsOf(ctx, r.Caller.ResidentID, r.Now)
	if err != nil {
		return false, fmt.Errorf("signups of %d: %w", r.Caller.ResidentID, err)
	}
	choices := h.cancellable(r, orders, signups)
	switch len(choices) {
	case 0:
		return true, r.Reply(ctx, "您现在没有可以取消的订餐或报名。\n发「我的订餐」「我的报名」看看。")
	case 1: // nothing to choose from: asked to confirm, and 是 is all it takes
		return true, r.Ask(ctx, choices[0].intent, choices[0].what)
	}
	lines := []string{"您要取消哪一个？"}
	var buttons []bot.Button
	for _, c := range choices {
		lines = append(lines, c.line)
		buttons = append(buttons, c.button)
	}
	lines = append(lines, "请回复上面的一行，如："+buttons[0].Command)
	return true, r.Reply(ctx, bot.Lines(lines...), buttons...)
}

// cancelChoice is one thing a bare 取消 may mean: its line in the list,
// its button, what carries it out, and how a question names it.
type cancelChoice struct {
	line   string
	button bot.Button
	intent bot.Intent
	what   string
}

// cancellable lists the caller's own orders before their cut-off and
// sign-ups.
func (h *Handlers) cancellable(r *bot.Request, orders []store.OrderLine, signups []store.Signup) []cancelChoice {
	var out []cancelChoice
	for _, l := range orders {
		if l.ResidentID != r.Caller.ResidentID || !r.Now.Before(l.Cutoff) {
			continue
		}
		no, meal := orderNo(l.ID), h.mealName(l.Date, l.Meal, r.Now)
		cmd := "取消订餐 " + no
		out = append(out, cancelChoice{line: fmt.Sprintf("订餐 %s %s %d份：%s", no, meal, l.Quantity, cmd),
			button: bot.Button{Label: "取消 " + no, Command: cmd}, intent: bot.Intent{Name: bot.IntentCancelMeal, Order: no},
			what: fmt.Sprintf("取消 %s %d份（订单 %s）", meal, l.Quantity, no)})
	}
	for _, su := range signups {
		if su.ResidentID != r.Caller.ResidentID {
			continue
		}
		cmd := fmt.Sprintf("取消报名 %d", su.EventID)
		out = append(out, cancelChoice{line: fmt.Sprintf("报名 %d号 %s：%s", su.EventID, su.Event.Title, cmd),
			button: bot.Button{Label: fmt.Sprintf("取消报名 %d", su.EventID), Command: cmd},
			intent: bot.Intent{Name: bot.IntentCancelSignup, Event: int(su.EventID)},
			what:   fmt.Sprintf("取消「%s」的报名（%d号活动）", su.Event.Title, su.EventID)})
	}
	return out
}
