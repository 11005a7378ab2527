package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/store"
)

// 楼组众筹: a building's shared money in the open. The head of the building
// (or an admin) starts a fund and records the money received and spent;
// any registered household pledges; anyone reads the ledger. Entries are
// never changed (store.Funds): a correction is a new entry with a minus.

const maxFundTitle = 40

func (h *Handlers) fundRoutes() []bot.Route {
	if h.funds == nil {
		return nil
	}
	heads := []string{bot.RoleBuildingHead}
	return []bot.Route{
		{Intent: bot.IntentPledge, Title: "认捐楼组众筹", Usage: "认捐 <众筹编号> <金额（元）>", Example: "认捐 C1 50", Handle: h.pledge, Brief: true},
		{Intent: bot.IntentFundLedger, Title: "看众筹账目", Usage: "众筹 <众筹编号>", Example: "众筹 C1", Handle: h.fundLedger, Brief: true},
		{Intent: bot.IntentCreateFund, Title: "发起楼组众筹", Usage: "发起众筹 <做什么> [目标 <金额>]", Example: "发起众筹 楼道绿植 目标 600",
			Roles: heads, Handle: h.createFund},
		{Intent: bot.IntentFundReceived, Title: "记众筹收款", Usage: "收款 <众筹编号> <楼栋房号> <金额> [备注]", Example: "收款 C1 8号楼301 50",
			Roles: heads, Handle: h.fundReceived},
		{Intent: bot.IntentFundSpent, Title: "记众筹支出", Usage: "支出 <众筹编号> <金额> <用途>", Example: "支出 C1 120 买绿植",
			Roles: heads, Handle: h.fundSpent},
	}
}

// fundBuilding is the building a head's fund is for: the group's, when she
// heads it, else the first she heads; an admin's, the group's.
func (h *Handlers) fundBuilding(ctx context.Context, r *bot.Request) (string, error) {
	scope, err := h.noticeScope(ctx, r)
	if err != nil {
		return "", err
	}
	if r.Msg.Chat.Group {
		c, err := h.chats.Chat(ctx, r.Msg.Chat.Platform, r.Msg.Chat.ID)
		if err == nil && c.Building != "" && c.Building != store.AllBuildings && r.Caller.HeadOf(c.Building) {
			return c.Building, nil
		}
	}
	if scope[0] == store.AllBuildings {
		return "", bot.Tell("众筹是一栋楼的，请在那栋楼的群里发起。")
	}
	return scope[0], nil
}

func (h *Handlers) createFund(ctx context.Context, r *bot.Request) error {
	in := r.Intent
	if utf8.RuneCountInString(in.Title) > maxFundTitle {
		return bot.Tell("众筹的名称请控制在%d字以内。", maxFundTitle)
	}
	building, err := h.fundBuilding(ctx, r)
	if err != nil {
		return err
	}
	f, err := h.funds.CreateFund(ctx, store.Fund{Title: in.Title, Building: building, TargetFen: in.Fen,
		AuthorID: r.Caller.ResidentID, AuthorName: r.Msg.Sender.Name})
	if err != nil {
		return fmt.Errorf("create fund: %w", err)
	}
	target := ""
	if f.TargetFen > 0 {
		target = "，目标 " + bot.Yuan(f.TargetFen)
	}
	text := fmt.Sprintf("【%s众筹 C%d】%s%s\n认捐请回复：认捐 C%d 金额，如：认捐 C%d 50\n钱交给楼组长，收款和每笔支出都记账，随时看：众筹 C%d\n—— %s",
		building, f.ID, f.Title, target, f.ID, f.ID, f.ID, f.AuthorName)
	n, err := h.broadcast(ctx, r, []string{building}, text)
	if err != nil {
		return err
	}
	return r.Reply(ctx, fmt.Sprintf("已发起众筹 C%d「%s」，%s\n记收款：收款 C%d 8号楼301 50\n记支出：支出 C%d 120 买绿植",
		f.ID, f.Title, sentTo([]string{building}, n), f.ID, f.ID))
}

// fund finds C-number n.
func (h *Handlers) fund(ctx context.Context, n int) (store.Fund, error) {
	f, err := h.funds.FundByID(ctx, uint(n))
	if errors.Is(err, store.ErrNotFound) {
		return f, bot.Tell("没有 C%d 这个众筹。", n)
	}
	if err != nil {
		return f, fmt.Errorf("fund %d: %w", n, err)
	}
	return f, nil
}

func (h *Handlers) pledge(ctx context.Context, r *bot.Request) error {
	f, err := h.fund(ctx, r.Intent.Fund)
	if err != nil {
		return err
	}
	if !r.Msg.Sender.Verified() {
		return bot.Tell("认捐按户记，要先让我认准您：请加本账号为好友，私聊我再发一次。")
	}
	me, err := h.people.ResidentByID(ctx, r.Caller.ResidentID)
	if err != nil {
		return fmt.Errorf("resident %d: %w", r.Caller.ResidentID, err)
	}
	if me.Household == nil {
		return bot.Tell("认捐按户记，请先登记您家的房号，如：登记 %s 301", f.Building)
	}
	place := me.Household.Building + me.Household.Room
	if _, err := h.funds.AddFundEntry(ctx, store.FundEntry{FundID: f.ID, Kind: store.FundPledge, Fen: r.Intent.Fen, Place: place,
		ByID: r.Caller.ResidentID, ByName: r.Msg.Sender.Name, At: r.Now}); err != nil {
		return fmt.Errorf("pledge to fund %d: %w", f.ID, err)
	}
	return r.Reply(ctx, fmt.Sprintf("谢谢！已记下 %s 认捐 C%d「%s」%s。\n钱请交给%s楼组长，收到后会记账。", place, f.ID, f.Title, bot.Yuan(r.Intent.Fen), f.Building))
}

// mayKeepAccounts: only the head of the fund's building and admins record
// money.
func mayKeepAccounts(r *bot.Request, f store.Fund) error {
	if !r.Caller.HeadOf(f.Building) {
		return bot.Tell("C%d 是%s的众筹，只有%s楼组长和社区工作人员能记账。", f.ID, f.Building, f.Building)
	}
	return nil
}

func (h *Handlers) fundReceived(ctx context.Context, r *bot.Request) error {
	f, err := h.fund(ctx, r.Intent.Fund)
	if err != nil {
		return err
	}
	if err := mayKeepAccounts(r, f); err != nil {
		return err
	}
	in := r.Intent
	if in.Fen < 0 && in.Text == "" {
		return bot.Misuse("冲正（负数）请写明原因，如：收款 C%d %s%s %s 记错了", f.ID, in.Building, in.Room, bot.Yuan(in.Fen))
	}
	place := in.Building + in.Room
	if _, err := h.funds.AddFundEntry(ctx, store.FundEntry{FundID: f.ID, Kind: store.FundReceived, Fen: in.Fen, Place: place,
		ByID: r.Caller.ResidentID, ByName: r.Msg.Sender.Name, Note: in.Text, At: r.Now}); err != nil {
		return fmt.Errorf("money received for fund %d: %w", f.ID, err)
	}
	h.tellPayer(ctx, r, f)
	_, balance, err := h.fundTotals(ctx, f)
	if err != nil {
		return err
	}
	return r.Reply(ctx, fmt.Sprintf("已记收款：C%d %s %s\n现在余额 %s。", f.ID, place, bot.Yuan(in.Fen), bot.Yuan(balance)))
}

// tellPayer tells the household's accounts what was recorded for them, so
// that a mistake in its favour or not is seen by those who paid.
func (h *Handlers) tellPayer(ctx context.Context, r *bot.Request, f store.Fund) {
	in := r.Intent
	hh, err := h.households.HouseholdAt(ctx, in.Building, in.Room)
	if err != nil {
		return
	}
	members, err := h.households.HouseholdMembers(ctx, hh.ID)
	if err != nil {
		h.log.Error("household members", "household", hh.ID, "err", err)
		return
	}
	text := fmt.Sprintf("%s已记下收到您家 C%d「%s」%s。账目：众筹 C%d", r.Msg.Sender.Name, f.ID, f.Title, bot.Yuan(in.Fen), f.ID)
	if in.Fen < 0 {
		text = fmt.Sprintf("%s更正了您家 C%d「%s」的收款：%s（%s）。账目：众筹 C%d", r.Msg.Sender.Name, f.ID, f.Title, bot.Yuan(in.Fen), in.Text, f.ID)
	}
	for _, m := range members {
		if m.ID != r.Caller.ResidentID {
			h.send(ctx, r, privateChat(m), text)
		}
	}
}

func (h *Handlers) fundSpent(ctx context.Context, r *bot.Request) error {
	f, err := h.fund(ctx, r.Intent.Fund)
	if err != nil {
		return err
	}
	if err := mayKeepAccounts(r, f); err != nil {
		return err
	}
	_, err = h.funds.AddFundEntry(ctx, store.FundEntry{FundID: f.ID, Kind: store.FundSpent, Fen: r.Intent.Fen,
		ByID: r.Caller.ResidentID, ByName: r.Msg.Sender.Name, Note: r.Intent.Text, At: r.Now})
	if errors.Is(err, store.ErrFull) {
		_, balance, err := h.fundTotals(ctx, f)
		if err != nil {
			return err
		}
		return bot.Tell("C%d 现在只有 %s，不够支出 %s。\n请先记收款，再记支出。", f.ID, bot.Yuan(balance), bot.Yuan(r.Intent.Fen))
	}
	if err != nil {
		return fmt.Errorf("spending of fund %d: %w", f.ID, err)
	}
	_, balance, err := h.fundTotals(ctx, f)
	if err != nil {
		return err
	}
	return r.Reply(ctx, fmt.Sprintf("已记支出：C%d %s（%s）\n现在余额 %s。", f.ID, bot.Yuan(r.Intent.Fen), clipText(r.Intent.Text, 30), bot.Yuan(balance)))
}

// fundSums is what a fund's entries add up to.
type fundSums struct{ pledged, received, spent int64 }

// fundTotals is a fund's entries and its balance (received less spent).
func (h *Handlers) fundTotals(ctx context.Context, f store.Fund) ([]store.FundEntry, int64, error) {
	es, err := h.funds.FundEntries(ctx, f.ID)
	if err != nil {
		return nil, 0, fmt.Errorf("entries of fund %d: %w", f.ID, err)
	}
	s := sums(es)
	return es, s.received - s.spent, nil
}

func sums(es []store.FundEntry) fundSums {
	var s fundSums
	for _, e := range es {
		switch e.Kind {
		case store.FundPledge:
			s.pledged += e.Fen
		case store.FundReceived:
			s.received += e.Fen
		case store.FundSpent:
			s.spent += e.Fen
		}
	}
	return s
}

// fundLedger shows a fund's account: the totals, then every entry with who
// and when, money lines with the running balance.
func (h *Handlers) fundLedger(ctx context.Context, r *bot.Request) error {
	f, err := h.fund(ctx, r.Intent.Fund)
	if err != nil {
		return err
	}
	es, _, err := h.fundTotals(ctx, f)
	if err != nil {
		return err
	}
	return r.Reply(ctx, strings.Join(h.ledgerLines(f, es), "\n"))
}

func (h *Handlers) ledgerLines(f store.Fund, es []store.FundEntry) []string {
	s := sums(es)
	head := fmt.Sprintf("C%d %s众筹「%s」", f.ID, f.Building, f.Title)
	if f.TargetFen > 0 {
		head += "，目标 " + bot.Yuan(f.TargetFen)
	}
	lines := []string{head, fmt.Sprintf("认捐 %s，已收 %s，支出 %s，余额 %s", bot.Yuan(s.pledged), bot.Yuan(s.received), bot.Yuan(s.spent), bot.Yuan(s.received-s.spent))}
	var entries []string
	var balance int64
	for _, e := range es {
		when := e.At.In(h.cfg.Location).Format("1月2日 15:04")
		switch e.Kind {
		case store.FundPledge:
			entries = append(entries, fmt.Sprintf("%s 认捐 %s %s", when, e.Place, bot.Yuan(e.Fen)))
		case store.FundReceived:
			balance += e.Fen
			entries = append(entries, fmt.Sprintf("%s 收款 %s %s%s（%s记）余额 %s", when, e.Place, bot.Yuan(e.Fen), entryNote(e.Note), e.ByName, bot.Yuan(balance)))
		case store.FundSpent:
			balance -= e.Fen
			entries = append(entries, fmt.Sprintf("%s 支出 %s%s（%s记）余额 %s", when, bot.Yuan(e.Fen), entryNote(e.Note), e.ByName, bot.Yuan(balance)))
		}
	}
	if len(entries) == 0 {
		entries = []string{"还没有记录。"}
	}
	return append(lines, bot.Clip(entries, 20, "全部账目请找楼组长导出")...)
}

func entryNote(s string) string {
	if s == "" {
		return ""
	}
	return " " + strings.ReplaceAll(s, "\n", " ")
}

// ExportFunds is `linli export funds`: every entry of the funds created in
// the period, in order, with the running balance.
func ExportFunds(ctx context.Context, fs store.Funds, q ExportQuery) (Table, error) {
	t := Table{Header: []string{"fund", "title", "building", "at", "kind", "amount", "household", "recorded_by", "note", "balance"}}
	loc := q.Location
	if loc == nil {
		loc = time.UTC
	}
	to := q.To
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1)
	}
	funds, err := fs.FundsBetween(ctx, q.From, to)
	if err != nil {
		return Table{}, fmt.Errorf("export funds: %w", err)
	}
	kinds := map[string]string{store.FundPledge: "认捐", store.FundReceived: "收款", store.FundSpent: "支出"}
	for _, f := range funds {
		es, err := fs.FundEntries(ctx, f.ID)
		if err != nil {
			return Table{}, fmt.Errorf("export fund %d: %w", f.ID, err)
		}
		var balance int64
		for _, e := range es {
			switch e.Kind {
			case store.FundReceived:
				balance += e.Fen
			case store.FundSpent:
				balance -= e.Fen
			}
			t.Rows = append(t.Rows, []string{fmt.Sprintf("C%d", f.ID), f.Title, f.Building, e.At.In(loc).Format("2006-01-02 15:04"),
				kinds[e.Kind], fenText(e.Fen), e.Place, e.ByName, e.Note, fenText(balance)})
		}
	}
	return t, nil
}

// fenText is an amount in yuan with two decimals, as a spreadsheet reads it.
func fenText(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}
