package handlers

import (
	"context"
	"fmt"

	"linli/bot"
)

// Guard is the router's middleware for who a sender is: it runs after the
// permission check, before every handler. Two accounts showing one
// unverified name get only what anyone may read (the admins are told once
// per name), and an account known only by its name cannot join a
// household or take a role.
func (h *Handlers) Guard(next bot.HandlerFunc) bot.HandlerFunc {
	return func(ctx context.Context, r *bot.Request) error {
		u := r.Msg.Sender
		switch {
		case u.Namesake && !r.Route.Reading:
			h.namesakeSeen(ctx, r)
			return bot.Tell("现在有两位都用「%s」这个名字，我分不清是哪一位，这件事先不办。\n请把群昵称改成带门牌的（比如：%s 502），或者加我为好友、私聊我说一句话，再发一次。", u.Name, u.Name)
		case !u.Verified() && needsVerified(r.Intent.Name):
			return bot.Tell("登记住户、确认身份要先让我认准您（谁都能改成别人的名字）。\n请加本账号为好友，私聊我说一句话，然后在私聊里再发一次。")
		}
		return next(ctx, r)
	}
}

// needsVerified are the commands that tie an account to others: a
// household (its orders and sign-ups) or a role.
func needsVerified(intent string) bool {
	return intent == bot.IntentRegister || intent == bot.IntentRedeemCode
}

// namesakeSeen tells the admins, once per name while the process runs,
// that two accounts share it.
func (h *Handlers) namesakeSeen(ctx context.Context, r *bot.Request) {
	name := r.Msg.Sender.Name
	if _, told := h.namesakes.LoadOrStore(r.Msg.Sender.Key(), true); told {
		return
	}
	where := "私聊"
	if r.Msg.Chat.Group {
		where = "群「" + r.Msg.Chat.Title + "」"
	}
	h.tellAdmins(ctx, r, fmt.Sprintf("%s里有两个人都叫「%s」，我分不清，已请他们改群昵称（比如加上门牌）或加我为好友。在那之前他们只能看菜单、活动和帮助。", where, name))
}
