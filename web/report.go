package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"linli/store"
)

// reportView is the 月报 page: a month's canteen settlement.
type reportView struct {
	View       *viewer
	Month      string // 2026-11
	Title      string // 2026年11月
	Prev, Next string
	From, To   string
	S          store.Settlement
	Download   bool
}

// month reads ?month=YYYY-MM, by default the last whole month: the
// settlement is asked for after a month ends.
func (s *Server) month(r *http.Request) time.Time {
	m, err := time.ParseInLocation("2006-01", r.URL.Query().Get("month"), s.cfg.Location)
	if err == nil {
		return m
	}
	now := s.cfg.Now().In(s.cfg.Location)
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.cfg.Location).AddDate(0, -1, 0)
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	m := s.month(r)
	from, to := m.Format("2006-01-02"), m.AddDate(0, 1, -1).Format("2006-01-02")
	settled, err := s.cfg.Store.Settlement(r.Context(), from, to)
	if err != nil {
		s.fail(w, v, "settlement of "+m.Format("2006-01"), err)
		return
	}
	s.render(w, http.StatusOK, "report", reportView{View: v, Month: m.Format("2006-01"),
		Title: fmt.Sprintf("%d年%d月", m.Year(), m.Month()), From: from, To: to,
		Prev: m.AddDate(0, -1, 0).Format("2006-01"), Next: m.AddDate(0, 1, 0).Format("2006-01"),
		S: settled, Download: s.cfg.Spreadsheet != nil})
}

// reportSheet downloads the month's settlement as xlsx.
func (s *Server) reportSheet(w http.ResponseWriter, r *http.Request, v *viewer) {
	m := s.month(r)
	s.sheet(w, r, v, "settlement", m, m.AddDate(0, 1, -1), "月报-"+m.Format("2006-01")+".xlsx", "下载月报")
}

// canteenSheet downloads a day's orders as xlsx, with the 已取 times.
func (s *Server) canteenSheet(w http.ResponseWriter, r *http.Request, v *viewer) {
	day, err := time.ParseInLocation("2006-01-02", r.URL.Query().Get("date"), s.cfg.Location)
	if err != nil {
		s.say(w, http.StatusBadRequest, v, "没有日期", "请从食堂页面点「下载表格」。")
		return
	}
	s.sheet(w, r, v, "meals", day, day, "订餐-"+day.Format("2006-01-02")+".xlsx", "下载订餐表")
}

// sheet writes a spreadsheet through the app's export code, the same
// columns as `linli export`, and notes the download in the audit log:
// it names residents and their rooms.
func (s *Server) sheet(w http.ResponseWriter, r *http.Request, v *viewer, kind string, from, to time.Time, name, action string) {
	if s.cfg.Spreadsheet == nil {
		s.say(w, http.StatusNotFound, v, "不能下载", "这里没有开通表格下载。")
		return
	}
	var b bytes.Buffer
	if err := s.cfg.Spreadsheet(r.Context(), &b, kind, from, to); err != nil {
		s.fail(w, v, "spreadsheet "+kind, err)
		return
	}
	s.audit(r.Context(), v, r, action, from.Format("2006-01-02")+" 至 "+to.Format("2006-01-02"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}
