package app

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"linli/bot/bottest"
	"linli/bot/console"
)

// consoleOffice is the demo community served as `linli chat` serves it —
// the console on a pipe the test types into, the panel on a free loopback
// port — with the clock at 08:00 today, before lunch's cut-off.
type consoleOffice struct {
	t     *testing.T
	app   *app
	in    *io.PipeWriter
	out   *bottest.Buffer
	clock *bottest.Clock
}

func newConsoleOffice(t *testing.T) *consoleOffice {
	t.Helper()
	cfg := demoConfig()
	cfg.Web.Addr = "127.0.0.1:0"
	cfg.Database.DSN = t.TempDir() + "/linli.db"
	now := time.Now().In(cfg.Location)
	clock := bottest.NewClock(time.Date(now.Year(), now.Month(), now.Day(), 8, 0, 0, 0, cfg.Location))
	pr, pw := io.Pipe()
	co := &consoleOffice{t: t, in: pw, out: &bottest.Buffer{}, clock: clock}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := New(ctx, cfg, Options{Now: clock.Now, In: pr, Out: co.out,
		Console: func(c *console.Adapter) { c.Now = clock.Now }})
	if err != nil {
		t.Fatal(err)
	}
	co.app = a
	if err := seedDemo(ctx, a.store); err != nil {
		t.Fatal(err)
	}
	if err := seedDemoContent(ctx, a.store, cfg, clock.Now()); err != nil {
		t.Fatal(err)
	}
	a.listenOffice(ctx)
	served := make(chan error, 1)
	go func() { served <- a.serve(ctx, false) }()
	t.Cleanup(func() {
		pw.Close()
		cancel()
		<-served
		a.close()
	})
	return co
}

// say types a console line and returns the bot's answer to it. The
// comment after it tells the console the message has no continuation
// lines, so it is delivered now.
func (co *consoleOffice) say(line, want string) string {
	co.t.Helper()
	before := len(co.out.String())
	if _, err := io.WriteString(co.in, line+"\n#\n"); err != nil {
		co.t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if got := co.out.String()[before:]; strings.Contains(got, want) {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
	co.t.Fatalf("no %q after %q; the console printed:\n%s", want, line, co.out.String()[before:])
	return ""
}

var loginLink = regexp.MustCompile(`http://127\.0\.0\.1:\d+/login/[A-Z2-7]+`)

// link asks for 后台 in the console as name and returns the link printed.
func (co *consoleOffice) link(name string) string {
	co.t.Helper()
	got := co.say("[@"+name+"] 后台", "/login/")
	l := loginLink.FindString(got)
	if l == "" {
		co.t.Fatalf("no login link in:\n%s", got)
	}
	return l
}

// TestConsoleLoginToPanel is the newcomer's path: `linli chat`, 后台 as
// the demo's admin, the printed link opened in a browser, the canteen's
// page with the demo's menus and a booking just made in the console.
func TestConsoleLoginToPanel(t *testing.T) {
	co := newConsoleOffice(t)
	co.say("[@张阿姨] 订餐 今天 午餐 2份", "订")
	must := func(got, want string) {
		t.Helper()
		if !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	}
	must(co.say("[@张阿姨] 后台", "抱歉"), "只有")
	must(co.say("[1号楼群] 社区小王: 后台", "私聊"), "请私聊我发「后台」")
	link := co.link("社区小王")
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, err := browser.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/" || !strings.Contains(string(body), "社区小王") {
		t.Fatalf("the link: %d at %s\n%s", res.StatusCode, res.Request.URL, body)
	}
	res, err = browser.Get(co.app.officeBase() + "/canteen")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	must(string(body), "红烧肉")
	must(string(body), "张阿姨")
	must(string(body), "1号楼")
	// The link is spent.
	if res, err := http.Get(link); err != nil || res.StatusCode != http.StatusGone {
		t.Fatalf("the link reused: %v %v", res.StatusCode, err)
	}
	log, _ := co.app.store.AuditLog(context.Background(), 10)
	if len(log) < 2 || log[0].Action != "登录后台" || log[1].Action != "登录网页后台" || log[1].Via != "console" {
		t.Fatalf("audit log = %+v", log)
	}
}

// TestPanelAddressTaken: an address that cannot be bound is logged and the
// chats are served anyway; 后台 says the panel is off.
func TestPanelAddressTaken(t *testing.T) {
	co := newConsoleOffice(t)
	cfg := demoConfig()
	cfg.Web.Addr = strings.TrimPrefix(co.app.officeBase(), "http://") // taken by the first
	cfg.Database.DSN = t.TempDir() + "/linli.db"
	pr, pw := io.Pipe()
	out, logs := &bottest.Buffer{}, &bottest.Buffer{}
	a, err := New(context.Background(), cfg, Options{In: pr, Out: out, Log: newLogger(logs, cfg.Log, cfg.Location)})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	if err := seedDemo(context.Background(), a.store); err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- a.serve(context.Background(), true) }()
	io.WriteString(pw, "[@社区小王] 后台\n[@张阿姨] 帮助\n")
	pw.Close()
	if err := <-served; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(out.String(), "网页后台现在没有开") || !strings.Contains(out.String(), "[@张阿姨] <linli>") {
		t.Errorf("the chats while the panel is off:\n%s", out.String())
	}
	if n := strings.Count(logs.String(), "the web panel is not served"); n != 1 {
		t.Errorf("the bind failure logged %d times:\n%s", n, logs.String())
	}
}

// TestPanelDownloadsRealSpreadsheets: the panel's downloads are the
// export's xlsx files, with the same columns as `linli export`.
func TestPanelDownloadsRealSpreadsheets(t *testing.T) {
	co := newConsoleOffice(t)
	co.say("[@张阿姨] 订餐 今天 午餐 2份", "订单号")
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	if res, err := browser.Get(co.link("李师傅")); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("login: %v %v", res, err)
	}
	today := co.clock.Now().Format("2006-01-02")
	for _, tc := range []struct {
		path, sheet, header, row string
	}{
		{"/canteen.xlsx?date=" + today, "订餐", strings.Join(handlersMealsHeader, ","), "张阿姨"},
		{"/report.xlsx?month=" + today[:7], "月报", "section,building,room,name,tier,portions,paid,standard,subsidy", "person,1号楼,101,张阿姨,elder,2,24.00,30.00,6.00"},
	} {
		res, err := browser.Get(co.app.officeBase() + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatalf("%s: not an xlsx file: %v", tc.path, err)
		}
		rows, err := f.GetRows(tc.sheet)
		f.Close()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%s: rows %v, %v", tc.path, rows, err)
		}
		if got := strings.Join(rows[0], ","); got != tc.header {
			t.Errorf("%s: header %s, want %s", tc.path, got, tc.header)
		}
		var all []string
		for _, r := range rows[1:] {
			all = append(all, strings.Join(r, ","))
		}
		if !strings.Contains(strings.Join(all, "\n"), tc.row) {
			t.Errorf("%s: no %q in\n%s", tc.path, tc.row, strings.Join(all, "\n"))
		}
	}
}

var handlersMealsHeader = []string{"订单号", "日期", "餐次", "姓名", "平台", "账号", "楼栋", "房号",
	"份数", "价格档", "单价", "金额", "状态", "预订时间", "取餐时间", "代办人"}

// TestPanelFormsRunTheChatCommands: 停餐 and 设置菜单 from the panel go
// through the chat's router as the manager: the page shows the bot's
// answer, the resident who booked is told in her chat, and the audit log
// says it came from the panel.
func TestPanelFormsRunTheChatCommands(t *testing.T) {
	co := newConsoleOffice(t)
	co.say("[@张阿姨] 订餐 今天 晚餐", "订单号")
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, err := browser.Get(co.link("李师傅"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	page := func(res *http.Response, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	base := co.app.officeBase()
	token := csrfOf(t, page(browser.Get(base+"/canteen")))
	today := co.clock.Now().Format("2006-01-02")
	before := len(co.out.String())
	got := page(browser.PostForm(base+"/canteen/stop", url.Values{"csrf": {token}, "date": {today}, "meal": {"dinner"}}))
	if !strings.Contains(got, "停餐") || !strings.Contains(got, "机器人的回答") {
		t.Fatalf("the 停餐 page:\n%s", got)
	}
	if told := co.out.String()[before:]; !strings.Contains(told, "[@张阿姨] <linli>") {
		t.Errorf("张阿姨 was not told of the stop; the console printed:\n%s", told)
	}
	tomorrow := co.clock.Now().AddDate(0, 0, 3).Format("2006-01-02")
	got = page(browser.PostForm(base+"/canteen/menu", url.Values{"csrf": {token}, "date": {tomorrow}, "meal": {"lunch"},
		"dishes": {"饺子 10\n紫菜汤"}}))
	if !strings.Contains(got, "已设置") {
		t.Fatalf("the menu page:\n%s", got)
	}
	log, _ := co.app.store.AuditLog(context.Background(), 2)
	if len(log) != 2 || log[0].Action != "设置菜单" || log[1].Action != "停餐" || log[0].Via != "web" || log[0].From != "127.0.0.1" || log[0].Who != "李师傅" {
		t.Fatalf("audit log = %+v", log)
	}
}

// csrfOf is the form token of a page.
func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on:\n%s", page)
	}
	return m[1]
}
