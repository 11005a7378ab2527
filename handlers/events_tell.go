package handlers

import (
	"context"
	"fmt"

	"linli/bot"
	"linli/store"
)

// tellMoves tells the people the waitlist moved: those confirmed, and
// those earlier in line who did not fit and keep waiting. The person whose
// command moved it (skip) has had their own reply.
func (h *Handlers) tellMoves(ctx context.Context, to bot.Sender, e store.Event, mv store.Moves, skip uint) {
	for _, su := range mv.Promoted {
		if su.ResidentID == skip {
			continue
		}
		h.tell(ctx, to, e, su, bot.Lines(
			fmt.Sprintf("好消息！「%s」有空位了，您的%d人已经报上。", e.Title, su.Party),
			"时间："+h.when(e), "地点："+e.Place,
			fmt.Sprintf("来不了请回复：取消报名 %d", e.ID)))
	}
	for _, w := range mv.Passed {
		if w.ResidentID == skip {
			continue
		}
		h.tell(ctx, to, e, w.Signup, bot.Lines(
			fmt.Sprintf("「%s」空出的名额不够您的%d人，先给了后面人数合适的邻居。", e.Title, w.Party),
			fmt.Sprintf("您仍是候补第%d位，再有空位会马上通知您。", w.Position)))
	}
}

// tell writes to one signed-up person privately; where the platform will
// not let the bot write to them (not a friend, blocked), it says it in the
// group they signed up in, or a group of the activity, with a mention.
func (h *Handlers) tell(ctx context.Context, to bot.Sender, e store.Event, su store.Signup, text string) {
	r := su.Resident
	if r.ID == 0 {
		var err error
		if r, err = h.people.ResidentByID(ctx, su.ResidentID); err != nil {
			h.log.Error("tell: resident unknown", "resident", su.ResidentID, "err", err)
			return
		}
	}
	user := userOf(r)
	var fallback *bot.Chat
	if group, ok := h.groupFor(ctx, e, su, r.Platform); ok {
		fallback = &group
	}
	h.tellPerson(ctx, to, user, fallback, text)
}

// groupFor is where to mention someone: the group they signed up in, else
// the first group of the activity's buildings on their platform.
func (h *Handlers) groupFor(ctx context.Context, e store.Event, su store.Signup, platform string) (bot.Chat, bool) {
	if su.ChatID != "" && su.ChatPlatform == platform {
		return bot.Chat{Platform: su.ChatPlatform, ID: su.ChatID, Group: true}, true
	}
	if len(e.Buildings) == 0 {
		if full, err := h.activities.Event(ctx, e.ID); err == nil {
			e = full
		}
	}
	groups, err := h.chats.GroupsOf(ctx, e.BuildingNames()...)
	if err != nil {
		return bot.Chat{}, false
	}
	for _, g := range groups {
		if g.Platform == platform {
			return bot.Chat{Platform: g.Platform, ID: g.ChatID, Title: g.Title, Group: true}, true
		}
	}
	return bot.Chat{}, false
}
