package handlers_test

import (
	"strings"
	"testing"
)

// TestUnknownBuildingRefused: with a buildings list in the configuration,
// 登记, 登记老人 and 绑定 for a building not on it are refused with the
// list written briefly; a building on it is accepted.
func TestUnknownBuildingRefused(t *testing.T) {
	cfg := canteenConfig()
	cfg.Buildings = []string{"1号楼", "2号楼", "3号楼", "4号楼", "5号楼", "6号楼", "7号楼", "8号楼", "10号楼"}
	hs := newHarness(t, cfg)
	hs.resident("社区小王", false, false, "", "")
	for _, c := range []struct{ who, text, want string }{
		{"刘大爷", "登记 12号楼 301", "本小区没有12号楼。小区的楼是：1号楼到8号楼、10号楼\n请这样写：登记 1号楼 301"},
		{"社区小王", "登记老人 9号楼 301 王奶奶", "本小区没有9号楼。小区的楼是：1号楼到8号楼、10号楼\n请这样写：登记老人 1号楼 301 王奶奶"},
		{"刘大爷", "登记 8号楼 301", "已收到登记：8号楼 301室"},
	} {
		if got := hs.reply("", c.who, c.text); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: %s\n got %q\nwant %q…", c.who, c.text, got, c.want)
		}
	}
	if got := hs.reply("1号楼群", "社区小王", "绑定 12号楼"); !strings.Contains(got, "本小区没有12号楼") {
		t.Errorf("绑定 12号楼: %q", got)
	}
}

// TestKnownBuildingsFromGroups: without a list, the buildings bound to
// groups are the known ones (the harness binds 1号楼 and 8号楼), and a
// group bound later adds its building.
func TestKnownBuildingsFromGroups(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	must(t, hs.reply("", "刘大爷", "登记 3号楼 301"), "本小区没有3号楼。小区的楼是：1号楼、8号楼")
	hs.resident("社区小王", false, false, "", "")
	hs.reply("3号楼群", "社区小王", "绑定 3号楼")
	if got := hs.reply("", "张阿姨", "登记 3号楼 301"); strings.Contains(got, "本小区没有") {
		t.Fatalf("3号楼, bound now, was refused: %q", got)
	}
	must(t, hs.reply("", "张阿姨", "登记 12号楼 301"), "本小区没有12号楼。小区的楼是：1号楼、3号楼、8号楼")
}
