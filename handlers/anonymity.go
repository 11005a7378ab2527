package handlers

import (
	"context"
	"errors"
	"fmt"

	"linli/bot"
	"linli/store"
)

// IdentifyQuietly is Identify for an anonymous command (匿名建议): it finds
// the sender's account and roles but records nothing — not when the account,
// the group or the membership was last seen, not an account never seen
// before. Each of those would date the anonymous ticket to the second and
// put its author's name beside it. A sender the bot has never seen is a
// caller without an account (ResidentID 0), who may do what anyone may.
func (h *Handlers) IdentifyQuietly(ctx context.Context, m bot.Message) (bot.Caller, error) {
	r, err := h.people.Resident(ctx, m.Sender.Platform, m.Sender.ID)
	if errors.Is(err, store.ErrNotFound) {
		return bot.Caller{}, nil
	}
	if err != nil {
		return bot.Caller{}, fmt.Errorf("find sender: %w", err)
	}
	if !m.Sender.Verified() {
		return bot.Caller{ResidentID: r.ID}, nil // as Identify: a name is granted nothing
	}
	return h.caller(ctx, r.ID)
}
