package handlers

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"linli/bot"
	"linli/store"
)

// listSuggestions is 建议列表 [状态|类别|楼栋] for staff, or 建议列表 S12 for
// one ticket in full. Building heads see their own buildings' tickets.
// Both name residents and their problems: asked in a group, they go to the
// asker privately (answerPrivately).
func (h *Handlers) listSuggestions(ctx context.Context, r *bot.Request) error {
	words := strings.Fields(r.Intent.Text)
	if id, ok := ticketID(strings.Join(words, "")); ok && len(words) == 1 {
		r.Intent.Ticket = fmt.Sprintf("S%d", id)
		return h.showSuggestion(ctx, r)
	}
	f, status, err := listFilter(r, words)
	if err != nil {
		return err
	}
	sgs, err := h.suggestions.Suggestions(ctx, f)
	if err != nil {
		return fmt.Errorf("list suggestions: %w", err)
	}
	about := append([]string(nil), f.Buildings...)
	if f.Category != "" {
		about = append(about, f.Category+"类")
	}
	if status != "全部" {
		status += "的" // 未办结的建议, but 全部建议
	}
	title := strings.Join(append(about, status+"建议"), " ")
	if len(sgs) == 0 {
		return r.Reply(ctx, "没有"+title+"。")
	}
	lines := []string{fmt.Sprintf("%s，共%d条：", title, len(sgs))}
	for _, sg := range sgs {
		lines = append(lines, h.listLine(sg))
	}
	lines = bot.Clip(lines, bot.MaxLines, "加上类别或楼栋来缩小范围，如：建议列表 停车")
	lines = append(lines, "看全文发「建议列表 编号」，如：建议列表 "+ticket(sgs[0]))
	return h.answerPrivately(ctx, r, "建议里有居民的名字和问题", strings.TrimSpace("建议列表 "+r.Intent.Text), strings.Join(lines, "\n"))
}

// listFilter reads 建议列表's words: a status, a category, a building, in
// any order; building heads are kept to their buildings. status names the
// statuses chosen, for the list's title.
func listFilter(r *bot.Request, words []string) (store.SuggestionFilter, string, error) {
	f := store.SuggestionFilter{Statuses: store.OpenStatuses}
	status := "未办结"
	for _, w := range words {
		if statuses, ok := statusWords()[w]; ok {
			f.Statuses, status = statuses, w
			f.NewestFirst = !slices.Equal(statuses, store.OpenStatuses)
			if statuses == nil {
				status = "全部"
			}
		} else if isCategory(w) {
			f.Category = w
		} else if b, ok := buildingWord(w); ok {
			if !r.Caller.HeadOf(b) {
				return f, "", bot.Tell("您只能看%s的建议。", strings.Join(r.Caller.Buildings(), "、"))
			}
			f.Buildings = []string{b}
		} else {
			return f, "", bot.Misuse("看不懂「%s」。可以按状态（待受理、处理中、已办结、全部）、类别（%s）或楼栋（8号楼）来看。",
				w, strings.Join(Categories(), "、"))
		}
	}
	if len(f.Buildings) == 0 && !r.Caller.IsAdmin() {
		f.Buildings = r.Caller.Buildings()
	}
	return f, status, nil
}

// listLine is one ticket in a list: S3 待受理 设施 8号楼 11月24日 张阿姨：楼道灯坏了
func (h *Handlers) listLine(sg store.Suggestion) string {
	parts := []string{ticket(sg), store.StatusTitle(sg.Status), sg.Category}
	if sg.Building != "" {
		parts = append(parts, sg.Building)
	}
	day := sg.CreatedAt.In(h.cfg.Location)
	parts = append(parts, monthDay(day))
	return strings.Join(parts, " ") + " " + authorName(sg) + "：" + clipText(sg.Text, 16)
}

// authorName is how staff see the author: a name, or 匿名.
func authorName(sg store.Suggestion) string {
	switch {
	case sg.Anonymous:
		return "匿名"
	case sg.Resident == nil:
		return "（已不在名单）"
	}
	return sg.Resident.Name
}

// showSuggestion shows one ticket in full with everything done about it.
func (h *Handlers) showSuggestion(ctx context.Context, r *bot.Request) error {
	sg, err := h.staffTicket(ctx, r)
	if err != nil {
		return err
	}
	who := authorName(sg)
	if !sg.Anonymous && sg.Resident != nil && sg.Resident.Household != nil {
		who += "（" + sg.Resident.Household.Building + sg.Resident.Household.Room + "）"
	}
	place := sg.Building
	if place == "" {
		place = "楼栋不详"
	}
	// An anonymous ticket is kept to its day only: a time would be 00:00.
	filed := bot.DayTime(sg.CreatedAt.In(h.cfg.Location))
	if sg.Anonymous {
		filed = bot.Day(sg.CreatedAt.In(h.cfg.Location))
	}
	lines := []string{
		fmt.Sprintf("%s %s · %s · %s", ticket(sg), store.StatusTitle(sg.Status), sg.Category, place),
		sg.Text,
		"提建议：" + who + "，" + filed,
	}
	if n := len(sg.AttachmentList()); n > 0 {
		lines = append(lines, fmt.Sprintf("附照片%d张", n))
	}
	for _, n := range sg.Notes {
		by := ""
		if n.By != nil {
			by = n.By.Name + " "
		}
		what := noteText(n)
		switch {
		case n.Kind == store.NoteCategory:
			what = "改类别：" + n.Text
		case n.Text == "":
			what = store.StatusTitle(n.Kind)
		}
		lines = append(lines, bot.DayTime(n.CreatedAt.In(h.cfg.Location))+" "+by+what)
	}
	if sg.Open() {
		lines = append(lines, fmt.Sprintf("答复请发：回复 %s 内容；办完发：办结 %s", ticket(sg), ticket(sg)))
	}
	return h.answerPrivately(ctx, r, "建议里有居民的名字和问题", "建议列表 "+ticket(sg), strings.Join(lines, "\n"))
}

// ticketID reads a ticket number as typed (S12, s12, Ｓ１２) as 12.
func ticketID(s string) (uint, bool) {
	s = strings.ToUpper(strings.Replace(strings.Replace(normDigits(s), "Ｓ", "S", 1), "ｓ", "S", 1))
	digits, ok := strings.CutPrefix(s, "S")
	n, err := strconv.Atoi(digits)
	return uint(n), ok && err == nil && n > 0 && len(digits) <= 9
}
