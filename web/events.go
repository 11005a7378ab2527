package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"linli/bot"
	"linli/store"
)

// 活动: the activities as their organisers see them — upcoming and past,
// each one's roster with its waitlist, a sign-in sheet to print and the
// sign-ups as a spreadsheet. Creating, changing and calling one off are
// the chat's 发起活动, 修改活动 and 取消活动 run as the person logged in
// (Config.Command): the same checks, the same messages to the groups and
// to everyone signed up, the same audit.

func (s *Server) eventRoutes() {
	s.mux.HandleFunc("GET /events", s.authed(staff, s.eventsPage))
	s.mux.HandleFunc("POST /events/new", s.authed(staff, s.createEvent))
	s.mux.HandleFunc("GET /events/{id}", s.authed(staff, s.eventPage))
	s.mux.HandleFunc("GET /events/{id}/sheet", s.authed(staff, s.signSheet))
	s.mux.HandleFunc("GET /events/{id}/signups.xlsx", s.authed(staff, s.signupsSheet))
	s.mux.HandleFunc("POST /events/{id}/edit", s.authed(staff, s.editEvent))
	s.mux.HandleFunc("POST /events/{id}/cancel", s.authed(staff, s.cancelEvent))
	s.mux.HandleFunc("POST /events/{id}/hours", s.authed(staff, s.eventHours))
}

// pastShown is how many past activities the list shows.
const pastShown = 30

// eventsView is the 活动 list with the form for a new one.
type eventsView struct {
	View           *viewer
	Upcoming, Past []eventRow
	Scopes         []string // the buildings a new activity may be for
	Forms          bool
	Today          string
}

// eventRow is one activity on a line.
type eventRow struct {
	ID                                              uint
	Title, When, Place, Seats, Scope                string
	Cancelled, Manage, Started, HasNotes, Volunteer bool
}

func (s *Server) eventRow(c store.EventCount, v *viewer) eventRow {
	seats := fmt.Sprintf("已报 %d 人（不限人数）", c.Taken)
	if c.Capacity > 0 {
		seats = fmt.Sprintf("已报 %d / %d 人", c.Taken, c.Capacity)
	}
	if c.Waiting > 0 {
		seats += fmt.Sprintf("，候补 %d 人", c.Waiting)
	}
	return eventRow{ID: c.ID, Title: c.Title, When: bot.DayTime(c.StartsAt.In(s.cfg.Location)), Place: c.Place,
		Seats: seats, Scope: strings.Join(c.BuildingNames(), "、"), Cancelled: c.Status == store.EventCancelled,
		Manage: mayManage(v.caller(), c.Event), Started: !c.StartsAt.After(s.cfg.Now()), HasNotes: c.Notes != "",
		Volunteer: c.Volunteer}
}

// mayManage is the chat's rule for who runs an activity (handlers'
// canManage): its creator, a head of one of its buildings, an admin. The
// page uses it to show a roster; every change is checked again by the
// chat command it runs.
func mayManage(c bot.Caller, e store.Event) bool {
	if c.IsAdmin() || c.ResidentID == e.CreatorID {
		return true
	}
	return slices.ContainsFunc(e.BuildingNames(), func(b string) bool { return b != store.AllBuildings && c.HeadOf(b) })
}

func (s *Server) eventsPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	now := s.cfg.Now()
	c := v.caller()
	var buildings []string // a head sees their buildings' and the community's
	if !c.IsAdmin() {
		buildings = c.Buildings()
	}
	up, err := s.cfg.Store.UpcomingEvents(r.Context(), now, buildings...)
	if err != nil {
		s.fail(w, v, "upcoming events", err)
		return
	}
	past, err := s.cfg.Store.PastEvents(r.Context(), now, pastShown, buildings...)
	if err != nil {
		s.fail(w, v, "past events", err)
		return
	}
	scopes, err := s.scopes(r, v)
	if err != nil {
		s.fail(w, v, "buildings", err)
		return
	}
	page := eventsView{View: v, Scopes: scopes, Forms: s.cfg.Command != nil, Today: now.In(s.cfg.Location).Format("2006-01-02")}
	for _, e := range up {
		page.Upcoming = append(page.Upcoming, s.eventRow(e, v))
	}
	for _, e := range past {
		page.Past = append(page.Past, s.eventRow(e, v))
	}
	s.render(w, http.StatusOK, "events", page)
}

// scopes are the buildings someone may address (an activity, a notice):
// a head their own; an admin the whole community and every building a
// group is bound to.
func (s *Server) scopes(r *http.Request, v *viewer) ([]string, error) {
	c := v.caller()
	if !c.IsAdmin() {
		return c.Buildings(), nil
	}
	groups, err := s.cfg.Store.Groups(r.Context())
	if err != nil {
		return nil, err
	}
	out := []string{store.AllBuildings}
	for _, g := range groups {
		if g.Building != "" && !slices.Contains(out, g.Building) {
			out = append(out, g.Building)
		}
	}
	slices.SortFunc(out[1:], store.NaturalCompare)
	return out, nil
}

// eventView is one activity: its roster, and its forms for those who run it.
type eventView struct {
	View                *viewer
	E                   eventRow
	Notes, Deadline     string
	Confirmed, Waiting  []rosterRow
	Taken, Queued       int
	Form                eventForm
	Open, Forms, Export bool
	Today               string
}

// rosterRow is one sign-up on the roster or the sign-in sheet.
type rosterRow struct {
	No         int
	Name, Home string
	Party      int
	SignedUpAt string
	ResidentID uint
}

// managedEvent loads the activity of the address, if the viewer runs it;
// otherwise it answers and reports false.
func (s *Server) managedEvent(w http.ResponseWriter, r *http.Request, v *viewer) (store.EventCount, bool) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 32)
	if err != nil {
		s.say(w, http.StatusNotFound, v, "没有这个活动", "活动编号不对，请从活动列表进入。")
		return store.EventCount{}, false
	}
	e, err := s.cfg.Store.CountEvent(r.Context(), uint(id))
	if errors.Is(err, store.ErrNotFound) {
		s.say(w, http.StatusNotFound, v, "没有这个活动", fmt.Sprintf("没有找到%d号活动。", id))
		return e, false
	}
	if err != nil {
		s.fail(w, v, "event", err)
		return e, false
	}
	if !mayManage(v.caller(), e.Event) {
		s.say(w, http.StatusForbidden, v, "没有权限", fmt.Sprintf("%d号活动「%s」是别的楼发起的，只有发起人、%s的楼组长和社区工作人员可以管理。",
			e.ID, e.Title, strings.Join(e.BuildingNames(), "、")))
		return e, false
	}
	return e, true
}

func (s *Server) eventPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	e, ok := s.managedEvent(w, r, v)
	if !ok {
		return
	}
	page, err := s.eventViewOf(r, v, e)
	if err != nil {
		s.fail(w, v, "roster", err)
		return
	}
	s.render(w, http.StatusOK, "event", page)
}

func (s *Server) eventViewOf(r *http.Request, v *viewer, e store.EventCount) (eventView, error) {
	ss, err := s.cfg.Store.Signups(r.Context(), e.ID, store.SignupConfirmed, store.SignupWaitlist)
	if err != nil {
		return eventView{}, err
	}
	now := s.cfg.Now()
	page := eventView{View: v, E: s.eventRow(e, v), Notes: e.Notes, Form: s.formOf(e.Event),
		Open: e.Status == store.EventOpen && e.StartsAt.After(now), Forms: s.cfg.Command != nil,
		Export: s.cfg.Spreadsheet != nil, Today: now.In(s.cfg.Location).Format("2006-01-02")}
	if e.Deadline != nil && e.Deadline.Before(e.StartsAt) {
		page.Deadline = bot.DayTime(e.Deadline.In(s.cfg.Location))
	}
	for _, su := range ss {
		row := rosterRow{Name: su.Resident.Name, Party: su.Party, ResidentID: su.ResidentID,
			SignedUpAt: su.SignedUpAt.In(s.cfg.Location).Format("1月2日 15:04")}
		if h := su.Resident.Household; h != nil {
			row.Home = h.Building + " " + h.Room
		}
		if su.Status == store.SignupConfirmed {
			page.Taken += su.Party
			row.No = len(page.Confirmed) + 1
			page.Confirmed = append(page.Confirmed, row)
		} else {
			page.Queued += su.Party
			row.No = len(page.Waiting) + 1
			page.Waiting = append(page.Waiting, row)
		}
	}
	return page, nil
}

// signSheet is the roster on paper: who is coming, a box to sign in.
func (s *Server) signSheet(w http.ResponseWriter, r *http.Request, v *viewer) {
	e, ok := s.managedEvent(w, r, v)
	if !ok {
		return
	}
	page, err := s.eventViewOf(r, v, e)
	if err != nil {
		s.fail(w, v, "sign-in sheet", err)
		return
	}
	s.render(w, http.StatusOK, "signsheet", page)
}

// signupsSheet downloads the activity's sign-ups as `linli export signups
// --event N` writes them (confirmed, waitlisted and cancelled).
func (s *Server) signupsSheet(w http.ResponseWriter, r *http.Request, v *viewer) {
	e, ok := s.managedEvent(w, r, v)
	if !ok {
		return
	}
	day := e.StartsAt.In(s.cfg.Location)
	s.sheet(w, r, v, fmt.Sprintf("signups:%d", e.ID), day, day, fmt.Sprintf("报名-%d号活动.xlsx", e.ID), fmt.Sprintf("下载%d号活动报名表", e.ID))
}
