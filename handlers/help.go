package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"linli/bot"
)

func (h *Handlers) helpRoutes() []bot.Route {
	return []bot.Route{{
		Intent: bot.IntentHelp, Title: "看能做什么", Usage: "帮助", Example: "帮助",
		Handle: h.help, Reading: true,
	}}
}

// helpLines is the most a screen of 帮助 holds: what a phone shows without
// scrolling (PRODUCT.md, "How the bot talks").
const helpLines = bot.MaxLines

// helpFolds are residents' commands 帮助 shows on one line together, so
// that their screen fits: the lists of one's own things, and the activities
// with their sign-up.
func helpFolds() []struct {
	title   string
	intents []string
} {
	return []struct {
		title   string
		intents []string
	}{
		{"看活动、报名", []string{bot.IntentEvents, bot.IntentSignup}},
		{"查自己的", []string{bot.IntentMyMeals, bot.IntentMySignups, bot.IntentMySuggestions, bot.IntentMyInfo}},
	}
}

// headlines are, per role, the few commands its holder uses every week:
// 帮助 shows them first, and 帮助 管理 the rest. The lines themselves come
// from the routes, so they never go stale.
func headlines(c bot.Caller) []string {
	if c.IsAdmin() {
		return []string{bot.IntentListSuggestions, bot.IntentReplySuggestion, bot.IntentAnnounce, bot.IntentBindGroup,
			bot.IntentSetRole, bot.IntentVerifyElder, bot.IntentOffice}
	}
	var out []string
	for _, g := range [...]struct {
		role    string
		intents []string
	}{
		{bot.RoleBuildingHead, []string{bot.IntentNotice, bot.IntentCreateEvent, bot.IntentRoster, bot.IntentConfirmHousehold}},
		{bot.RoleLiaison, []string{bot.IntentRegisterElder}},
		{bot.RoleCanteenManager, []string{bot.IntentSetMenu, bot.IntentMealStats, bot.IntentStopMeals, bot.IntentExportMeals}},
	} {
		if c.Has(g.role) {
			out = append(out, g.intents...)
		}
	}
	return append(out, bot.IntentOffice)
}

// help lists the commands this person may use. A resident gets one screen
// of theirs; someone with a role gets their role's few commands first,
// 帮助 管理 [页] for the rest, and 帮助 居民 for the residents' screen.
// Every screen is at most helpLines lines.
func (h *Handlers) help(ctx context.Context, r *bot.Request) error {
	everyone, brief, duties := h.helpRoutesFor(r)
	switch {
	case len(duties) == 0 || r.Intent.Text == "居民":
		if r.Intent.Text == "管理" {
			return r.Reply(ctx, "「帮助 管理」是给楼组长、食堂和社区工作人员看的。\n您能用的命令请发：帮助")
		}
		return r.Reply(ctx, strings.Join(h.residentScreen(everyone, brief), "\n"))
	case r.Intent.Text == "管理" || r.Intent.Page > 0:
		return r.Reply(ctx, strings.Join(staffPage(h.restOfDuties(r.Caller, duties), max(r.Intent.Page, 1)), "\n"))
	}
	return r.Reply(ctx, strings.Join(h.staffScreen(r.Caller, duties), "\n"))
}

// helpRoutesFor sorts the routes this person may use into residents'
// (everyone), the rarely needed (brief, by example) and their duties.
func (h *Handlers) helpRoutesFor(r *bot.Request) (everyone []bot.Route, brief []string, duties []bot.Route) {
	for _, route := range r.Routes() {
		switch {
		case route.Intent == bot.IntentHelp || route.Unlisted || !r.Caller.May(route.Roles):
		case route.Brief:
			brief = append(brief, route.Example)
		case len(route.Roles) == 0:
			everyone = append(everyone, route)
		default:
			duties = append(duties, route)
		}
	}
	return everyone, brief, duties
}

func (h *Handlers) community() string {
	if h.cfg.Community == "" {
		return "邻里"
	}
	return h.cfg.Community
}

// helpLine is one command in 帮助.
func helpLine(route bot.Route) string { return "· " + route.Title + "：" + route.Usage }

// residentScreen is 帮助 for a resident: a line a command (folded where
// helpFolds says), the rarely needed by example, and how to read a usage.
func (h *Handlers) residentScreen(everyone []bot.Route, brief []string) []string {
	lines := []string{h.community() + "小助手，直接发下面的话就行："}
	for i, route := range everyone {
		line := helpLine(route)
		for _, f := range helpFolds() {
			if !slices.Contains(f.intents, route.Intent) {
				continue
			}
			// A fold's line stands where its last command would.
			var usages []string
			later := false
			for j, other := range everyone {
				if slices.Contains(f.intents, other.Intent) {
					usages, later = append(usages, other.Usage), j > i
				}
			}
			line = "· " + f.title + "：" + strings.Join(usages, "，")
			if later {
				line = ""
			}
		}
		if line != "" {
			lines = append(lines, line)
		}
	}
	if len(everyone) == 0 {
		lines = append(lines, "（暂时还没有可用的功能）")
	}
	if len(brief) > 0 {
		lines = append(lines, "其他："+strings.Join(brief, "、"))
	}
	return append(lines, "[ ] 里的可以不写，例如：订餐 明天 午餐 2份")
}

// staffScreen is 帮助 for someone with a role: their role's headline
// commands, 代 for those who act for households, where the rest are, and
// the residents' commands in one line.
func (h *Handlers) staffScreen(c bot.Caller, duties []bot.Route) []string {
	lines := []string{h.community() + "小助手。您常用的命令："}
	for _, route := range duties {
		if slices.Contains(headlines(c), route.Intent) {
			lines = append(lines, helpLine(route))
		}
	}
	if c.IsAdmin() || c.Has(bot.RoleBuildingHead) || c.Has(bot.RoleLiaison) {
		lines = append(lines, "· 替住户办事：代 <楼栋房号> 再写居民的命令，如：代 8号楼301 订餐 明天 午餐")
	}
	if n := len(h.restOfDuties(c, duties)); n > 0 {
		lines = append(lines, fmt.Sprintf("其余 %d 条管理命令：帮助 管理", n))
	}
	return append(lines, "居民的命令（菜单、订餐、报名、建议、登记…）：帮助 居民")
}

// restOfDuties are the duties the first screen does not show.
func (h *Handlers) restOfDuties(c bot.Caller, duties []bot.Route) []bot.Route {
	var rest []bot.Route
	for _, route := range duties {
		if !slices.Contains(headlines(c), route.Intent) {
			rest = append(rest, route)
		}
	}
	return rest
}

// staffPage is page p of 帮助 管理: a heading, the commands, and the next
// page's command or the way back, within helpLines.
func staffPage(rest []bot.Route, p int) []string {
	per := helpLines - 2
	pages := max((len(rest)+per-1)/per, 1)
	p = min(p, pages)
	head := "其余管理命令："
	if pages > 1 {
		head = fmt.Sprintf("其余管理命令（第%d/%d页）：", p, pages)
	}
	lines := []string{head}
	for _, route := range rest[min((p-1)*per, len(rest)):min(p*per, len(rest))] {
		lines = append(lines, helpLine(route))
	}
	if len(rest) == 0 {
		return []string{"您的管理命令都在「帮助」里了。"}
	}
	if p < pages {
		return append(lines, fmt.Sprintf("下一页请发：帮助 管理 %d", p+1))
	}
	return append(lines, "常用的命令请发：帮助")
}
