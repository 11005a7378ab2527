package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// Unanswered is how long a ticket may wait for a first answer before the
// weekly digest marks it.
const Unanswered = 72 * time.Hour

// SuggestionDigest sends every admin the open tickets, by category, oldest
// first, with those nobody has answered for more than three days marked.
// With nothing open it sends nothing: a weekly "all clear" is noise.
func (h *Handlers) SuggestionDigest(ctx context.Context, due time.Time) error {
	open, err := h.suggestions.Suggestions(ctx, store.SuggestionFilter{Statuses: store.OpenStatuses})
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	if len(open) == 0 {
		return nil
	}
	admins, err := h.AdminChats(ctx)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	text := h.digestText(open, due)
	for _, c := range admins {
		h.send(ctx, h.out, c, text)
	}
	return nil
}

// digestText is the digest: a count by building, then each category's
// tickets oldest first.
func (h *Handlers) digestText(open []store.Suggestion, due time.Time) string {
	late := 0
	byBuilding := map[string]int{}
	var buildings []string
	for _, sg := range open {
		if unanswered(sg, due) {
			late++
		}
		b := sg.Building
		if b == "" {
			b = "楼栋不详"
		}
		if byBuilding[b] == 0 {
			buildings = append(buildings, b)
		}
		byBuilding[b]++
	}
	counts := make([]string, 0, len(buildings))
	for _, b := range sortBuildings(buildings) {
		counts = append(counts, fmt.Sprintf("%s %d条", b, byBuilding[b]))
	}
	head := fmt.Sprintf("【每周建议汇总】%s，还有%d条建议没有办结", bot.Day(due.In(h.cfg.Location)), len(open))
	if late > 0 {
		head += fmt.Sprintf("，其中%d条超过3天没人答复（标★）", late)
	}
	lines := []string{head + "。", "按楼栋：" + strings.Join(counts, "，")}
	var items []string
	for _, cat := range Categories() {
		var these []string
		for _, sg := range open { // already oldest first
			if sg.Category == cat {
				these = append(these, h.digestLine(sg, due))
			}
		}
		if len(these) > 0 {
			items = append(items, fmt.Sprintf("〔%s %d条〕", cat, len(these)))
			items = append(items, these...)
		}
	}
	lines = append(lines, bot.Clip(items, 2*bot.MaxLines, "发「建议列表」看全部")...)
	lines = append(lines, "答复请发：回复 编号 内容")
	return strings.Join(lines, "\n")
}

// digestLine is one ticket: ★S3 8号楼 11月20日 待受理 车位被外来车占了
func (h *Handlers) digestLine(sg store.Suggestion, due time.Time) string {
	mark := ""
	if unanswered(sg, due) {
		mark = "★"
	}
	day := sg.CreatedAt.In(h.cfg.Location)
	parts := []string{mark + ticket(sg)}
	if sg.Building != "" {
		parts = append(parts, sg.Building)
	}
	parts = append(parts, monthDay(day), store.StatusTitle(sg.Status), clipText(sg.Text, 16))
	return strings.Join(parts, " ")
}

// unanswered reports whether nobody has answered a ticket in more than
// three days.
func unanswered(sg store.Suggestion, at time.Time) bool {
	return sg.AnsweredAt == nil && at.Sub(sg.CreatedAt) > Unanswered
}

// sortBuildings orders buildings by number (2号楼 before 10号楼), unknown last.
func sortBuildings(bs []string) []string {
	num := func(b string) int {
		n := 0
		for _, r := range b {
			if r < '0' || r > '9' {
				break
			}
			n = n*10 + int(r-'0')
		}
		if n == 0 {
			return 1 << 30
		}
		return n
	}
	out := append([]string(nil), bs...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && num(out[j]) < num(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// ExportSuggestions is `linli export suggestions`: tickets filed between
// q.From and q.To (community dates, inclusive). An anonymous ticket's name is
// empty; replies are what the community told the author, joined with " | ".
func ExportSuggestions(ctx context.Context, st store.Suggestions, q ExportQuery) (Table, error) {
	loc := q.location()
	f := store.SuggestionFilter{From: q.From, Buildings: q.Buildings}
	if !q.To.IsZero() {
		f.To = q.To.AddDate(0, 0, 1)
	}
	sgs, err := st.Suggestions(ctx, f)
	if err != nil {
		return Table{}, fmt.Errorf("export suggestions: %w", err)
	}
	t := newTable([]column{{"编号", "ticket", KindText}, {"提交时间", "created_at", KindDateTime},
		{"类别", "category", KindText}, {"楼栋", "building", KindText}, {"状态", "status", KindText},
		{"匿名", "anonymous", KindText}, {"姓名", "name", KindText}, {"内容", "text", KindText},
		{"回复", "replies", KindText}, {"办结时间", "resolved_at", KindDateTime}}, q)
	for _, sg := range sgs {
		anon, name := "否", ""
		if sg.Anonymous {
			anon = "是"
		} else if sg.Resident != nil {
			name = sg.Resident.Name
		}
		var replies []string
		for _, n := range sg.Notes {
			switch {
			case n.Kind == store.NoteReply:
				replies = append(replies, n.Text)
			case n.Kind != store.NoteCategory && n.Text != "":
				replies = append(replies, noteText(n))
			}
		}
		closed := ""
		if sg.ClosedAt != nil {
			closed = sg.ClosedAt.In(loc).Format("2006-01-02 15:04")
		}
		filed := sg.CreatedAt.In(loc).Format("2006-01-02 15:04")
		if sg.Anonymous {
			filed = sg.CreatedAt.In(loc).Format("2006-01-02") // kept to its day only
		}
		t.Rows = append(t.Rows, []string{ticket(sg), filed, sg.Category,
			sg.Building, store.StatusTitle(sg.Status), anon, name, sg.Text, strings.Join(replies, " | "), closed})
	}
	return t, nil
}
