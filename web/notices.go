package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// 通知: a notice or announcement written at a desk, for chosen buildings,
// now or at a set time. Sending is the chat's 通知, 公告 or 定时通知 run as
// the person logged in (Config.Command) — the same scope rules, the same
// outbox, the same audit. Scheduled notices wait in the database; the page
// lists them and takes one back before it goes.

func (s *Server) noticeRoutes() {
	s.mux.HandleFunc("GET /notices", s.authed(staff, s.noticesPage))
	s.mux.HandleFunc("POST /notices/send", s.authed(staff, s.sendNotice))
	s.mux.HandleFunc("POST /notices/cancel", s.authed(staff, s.cancelNotice))
}

// noticesView is the 通知 page.
type noticesView struct {
	View      *viewer
	Scopes    []string
	Scheduled []scheduledRow
	Forms     bool
	Today     string
}

type scheduledRow struct {
	ID                     uint
	When, Scope, Who, Text string
}

// mayTouchNotice: an admin, the author, or a head of every building the
// notice is for.
func mayTouchNotice(c bot.Caller, n store.Notice) bool {
	if c.IsAdmin() || n.AuthorID == c.ResidentID {
		return true
	}
	return !slices.ContainsFunc(n.BuildingList(), func(b string) bool { return !c.HeadOf(b) })
}

func (s *Server) noticesPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	ns, err := s.cfg.Store.ScheduledNotices(r.Context())
	if err != nil {
		s.fail(w, v, "scheduled notices", err)
		return
	}
	scopes, err := s.scopes(r, v)
	if err != nil {
		s.fail(w, v, "buildings", err)
		return
	}
	page := noticesView{View: v, Scopes: scopes, Forms: s.cfg.Command != nil,
		Today: s.cfg.Now().In(s.cfg.Location).Format("2006-01-02")}
	for _, n := range ns {
		if !mayTouchNotice(v.caller(), n) {
			continue
		}
		page.Scheduled = append(page.Scheduled, scheduledRow{ID: n.ID, When: bot.DayTime(n.SendAt.In(s.cfg.Location)),
			Scope: scopeTitle(n.BuildingList()), Who: n.Author.Name, Text: n.Text})
	}
	s.render(w, http.StatusOK, "notices", page)
}

func scopeTitle(bs []string) string {
	if slices.Contains(bs, store.AllBuildings) {
		return "全社区"
	}
	return strings.Join(bs, "、")
}

// sendNotice writes the command: 公告 for the whole community now, 通知 for
// buildings now, 定时通知 for later; the buildings chosen on a last line
// 范围 …, which the chat checks against the person's own.
func (s *Server) sendNotice(w http.ResponseWriter, r *http.Request, v *viewer) {
	text := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("text"), "\r\n", "\n"))
	if text == "" {
		s.say(w, http.StatusBadRequest, v, "没有发送", "请写上通知的内容。")
		return
	}
	offered, err := s.scopes(r, v)
	if err != nil {
		s.fail(w, v, "buildings", err)
		return
	}
	chosen := r.PostForm["scope"]
	for _, b := range chosen {
		if !slices.Contains(offered, b) {
			s.say(w, http.StatusForbidden, v, "没有发送", "通知只能发到您负责的楼栋。全社区的公告请联系社区工作人员。")
			return
		}
	}
	if slices.Contains(chosen, store.AllBuildings) {
		chosen = []string{store.AllBuildings}
	}
	scope := ""
	if len(chosen) > 0 {
		scope = "\n范围 " + strings.Join(chosen, " ")
	}
	if r.PostFormValue("when") != "later" {
		if len(chosen) == 1 && chosen[0] == store.AllBuildings {
			s.command(w, r, v, "/notices", "公告 "+text)
			return
		}
		s.command(w, r, v, "/notices", "通知 "+text+scope)
		return
	}
	date, clock := r.PostFormValue("date"), r.PostFormValue("time")
	if msg := s.checkFormDay(date, "发送日期"); msg != "" {
		s.say(w, http.StatusBadRequest, v, "没有定时", msg)
		return
	}
	if _, err := time.Parse("15:04", clock); err != nil {
		s.say(w, http.StatusBadRequest, v, "没有定时", "请填写发送的时间，如 08:00。")
		return
	}
	s.command(w, r, v, "/notices", "定时通知 "+monthDay(date)+" "+clock+" "+text+scope)
}

// cancelNotice takes a scheduled notice back before it goes. The chat has
// no command for it; the page checks who may and writes the audit itself.
func (s *Server) cancelNotice(w http.ResponseWriter, r *http.Request, v *viewer) {
	id, err := strconv.ParseUint(r.PostFormValue("notice"), 10, 32)
	if err != nil {
		s.say(w, http.StatusBadRequest, v, "没有取消", "没有看懂是哪一条通知，请回到通知页面再点一次。")
		return
	}
	ns, err := s.cfg.Store.ScheduledNotices(r.Context())
	if err != nil {
		s.fail(w, v, "scheduled notices", err)
		return
	}
	i := slices.IndexFunc(ns, func(n store.Notice) bool { return n.ID == uint(id) })
	if i < 0 {
		s.say(w, http.StatusNotFound, v, "没有取消", "这条定时通知已经发出或已被取消。")
		return
	}
	if !mayTouchNotice(v.caller(), ns[i]) {
		s.say(w, http.StatusForbidden, v, "没有权限", "这条通知是别的楼的，请该楼楼组长或社区工作人员处理。")
		return
	}
	n, err := s.cfg.Store.CancelNotice(r.Context(), uint(id))
	if errors.Is(err, store.ErrNotFound) {
		s.say(w, http.StatusNotFound, v, "没有取消", "这条定时通知刚刚已经发出或已被取消。")
		return
	}
	if err != nil {
		s.fail(w, v, "cancel a notice", err)
		return
	}
	s.audit(r.Context(), v, r, "取消定时通知", fmt.Sprintf("N%d %s %s（%s写的）：%s", n.ID, bot.DayTime(n.SendAt.In(s.cfg.Location)),
		scopeTitle(n.BuildingList()), n.Author.Name, clip(n.Text, 60)))
	http.Redirect(w, r, "/notices", http.StatusSeeOther)
}

// clip shortens a text for the audit log.
func clip(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}
