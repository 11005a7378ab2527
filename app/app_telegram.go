package app

import (
	"slices"

	"linli/bot"
	"linli/bot/reader"
	"linli/bot/telegram"
)

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
