package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/store"
)

// stranger makes an account that registered to building and room and
// waits for a yes.
func (o *office) stranger(name, building, room string) store.Resident {
	o.t.Helper()
	ctx := context.Background()
	r, err := o.st.TouchResident(ctx, bot.Console, name, name)
	if err != nil {
		o.t.Fatal(err)
	}
	if _, err := o.st.Register(ctx, r.ID, building, room, false); err != nil {
		o.t.Fatal(err)
	}
	o.people[name] = r
	return r
}

func (o *office) resident(name string) store.Resident {
	o.t.Helper()
	r, err := o.st.ResidentByID(context.Background(), o.people[name].ID)
	if err != nil {
		o.t.Fatal(err)
	}
	return r
}

// TestCommunityHouseholdsByBuilding: a head sees and decides the waiting
// registrations of their building only; a yes lets the person in and
// tells them, a no takes the registration back and tells them; each is
// audited as from the web.
func TestCommunityHouseholdsByBuilding(t *testing.T) {
	o := newChatOffice(t)
	o.stranger("小李", "8号楼", "301") // 李大爷's household, confirmed
	o.stranger("小马", "8号楼", "301")
	o.stranger("陌生人", "1号楼", "909") // a new household
	head := o.login("王阿姨")
	page := o.get(head, "/community")
	if page.code != http.StatusOK {
		t.Fatalf("/community: %d\n%s", page.code, page.body)
	}
	has(t, page.body, "小李")
	has(t, page.body, "8号楼 301室")
	hasNot(t, page.body, "陌生人")
	has(t, page.body, "小周") // 8号楼's liaison
	hasNot(t, page.body, "给身份")
	token := csrf(t, page.body)
	decide := func(c *http.Client, who, action string, token string) response {
		return o.post(c, "/community/household", url.Values{"csrf": {token}, "resident": {fmt.Sprint(o.people[who].ID)}, "action": {action}})
	}
	if res := decide(head, "陌生人", "confirm", token); res.code != http.StatusForbidden {
		t.Errorf("8号楼's head confirming 1号楼: %d", res.code)
	}
	if res := decide(head, "小李", "confirm", ""); res.code != http.StatusForbidden {
		t.Errorf("no CSRF token: %d", res.code)
	}
	if r := o.resident("小李"); r.HouseholdID != nil {
		t.Fatalf("refused posts let 小李 in: %+v", r)
	}
	has(t, decide(head, "小李", "confirm", token).body, "已同意 小李 加入 8号楼 301室")
	if r := o.resident("小李"); r.Household == nil || r.Household.Room != "301" || r.PendingHouseholdID != nil {
		t.Errorf("小李 after the yes: %+v", r)
	}
	has(t, o.toldTo("小李"), "已同意您加入 8号楼 301室")
	if a := o.audited(); a.Action != "同意家人加入本户" || a.Who != "王阿姨" || a.Via != "web" || a.Detail != "同意 8号楼301 小李" {
		t.Errorf("audit of the yes: %+v", a)
	}
	has(t, decide(head, "小马", "refuse", token).body, "已把 小马 移出 8号楼 301室")
	if r := o.resident("小马"); r.HouseholdID != nil || r.PendingHouseholdID != nil {
		t.Errorf("小马 after the no: %+v", r)
	}
	has(t, o.toldTo("小马"), "您已被移出 8号楼 301室")
	if a := o.audited(); a.Action != "把搬走的人移出住户" || a.Via != "web" {
		t.Errorf("audit of the no: %+v", a)
	}
	// 1号楼's head confirms the new household: 确认 1号楼 909.
	other := o.login("刘阿姨")
	has(t, decide(other, "陌生人", "confirm", csrf(t, o.get(other, "/community").body)).body, "已确认：1号楼 909室")
	has(t, o.toldTo("陌生人"), "已确认")
	o.refused(t, "/community", "张阿姨", "李师傅")
}

// TestCommunityRoles: an admin finds a person and gives a role, takes one
// back — the chat's 设置联络员 / 取消楼组长 about the account picked, the
// person told, audited; a head may not; a WeChat account is sent to the
// code; namesakes are never confused.
func TestCommunityRoles(t *testing.T) {
	o := newChatOffice(t)
	ctx := context.Background()
	// A namesake of 张阿姨 on Telegram: the form names the account, not
	// the name.
	tg, _ := o.st.TouchResident(ctx, bot.Telegram, "777", "张阿姨")
	wx, _ := o.st.TouchResident(ctx, bot.WeChat, "k:abc", "微信张")
	admin := o.login("社区小王")
	page := o.get(admin, "/community?q="+url.QueryEscape("张"))
	has(t, page.body, "给身份")
	has(t, page.body, "Telegram")
	has(t, page.body, "微信账号请用验证码")
	token := csrf(t, page.body)
	give := url.Values{"csrf": {token}, "resident": {fmt.Sprint(o.people["张阿姨"].ID)}, "action": {"give"},
		"role": {bot.RoleLiaison}, "building": {"1号楼"}}
	has(t, o.post(admin, "/community/role", give).body, "已设置：张阿姨 是1号楼民情联络员")
	roles, _ := o.st.RolesOf(ctx, o.people["张阿姨"].ID)
	if len(roles) != 1 || roles[0].Name != bot.RoleLiaison || roles[0].Building != "1号楼" {
		t.Errorf("张阿姨's roles: %+v", roles)
	}
	if tgRoles, _ := o.st.RolesOf(ctx, tg.ID); len(tgRoles) != 0 {
		t.Errorf("the namesake got a role: %+v", tgRoles)
	}
	has(t, o.toldTo("张阿姨"), "您已被设为1号楼民情联络员")
	if a := o.audited(); a.Action != "设置楼组长、食堂或管理员" || a.Via != "web" || !strings.HasPrefix(a.Detail, "设置联络员 @张阿姨 1号楼") {
		t.Errorf("audit: %+v", a)
	}
	// The Telegram namesake, named by its id.
	give.Set("resident", fmt.Sprint(tg.ID))
	give.Set("building", "8号楼")
	has(t, o.post(admin, "/community/role", give).body, "已设置：张阿姨 是8号楼民情联络员")
	if tgRoles, _ := o.st.RolesOf(ctx, tg.ID); len(tgRoles) != 1 || tgRoles[0].Building != "8号楼" {
		t.Errorf("the Telegram account's roles: %+v", tgRoles)
	}
	give.Set("resident", fmt.Sprint(wx.ID))
	has(t, o.post(admin, "/community/role", give).body, "验证码")
	if wxRoles, _ := o.st.RolesOf(ctx, wx.ID); len(wxRoles) != 0 {
		t.Errorf("a WeChat account got a role without a code: %+v", wxRoles)
	}
	take := url.Values{"csrf": {token}, "resident": {fmt.Sprint(o.people["王阿姨"].ID)}, "action": {"take"},
		"role": {bot.RoleBuildingHead}, "building": {"8号楼"}}
	head := o.login("刘阿姨")
	take.Set("csrf", csrf(t, o.get(head, "/community").body))
	if res := o.post(head, "/community/role", take); res.code != http.StatusForbidden {
		t.Errorf("a head taking a role: %d", res.code)
	}
	take.Set("csrf", token)
	has(t, o.post(admin, "/community/role", take).body, "已取消 王阿姨 的8号楼楼组长")
	if roles, _ := o.st.RolesOf(ctx, o.people["王阿姨"].ID); len(roles) != 0 {
		t.Errorf("王阿姨's roles after 取消: %+v", roles)
	}
	has(t, o.toldTo("王阿姨"), "已被社区工作人员取消")
	code := o.post(admin, "/community/code", url.Values{"csrf": {token}, "role": {bot.RoleBuildingHead}, "building": {"8号楼"}})
	has(t, code.body, "验证码")
	has(t, code.body, "验证码 楼组长 8号楼")
}

// TestOfficeActionsRefused: every action of 活动, 社区 and 通知 refuses a
// resident, the canteen, a head of another building (or any head, for the
// admins' actions) and a post without the form's token — and runs no
// command and changes nothing when it does.
func TestOfficeActionsRefused(t *testing.T) {
	o := newChatOffice(t)
	ctx := context.Background()
	e := o.activity("王阿姨", "八号楼包饺子", "8号楼", o.clock.Now().Add(-time.Hour), 0)
	n, _ := o.st.ScheduleNotice(ctx, o.people["王阿姨"].ID, []string{"8号楼"}, "明天停水", o.clock.Now().Add(24*time.Hour))
	waiting := o.stranger("小李", "8号楼", "301")
	actions := []struct {
		path   string
		form   url.Values
		admins bool // for admins only: any head is refused
	}{
		{fmt.Sprintf("/events/%d/edit", e.ID), url.Values{"title": {"改"}, "date": {"2026-11-28"}, "time": {"14:00"}, "place": {"站"}}, false},
		{fmt.Sprintf("/events/%d/cancel", e.ID), url.Values{}, false},
		{fmt.Sprintf("/events/%d/hours", e.ID), url.Values{"hours": {"2"}}, false},
		{"/community/household", url.Values{"resident": {fmt.Sprint(waiting.ID)}, "action": {"confirm"}}, false},
		{"/notices/cancel", url.Values{"notice": {fmt.Sprint(n.ID)}}, false},
		{"/community/role", url.Values{"resident": {fmt.Sprint(o.people["张阿姨"].ID)}, "action": {"give"}, "role": {bot.RoleAdmin}}, true},
		{"/community/code", url.Values{"role": {bot.RoleAdmin}}, true},
		{"/events/new", url.Values{"title": {"新"}, "date": {"2026-11-28"}, "time": {"14:00"}, "place": {"站"}}, false},
		{"/notices/send", url.Values{"text": {"停水"}}, false},
	}
	people := map[string]*http.Client{}
	tokens := map[string]string{} // a valid token, so only the role refuses
	for _, who := range []string{"李师傅", "刘阿姨", "王阿姨", "社区小王", "张阿姨"} {
		people[who] = o.login(who)
		if who != "张阿姨" { // a resident's session ends at once
			tokens[who] = csrf(t, o.get(people[who], "/").body)
		}
	}
	for _, a := range actions {
		for _, who := range []string{"张阿姨", "李师傅", "刘阿姨", "王阿姨", "社区小王"} {
			form := url.Values{"csrf": {tokens[who]}}
			for k, v := range a.form {
				form[k] = v
			}
			refused := who == "张阿姨" || who == "李师傅"
			switch {
			case who == "刘阿姨" && !strings.HasSuffix(a.path, "/new") && !strings.HasSuffix(a.path, "/send"):
				refused = true // 8号楼's activity, notice and household
			case who != "社区小王" && a.admins:
				refused = true
			case !refused:
				form.Set("csrf", "f00d") // a forged token
				refused = true
			}
			// A resident's session ends at their first request (no role):
			// 403 then, 401 after.
			res := o.post(people[who], a.path, form)
			if !refused || res.code != http.StatusForbidden && !(who == "张阿姨" && res.code == http.StatusUnauthorized) {
				t.Errorf("%s posting %s: %d, want 403", who, a.path, res.code)
			}
		}
	}
	if len(o.commands) != 0 {
		t.Errorf("refused posts ran commands: %q", o.commands)
	}
	if ns, _ := o.st.ScheduledNotices(ctx); len(ns) != 1 {
		t.Errorf("scheduled notices after refused posts: %d", len(ns))
	}
	if r := o.resident("小李"); r.PendingHouseholdID == nil {
		t.Errorf("小李 no longer waits: %+v", r)
	}
	if log, _ := o.st.AuditLog(ctx, 100); len(log) != 5 { // the five logins
		t.Errorf("audit after refused posts: %+v", log)
	}
}
