package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCanteenFormsAreChatCommands: the forms write the command a manager
// would type, run it as them, and show the bot's answer; a CSRF-less post
// and a building head run nothing.
func TestCanteenFormsAreChatCommands(t *testing.T) {
	o := newOffice(t)
	c := o.login("李师傅")
	token := csrf(t, o.get(c, "/canteen").body)
	res := o.post(c, "/canteen/menu", url.Values{"csrf": {token}, "date": {"2026-11-26"}, "meal": {"dinner"},
		"dishes": {"饺子 10\r\n\r\n  紫菜汤 \r\n"}, "limit": {"50"}, "cutoff": {"15:00"}})
	if res.code != http.StatusOK || !strings.Contains(res.body, "好的，收到：设置菜单 11月26日 晚餐") {
		t.Fatalf("menu form: %d\n%s", res.code, res.body)
	}
	o.post(c, "/canteen/stop", url.Values{"csrf": {token}, "date": {"2026-11-25"}, "meal": {"lunch"}})
	o.post(c, "/canteen/stop", url.Values{"date": {"2026-11-25"}, "meal": {"lunch"}})                  // no CSRF token
	o.post(c, "/canteen/stop", url.Values{"csrf": {token}, "date": {"2026-11-25"}, "meal": {"snack"}}) // no such meal
	head := o.login("王阿姨")
	o.post(head, "/canteen/stop", url.Values{"csrf": {csrf(t, o.get(head, "/").body)}, "date": {"2026-11-25"}, "meal": {"lunch"}})
	li := o.people["李师傅"].ID
	want := []string{
		fmt.Sprintf("%d@127.0.0.1: 设置菜单 11月26日 晚餐\n饺子 10\n紫菜汤\n限量 50\n截止 15:00", li),
		fmt.Sprintf("%d@127.0.0.1: 停餐 11月25日 午餐", li),
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if strings.Join(o.commands, "|") != strings.Join(want, "|") {
		t.Fatalf("commands run:\n%q\nwant\n%q", o.commands, want)
	}
}
