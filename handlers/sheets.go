package handlers

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"linli/bot"
)

// SheetWriter writes a table as an xlsx file, its sheet named for kind
// ("meals", "signups", "suggestions") as `linli export` names it. It is
// the app's: package export is the only importer of the spreadsheet
// library, and handlers never import it.
type SheetWriter func(w io.Writer, kind string, t Table) error

// MaxSheet is the largest spreadsheet sent in a chat (Telegram takes 50
// MB from a bot, WeChat's web upload 25 MB in one go); a bigger one is
// asked for a shorter span, or taken with `linli export` on the server.
const MaxSheet = 10 << 20

// Sheets answers 导出订餐, 导出报名 and 导出建议 with the spreadsheet that
// `linli export` writes, the same columns in the same words, as a file in
// the chat: to the asker privately, and in a group the group hears one
// line. Who may take which is who may see those records in the chat.
type Sheets struct {
	h     *Handlers
	write SheetWriter
}

// Spreadsheets builds the export commands over the handlers' stores;
// write nil means they are off.
func (h *Handlers) Spreadsheets(write SheetWriter) *Sheets {
	return &Sheets{h: h, write: write}
}

// Routes are the export commands.
func (s *Sheets) Routes() []bot.Route {
	heads := []string{bot.RoleBuildingHead}
	return []bot.Route{
		{Intent: bot.IntentExportMeals, Title: "导出订餐表（Excel文件）", Usage: "导出订餐 [本月|上月|11月|11月1日到11月15日]",
			Example: "导出订餐 上月", Roles: []string{bot.RoleCanteenManager}, Handle: s.meals},
		{Intent: bot.IntentExportSignups, Title: "导出活动报名表（Excel文件）", Usage: "导出报名 活动编号",
			Example: "导出报名 3", Roles: heads, Handle: s.signups},
		{Intent: bot.IntentExportSuggestions, Title: "导出建议表（Excel文件）", Usage: "导出建议 [本月|上月|11月]",
			Example: "导出建议 上月", Roles: heads, Handle: s.suggestions},
	}
}

// meals is 导出订餐: the canteen's orders of the days asked (this month by
// default), with the subtotals and total `linli export meals` writes.
func (s *Sheets) meals(ctx context.Context, r *bot.Request) error {
	q, err := s.query(r)
	if err != nil {
		return err
	}
	t, err := ExportMeals(ctx, s.h.meals, q)
	if err != nil {
		return err
	}
	span := spanText(q.From, q.To)
	if len(t.Rows) == 0 {
		return r.Reply(ctx, span+"没有订餐记录。")
	}
	name := "订餐-" + spanName(q.From, q.To) + ".xlsx"
	return s.send(ctx, r, "meals", t, name, mealsCaption(span, t), "订餐表")
}

// mealsCaption says what a meals sheet holds: 2026年11月的订餐表：订单2条，共3份。
func mealsCaption(span string, t Table) string {
	booked, cancelled, portions := 0, 0, 0
	for _, row := range t.Rows {
		if row[12] != "已预订" {
			cancelled++
			continue
		}
		booked++
		n, _ := strconv.Atoi(row[8])
		portions += n
	}
	text := fmt.Sprintf("%s的订餐表：订单%d条，共%d份。", span, booked, portions)
	if cancelled > 0 {
		text += fmt.Sprintf("另有已取消的%d条，也在表里。", cancelled)
	}
	return text
}

// signups is 导出报名 N: an activity's sign-ups, waitlist and
// cancellations, for whoever may manage it (its organiser, the heads of
// its buildings, admins).
func (s *Sheets) signups(ctx context.Context, r *bot.Request) error {
	e, err := s.h.managed(ctx, r)
	if err != nil {
		return err
	}
	q, err := s.query(r)
	if err != nil {
		return err
	}
	q.Event = int(e.ID)
	t, err := ExportSignups(ctx, s.h.activities, q)
	if err != nil {
		return err
	}
	if len(t.Rows) == 0 {
		return r.Reply(ctx, fmt.Sprintf("%d号活动「%s」还没有人报名。", e.ID, e.Title))
	}
	name := fmt.Sprintf("报名-%d号活动.xlsx", e.ID)
	people := map[string]int{}
	for _, row := range t.Rows {
		n, _ := strconv.Atoi(row[10])
		people[row[11]] += n
	}
	caption := fmt.Sprintf("%d号活动「%s」的报名表：已报名%d人", e.ID, e.Title, people["已报名"])
	if people["候补"] > 0 {
		caption += fmt.Sprintf("，候补%d人", people["候补"])
	}
	return s.send(ctx, r, "signups", t, name, caption+"。", "报名表")
}

// suggestions is 导出建议: the tickets filed in the days asked (all by
// default), a building head's of their buildings only. Anonymous tickets
// stay as `linli export suggestions` writes them: no name, their day only.
func (s *Sheets) suggestions(ctx context.Context, r *bot.Request) error {
	q, err := s.query(r)
	if err != nil {
		return err
	}
	if !r.Caller.IsAdmin() {
		if q.Buildings = r.Caller.Buildings(); len(q.Buildings) == 0 {
			return bot.Tell("您还没有负责的楼栋，导不出建议表。请联系社区工作人员。")
		}
	}
	t, err := ExportSuggestions(ctx, s.h.suggestions, q)
	if err != nil {
		return err
	}
	span := spanText(q.From, q.To) + "的"
	if q.From.IsZero() {
		span = "全部"
	}
	if len(t.Rows) == 0 {
		return r.Reply(ctx, "没有"+span+"居民建议。")
	}
	name := "建议-" + spanName(q.From, q.To) + ".xlsx"
	return s.send(ctx, r, "suggestions", t, name, fmt.Sprintf("%s居民建议，共%d条。", span, len(t.Rows)), "建议表")
}

// query is the export's query for the days the reader read.
func (s *Sheets) query(r *bot.Request) (ExportQuery, error) {
	if s.write == nil {
		return ExportQuery{}, bot.Tell("在聊天里导出表格没有开通。请联系管理员。")
	}
	q := ExportQuery{Location: s.h.cfg.Location, Now: r.Now}
	for _, d := range []struct {
		v   string
		dst *time.Time
	}{{r.Intent.From, &q.From}, {r.Intent.To, &q.To}} {
		if d.v == "" {
			continue
		}
		t, err := s.h.day(d.v)
		if err != nil {
			return q, fmt.Errorf("export day %q: %w", d.v, err)
		}
		*d.dst = t
	}
	return q, nil
}

// send writes the table and sends it as the answer (privately, see
// Handlers.privately); what names it for the group's one line.
func (s *Sheets) send(ctx context.Context, r *bot.Request, kind string, t Table, name, caption, what string) error {
	var b bytes.Buffer
	if err := s.write(&b, kind, t); err != nil {
		return fmt.Errorf("write the %s spreadsheet: %w", kind, err)
	}
	if b.Len() > MaxSheet {
		return bot.Tell("表格太大了（%d条，约%dMB），在聊天里发不了。请缩短日期再导出，如：11月1日到11月15日；或请管理员在服务器上用 linli export 导出。",
			len(t.Rows), b.Len()>>20)
	}
	file := &bot.File{Name: name, Data: b.Bytes()}
	again := r.Msg.Text
	if len([]rune(again)) > 40 {
		again = r.Route.Example
	}
	return s.h.privately(ctx, r, what+"里有住户信息", again, bot.Reply{Text: caption + "\n请用 Excel 或 WPS 打开。", File: file})
}

// spanText is the days of an export as residents write them: 2026年11月,
// 2026年11月1日至11月15日, or 全部.
func spanText(from, to time.Time) string {
	switch {
	case from.IsZero() && to.IsZero():
		return "全部"
	case from.Day() == 1 && to.Equal(from.AddDate(0, 1, -1)):
		return from.Format("2006年1月")
	case from.Equal(to):
		return from.Format("2006年1月2日")
	case from.Year() == to.Year():
		return from.Format("2006年1月2日") + "至" + to.Format("1月2日")
	}
	return from.Format("2006年1月2日") + "至" + to.Format("2006年1月2日")
}

// spanName is the days of an export in a file name: 2026-11,
// 2026-11-01至2026-11-15, or 全部.
func spanName(from, to time.Time) string {
	switch {
	case from.IsZero() && to.IsZero():
		return "全部"
	case from.Day() == 1 && to.Equal(from.AddDate(0, 1, -1)):
		return from.Format("2006-01")
	case from.Equal(to):
		return from.Format("2006-01-02")
	}
	return from.Format("2006-01-02") + "至" + to.Format("2006-01-02")
}
