package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"linli/bot"
	"linli/handlers"
	"linli/store"
)

// The panel's forms (设置菜单, 停餐 …) are chat commands given by the person
// logged in, as if sent privately from their own account: the same reader,
// permission checks, validation, replies and notifications as the chat, and
// the same audit — with no second implementation to drift from the first.
// They go through a router of their own whose replies are collected for the
// page instead of being sent to the person's chat.

// collected gathers the replies to one panel command, given in chat.
type collected struct {
	chat  bot.Chat
	mu    sync.Mutex
	texts []string
}

type collectKey struct{}

// panelSender is the panel router's Sender: a reply to the command goes to
// the request's collector, carried in the context of the request it
// answers; what the command says to others (the bookers of a meal just
// stopped) goes to their chats, as from the chat.
type panelSender struct{ others bot.Sender }

func (p panelSender) Send(ctx context.Context, chat bot.Chat, r bot.Reply) error {
	c, ok := ctx.Value(collectKey{}).(*collected)
	if !ok {
		return errors.New("panel: a reply outside a panel request")
	}
	if chat != c.chat {
		return p.others.Send(ctx, chat, r)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.texts = append(c.texts, r.Text)
	return nil
}

// newPanelRouter is the router of the panel's commands: the chat's routes
// and middleware, no deduplication (each command is one form post) and no
// flood budget (the panel is for staff).
func (a *app) newPanelRouter(read bot.ReadFunc, routes []bot.Route, mw []bot.Middleware) (*bot.Router, error) {
	return bot.NewRouter(bot.RouterConfig{
		Read: read, Directory: quietDirectory{h: a.handlers, anon: a.anon}, Out: panelSender{others: a.out},
		Now: a.now, Log: slog.New(quietLog{a.log.Handler()}), Middleware: mw,
	}, routes...)
}

// panelCommand runs text as a private command from a resident, given in
// the panel by a browser at from, and returns what the bot answered.
func (a *app) panelCommand(ctx context.Context, residentID uint, from, text string) (string, error) {
	return a.panelDeliver(ctx, residentID, from, text, nil)
}

// panelCommandAbout is panelCommand for a command about the account the
// panel picked (设置楼组长 @某人): it goes along as the message's @mention,
// as a platform names the account a person tapped.
func (a *app) panelCommandAbout(ctx context.Context, residentID uint, from, text string, about store.Resident) (string, error) {
	m := bot.User{Platform: about.Platform, ID: about.UserID, Name: about.Name}
	return a.panelDeliver(ctx, residentID, from, text, []bot.User{m})
}

func (a *app) panelDeliver(ctx context.Context, residentID uint, from, text string, mentions []bot.User) (string, error) {
	who, err := a.store.ResidentByID(ctx, residentID)
	if err != nil {
		return "", fmt.Errorf("panel command: %w", err)
	}
	u := bot.User{Platform: who.Platform, ID: who.UserID, Name: who.Name}
	c := &collected{chat: bot.PrivateChat(u)}
	ctx = context.WithValue(handlers.FromPanel(ctx, from), collectKey{}, c)
	a.panelRouter.Deliver(ctx, bot.Message{ID: "panel-" + rand.Text(), Chat: bot.PrivateChat(u), Sender: u, Text: text,
		Mentions: mentions, At: a.now()})
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.texts, "\n"), nil
}
