package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a headless-capable Chromium: Debian's chromium, or what
// LINLI_CHROMIUM names. Without one the browser test skips locally and
// fails on CI (CI=true), where .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("LINLI_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium on CI: .ci/run should have installed it (apt-get install -y chromium)")
	}
	t.Skip("no Chromium found: install it (apt-get install -y chromium) or set LINLI_CHROMIUM to run the browser test")
	return ""
}

// TestBrowserTicksPickUp is the canteen's morning in a real browser: the
// manager types 后台 in the console, opens the printed link in headless
// Chromium, and ticks 已取 for 张阿姨 on the pick-up list; the tick is
// stored and audited. Then the admin answers 张阿姨's suggestion from the
// board, she is told in her chat, and the audit page lists both.
// Screenshots of each page go to the test's artifact directory (go test
// -artifacts keeps them).
func TestBrowserTicksPickUp(t *testing.T) {
	path := chromium(t)
	co := newConsoleOffice(t)
	co.say("[@张阿姨] 订餐 今天 午餐 2份", "订单号")
	link := co.link("李师傅")

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1100, 1400))
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	browser, cancel := chromedp.NewContext(alloc)
	defer cancel()
	// The first action starts the browser and must not carry a timeout.
	if err := chromedp.Do(browser, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(browser, 60*time.Second)
	defer cancel()

	dir := t.ArtifactDir()
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
		}
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(".tiles"))); err != nil {
		t.Fatal(err)
	}
	at, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if home := text("main"); at != co.app.officeBase()+"/" || !strings.Contains(home, "李师傅") {
		t.Fatalf("after the link the browser is at %s showing:\n%s", at, home)
	}
	shot("home")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/canteen"]`)), chromedp.WaitVisible(chromedp.CSS("button.pick"))); err != nil {
		t.Fatal(err)
	}
	shot("canteen")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("button.pick")), chromedp.WaitVisible(chromedp.CSS("tr.done .tick"))); err != nil {
		t.Fatal(err)
	}
	shot("canteen-picked")
	if row := text("tr.done"); !strings.Contains(row, "张阿姨") || !strings.Contains(row, "✓ 08:00") {
		t.Errorf("the ticked row reads %q", row)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(co.app.officeBase()+"/report?month="+co.clock.Now().Format("2006-01")),
		chromedp.WaitVisible(chromedp.CSS("table.money"))); err != nil {
		t.Fatal(err)
	}
	if report := text("main"); !strings.Contains(report, "张阿姨") || !strings.Contains(report, "助老价") {
		t.Errorf("the month's report:\n%s", report)
	}
	shot("report")
	log, err := co.app.store.AuditLog(context.Background(), 1)
	if err != nil || len(log) != 1 || log[0].Action != "已取" || log[0].Who != "李师傅" || !strings.Contains(log[0].Detail, "张阿姨") {
		t.Fatalf("audit log = %+v, %v", log, err)
	}

	// The admin answers 张阿姨's suggestion; she hears of it in her chat.
	co.say("[@张阿姨] 建议 1号楼楼道灯坏了", "S")
	admin := co.link("社区小王")
	before := len(co.out.String())
	if err := chromedp.Do(ctx, chromedp.Navigate(admin), chromedp.WaitVisible(chromedp.CSS(".tiles")),
		chromedp.Click(chromedp.CSS(`a[href="/suggestions"]`)), chromedp.WaitVisible(chromedp.CSS("form.act"))); err != nil {
		t.Fatal(err)
	}
	shot("suggestions")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`form.act input[name="text"]`), "已联系物业，明天来修"),
		chromedp.Click(chromedp.CSS(`form.act button[value="reply"]`)), chromedp.WaitVisible(chromedp.CSS("pre.answer"))); err != nil {
		t.Fatal(err)
	}
	shot("suggestion-answered")
	if told := co.out.String()[before:]; !strings.Contains(told, "[@张阿姨] <linli>") || !strings.Contains(told, "已联系物业，明天来修") {
		t.Errorf("张阿姨 was not told of the reply; the console printed:\n%s", told)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(co.app.officeBase()+"/audit"), chromedp.WaitVisible(chromedp.CSS("table.list"))); err != nil {
		t.Fatal(err)
	}
	if audit := text("main"); !strings.Contains(audit, "回复建议") || !strings.Contains(audit, "已取") {
		t.Errorf("the audit page:\n%s", audit)
	}
	shot("audit")
	// 活动 (an activity's roster and its sign-in sheet), 社区, 通知 as the
	// admin sees them with the demo's data; each waits for its own table.
	co.say("[@张阿姨] 报名 1 2人", "报名")
	for _, page := range []struct{ path, name, shown, then string }{
		{"/events", "events", "table.events", `table.events a[href="/events/1"]`},
		{"", "event", "table.roster", `a[href="/events/1/sheet"]`}, {"", "event-signsheet", "table.signin", ""},
		{"/community", "community", "#waiting", ""}, {"/notices", "notices", `form[action="/notices/send"]`, ""}} {
		if page.path != "" {
			if err := chromedp.Do(ctx, chromedp.Navigate(co.app.officeBase()+page.path)); err != nil {
				t.Fatal(err)
			}
		}
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(page.shown))); err != nil {
			t.Fatalf("%s: %v", page.name, err)
		}
		shot(page.name)
		if got := text(page.shown); page.name == "event-signsheet" && !strings.Contains(got, "张阿姨") {
			t.Errorf("the sign-in sheet:\n%s", got)
		}
		if page.then != "" {
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(page.then))); err != nil {
				t.Fatalf("%s: %v", page.then, err)
			}
		}
	}
	for _, page := range []string{"status", "charts", "votes", "receipts", "funds"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(co.app.officeBase()+"/"+page), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
			t.Fatal(err)
		}
		shot(page)
	}
	t.Logf("screenshots in %s", dir)
}
