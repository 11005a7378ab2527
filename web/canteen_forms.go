package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"linli/bot"
)

// The canteen's forms write the chat command a manager would type and run
// it as them (Config.Command): 设置菜单 and 停餐 are checked, answered and
// pushed exactly as from the chat, and the page shows the bot's answer.

// meals are the meals a form may name, as the reader reads them.
func mealWord(meal string) (string, bool) {
	switch meal {
	case bot.Breakfast, bot.Lunch, bot.Dinner:
		return bot.MealTitle(meal), true
	}
	return "", false
}

// formDay reads the form's date; the command names it as 11月28日.
func (s *Server) formDay(r *http.Request) (time.Time, string, bool) {
	day, err := time.ParseInLocation("2006-01-02", r.PostFormValue("date"), s.cfg.Location)
	if err != nil {
		return time.Time{}, "", false
	}
	return day, fmt.Sprintf("%d月%d日", day.Month(), day.Day()), true
}

// setMenu publishes or changes a meal's menu: the 设置菜单 command, its
// first line from the form's date and meal, then one dish a line, then
// 限量 and 截止 when given.
func (s *Server) setMenu(w http.ResponseWriter, r *http.Request, v *viewer) {
	day, when, okDay := s.formDay(r)
	meal, okMeal := mealWord(r.PostFormValue("meal"))
	var dishes []string
	for _, l := range strings.Split(r.PostFormValue("dishes"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			dishes = append(dishes, l)
		}
	}
	if !okDay || !okMeal || len(dishes) == 0 {
		s.say(w, http.StatusBadRequest, v, "没有设置", "请填写日期、餐次，菜品一行一道（可以写价格，如：红烧肉 12）。")
		return
	}
	lines := append([]string{"设置菜单 " + when + " " + meal}, dishes...)
	if n := strings.TrimSpace(r.PostFormValue("limit")); n != "" {
		lines = append(lines, "限量 "+n)
	}
	if c := strings.TrimSpace(r.PostFormValue("cutoff")); c != "" {
		lines = append(lines, "截止 "+c)
	}
	s.command(w, r, v, "/canteen?date="+day.Format("2006-01-02"), strings.Join(lines, "\n"))
}

// stopMeal is 停餐 for a day's meal: the bookings are cancelled and their
// people told, as from the chat.
func (s *Server) stopMeal(w http.ResponseWriter, r *http.Request, v *viewer) {
	day, when, okDay := s.formDay(r)
	meal, okMeal := mealWord(r.PostFormValue("meal"))
	if !okDay || !okMeal {
		s.say(w, http.StatusBadRequest, v, "没有停餐", "请从食堂页面的「停餐」按钮操作。")
		return
	}
	s.command(w, r, v, "/canteen?date="+day.Format("2006-01-02"), "停餐 "+when+" "+meal)
}

// commandView is the page after a form: what was asked and the answer.
type commandView struct {
	View          *viewer
	Asked, Answer string
	Back          string
}

func (s *Server) command(w http.ResponseWriter, r *http.Request, v *viewer, back, text string) {
	if s.cfg.Command == nil {
		s.say(w, http.StatusNotFound, v, "不能操作", "这里没有开通表单，请在聊天里操作。")
		return
	}
	answer, err := s.cfg.Command(r.Context(), v.Resident.ID, remote(r), text)
	if err != nil {
		s.fail(w, v, "command", err)
		return
	}
	s.render(w, http.StatusOK, "command", commandView{View: v, Asked: text, Answer: answer, Back: back})
}
