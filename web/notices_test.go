package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestNoticesToChosenBuildings: a notice from the form goes out through
// the chat's 通知 to the buildings chosen only, audited as from the web;
// a head cannot choose another building; an admin's 全社区 is the chat's
// 公告; a post without the form's token sends nothing.
func TestNoticesToChosenBuildings(t *testing.T) {
	o := newChatOffice(t)
	head := o.login("王阿姨")
	page := o.get(head, "/notices")
	if page.code != http.StatusOK {
		t.Fatalf("/notices: %d\n%s", page.code, page.body)
	}
	token := csrf(t, page.body)
	send := url.Values{"csrf": {token}, "text": {"明天上午9点停水\r\n请提前储水"}, "scope": {"8号楼"}, "when": {"now"}}
	has(t, o.post(head, "/notices/send", send).body, "已发到8号楼的1个群")
	has(t, o.toldTo("8号楼群"), "【8号楼通知】明天上午9点停水\n请提前储水\n—— 王阿姨")
	hasNot(t, o.toldTo("1号楼群"), "停水")
	if a := o.audited(); a.Action != "给本楼的群发通知" || a.Via != "web" || a.Who != "王阿姨" {
		t.Errorf("audit: %+v", a)
	}
	send.Set("scope", "1号楼")
	if res := o.post(head, "/notices/send", send); res.code != http.StatusForbidden {
		t.Errorf("a head's notice to another building: %d", res.code)
	}
	send.Set("scope", "8号楼")
	send.Set("csrf", "0000")
	if res := o.post(head, "/notices/send", send); res.code != http.StatusForbidden {
		t.Errorf("a forged token: %d", res.code)
	}
	if n := strings.Count(o.toldTo("8号楼群"), "停水"); n != 1 {
		t.Errorf("refused posts sent notices: %d in 8号楼群", n)
	}
	admin := o.login("社区小王")
	all := url.Values{"csrf": {csrf(t, o.get(admin, "/notices").body)}, "text": {"本周六消防演练"}, "scope": {"全体", "8号楼"}, "when": {"now"}}
	has(t, o.post(admin, "/notices/send", all).body, "已发到全社区的3个群")
	has(t, o.toldTo("1号楼群"), "【社区公告】本周六消防演练\n—— 阳光社区")
	if a := o.audited(); a.Action != "给全社区的群发公告" || a.Who != "社区小王" {
		t.Errorf("audit: %+v", a)
	}
	o.refused(t, "/notices", "张阿姨", "李师傅")
}

// TestScheduledNotices: a notice set for later waits in the database for
// the buildings chosen, goes out when due through the chat's job, and is
// listed to those it concerns; one cancelled never goes, the cancel is
// audited; another building's head can neither see nor cancel it.
func TestScheduledNotices(t *testing.T) {
	o := newChatOffice(t)
	ctx := context.Background()
	head := o.login("王阿姨")
	token := csrf(t, o.get(head, "/notices").body)
	later := url.Values{"csrf": {token}, "text": {"今天上午检修电梯"}, "scope": {"8号楼"}, "when": {"later"},
		"date": {"2026-11-26"}, "time": {"08:00"}}
	has(t, o.post(head, "/notices/send", later).body, "会把通知发到8号楼的群")
	ns, _ := o.st.ScheduledNotices(ctx)
	if len(ns) != 1 || ns[0].Buildings != "8号楼" || ns[0].Text != "今天上午检修电梯" ||
		!ns[0].SendAt.Equal(time.Date(2026, 11, 26, 8, 0, 0, 0, cst)) || ns[0].AuthorID != o.people["王阿姨"].ID {
		t.Fatalf("scheduled: %+v", ns)
	}
	if a := o.audited(); a.Action != "定时发通知" || a.Via != "web" {
		t.Errorf("audit: %+v", a)
	}
	later.Set("text", "明天停电")
	has(t, o.post(head, "/notices/send", later).body, "会把通知发到8号楼的群")
	ns, _ = o.st.ScheduledNotices(ctx)
	has(t, o.get(head, "/notices").body, "今天上午检修电梯")
	other := o.login("刘阿姨")
	otherPage := o.get(other, "/notices").body
	hasNot(t, otherPage, "今天上午检修电梯")
	cancel := func(c *http.Client, token string, id uint) response {
		return o.post(c, "/notices/cancel", url.Values{"csrf": {token}, "notice": {fmt.Sprint(id)}})
	}
	if res := cancel(other, csrf(t, otherPage), ns[1].ID); res.code != http.StatusForbidden {
		t.Errorf("1号楼's head cancelling 8号楼's notice: %d", res.code)
	}
	if res := cancel(head, "", ns[1].ID); res.code != http.StatusForbidden {
		t.Errorf("no CSRF token: %d", res.code)
	}
	if res := cancel(head, token, ns[1].ID); res.code != http.StatusSeeOther {
		t.Fatalf("cancel: %d\n%s", res.code, res.body)
	}
	if a := o.audited(); a.Action != "取消定时通知" || a.Who != "王阿姨" || !strings.Contains(a.Detail, "明天停电") {
		t.Errorf("audit: %+v", a)
	}
	if res := cancel(head, token, ns[1].ID); res.code != http.StatusNotFound {
		t.Errorf("cancelled twice: %d", res.code)
	}
	o.clock.Set(time.Date(2026, 11, 26, 8, 1, 0, 0, cst))
	o.sendDue(ctx)
	got := o.toldTo("8号楼群")
	has(t, got, "【8号楼通知】今天上午检修电梯")
	hasNot(t, got, "明天停电")
	has(t, o.toldTo("王阿姨"), "您定时的通知已发到8号楼的1个群")
}
