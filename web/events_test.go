package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"linli/store"
)

// activity makes an activity of building by creator, starting at, with
// capacity seats.
func (o *office) activity(creator, title, building string, at time.Time, capacity int) store.Event {
	o.t.Helper()
	e, err := o.st.CreateEvent(context.Background(), store.Event{Title: title, Place: "党群服务站", StartsAt: at, Capacity: capacity,
		Status: store.EventOpen, CreatorID: o.people[creator].ID}, []string{building})
	if err != nil {
		o.t.Fatal(err)
	}
	return e
}

func (o *office) signUp(e store.Event, who string, party int) {
	o.t.Helper()
	if _, err := o.st.SignUp(context.Background(), store.SignupRequest{EventID: e.ID, ResidentID: o.people[who].ID, Party: party, Now: o.clock.Now()}); err != nil {
		o.t.Fatal(err)
	}
}

func has(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("want %q in:\n%s", want, got)
	}
}

func hasNot(t *testing.T, got, unwanted string) {
	t.Helper()
	if strings.Contains(got, unwanted) {
		t.Errorf("did not want %q in:\n%s", unwanted, got)
	}
}

// TestEventsByBuilding: a head lists their buildings' and the community's
// activities and opens the rosters of their own buildings' only; a
// roster shows the waitlist in order; the sign-in sheet and the
// spreadsheet are theirs too, the download audited; residents and the
// canteen are refused the page.
func TestEventsByBuilding(t *testing.T) {
	o := newChatOffice(t)
	soon := time.Date(2026, 11, 28, 14, 0, 0, 0, cst)
	e8 := o.activity("王阿姨", "八号楼包饺子", "8号楼", soon, 2)
	e1 := o.activity("刘阿姨", "一号楼插花", "1号楼", soon, 0)
	all := o.activity("社区小王", "全小区消防演练", store.AllBuildings, soon, 0)
	o.activity("王阿姨", "上周的读书会", "8号楼", soon.AddDate(0, 0, -10), 0)
	o.signUp(e8, "李大爷", 2)
	o.signUp(e8, "王阿姨", 1)

	head := o.login("王阿姨")
	list := o.get(head, "/events")
	if list.code != http.StatusOK {
		t.Fatalf("/events: %d\n%s", list.code, list.body)
	}
	has(t, list.body, "八号楼包饺子")
	has(t, list.body, "全小区消防演练")
	has(t, list.body, "上周的读书会")
	hasNot(t, list.body, "一号楼插花")
	has(t, list.body, fmt.Sprintf(`href="/events/%d"`, e8.ID))
	hasNot(t, list.body, fmt.Sprintf(`href="/events/%d"`, all.ID)) // the community's: the admin runs it
	for _, path := range []string{fmt.Sprintf("/events/%d", e1.ID), fmt.Sprintf("/events/%d/sheet", e1.ID),
		fmt.Sprintf("/events/%d/signups.xlsx", e1.ID), fmt.Sprintf("/events/%d", all.ID)} {
		if res := o.get(head, path); res.code != http.StatusForbidden {
			t.Errorf("8号楼's head at %s: %d", path, res.code)
		}
	}
	roster := o.get(head, fmt.Sprintf("/events/%d", e8.ID)).body
	has(t, roster, "李大爷")
	has(t, roster, "8号楼 301")
	has(t, roster, "候补（1 人")
	if strings.Index(roster, "李大爷") > strings.Index(roster, "候补（") || strings.Index(roster, "候补（") > strings.LastIndex(roster, "王阿姨") {
		t.Errorf("李大爷 confirmed, 王阿姨 waiting, in that order:\n%s", roster)
	}
	sheet := o.get(head, fmt.Sprintf("/events/%d/sheet", e8.ID)).body
	has(t, sheet, "八号楼包饺子 签到表")
	has(t, sheet, `class="sign"`)
	has(t, sheet, "候补1")
	xlsx := o.get(head, fmt.Sprintf("/events/%d/signups.xlsx", e8.ID))
	if xlsx.code != http.StatusOK || xlsx.body != fmt.Sprintf("signups:%d 2026-11-28 2026-11-28", e8.ID) {
		t.Errorf("the spreadsheet: %d %q", xlsx.code, xlsx.body)
	}
	if a := o.audited(); a.Action != fmt.Sprintf("下载%d号活动报名表", e8.ID) || a.Who != "王阿姨" || a.Via != "web" {
		t.Errorf("the download's audit: %+v", a)
	}
	admin := o.login("社区小王")
	has(t, o.get(admin, "/events").body, "一号楼插花")
	if res := o.get(admin, fmt.Sprintf("/events/%d", e1.ID)); res.code != http.StatusOK {
		t.Errorf("the admin at 1号楼's roster: %d", res.code)
	}
	o.refused(t, "/events", "张阿姨", "李师傅")
}

// TestEventFormsAreTheChatCommands: 发起 from the form is the chat's 发起活动
// (the groups told, a title and place with spaces kept whole, audited as
// from the web); 修改 moves the waitlist up and tells people; 取消 tells
// everyone; a head cannot address another building, and a post without
// the form's token does nothing.
func TestEventFormsAreTheChatCommands(t *testing.T) {
	o := newChatOffice(t)
	ctx := context.Background()
	head := o.login("王阿姨")
	token := csrf(t, o.get(head, "/events").body)
	form := url.Values{"csrf": {token}, "title": {"花卉 讲座"}, "date": {"2026-11-28"}, "time": {"14:00"},
		"place": {"党群服务站 三楼"}, "capacity": {"30"}, "notes": {"请带\n老花镜"}, "scope": {"8号楼"}}
	res := o.post(head, "/events/new", form)
	has(t, res.body, "已发起活动")
	es, _ := o.st.UpcomingEvents(ctx, o.clock.Now())
	if len(es) != 1 || es[0].Title != "花卉 讲座" || es[0].Place != "党群服务站 三楼" || es[0].Capacity != 30 ||
		es[0].Notes != "请带 老花镜" || strings.Join(es[0].BuildingNames(), ",") != "8号楼" || !es[0].StartsAt.Equal(time.Date(2026, 11, 28, 14, 0, 0, 0, cst)) {
		t.Fatalf("created: %+v", es)
	}
	if a := o.audited(); a.Action != "发起活动" || a.Who != "王阿姨" || a.Via != "web" || a.From != "127.0.0.1" {
		t.Errorf("audit: %+v", a)
	}
	has(t, o.toldTo("8号楼群"), "【活动报名】")
	hasNot(t, o.toldTo("1号楼群"), "花卉")

	form.Set("scope", "1号楼")
	if res := o.post(head, "/events/new", form); res.code != http.StatusForbidden {
		t.Errorf("a head's activity for another building: %d", res.code)
	}
	form.Set("scope", "8号楼")
	form.Set("date", "2026-11-20")
	has(t, o.post(head, "/events/new", form).body, "已经过去了")
	form.Set("date", "2026-11-28")
	form.Del("csrf")
	if res := o.post(head, "/events/new", form); res.code != http.StatusForbidden {
		t.Errorf("no CSRF token: %d", res.code)
	}
	if es, _ := o.st.UpcomingEvents(ctx, o.clock.Now()); len(es) != 1 {
		t.Fatalf("refused forms made activities: %d", len(es))
	}

	e := es[0].Event
	o.st.EditEvent(ctx, e.ID, store.EventChange{Capacity: ptr(2)}, o.clock.Now(), 0)
	o.signUp(e, "李大爷", 2)
	o.signUp(e, "张阿姨", 1)
	form.Set("csrf", token)
	form.Set("capacity", "3")
	res = o.post(head, fmt.Sprintf("/events/%d/edit", e.ID), form)
	has(t, res.body, "已修改活动")
	has(t, res.body, "名额改为：3人")
	if ss, _ := o.st.Signups(ctx, e.ID, store.SignupWaitlist); len(ss) != 0 {
		t.Errorf("still waiting after more seats: %+v", ss)
	}
	has(t, o.toldTo("张阿姨"), "有空位了")
	has(t, o.toldTo("李大爷"), "名额改为：3人")
	if a := o.audited(); a.Action != "修改活动" || a.Via != "web" {
		t.Errorf("audit: %+v", a)
	}

	other := o.login("刘阿姨")
	if res := o.post(other, fmt.Sprintf("/events/%d/cancel", e.ID), url.Values{"csrf": {csrf(t, o.get(other, "/events").body)}}); res.code != http.StatusForbidden {
		t.Errorf("1号楼's head cancelling 8号楼's activity: %d", res.code)
	}
	admin := o.login("社区小王")
	has(t, o.post(admin, fmt.Sprintf("/events/%d/cancel", e.ID), url.Values{"csrf": {csrf(t, o.get(admin, "/events").body)}}).body, "已取消活动")
	if got, _ := o.st.Event(ctx, e.ID); got.Status != store.EventCancelled {
		t.Errorf("status after 取消: %s", got.Status)
	}
	has(t, o.toldTo("李大爷"), "取消了")
	if a := o.audited(); a.Action != "取消活动" || a.Who != "社区小王" {
		t.Errorf("audit: %+v", a)
	}
}

// TestEventHoursForm: 时长 from the form, after the activity, by its head.
func TestEventHoursForm(t *testing.T) {
	o := newChatOffice(t)
	talk := o.activity("王阿姨", "健康讲座", "8号楼", o.clock.Now().Add(-3*time.Hour), 0)
	e, err := o.st.CreateEvent(context.Background(), store.Event{Title: "楼道大扫除", Place: "8号楼", StartsAt: o.clock.Now().Add(-3 * time.Hour),
		Status: store.EventOpen, CreatorID: o.people["王阿姨"].ID, Volunteer: true}, []string{"8号楼"})
	if err != nil {
		t.Fatal(err)
	}
	head := o.login("王阿姨")
	if page := o.get(head, fmt.Sprintf("/events/%d", talk.ID)).body; strings.Contains(page, "记志愿时长") {
		t.Errorf("an activity not marked 志愿 offers the hours form")
	}
	page := o.get(head, fmt.Sprintf("/events/%d", e.ID)).body
	has(t, page, "记志愿时长")
	res := o.post(head, fmt.Sprintf("/events/%d/hours", e.ID), url.Values{"csrf": {csrf(t, page)}, "hours": {"1.5"}})
	has(t, res.body, "志愿时长")
	if a := o.audited(); a.Action != "记活动的志愿时长" || a.Detail != fmt.Sprintf("时长 %d 90分钟", e.ID) {
		t.Errorf("audit: %+v", a)
	}
}

func ptr[T any](v T) *T { return &v }

// TestVolunteerActivityFromTheForm: the 志愿 box makes the activity a
// volunteer one, as 发起活动 … 志愿 does in the chat; without it, not.
func TestVolunteerActivityFromTheForm(t *testing.T) {
	o := newChatOffice(t)
	head := o.login("王阿姨")
	for _, c := range []struct {
		title, box string
		want       bool
	}{{"楼道大扫除", "1", true}, {"健康讲座", "", false}} {
		form := url.Values{"csrf": {csrf(t, o.get(head, "/events").body)}, "title": {c.title}, "date": {"2026-11-28"},
			"time": {"09:00"}, "place": {"8号楼"}, "scope": {"8号楼"}}
		if c.box != "" {
			form.Set("volunteer", c.box)
		}
		has(t, o.post(head, "/events/new", form).body, "已发起")
		evs, err := o.st.UpcomingEvents(context.Background(), o.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range evs {
			if e.Title == c.title {
				found = true
				if e.Volunteer != c.want {
					t.Errorf("%s: volunteer = %v, want %v", c.title, e.Volunteer, c.want)
				}
			}
		}
		if !found {
			t.Errorf("%s was not created", c.title)
		}
	}
}
