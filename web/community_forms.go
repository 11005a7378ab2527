package web

import (
	"fmt"
	"net/http"
	"strings"

	"linli/bot"
)

// changeRole gives or takes back a role: 设置楼组长 @某人 8号楼 or
// 取消楼组长 @某人 8号楼, the chat's commands, for admins.
func (s *Server) changeRole(w http.ResponseWriter, r *http.Request, v *viewer) {
	rw, ok := roleWordOf(r.PostFormValue("role"))
	building := strings.TrimSpace(r.PostFormValue("building"))
	give := r.PostFormValue("action") == "give"
	if !ok || (rw.Building && building == "") {
		s.say(w, http.StatusBadRequest, v, "没有执行", "请选身份；楼组长和联络员还要选楼栋。")
		return
	}
	if !rw.Building {
		building = ""
	}
	who, ok := s.person(w, r, v)
	if !ok {
		return
	}
	if give && who.Platform == bot.WeChat {
		// On WeChat a name proves nothing: a role goes with a one-time
		// code handed over in person, from the panel as from the chat.
		s.say(w, http.StatusBadRequest, v, "请用验证码", fmt.Sprintf("「%s」是微信账号。微信上的身份要用一次性验证码交给本人：\n请在本页「生成验证码」里选%s，把验证码当面交给本人，本人私聊机器人发「验证 验证码」。", who.Name, rw.Word))
		return
	}
	verb := "取消"
	if give {
		verb = "设置"
	}
	text := strings.TrimSpace(fmt.Sprintf("%s%s %s %s", verb, rw.Word, mention(who), building))
	s.commandAbout(w, r, v, "/community", text, who)
}

// roleCode is 验证码 楼组长 8号楼: a one-time code for a role, shown on
// the page for the admin to hand over in person (WeChat).
func (s *Server) roleCode(w http.ResponseWriter, r *http.Request, v *viewer) {
	rw, ok := roleWordOf(r.PostFormValue("role"))
	building := strings.TrimSpace(r.PostFormValue("building"))
	if !ok || (rw.Building && building == "") {
		s.say(w, http.StatusBadRequest, v, "没有生成", "请选身份；楼组长和联络员还要选楼栋。")
		return
	}
	if !rw.Building {
		building = ""
	}
	s.command(w, r, v, "/community", strings.TrimSpace("验证码 "+rw.Word+" "+building))
}

// decideHousehold is a head's yes or no to an account waiting to join a
// household of their building: 确认 8号楼 301 (a new household, everyone
// waiting for it), 同意 8号楼301 名字 (one account, an existing household)
// or 移出 8号楼301 @某人 (no). The person is told, as from the chat.
func (s *Server) decideHousehold(w http.ResponseWriter, r *http.Request, v *viewer) {
	who, ok := s.person(w, r, v)
	if !ok {
		return
	}
	if who.PendingHouseholdID == nil {
		s.say(w, http.StatusConflict, v, "没有执行", fmt.Sprintf("%s 已经不在等待确认了。", who.Name))
		return
	}
	hh, err := s.cfg.Store.HouseholdByID(r.Context(), *who.PendingHouseholdID)
	if err != nil {
		s.fail(w, v, "household", err)
		return
	}
	if !v.caller().HeadOf(hh.Building) {
		s.say(w, http.StatusForbidden, v, "没有权限", fmt.Sprintf("您不是%s的楼组长，不能确认这一户。", hh.Building))
		return
	}
	switch r.PostFormValue("action") {
	case "confirm":
		if !hh.Confirmed {
			s.command(w, r, v, "/community", fmt.Sprintf("确认 %s %s", hh.Building, hh.Room))
			return
		}
		s.commandAbout(w, r, v, "/community", fmt.Sprintf("同意 %s%s %s", hh.Building, hh.Room, strings.TrimPrefix(mention(who), "@")), who)
	case "refuse":
		s.commandAbout(w, r, v, "/community", fmt.Sprintf("移出 %s%s %s", hh.Building, hh.Room, mention(who)), who)
	default:
		s.say(w, http.StatusBadRequest, v, "没有执行", "请从社区页面的按钮操作。")
	}
}
