package handlers_test

import (
	"strings"
	"testing"
)

// TestOverlongTextIsRefusedKindly checks each bounded free text: the
// person is told how long it may be, and nothing is stored.
func TestOverlongTextIsRefusedKindly(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	long := func(s string, n int) string { return strings.Repeat(s, n) }
	for _, tc := range []struct{ text, want string }{
		{"发起活动 " + long("讲", 41) + " 11月28日 14:00 活动室 10人\n范围 全体", "活动名称太长了（41个字），请缩短到40个字以内再发。"},
		{"发起活动 讲座 11月28日 14:00 活动室 10人\n范围 全体\n地点 " + long("楼", 61), "活动地点太长了（61个字），请缩短到60个字以内再发。"},
		{"发起活动 讲座 11月28日 14:00 活动室 10人\n范围 全体\n说明 " + long("带", 301), "活动说明太长了（301个字），请缩短到300个字以内再发。"},
	} {
		if got := hs.reply("", "社区小王", tc.text); !strings.Contains(got, tc.want) {
			t.Errorf("%.40q…\n got: %s\nwant: %s", tc.text, got, tc.want)
		}
	}
	if got := hs.reply("", "社区小王", "活动"); strings.Contains(got, "讲") {
		t.Errorf("a refused activity was stored: %s", got)
	}
	// A staff answer to a suggestion is bounded like the suggestion.
	if got := hs.reply("1号楼群", "张阿姨", "建议 电梯有异响"); !strings.Contains(got, "S1") {
		t.Fatalf("suggestion not filed: %s", got)
	}
	if got := hs.reply("", "社区小王", "回复 S1 "+long("好", 501)); !strings.Contains(got, "内容太长了（501个字），请缩短到500个字以内再发。") {
		t.Errorf("an overlong answer: %s", got)
	}
}

// TestLongNamesAndTitlesAreCut checks that what the platform says about
// someone is stored cut, marked with an ellipsis, not refused.
func TestLongNamesAndTitlesAreCut(t *testing.T) {
	hs := newHarness(t, canteenConfig())
	m := hs.message("1号楼群", "小刘", "大家好")
	m.Sender.Name = strings.Repeat("刘", 200)
	m.Chat.Title = strings.Repeat("群", 200)
	hs.rt.Deliver(t.Context(), m)
	r, err := hs.st.Resident(t.Context(), "console", "小刘")
	if err != nil || r.Name != strings.Repeat("刘", 31)+"…" {
		t.Errorf("stored name %q (%v); want 31 characters and …", r.Name, err)
	}
	c, err := hs.st.Chat(t.Context(), "console", "1号楼群")
	if err != nil || c.Title != strings.Repeat("群", 63)+"…" {
		t.Errorf("stored title %q (%v); want 63 characters and …", c.Title, err)
	}
}
