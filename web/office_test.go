package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/store"
	"linli/web"
)

func TestLoginLinkWorksOnce(t *testing.T) {
	o := newOffice(t)
	link := o.link("李师傅")
	if !strings.HasPrefix(link, o.ts.URL+"/login/") {
		t.Fatalf("link %q is not of the panel", link)
	}
	c := o.browser()
	res := o.get(c, link)
	if res.code != http.StatusSeeOther || res.location != "/" {
		t.Fatalf("opening the link: %d → %q", res.code, res.location)
	}
	cookie := res.header.Get("Set-Cookie")
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("cookie %q is Secure behind plain http: the browser would never send it", cookie)
	}
	if home := o.get(c, "/"); home.code != http.StatusOK || !strings.Contains(home.body, "李师傅") || !strings.Contains(home.body, "食堂管理员") {
		t.Fatalf("home after login: %d\n%s", home.code, home.body)
	}
	// The link is spent: another browser (someone who saw the message) gets nothing.
	again := o.get(o.browser(), link)
	if again.code != http.StatusGone || !strings.Contains(again.body, "「后台」") {
		t.Fatalf("link opened twice: %d %q", again.code, again.location)
	}
	if res := o.get(o.browser(), "/canteen"); res.code != http.StatusUnauthorized {
		t.Fatalf("the canteen page without a session: %d", res.code)
	}
}

func TestLoginLinkExpiresAfterTenMinutes(t *testing.T) {
	o := newOffice(t)
	link := o.link("社区小王")
	o.clock.Advance(web.LinkLife)
	if res := o.get(o.browser(), link); res.code != http.StatusGone {
		t.Fatalf("a link opened after %v: %d → %q", web.LinkLife, res.code, res.location)
	}
	if res := o.get(o.browser(), o.ts.URL+"/login/"+strings.Repeat("A", 26)); res.code != http.StatusGone {
		t.Fatalf("a made-up link: %d", res.code)
	}
}

func TestSecureCookieBehindHTTPS(t *testing.T) {
	o := newOffice(t)
	srv, err := web.New(web.Config{Store: o.st, Location: cst, Now: o.clock.Now, Base: "https://linli.example.org", Secure: true})
	if err != nil {
		t.Fatal(err)
	}
	link, _, err := srv.IssueLink(context.Background(), o.people["社区小王"].ID)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", u.Path, nil))
	if c := rec.Header().Get("Set-Cookie"); rec.Code != http.StatusSeeOther || !strings.Contains(c, "Secure") {
		t.Fatalf("behind https: %d, cookie %q", rec.Code, c)
	}
}

func TestSessionEndsWhenIdle(t *testing.T) {
	o := newOffice(t)
	c := o.login("李师傅")
	o.clock.Advance(web.IdleLife - time.Minute)
	if res := o.get(c, "/canteen"); res.code != http.StatusOK {
		t.Fatalf("used within the idle time: %d", res.code)
	}
	o.clock.Advance(web.IdleLife - time.Minute)
	if res := o.get(c, "/canteen"); res.code != http.StatusOK {
		t.Fatalf("the idle time restarts on each use: %d", res.code)
	}
	o.clock.Advance(web.IdleLife + time.Second)
	if res := o.get(c, "/canteen"); res.code != http.StatusUnauthorized || !strings.Contains(res.body, "自动退出") {
		t.Fatalf("idle %v: %d\n%s", web.IdleLife, res.code, res.body)
	}
}

// TestRoleTakenBackEndsSession: the session follows the person's roles on
// every request, and ends for good when they have none.
func TestRoleTakenBackEndsSession(t *testing.T) {
	o := newOffice(t)
	ctx := context.Background()
	c := o.login("李师傅")
	if res := o.get(c, "/canteen"); res.code != http.StatusOK {
		t.Fatalf("before: %d", res.code)
	}
	li := o.people["李师傅"].ID
	if err := o.st.Revoke(ctx, li, bot.RoleCanteenManager, ""); err != nil {
		t.Fatal(err)
	}
	if res := o.get(c, "/canteen"); res.code != http.StatusForbidden || !strings.Contains(res.body, "没有社区里的身份") {
		t.Fatalf("after the role was taken back: %d\n%s", res.code, res.body)
	}
	o.st.Grant(ctx, li, bot.RoleCanteenManager, "", "")
	if res := o.get(c, "/canteen"); res.code != http.StatusUnauthorized {
		t.Fatalf("the ended session came back with the role: %d", res.code)
	}
}

func TestPagesByRole(t *testing.T) {
	o := newOffice(t)
	for _, tc := range []struct {
		who, path string
		want      int
	}{
		{"王阿姨", "/", http.StatusOK},
		{"王阿姨", "/canteen", http.StatusForbidden},
		{"王阿姨", "/audit", http.StatusForbidden},
		{"李师傅", "/canteen", http.StatusOK},
		{"李师傅", "/audit", http.StatusForbidden},
		{"社区小王", "/canteen", http.StatusOK},
		{"社区小王", "/audit", http.StatusOK},
	} {
		if res := o.get(o.login(tc.who), tc.path); res.code != tc.want {
			t.Errorf("%s GET %s: %d, want %d", tc.who, tc.path, res.code, tc.want)
		}
	}
	// A building head's session cannot tick, whatever the form says.
	c := o.login("王阿姨")
	home := o.get(c, "/")
	res := o.post(c, "/canteen/pickup", url.Values{"csrf": {csrf(t, home.body)}, "order": {id(o.orders["张阿姨"])}, "done": {"1"}})
	if res.code != http.StatusForbidden || o.pickedUp("张阿姨") {
		t.Fatalf("a building head ticked an order: %d", res.code)
	}
}

func TestPickUpNeedsCSRFAndIsAudited(t *testing.T) {
	o := newOffice(t)
	c := o.login("李师傅")
	page := o.get(c, "/canteen")
	order := id(o.orders["李大爷"])
	for _, token := range []string{"", "0123456789abcdef0123456789abcdef", csrf(t, o.get(o.login("社区小王"), "/").body)} {
		res := o.post(c, "/canteen/pickup", url.Values{"csrf": {token}, "order": {order}, "done": {"1"}})
		if res.code != http.StatusForbidden || o.pickedUp("李大爷") {
			t.Fatalf("tick with CSRF token %q: %d, picked up %v", token, res.code, o.pickedUp("李大爷"))
		}
	}
	o.clock.Set(time.Date(2026, 11, 25, 8, 25, 0, 0, cst)) // within the idle time
	res := o.post(c, "/canteen/pickup", url.Values{"csrf": {csrf(t, page.body)}, "order": {order}, "done": {"1"}})
	if res.code != http.StatusSeeOther || res.location != "/canteen?date=2026-11-25#D"+order || !o.pickedUp("李大爷") {
		t.Fatalf("tick: %d → %q, picked up %v", res.code, res.location, o.pickedUp("李大爷"))
	}
	if after := o.get(c, "/canteen"); !strings.Contains(after.body, "✓ 08:25") || !strings.Contains(after.body, "1 / 4 份") {
		t.Fatalf("the list after the tick:\n%s", after.body)
	}
	log, err := o.st.AuditLog(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	e := log[0]
	if e.Action != "已取" || e.Who != "李师傅" || e.ResidentID != o.people["李师傅"].ID || e.Via != "web" || e.From != "127.0.0.1" ||
		!strings.Contains(e.Detail, "D"+order) || !e.At.Equal(o.clock.Now()) {
		t.Fatalf("audit entry = %+v", e)
	}
	if audit := o.get(o.login("社区小王"), "/audit"); !strings.Contains(audit.body, "已取") || !strings.Contains(audit.body, "登录后台") {
		t.Fatalf("the audit page:\n%s", audit.body)
	}
}

func TestCanteenPageShowsTheDay(t *testing.T) {
	o := newOffice(t)
	c := o.login("李师傅")
	body := o.get(c, "/canteen").body
	for _, want := range []string{"今天", "午餐", "红烧肉 12元", "还剩 76 份（共 80 份）", "09:30 截止，还有 1 小时 30 分",
		"4 份", "标准价 15元 × 3", "助老价 12元 × 1", "57元"} {
		if !strings.Contains(body, want) {
			t.Errorf("the canteen page lacks %q", want)
		}
	}
	// By building, 8号楼 before 10号楼.
	i1, i8, i10 := strings.Index(body, "<h3>1号楼"), strings.Index(body, "<h3>8号楼"), strings.Index(body, "<h3>10号楼")
	if i1 < 0 || !(i1 < i8 && i8 < i10) {
		t.Errorf("buildings out of order: 1号楼 %d, 8号楼 %d, 10号楼 %d", i1, i8, i10)
	}
	if past := o.get(c, "/canteen?date=2026-11-24"); !strings.Contains(past.body, "这天没有菜单") || !strings.Contains(past.body, "11月24日") {
		t.Errorf("a past day without a menu:\n%s", past.body)
	}
}

func TestLogout(t *testing.T) {
	o := newOffice(t)
	c := o.login("社区小王")
	home := o.get(c, "/")
	if res := o.post(c, "/logout", url.Values{"csrf": {csrf(t, home.body)}}); res.code != http.StatusOK {
		t.Fatalf("logout: %d", res.code)
	}
	if res := o.get(c, "/"); res.code != http.StatusUnauthorized {
		t.Fatalf("after logout: %d", res.code)
	}
}

func (o *office) pickedUp(name string) bool {
	lines, err := o.st.Orders(context.Background(), store.OrderQuery{From: o.today, To: o.today})
	if err != nil {
		o.t.Fatal(err)
	}
	for _, l := range lines {
		if l.ID == o.orders[name] {
			return l.PickedUpAt != nil
		}
	}
	o.t.Fatalf("no order of %s", name)
	return false
}

func id(n uint) string { return strconv.FormatUint(uint64(n), 10) }

// TestLinkPreviewsDoNotSpendTheLink: a HEAD or a preview robot's GET
// leaves the link for the person who taps it.
func TestLinkPreviewsDoNotSpendTheLink(t *testing.T) {
	o := newOffice(t)
	link := o.link("李师傅")
	if res, err := http.Head(link); err != nil || res.StatusCode != http.StatusOK || res.Header.Get("Set-Cookie") != "" {
		t.Fatalf("HEAD: %v %v", res, err)
	}
	for _, ua := range []string{"TelegramBot (like TwitterBot)", "facebookexternalhit/1.1", "Slackbot-LinkExpanding 1.0"} {
		req, _ := http.NewRequest("GET", link, nil)
		req.Header.Set("User-Agent", ua)
		res, err := o.browser().Do(req)
		if err != nil || res.StatusCode != http.StatusOK || res.Header.Get("Set-Cookie") != "" {
			t.Fatalf("%s: %v %v", ua, res, err)
		}
		res.Body.Close()
	}
	o.login("李师傅") // a fresh link still works as before
	req, _ := http.NewRequest("GET", link, nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (iPhone) MicroMessenger/8.0.49")
	res, err := o.browser().Do(req)
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the person's own tap after the previews: %v %v", res, err)
	}
}
