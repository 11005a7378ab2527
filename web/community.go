package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"linli/bot"
	"linli/store"
)

// 社区: the groups and the buildings they are bound to, who holds which
// role (given and taken back by admins), the accounts waiting to join a
// household (confirmed or refused by the building's head), the liaisons.
// Every change is the chat's own command run as the person logged in —
// 设置楼组长 @某人, 取消联络员 @某人, 确认 8号楼 301, 同意 …, 移出 … — with the
// person picked on the page given to the chat as an @mention of their
// account (Config.CommandAbout): the same checks, the same messages to
// the people concerned, the same audit.

func (s *Server) communityRoutes() {
	s.mux.HandleFunc("GET /community", s.authed(staff, s.communityPage))
	s.mux.HandleFunc("POST /community/role", s.authed(admin, s.changeRole))
	s.mux.HandleFunc("POST /community/code", s.authed(admin, s.roleCode))
	s.mux.HandleFunc("POST /community/household", s.authed(staff, s.decideHousehold))
}

// foundShown is how many people a name search lists.
const foundShown = 30

// roleWords are the roles the page gives, with the words of their chat
// commands (设置楼组长 / 取消楼组长 …) and whether they are per building.
func roleWords() []roleWord {
	return []roleWord{{bot.RoleBuildingHead, "楼组长", true}, {bot.RoleLiaison, "联络员", true},
		{bot.RoleCanteenManager, "食堂", false}, {bot.RoleAdmin, "管理员", false}}
}

type roleWord struct {
	Role, Word string
	Building   bool
}

func roleWordOf(role string) (roleWord, bool) {
	i := slices.IndexFunc(roleWords(), func(w roleWord) bool { return w.Role == role })
	if i < 0 {
		return roleWord{}, false
	}
	return roleWords()[i], true
}

// communityView is the 社区 page.
type communityView struct {
	View      *viewer
	Groups    []groupRow
	Roles     []holderRow // admins only
	Liaisons  []holderRow
	Waiting   []waitingRow
	Query     string
	Found     []personRow
	Buildings []string // for the role forms
	RoleWords []roleWord
	Forms     bool
}

type groupRow struct{ Title, Platform, Building, Seen, State string }

type holderRow struct {
	ResidentID                 uint
	Name, Account, Home, Title string
	Role, Building             string
	FromConfig                 bool
}

type waitingRow struct {
	ResidentID                uint
	Name, Account, Place, Now string
	Building, Room            string
	HouseholdConfirmed        bool
}

type personRow struct {
	ID                  uint
	Name, Account, Home string
	WeChat              bool
}

// account says where an account is, for telling namesakes apart.
func account(r store.Resident) string {
	switch r.Platform {
	case bot.WeChat:
		if !(bot.User{Platform: r.Platform, ID: r.UserID}).Verified() {
			return "微信（未加好友）"
		}
		return "微信"
	case bot.Telegram:
		if r.Handle != "" {
			return "Telegram @" + r.Handle
		}
		return "Telegram"
	}
	return r.Platform
}

func homeOf(r store.Resident) string {
	if h := r.Household; h != nil {
		return h.Building + " " + h.Room
	}
	return ""
}

func (s *Server) communityPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	c := v.caller()
	var mine []string // a head's buildings; nil for an admin: all
	if !c.IsAdmin() {
		mine = c.Buildings()
	}
	page := communityView{View: v, RoleWords: roleWords(), Forms: s.cfg.CommandAbout != nil && s.cfg.Command != nil,
		Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if err := s.fillCommunity(r, &page, mine); err != nil {
		s.fail(w, v, "community", err)
		return
	}
	s.render(w, http.StatusOK, "community", page)
}

func (s *Server) fillCommunity(r *http.Request, page *communityView, mine []string) error {
	ctx := r.Context()
	in := func(b string) bool { return mine == nil || slices.Contains(mine, b) }
	groups, err := s.cfg.Store.Groups(ctx)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if !in(g.Building) {
			continue
		}
		row := groupRow{Title: g.Title, Platform: g.Platform, Building: g.Building, Seen: g.SeenAt.In(s.cfg.Location).Format("1月2日 15:04")}
		if row.Building == "" {
			row.Building = "未绑定"
		}
		if !g.Active {
			row.State = "机器人已不在群里"
		}
		page.Groups = append(page.Groups, row)
	}
	holders, err := s.cfg.Store.RoleHolders(ctx)
	if err != nil {
		return err
	}
	for _, ro := range holders {
		row := holderRow{ResidentID: ro.ResidentID, Name: ro.Resident.Name, Account: account(ro.Resident), Home: homeOf(ro.Resident),
			Title: ro.Building + bot.RoleTitle(ro.Name), Role: ro.Name, Building: ro.Building, FromConfig: strings.HasPrefix(ro.Source, "config:")}
		if ro.Name == bot.RoleLiaison && in(ro.Building) {
			page.Liaisons = append(page.Liaisons, row)
		}
		if mine == nil {
			page.Roles = append(page.Roles, row)
		}
	}
	waiting, err := s.cfg.Store.WaitingMembers(ctx, mine...)
	if err != nil {
		return err
	}
	for _, wm := range waiting {
		row := waitingRow{ResidentID: wm.Resident.ID, Name: wm.Resident.Name, Account: account(wm.Resident),
			Place: wm.Household.Building + " " + wm.Household.Room + "室", Building: wm.Household.Building, Room: wm.Household.Room,
			HouseholdConfirmed: wm.Household.Confirmed, Now: homeOf(wm.Resident)}
		page.Waiting = append(page.Waiting, row)
	}
	if mine != nil {
		return nil
	}
	if page.Buildings, err = s.scopes(r, page.View); err != nil {
		return err
	}
	page.Buildings = page.Buildings[1:] // 全体 is no building a head runs
	if page.Query == "" {
		return nil
	}
	found, err := s.cfg.Store.FindResidents(ctx, page.Query, foundShown)
	for _, p := range found {
		page.Found = append(page.Found, personRow{ID: p.ID, Name: p.Name, Account: account(p), Home: homeOf(p), WeChat: p.Platform == bot.WeChat})
	}
	return err
}

// mention is how a command names the account picked: its name, when that
// is one word the chat reads whole, else its id; the account itself goes
// along as the @mention, so the chat never guesses between namesakes.
func mention(r store.Resident) string {
	if r.Name != "" && len(strings.Fields(r.Name)) == 1 && !strings.ContainsAny(r.Name, "@＠") {
		return "@" + r.Name
	}
	return "@" + r.UserID
}

// person reads the form's resident, or answers and reports false.
func (s *Server) person(w http.ResponseWriter, r *http.Request, v *viewer) (store.Resident, bool) {
	id, err := strconv.ParseUint(r.PostFormValue("resident"), 10, 32)
	if err != nil {
		s.say(w, http.StatusBadRequest, v, "没有执行", "没有看懂是哪一位，请回到社区页面再点一次。")
		return store.Resident{}, false
	}
	who, err := s.cfg.Store.ResidentByID(r.Context(), uint(id))
	if errors.Is(err, store.ErrNotFound) {
		s.say(w, http.StatusNotFound, v, "没有执行", "名单里已经没有这一位了。")
		return who, false
	}
	if err != nil {
		s.fail(w, v, "resident", err)
		return who, false
	}
	return who, true
}

// commandAbout runs a command naming who, and shows the answer.
func (s *Server) commandAbout(w http.ResponseWriter, r *http.Request, v *viewer, back, text string, who store.Resident) {
	if s.cfg.CommandAbout == nil {
		s.say(w, http.StatusNotFound, v, "不能操作", "这里没有开通表单，请在聊天里操作。")
		return
	}
	answer, err := s.cfg.CommandAbout(r.Context(), v.Resident.ID, remote(r), text, who)
	if err != nil {
		s.fail(w, v, "command", err)
		return
	}
	s.render(w, http.StatusOK, "command", commandView{View: v, Asked: text, Answer: answer, Back: back})
}
