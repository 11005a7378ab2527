package handlers

import (
	"context"
	"fmt"
	"strings"

	"linli/bot"
	"linli/store"
)

// Identify records the sender and the chat of a message and returns the
// sender's roles: the router's Directory. What was recorded within the last
// minute under the same name and title is not written again (seenCache):
// every message would otherwise cost three writes.
func (h *Handlers) Identify(ctx context.Context, m bot.Message) (bot.Caller, error) {
	now := h.now()
	m.Sender.Name, m.Chat.Title = cut(m.Sender.Name, maxPersonName), cut(m.Chat.Title, maxChatTitle)
	rid, ok := h.seen.resident(m.Sender, now)
	if !ok {
		r, err := h.store.TouchResident(ctx, m.Sender.Platform, m.Sender.ID, m.Sender.Name)
		if err != nil {
			return bot.Caller{}, fmt.Errorf("record sender %s: %w", m.Sender.Key(), err)
		}
		rid = r.ID
		h.seen.sawResident(m.Sender, rid, now)
	}
	if m.Chat.Group {
		cid, ok := h.seen.chat(m.Chat, now)
		if !ok {
			c, err := h.store.TouchChat(ctx, m.Chat.Platform, m.Chat.ID, m.Chat.Title, true)
			if err != nil {
				return bot.Caller{}, fmt.Errorf("record chat %s: %w", m.Chat.Key(), err)
			}
			cid = c.ID
			h.seen.sawChat(m.Chat, cid, now)
		}
		if !h.seen.member(cid, rid, now) {
			if err := h.store.SawMember(ctx, cid, rid); err != nil {
				return bot.Caller{}, fmt.Errorf("record member: %w", err)
			}
			h.seen.sawMember(cid, rid, now)
		}
	}
	return h.caller(ctx, rid)
}

// ForgetChat makes the next message from chat record it again: the app
// calls it when the chat was marked unreachable, so that speaking there
// again reactivates it at once.
func (h *Handlers) ForgetChat(chat bot.Chat) { h.seen.forgetChat(chat) }

func (h *Handlers) caller(ctx context.Context, residentID uint) (bot.Caller, error) {
	roles, err := h.store.RolesOf(ctx, residentID)
	if err != nil {
		return bot.Caller{}, fmt.Errorf("roles of %d: %w", residentID, err)
	}
	c := bot.Caller{ResidentID: residentID}
	for _, r := range roles {
		c.Grants = append(c.Grants, bot.Grant{Role: r.Name, Building: r.Building})
	}
	return c, nil
}

// Bootstrap gives the configured admins and canteen managers their roles, so
// a new community has someone who may bind groups and give roles.
func (h *Handlers) Bootstrap(ctx context.Context) error {
	for _, set := range []struct {
		role     string
		accounts []string
	}{{bot.RoleAdmin, h.cfg.Admins}, {bot.RoleCanteenManager, h.cfg.CanteenManagers}} {
		for _, acct := range set.accounts {
			platform, user, ok := strings.Cut(acct, ":")
			if !ok || platform == "" || user == "" {
				return fmt.Errorf("account %q: want platform:user, such as telegram:123456", acct)
			}
			name := ""
			if platform == bot.Console || platform == bot.WeChat {
				name = user // these platforms know people by name
			}
			r, err := h.store.TouchResident(ctx, platform, user, name)
			if err != nil {
				return fmt.Errorf("bootstrap %s: %w", acct, err)
			}
			if err := h.store.Grant(ctx, r.ID, set.role, ""); err != nil {
				return fmt.Errorf("bootstrap %s: %w", acct, err)
			}
		}
	}
	return nil
}

// AdminChats lists the private chats of every admin, for alerts.
func (h *Handlers) AdminChats(ctx context.Context) ([]bot.Chat, error) {
	admins, err := h.store.HoldersOf(ctx, bot.RoleAdmin, "")
	if err != nil {
		return nil, err
	}
	chats := make([]bot.Chat, 0, len(admins))
	for _, a := range admins {
		chats = append(chats, privateChat(a))
	}
	return chats, nil
}

// userOf is a stored resident as the platforms know them.
func userOf(r store.Resident) bot.User {
	return bot.User{Platform: r.Platform, ID: r.UserID, Name: r.Name}
}

// privateChat is the private chat with a stored resident.
func privateChat(r store.Resident) bot.Chat {
	return bot.PrivateChat(userOf(r))
}
