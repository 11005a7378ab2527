package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"linli/bot"
	"linli/store"
)

// staff may see and act on suggestions: building heads (their buildings)
// and admins (all), as in the chat.
func staff(c bot.Caller) bool { return c.May([]string{bot.RoleBuildingHead}) }

// Staff tells the templates whether to link the suggestions.
func (v *viewer) Staff() bool { return staff(v.caller()) }

// suggestionsView is the 建议 board.
type suggestionsView struct {
	View                       *viewer
	Status, Category, Building string
	Categories, Buildings      []string
	Tickets                    []ticketView
	Forms                      bool
}

type ticketView struct {
	No, Status, Category, Building, Day, Author, Text string
	Open                                              bool
	Notes                                             []noteView
}

type noteView struct{ When, Who, What string }

func (s *Server) suggestionsPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	q := r.URL.Query()
	page := suggestionsView{View: v, Status: q.Get("status"), Category: q.Get("category"), Building: q.Get("building"),
		Categories: []string{"停车", "绿化", "卫生", "安全", "设施", "其他"}, Forms: s.cfg.Command != nil}
	f := store.SuggestionFilter{Category: page.Category}
	switch page.Status {
	case "closed":
		f.Statuses, f.NewestFirst = []string{store.StatusResolved, store.StatusDeclined}, true
	case "all":
		f.NewestFirst = true
	default:
		page.Status, f.Statuses = "open", store.OpenStatuses
	}
	// A building head sees the tickets of their buildings only, as 建议列表
	// in the chat; an admin sees every building and the unplaced ones.
	c := v.caller()
	if !c.IsAdmin() {
		page.Buildings = c.Buildings()
		f.Buildings = page.Buildings
	}
	if page.Building != "" {
		if !c.IsAdmin() && !slices.Contains(page.Buildings, page.Building) {
			s.say(w, http.StatusForbidden, v, "没有权限", "这栋楼的建议请该楼楼组长或社区工作人员处理。")
			return
		}
		f.Buildings = []string{page.Building}
	}
	sgs, err := s.cfg.Store.Suggestions(r.Context(), f)
	if err != nil {
		s.fail(w, v, "suggestions", err)
		return
	}
	for _, sg := range sgs {
		page.Tickets = append(page.Tickets, s.ticketOf(sg))
	}
	s.render(w, http.StatusOK, "suggestions", page)
}

// ticketOf is a ticket as staff see it: an anonymous one shows no author,
// here as in the chat.
func (s *Server) ticketOf(sg store.Suggestion) ticketView {
	t := ticketView{No: fmt.Sprintf("S%d", sg.ID), Status: store.StatusTitle(sg.Status), Category: sg.Category,
		Building: sg.Building, Day: sg.CreatedAt.In(s.cfg.Location).Format("1月2日"), Text: sg.Text,
		Open: slices.Contains(store.OpenStatuses, sg.Status)}
	switch {
	case sg.Anonymous:
		t.Author = "匿名"
	case sg.Resident == nil:
		t.Author = "（已不在名单）"
	default:
		t.Author = sg.Resident.Name
		if h := sg.Resident.Household; h != nil {
			t.Author += "（" + h.Building + " " + h.Room + "）"
		}
	}
	for _, n := range sg.Notes {
		who := "社区"
		if n.By != nil {
			who = n.By.Name
		}
		what := store.StatusTitle(n.Kind)
		switch n.Kind {
		case store.NoteReply:
			what = "回复：" + n.Text
		case store.NoteCategory:
			what = "改为" + n.Text + "类"
		default:
			if n.Text != "" {
				what += "：" + n.Text
			}
		}
		t.Notes = append(t.Notes, noteView{When: n.CreatedAt.In(s.cfg.Location).Format("1月2日 15:04"), Who: who, What: what})
	}
	return t
}

// suggestionWords are the chat commands of a ticket's life cycle.
func suggestionWords() map[string]string {
	return map[string]string{"accept": "受理", "progress": "处理中", "reply": "回复", "resolve": "办结", "decline": "不予处理"}
}

// actOnSuggestion runs a step of a ticket's life cycle as the chat command
// (受理 S12, 回复 S12 …): the author hears of it exactly as from the chat,
// and a building head is kept to their buildings by the same check.
func (s *Server) actOnSuggestion(w http.ResponseWriter, r *http.Request, v *viewer) {
	word, ok := suggestionWords()[r.PostFormValue("action")]
	id, err := strconv.ParseUint(strings.TrimPrefix(strings.ToUpper(r.PostFormValue("ticket")), "S"), 10, 64)
	if !ok || err != nil {
		s.say(w, http.StatusBadRequest, v, "没有执行", "请从建议页面的按钮操作。")
		return
	}
	text := strings.Join(strings.Fields(r.PostFormValue("text")), " ")
	if word == "回复" && text == "" {
		s.say(w, http.StatusBadRequest, v, "没有回复", "请写上回复的内容。")
		return
	}
	s.command(w, r, v, "/suggestions", strings.TrimSpace(fmt.Sprintf("%s S%d %s", word, id, text)))
}
