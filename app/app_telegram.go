package app

import (
	"context"
	"log/slog"
	"slices"

	"linli/bot"
	"linli/bot/reader"
	"linli/bot/telegram"
	"linli/config"
)

// newTelegram builds the Telegram adapter from the configuration.
func newTelegram(cfg config.Config, log *slog.Logger) (*telegram.Adapter, error) {
	t := cfg.Telegram
	return telegram.New(telegram.Config{
		Token:      t.Token,
		APIServer:  t.APIServer,
		WebhookURL: t.WebhookURL,
		Listen:     t.Listen,
		Secret:     t.Secret,
		Pacing:     bot.Pacing{PerChat: t.PerChatInterval, GroupPerMinute: t.GroupPerMinute, PerSecond: t.PerSecond},
		Log:        log,
	})
}

// wireTelegram gives a Telegram adapter what it needs from the rest of the
// bot: where a group that became a supergroup moves, and the command menu.
func (a *app) wireTelegram(rd *reader.Reader) {
	for _, p := range a.platforms {
		tg, ok := p.(*telegram.Adapter)
		if !ok {
			continue
		}
		tg.OnMigrate = func(ctx context.Context, oldID, newID string) error {
			return a.store.MoveChat(ctx, bot.Telegram, oldID, newID)
		}
		tg.Commands = telegramCommands(rd.Commands(), a.handlers.Routes())
	}
}

// telegramCommands is the menu Telegram shows beside the text box: the
// residents' commands that are running, in the reader's order, each under
// its first slash name with the route's Chinese title and the word to type.
// Role commands stay out of it, so residents see only what they may use.
func telegramCommands(cmds []reader.Command, routes []bot.Route) []telegram.Command {
	var menu []telegram.Command
	for _, c := range cmds {
		i := slices.IndexFunc(routes, func(r bot.Route) bool { return r.Intent == c.Intent })
		if i < 0 || len(routes[i].Roles) > 0 || len(c.Slash) == 0 {
			continue
		}
		desc := routes[i].Title
		if len(c.Keywords) > 0 {
			desc += "（也可以直接发「" + c.Keywords[0] + "」）"
		}
		menu = append(menu, telegram.Command{Name: c.Slash[0], Description: desc})
	}
	return menu
}
