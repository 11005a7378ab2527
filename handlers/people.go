package handlers

import (
	"context"
	"errors"
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
		r, err := h.people.TouchResident(ctx, m.Sender.Platform, m.Sender.ID, m.Sender.Name)
		if err != nil {
			return bot.Caller{}, fmt.Errorf("record sender %s: %w", m.Sender.Key(), err)
		}
		rid = r.ID
		if m.Sender.Handle != "" && m.Sender.Handle != r.Handle {
			if err := h.people.SawHandle(ctx, rid, m.Sender.Handle); err != nil {
				return bot.Caller{}, fmt.Errorf("record @%s: %w", m.Sender.Handle, err)
			}
		}
		h.seen.sawResident(m.Sender, rid, now)
	}
	if m.Chat.Group {
		cid, ok := h.seen.chat(m.Chat, now)
		if !ok {
			c, err := h.chats.TouchChat(ctx, m.Chat.Platform, m.Chat.ID, m.Chat.Title, true)
			if err != nil {
				return bot.Caller{}, fmt.Errorf("record chat %s: %w", m.Chat.Key(), err)
			}
			cid = c.ID
			h.seen.sawChat(m.Chat, cid, now)
		}
		if !h.seen.member(cid, rid, now) {
			if err := h.chats.SawMember(ctx, cid, rid); err != nil {
				return bot.Caller{}, fmt.Errorf("record member: %w", err)
			}
			h.seen.sawMember(cid, rid, now)
		}
	}
	if !m.Sender.Verified() {
		// A name anyone can take is granted nothing, whatever was
		// recorded under it: it acts for itself only.
		return bot.Caller{ResidentID: rid}, nil
	}
	return h.caller(ctx, rid)
}

// ForgetChat makes the next message from chat record it again: the app
// calls it when the chat was marked unreachable, so that speaking there
// again reactivates it at once.
func (h *Handlers) ForgetChat(chat bot.Chat) { h.seen.forgetChat(chat) }

func (h *Handlers) caller(ctx context.Context, residentID uint) (bot.Caller, error) {
	roles, err := h.roles.RolesOf(ctx, residentID)
	if err != nil {
		return bot.Caller{}, fmt.Errorf("roles of %d: %w", residentID, err)
	}
	c := bot.Caller{ResidentID: residentID}
	for _, r := range roles {
		c.Grants = append(c.Grants, bot.Grant{Role: r.Name, Building: r.Building})
	}
	return c, nil
}

// Bootstrap gives the configured admins and canteen managers their roles,
// so a new community has someone who may bind groups and give roles, and
// takes back a role the configuration gave to an account no longer listed.
// A WeChat account is a name anyone can take: it gets its role with a code
// from `linli code` (IssueConfigCode), never here.
func (h *Handlers) Bootstrap(ctx context.Context) error {
	listed := map[[2]string]bool{} // source, role
	for _, set := range h.configRoles() {
		for _, acct := range set.accounts {
			platform, user, ok := strings.Cut(acct, ":")
			if !ok || platform == "" || user == "" {
				return fmt.Errorf("account %q: want platform:user, such as telegram:123456", acct)
			}
			src := store.ConfigSource(acct)
			listed[[2]string{src, set.role}] = true
			if platform == bot.WeChat {
				continue
			}
			name := ""
			if platform == bot.Console {
				name = user // the console knows people by name
			}
			r, err := h.people.TouchResident(ctx, platform, user, name)
			if err != nil {
				return fmt.Errorf("bootstrap %s: %w", acct, err)
			}
			if _, err := h.roles.Grant(ctx, r.ID, set.role, "", src); err != nil {
				return fmt.Errorf("bootstrap %s: %w", acct, err)
			}
		}
	}
	return h.unlisted(ctx, listed)
}

type configRole struct {
	role     string
	accounts []string
}

func (h *Handlers) configRoles() []configRole {
	return []configRole{{bot.RoleAdmin, h.cfg.Admins}, {bot.RoleCanteenManager, h.cfg.CanteenManagers}}
}

// unlisted takes back the roles the configuration gave to accounts it no
// longer lists, and tells each person and the other admins.
func (h *Handlers) unlisted(ctx context.Context, listed map[[2]string]bool) error {
	roles, err := h.roles.ConfigRoles(ctx)
	if err != nil {
		return fmt.Errorf("roles from the configuration: %w", err)
	}
	for _, ro := range roles {
		if listed[[2]string{ro.Source, ro.Name}] {
			continue
		}
		if err := h.roles.Revoke(ctx, ro.ResidentID, ro.Name, ro.Building); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("take back %s of %s: %w", ro.Name, ro.Source, err)
		}
		account := strings.TrimPrefix(ro.Source, store.ConfigSource(""))
		title := bot.RoleTitle(ro.Name)
		h.log.Info("role taken back: no longer in the configuration", "account", account, "role", ro.Name)
		h.send(ctx, h.out, privateChat(ro.Resident), fmt.Sprintf("您的%s身份已取消（社区的配置里已没有您）。\n如有疑问请联系社区工作人员。", title))
		h.tellAdmins(ctx, h.out, fmt.Sprintf("%s（%s）已不在配置的%s名单里，身份已取消。", ro.Resident.Name, account, title))
	}
	return nil
}

// tellAdmins writes to every admin privately.
func (h *Handlers) tellAdmins(ctx context.Context, to bot.Sender, text string) {
	chats, err := h.AdminChats(ctx)
	if err != nil {
		h.log.Error("admins unknown", "err", err)
		return
	}
	for _, c := range chats {
		h.send(ctx, to, c, "【提醒】"+text)
	}
}

// AdminChats lists the private chats of every admin, for alerts.
func (h *Handlers) AdminChats(ctx context.Context) ([]bot.Chat, error) {
	admins, err := h.roles.HoldersOf(ctx, bot.RoleAdmin, "")
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
