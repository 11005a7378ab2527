package handlers

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"linli/bot"
	"linli/store"
)

// settlementHeader is the fixed column order of `linli export settlement`
// (and of the panel's 月报 download): section is tier, building or person.
func settlementHeader() []string {
	return []string{"section", "building", "room", "name", "tier", "portions", "paid", "standard", "subsidy"}
}

// ExportSettlement shapes the canteen's settlement (月报) between the
// query's dates: each price tier, each building's tiers, each verified
// elder or worker, and the totals; booked orders only.
func ExportSettlement(ctx context.Context, st store.Meals, q ExportQuery) (Table, error) {
	oq := store.OrderQuery{BookedOnly: true}
	if !q.From.IsZero() {
		oq.From = q.From.Format("2006-01-02")
	}
	if !q.To.IsZero() {
		oq.To = q.To.Format("2006-01-02")
	}
	orders, err := st.Orders(ctx, oq)
	if err != nil {
		return Table{}, fmt.Errorf("export settlement: %w", err)
	}
	s := store.Settle(orders)
	t := Table{Header: settlementHeader()}
	row := func(section string, l store.SettlementLine) []string {
		return []string{section, l.Building, l.Room, l.Name, l.Tier, strconv.Itoa(l.Portions),
			yuan2(l.Paid), yuan2(l.Standard), yuan2(l.Subsidy())}
	}
	for _, l := range s.Tiers {
		t.Rows = append(t.Rows, row("tier", l))
	}
	for _, l := range s.Buildings {
		t.Rows = append(t.Rows, row("building", l))
	}
	for _, l := range s.People {
		t.Rows = append(t.Rows, row("person", l))
	}
	t.Totals = row("total", s.Total)
	return t, nil
}

// LastMonth is the community's previous calendar month at t: its first
// and last day, as midnights in loc.
func LastMonth(t time.Time, loc *time.Location) (from, to time.Time) {
	t = t.In(loc)
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
	return first.AddDate(0, -1, 0), first.AddDate(0, 0, -1)
}

// PushMonthlyReport sends last month's settlement summary to every canteen
// manager and admin privately: the job schedule.monthly_report (the 1st).
// The details per person are on the panel's 月报 page and its download.
func (h *Handlers) PushMonthlyReport(ctx context.Context, due time.Time) error {
	from, to := LastMonth(due, h.cfg.Location)
	orders, err := h.meals.Orders(ctx, store.OrderQuery{From: from.Format("2006-01-02"), To: to.Format("2006-01-02"), BookedOnly: true})
	if err != nil {
		return fmt.Errorf("monthly report: %w", err)
	}
	text := monthlyText(from, store.Settle(orders))
	seen := map[uint]bool{}
	for _, role := range []string{bot.RoleCanteenManager, bot.RoleAdmin} {
		holders, err := h.roles.HoldersOf(ctx, role, "")
		if err != nil {
			return err
		}
		for _, p := range holders {
			if !seen[p.ID] {
				seen[p.ID] = true
				h.send(ctx, h.out, privateChat(p), text)
			}
		}
	}
	return nil
}

// monthlyText is the pushed summary: the whole, each tier, each building.
func monthlyText(month time.Time, s store.Settlement) string {
	title := fmt.Sprintf("【%d年%d月食堂月报】", month.Year(), month.Month())
	if s.Total.Portions == 0 {
		return bot.Lines(title, "这个月没有订餐。")
	}
	lines := []string{title, fmt.Sprintf("共 %d份，实收 %s，按标准价 %s，补贴 %s",
		s.Total.Portions, bot.Yuan(s.Total.Paid), bot.Yuan(s.Total.Standard), bot.Yuan(s.Total.Subsidy()))}
	for _, l := range s.Tiers {
		lines = append(lines, settlementLine(tierName(l.Tier), l))
	}
	var places []string
	for _, l := range s.Buildings {
		where := l.Building
		if where == "" {
			where = "未登记"
		}
		places = append(places, settlementLine(where+" "+tierName(l.Tier), l))
	}
	lines = append(lines, "按楼栋：")
	lines = append(lines, bot.Clip(places, bot.MaxLines-len(lines)-1, "各楼栋的全部数字在网页「月报」里")...)
	return bot.Lines(append(lines, "每位长者、爱心餐的明细：私聊我发「后台」，在网页「月报」里看或下载表格。")...)
}

func settlementLine(what string, l store.SettlementLine) string {
	s := fmt.Sprintf("%s %d份 实收 %s", what, l.Portions, bot.Yuan(l.Paid))
	if l.Subsidy() != 0 {
		s += "，补贴 " + bot.Yuan(l.Subsidy())
	}
	return s
}
