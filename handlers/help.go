package handlers

import (
	"context"
	"strings"

	"linli/bot"
)

func (h *Handlers) helpRoutes() []bot.Route {
	return []bot.Route{{
		Intent: bot.IntentHelp, Title: "看能做什么", Usage: "帮助", Example: "帮助",
		Handle: h.help, Reading: true,
	}}
}

// help lists the commands this person may use, residents' first, then those
// of their roles, in registration order: generated, so it never goes stale.
func (h *Handlers) help(ctx context.Context, r *bot.Request) error {
	var everyone, duties, brief []string
	for _, route := range r.Routes() {
		if route.Intent == bot.IntentHelp || route.Unlisted || !r.Caller.May(route.Roles) {
			continue
		}
		if route.Brief {
			brief = append(brief, route.Example)
			continue
		}
		line := "· " + route.Title + "：" + route.Usage
		if len(route.Roles) == 0 {
			everyone = append(everyone, line)
		} else {
			duties = append(duties, line)
		}
	}
	name := h.cfg.Community
	if name == "" {
		name = "邻里"
	}
	lines := []string{name + "小助手，直接发下面的话就行："}
	lines = append(lines, everyone...)
	if len(duties) > 0 {
		lines = append(lines, "您的管理命令：")
		lines = append(lines, duties...)
	}
	if len(everyone)+len(duties) == 0 {
		lines = append(lines, "（暂时还没有可用的功能）")
	}
	if len(brief) > 0 {
		lines = append(lines, "其他："+strings.Join(brief, "、"))
	}
	lines = append(lines, "[ ] 里的可以不写，例如：订餐 明天 午餐 2份")
	return r.Reply(ctx, strings.Join(lines, "\n"))
}
