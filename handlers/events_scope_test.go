package handlers_test

import (
	"context"
	"strings"
	"testing"

	"linli/store"
)

// TestSignupOutsideScopeRefused: an activity for 8号楼 only (范围 8号楼)
// is hidden from other buildings' residents by 活动, and 报名 N refuses
// them too, kindly, naming the building; those of 8号楼, and someone not
// registered asking in 8号楼's group, sign up as before.
func TestSignupOutsideScopeRefused(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	hs.resident("张阿姨", false, false, "1号楼", "101")
	hs.resident("刘阿姨", false, false, "8号楼", "502")
	must(t, hs.reply("社区大群", "社区小王", "发起活动 剪纸课 11月29日 14:00 活动室 10人\n范围 8号楼"), "已发起活动 1号")
	if got := hs.reply("", "张阿姨", "活动"); strings.Contains(got, "剪纸课") {
		t.Fatalf("the listing shows 1号楼's resident the 8号楼 activity: %s", got)
	}
	for _, c := range []struct{ group, name, want string }{
		{"社区大群", "张阿姨", "只请8号楼的居民报名"},
		{"", "张阿姨", "您登记在1号楼"},
		{"1号楼群", "路人甲", "请先登记，如：登记 8号楼 301"},
		{"", "路人甲", "请先登记"},
	} {
		got := hs.reply(c.group, c.name, "报名 1")
		if strings.Contains(got, "报名成功") || !strings.Contains(got, c.want) {
			t.Errorf("%s (in %q) 报名 1 got %q, want a refusal saying %q", c.name, c.group, got, c.want)
		}
	}
	must(t, hs.reply("社区大群", "刘阿姨", "报名 1"), "报名成功")
	must(t, hs.reply("8号楼业主群", "路人乙", "报名 1"), "报名成功")
	ss, err := hs.st.Signups(context.Background(), 1, store.SignupConfirmed, store.SignupWaitlist)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 {
		t.Errorf("%d sign-ups, want only 刘阿姨's and 路人乙's", len(ss))
	}
}
