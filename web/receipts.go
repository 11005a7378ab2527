package web

import (
	"fmt"
	"net/http"
	"strings"

	"linli/store"
)

// receiptsView is the 收到情况 page: each notice that asked for 收到, its
// counts by building and the households that have not confirmed.
type receiptsView struct {
	View    *viewer
	Days    int
	Notices []askView
}

type askView struct {
	No, Text, Scope, When, Author string
	Buildings                     []receiptLine
	Confirmed, Households         int
	Chart                         barChart
	Left                          []leftLine
}

type receiptLine struct {
	Building              string
	Confirmed, Households int
	Share                 string
}

type leftLine struct{ Building, Room, Names string }

// asksShown is how far back the page looks.
const asksShown = 60

// receiptsPage shows the notices that reach the viewer's buildings; a
// building head sees the counts and the households of their buildings
// only, an admin every building's.
func (s *Server) receiptsPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	asks, err := s.cfg.Store.AsksSince(ctx, s.cfg.Now().AddDate(0, 0, -asksShown))
	if err != nil {
		s.fail(w, v, "notices asking for 收到", err)
		return
	}
	sc := scopeOf(v)
	page := receiptsView{View: v, Days: asksShown}
	for _, a := range asks {
		if !sc.reaches(a.Buildings) {
			continue
		}
		av, err := s.askOf(r, a, sc)
		if err != nil {
			s.fail(w, v, fmt.Sprintf("receipts of N%d", a.ID), err)
			return
		}
		page.Notices = append(page.Notices, av)
	}
	s.render(w, http.StatusOK, "receipts", page)
}

func (s *Server) askOf(r *http.Request, a store.Ask, sc scope) (askView, error) {
	counts, err := s.cfg.Store.ReceiptsByBuilding(r.Context(), a.ID)
	if err != nil {
		return askView{}, err
	}
	left, err := s.cfg.Store.Unreceived(r.Context(), a.ID)
	if err != nil {
		return askView{}, err
	}
	av := askView{No: fmt.Sprintf("N%d", a.ID), Text: a.Text, Scope: scopeName(a.Buildings),
		When: a.CreatedAt.In(s.cfg.Location).Format("1月2日 15:04"), Author: a.AuthorName}
	var labels, figures []string
	var values []float64
	for _, c := range counts {
		if !sc.sees(c.Building) {
			continue
		}
		av.Buildings = append(av.Buildings, receiptLine{Building: c.Building, Confirmed: c.Confirmed, Households: c.Households,
			Share: percent(c.Confirmed, c.Households)})
		av.Confirmed, av.Households = av.Confirmed+c.Confirmed, av.Households+c.Households
		labels = append(labels, c.Building)
		figures = append(figures, fmt.Sprintf("%d / %d 户 · %s", c.Confirmed, c.Households, percent(c.Confirmed, c.Households)))
		values = append(values, share(c.Confirmed, c.Households))
	}
	av.Chart = bars(labels, figures, values, "receipt")
	for _, hh := range left {
		if !sc.sees(hh.Household.Building) {
			continue
		}
		var names []string
		for _, m := range hh.Members {
			names = append(names, m.Name)
		}
		av.Left = append(av.Left, leftLine{Building: hh.Household.Building, Room: hh.Household.Room, Names: strings.Join(names, "、")})
	}
	return av, nil
}

// share is n of all as a fraction, 0 of nothing; a chart of shares is
// drawn against 1, not against the largest.
func share(n, all int) float64 {
	if all == 0 {
		return 0
	}
	return float64(n) / float64(all)
}
