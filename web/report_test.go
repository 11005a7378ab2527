package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestReportPageSettlesTheMonth(t *testing.T) {
	o := newOffice(t)
	c := o.login("李师傅")
	body := o.get(c, "/report?month=2026-11").body
	// 张阿姨 2 and 李大爷 1 at 15元, 赵伯伯 (verified elder) 1 at 12元.
	for _, want := range []string{"2026年11月", "4 份", "57元", "60元", "3元", "赵伯伯", "1201", "助老价"} {
		if !strings.Contains(body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(body, "<td>张阿姨</td>") {
		t.Errorf("a standard-price resident in the elders' details:\n%s", body)
	}
	// By default the last whole month: October, empty.
	if last := o.get(c, "/report").body; !strings.Contains(last, "2026年10月") || !strings.Contains(last, "这个月没有订餐") {
		t.Errorf("the default month:\n%s", last)
	}
}

func TestDownloadsAreAuditedAndByRole(t *testing.T) {
	o := newOffice(t)
	c := o.login("李师傅")
	res := o.get(c, "/report.xlsx?month=2026-11")
	if res.code != http.StatusOK || res.body != "settlement 2026-11-01 2026-11-30" ||
		!strings.Contains(res.header.Get("Content-Type"), "spreadsheetml") ||
		!strings.Contains(res.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("month download: %d %q %v", res.code, res.body, res.header)
	}
	if res := o.get(c, "/canteen.xlsx?date=2026-11-25"); res.code != http.StatusOK || res.body != "meals 2026-11-25 2026-11-25" {
		t.Fatalf("day download: %d %q", res.code, res.body)
	}
	log, _ := o.st.AuditLog(context.Background(), 2)
	if len(log) != 2 || log[0].Action != "下载订餐表" || log[1].Action != "下载月报" || log[1].Detail != "2026-11-01 至 2026-11-30" {
		t.Fatalf("audit log = %+v", log)
	}
	head := o.login("王阿姨")
	for _, path := range []string{"/report", "/report.xlsx?month=2026-11", "/canteen.xlsx?date=2026-11-25"} {
		if res := o.get(head, path); res.code != http.StatusForbidden {
			t.Errorf("a building head GET %s: %d", path, res.code)
		}
	}
}
