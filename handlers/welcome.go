package handlers

import (
	"context"
	"fmt"

	"linli/bot"
)

// Welcome greets the people who just joined a group bound to a building:
// their name, the community's words (groups.welcome) and how to register,
// once per person however many groups they join. The router's Welcome.
func (h *Handlers) Welcome(ctx context.Context, m bot.Message) error {
	if h.cfg.Welcome == "" || h.welcomes == nil {
		return nil
	}
	c, err := h.chats.Chat(ctx, m.Chat.Platform, m.Chat.ID)
	if err != nil || c.Building == "" {
		return nil // a group not bound (or not seen yet) is nobody's to greet in
	}
	for _, u := range m.Joined {
		r, err := h.people.TouchResident(ctx, u.Platform, u.ID, cut(u.Name, maxPersonName))
		if err != nil {
			return fmt.Errorf("welcome %s: %w", u.Key(), err)
		}
		first, err := h.welcomes.FirstWelcome(ctx, r.ID, h.now())
		if err != nil {
			return fmt.Errorf("welcome %s: %w", u.Key(), err)
		}
		if !first {
			continue
		}
		joined := u
		text := bot.Lines(fmt.Sprintf("欢迎%s！", u.Name), h.cfg.Welcome,
			fmt.Sprintf("登记住户请发：登记 %s 房号（比如 登记 %s 301），发「帮助」看看能做什么。", c.Building, c.Building))
		if err := h.out.Send(ctx, m.Chat, bot.Reply{Text: text, Mention: &joined}); err != nil {
			h.log.Error("welcome not sent", "chat", m.Chat.Key(), "err", err)
		}
	}
	return nil
}
