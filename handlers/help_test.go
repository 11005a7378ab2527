package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"linli/bot"
)

// grant is a role given to a test's person.
type grant struct{ role, building string }

// TestHelpScreensFit: for every role and mix of roles, 帮助, 帮助 居民 and
// each page of 帮助 管理 are at most 12 lines; staff see their role's
// commands first; between them the screens list every command the person
// may use, none twice.
func TestHelpScreensFit(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		grants []grant
		first  string // a command their 帮助 shows first
	}{
		{"居民甲", nil, "订餐"},
		{"食堂乙", []grant{{bot.RoleCanteenManager, ""}}, "设置菜单"},
		{"楼组长丙", []grant{{bot.RoleBuildingHead, "8号楼"}}, "发起活动"},
		{"联络员丁", []grant{{bot.RoleLiaison, "8号楼"}}, "登记老人"},
		{"管理员戊", []grant{{bot.RoleAdmin, ""}}, "建议列表"},
		{"多面手己", []grant{{bot.RoleBuildingHead, "1号楼"}, {bot.RoleLiaison, "8号楼"}, {bot.RoleCanteenManager, ""}}, "设置菜单"},
	} {
		res := hs.resident(c.name, false, false, "", "")
		for _, g := range c.grants {
			if _, err := hs.st.Grant(ctx, res.ID, g.role, g.building, ""); err != nil {
				t.Fatal(err)
			}
		}
		screens := []string{hs.reply("", c.name, "帮助")}
		if !strings.Contains(screens[0], c.first) {
			t.Errorf("%s: 帮助 does not show %s:\n%s", c.name, c.first, screens[0])
		}
		if len(c.grants) > 0 {
			screens = append(screens, hs.reply("", c.name, "帮助 居民"))
			for p := 1; p < 10; p++ {
				page := hs.reply("", c.name, fmt.Sprintf("帮助 管理 %d", p))
				screens = append(screens, page)
				if !strings.Contains(page, fmt.Sprintf("帮助 管理 %d", p+1)) {
					break
				}
			}
		}
		seen := map[string]int{}
		for _, s := range screens {
			if n := strings.Count(s, "\n") + 1; n > 12 {
				t.Errorf("%s: a screen of %d lines:\n%s", c.name, n, s)
			}
			for _, line := range strings.Split(s, "\n") {
				if title, _, ok := strings.Cut(strings.TrimPrefix(line, "· "), "："); ok && strings.HasPrefix(line, "· ") {
					seen[title]++
				}
			}
		}
		for _, route := range hs.h.Routes() {
			if route.Brief || route.Unlisted || route.Intent == bot.IntentHelp || len(route.Roles) == 0 {
				continue
			}
			if may := len(c.grants) > 0 && mayUse(c.grants, route.Roles); may != (seen[route.Title] == 1) {
				t.Errorf("%s: %s shown %d times (may use it: %v)", c.name, route.Title, seen[route.Title], may)
			}
		}
	}
}

// mayUse mirrors bot.Caller.May for the grants of the test.
func mayUse(grants []grant, roles []string) bool {
	c := bot.Caller{}
	for _, g := range grants {
		c.Grants = append(c.Grants, bot.Grant{Role: g.role, Building: g.building})
	}
	return c.May(roles)
}
