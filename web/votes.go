package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"linli/store"
)

// votesView is the 投票 page: each vote with its results as a chart.
type votesView struct {
	View  *viewer
	Votes []voteView
}

type voteView struct {
	No, Title, Scope, Deadline, Author, State string
	Anonymous, Open                           bool
	Households                                int
	Chart                                     barChart
	// Ballots are a named vote's ballots by household, of the viewer's
	// buildings only; an anonymous vote has none to show, by design.
	Ballots []ballotLine
}

type ballotLine struct{ Building, Room, Choice, At string }

// votesShown is how many votes the page lists, newest first.
const votesShown = 50

// votesPage lists the votes that reach the viewer's buildings (an admin:
// all) with their counts; a named vote also shows how each household of
// the viewer's buildings voted, an anonymous one only its counts.
func (s *Server) votesPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx, now := r.Context(), s.cfg.Now()
	votes, err := s.cfg.Store.VotesBetween(ctx, time.Time{}, time.Time{})
	if err != nil {
		s.fail(w, v, "votes", err)
		return
	}
	slices.SortFunc(votes, func(a, b store.Vote) int { return cmp.Compare(b.ID, a.ID) })
	sc := scopeOf(v)
	page := votesView{View: v}
	for _, vote := range votes {
		if !sc.reaches(vote.Buildings) {
			continue
		}
		if len(page.Votes) == votesShown {
			break
		}
		vv, err := s.voteOf(r, vote, sc, now)
		if err != nil {
			s.fail(w, v, fmt.Sprintf("vote V%d", vote.ID), err)
			return
		}
		page.Votes = append(page.Votes, vv)
	}
	s.render(w, http.StatusOK, "votes", page)
}

func (s *Server) voteOf(r *http.Request, vote store.Vote, sc scope, now time.Time) (voteView, error) {
	t, err := s.cfg.Store.Tally(r.Context(), vote.ID)
	if err != nil {
		return voteView{}, err
	}
	vv := voteView{No: fmt.Sprintf("V%d", vote.ID), Title: vote.Title, Scope: scopeName(vote.Buildings),
		Deadline: vote.Deadline.In(s.cfg.Location).Format("1月2日 15:04"), Author: vote.AuthorName,
		Anonymous: vote.Anonymous, Open: now.Before(vote.Deadline), Households: t.Households}
	vv.State = "已截止"
	if vv.Open {
		vv.State = "进行中"
	}
	labels, figures, values := make([]string, len(vote.Options)), make([]string, len(vote.Options)), make([]float64, len(vote.Options))
	for i, o := range vote.Options {
		n := 0
		if i < len(t.Counts) {
			n = t.Counts[i]
		}
		labels[i] = strconv.Itoa(i+1) + ". " + o
		figures[i] = fmt.Sprintf("%d 户 · %s", n, percent(n, t.Households))
		values[i] = float64(n)
	}
	vv.Chart = bars(labels, figures, values, "vote")
	if vote.Anonymous {
		return vv, nil
	}
	ballots, err := s.cfg.Store.NamedBallots(r.Context(), vote.ID)
	if err != nil {
		return voteView{}, err
	}
	for _, b := range ballots {
		if !sc.sees(b.Building) {
			continue
		}
		choice := strconv.Itoa(b.Choice)
		if b.Choice >= 1 && b.Choice <= len(vote.Options) {
			choice += ". " + vote.Options[b.Choice-1]
		}
		vv.Ballots = append(vv.Ballots, ballotLine{Building: b.Building, Room: b.Room, Choice: choice,
			At: b.At.In(s.cfg.Location).Format("1月2日 15:04")})
	}
	slices.SortFunc(vv.Ballots, func(a, b ballotLine) int {
		return cmp.Or(store.NaturalCompare(a.Building, b.Building), store.NaturalCompare(a.Room, b.Room))
	})
	return vv, nil
}
