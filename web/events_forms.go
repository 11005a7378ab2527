package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"linli/store"
)

// The activity forms write the chat's 发起活动 / 修改活动 with one detail a
// line (名称 …, 地点 …, 名额 …, 说明 …, 截止 …, 范围 …), so a title or a place
// with spaces in it is read whole, and run it as the person logged in.

// eventForm is what the form shows and sends, as typed.
type eventForm struct {
	Title, Date, Time, Place, Capacity, Notes string
	DeadlineDate, DeadlineTime                string
	Scope                                     []string
	// Volunteer marks a new activity 志愿 (签到 and hours apply to it).
	Volunteer bool
}

// formOf fills the edit form with an activity as it is.
func (s *Server) formOf(e store.Event) eventForm {
	at := e.StartsAt.In(s.cfg.Location)
	f := eventForm{Title: e.Title, Date: at.Format("2006-01-02"), Time: at.Format("15:04"), Place: e.Place,
		Notes: e.Notes, Scope: e.BuildingNames()}
	if e.Capacity > 0 {
		f.Capacity = strconv.Itoa(e.Capacity)
	}
	if e.Deadline != nil && e.Deadline.Before(e.StartsAt) {
		d := e.Deadline.In(s.cfg.Location)
		f.DeadlineDate, f.DeadlineTime = d.Format("2006-01-02"), d.Format("15:04")
	}
	return f
}

// oneLine is a form field on one line, spaces squeezed: a detail line of
// the command cannot hold a line break.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// readEventForm reads the form; a mistake is a sentence for the person.
func (s *Server) readEventForm(r *http.Request) (eventForm, string) {
	f := eventForm{Title: oneLine(r.PostFormValue("title")), Date: r.PostFormValue("date"), Time: r.PostFormValue("time"),
		Place: oneLine(r.PostFormValue("place")), Capacity: strings.TrimSpace(r.PostFormValue("capacity")),
		Notes: oneLine(r.PostFormValue("notes")), DeadlineDate: r.PostFormValue("deadline_date"),
		DeadlineTime: r.PostFormValue("deadline_time"), Scope: r.PostForm["scope"], Volunteer: r.PostFormValue("volunteer") != ""}
	if f.Title == "" || f.Place == "" {
		return f, "请填写活动名称和地点。"
	}
	if _, err := time.Parse("15:04", f.Time); err != nil {
		return f, "请填写活动开始的时间，如 14:00。"
	}
	if msg := s.checkFormDay(f.Date, "活动日期"); msg != "" {
		return f, msg
	}
	if f.DeadlineDate != "" {
		if msg := s.checkFormDay(f.DeadlineDate, "报名截止日期"); msg != "" {
			return f, msg
		}
	}
	if f.DeadlineTime != "" {
		if _, err := time.Parse("15:04", f.DeadlineTime); err != nil {
			return f, "报名截止时间请写成 18:00 这样。"
		}
	}
	if n, err := strconv.Atoi(f.Capacity); f.Capacity != "" && (err != nil || n < 0 || n > 10000) {
		return f, "名额请填人数（1到10000），不限人数请留空。"
	}
	return f, ""
}

// checkFormDay refuses a day before today or eleven months or more ahead:
// the chat writes a day without its year (11月28日), and reads such a day
// as the next one to come.
func (s *Server) checkFormDay(date, what string) string {
	day, err := time.ParseInLocation("2006-01-02", date, s.cfg.Location)
	if err != nil {
		return "请填写" + what + "。"
	}
	now := s.cfg.Now().In(s.cfg.Location)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.cfg.Location)
	if day.Before(today) {
		return what + "已经过去了，请选今天或以后的日期。"
	}
	if !day.Before(today.AddDate(0, 11, 0)) {
		return what + "太远了：请选十一个月以内的日期。"
	}
	return ""
}

// monthDay is a form's date as the chat writes it: 11月28日.
func monthDay(date string) string {
	t, _ := time.Parse("2006-01-02", date)
	return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
}

// detailLines are the command's lines after its first.
func (f eventForm) detailLines(editing bool) []string {
	lines := []string{"名称 " + f.Title, "地点 " + f.Place}
	if editing {
		lines = append(lines, "时间 "+monthDay(f.Date)+" "+f.Time)
	}
	if f.Capacity == "" || f.Capacity == "0" {
		lines = append(lines, "名额 不限")
	} else {
		lines = append(lines, "名额 "+f.Capacity)
	}
	if f.Notes != "" {
		lines = append(lines, "说明 "+f.Notes)
	}
	switch {
	case f.DeadlineDate != "" && f.DeadlineTime != "":
		lines = append(lines, "截止 "+monthDay(f.DeadlineDate)+" "+f.DeadlineTime)
	case f.DeadlineDate != "":
		lines = append(lines, "截止 "+monthDay(f.DeadlineDate))
	case f.DeadlineTime != "":
		lines = append(lines, "截止 "+f.DeadlineTime) // on the activity's day
	case editing:
		lines = append(lines, "截止 不限")
	}
	return lines
}

// createEvent is 发起活动 from the form; the first line carries the day and
// time (the chat reads them there), the title and place come on their own
// lines whole.
func (s *Server) createEvent(w http.ResponseWriter, r *http.Request, v *viewer) {
	f, msg := s.readEventForm(r)
	if msg != "" {
		s.say(w, http.StatusBadRequest, v, "没有发起", msg)
		return
	}
	offered, err := s.scopes(r, v)
	if err != nil {
		s.fail(w, v, "buildings", err)
		return
	}
	for _, b := range f.Scope {
		if !slices.Contains(offered, b) {
			s.say(w, http.StatusForbidden, v, "没有发起", "活动范围只能选您负责的楼栋。全小区的活动请联系社区工作人员。")
			return
		}
	}
	lines := append([]string{"发起活动 活动 " + monthDay(f.Date) + " " + f.Time}, f.detailLines(false)...)
	if len(f.Scope) > 0 {
		lines = append(lines, "范围 "+strings.Join(f.Scope, " "))
	}
	if f.Volunteer {
		lines = append(lines, "志愿")
	}
	s.command(w, r, v, "/events", strings.Join(lines, "\n"))
}

// editEvent is 修改活动 N with every field of the form; what did not change
// is no change to the chat, and only what changed is told.
func (s *Server) editEvent(w http.ResponseWriter, r *http.Request, v *viewer) {
	e, ok := s.managedEvent(w, r, v)
	if !ok {
		return
	}
	f, msg := s.readEventForm(r)
	if msg != "" {
		s.say(w, http.StatusBadRequest, v, "没有修改", msg)
		return
	}
	lines := append([]string{fmt.Sprintf("修改活动 %d", e.ID)}, f.detailLines(true)...)
	s.command(w, r, v, fmt.Sprintf("/events/%d", e.ID), strings.Join(lines, "\n"))
}

// cancelEvent is 取消活动 N: everyone signed up and the groups are told.
func (s *Server) cancelEvent(w http.ResponseWriter, r *http.Request, v *viewer) {
	e, ok := s.managedEvent(w, r, v)
	if !ok {
		return
	}
	s.command(w, r, v, "/events", fmt.Sprintf("取消活动 %d", e.ID))
}

// eventHours is 时长 N 2小时: the activity counts as volunteer service
// (志愿服务) for that long, for everyone who checked in.
func (s *Server) eventHours(w http.ResponseWriter, r *http.Request, v *viewer) {
	e, ok := s.managedEvent(w, r, v)
	if !ok {
		return
	}
	hours, err := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("hours")), 64)
	if err != nil || hours <= 0 || hours > 24 {
		s.say(w, http.StatusBadRequest, v, "没有记录", "请填写志愿时长，单位小时，如 2 或 1.5。")
		return
	}
	minutes := int(hours*60 + 0.5)
	s.command(w, r, v, fmt.Sprintf("/events/%d", e.ID), fmt.Sprintf("时长 %d %d分钟", e.ID, minutes))
}
