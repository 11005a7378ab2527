package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// fundsView is the 众筹 page: each 楼组众筹 with its public ledger.
type fundsView struct {
	View  *viewer
	Funds []fundView
}

type fundView struct {
	No, Title, Building, Target, Author, Since string
	Pledged, Received, Spent, Balance          string
	Entries                                    []entryLine
}

// entryLine is a line of the ledger; Balance is the running balance after
// a money line (a pledge moves no money).
type entryLine struct {
	When, Kind, Place, Amount, Note, By, Balance string
	Spent                                        bool
}

// fundsPage shows the funds of the viewer's buildings (an admin: all),
// newest first, each ledger in the order written as `众筹 C1` shows it,
// but whole. Money is recorded in the chat (收款, 支出), by the head.
func (s *Server) fundsPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	funds, err := s.cfg.Store.FundsBetween(r.Context(), time.Time{}, time.Time{})
	if err != nil {
		s.fail(w, v, "funds", err)
		return
	}
	slices.SortFunc(funds, func(a, b store.Fund) int { return cmp.Compare(b.ID, a.ID) })
	sc := scopeOf(v)
	page := fundsView{View: v}
	for _, f := range funds {
		if !sc.sees(f.Building) {
			continue
		}
		es, err := s.cfg.Store.FundEntries(r.Context(), f.ID)
		if err != nil {
			s.fail(w, v, fmt.Sprintf("fund C%d", f.ID), err)
			return
		}
		page.Funds = append(page.Funds, s.fundOf(f, es))
	}
	s.render(w, http.StatusOK, "funds", page)
}

func (s *Server) fundOf(f store.Fund, es []store.FundEntry) fundView {
	fv := fundView{No: fmt.Sprintf("C%d", f.ID), Title: f.Title, Building: f.Building, Author: f.AuthorName,
		Since: f.CreatedAt.In(s.cfg.Location).Format("2006年1月2日")}
	if f.TargetFen > 0 {
		fv.Target = bot.Yuan(f.TargetFen)
	}
	var pledged, received, spent int64
	for _, e := range es {
		l := entryLine{When: e.At.In(s.cfg.Location).Format("2006-01-02 15:04"), Place: e.Place,
			Amount: bot.Yuan(e.Fen), Note: strings.ReplaceAll(e.Note, "\n", " "), By: e.ByName}
		switch e.Kind {
		case store.FundPledge:
			pledged += e.Fen
			l.Kind = "认捐"
		case store.FundReceived:
			received += e.Fen
			l.Kind, l.Balance = "收款", bot.Yuan(received-spent)
		case store.FundSpent:
			spent += e.Fen
			l.Kind, l.Balance, l.Spent = "支出", bot.Yuan(received-spent), true
		default:
			l.Kind = e.Kind
		}
		fv.Entries = append(fv.Entries, l)
	}
	fv.Pledged, fv.Received, fv.Spent, fv.Balance = bot.Yuan(pledged), bot.Yuan(received), bot.Yuan(spent), bot.Yuan(received-spent)
	return fv
}
