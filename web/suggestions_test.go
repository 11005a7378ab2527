package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"linli/store"
)

// TestSuggestionsByBuildingAndAnonymous: a building head sees their
// buildings' tickets only, an admin all; an anonymous ticket names no
// one; a step of the life cycle runs as the chat command.
func TestSuggestionsByBuildingAndAnonymous(t *testing.T) {
	o := newOffice(t)
	ctx := context.Background()
	file := func(who, building, text string, anon bool) store.Suggestion {
		by := store.Author{ResidentID: o.people[who].ID}
		if anon {
			by = store.Author{Hash: "hash-of-" + who}
		}
		sg, err := o.st.FileSuggestion(ctx, store.Suggestion{Text: text, Category: "设施", Building: building, Anonymous: anon}, by, 0)
		if err != nil {
			t.Fatal(err)
		}
		return sg
	}
	eight := file("赵伯伯", "8号楼", "8号楼电梯异响", false)
	file("张阿姨", "1号楼", "1号楼楼道灯坏了", false)
	file("李大爷", "8号楼", "有人在楼道给电动车充电", true)

	head := o.login("王阿姨")
	page := o.get(head, "/suggestions").body
	if !strings.Contains(page, "8号楼电梯异响") || !strings.Contains(page, "赵伯伯") || strings.Contains(page, "1号楼楼道灯坏了") {
		t.Errorf("the 8号楼 head's board:\n%s", page)
	}
	if !strings.Contains(page, "电动车充电") || strings.Contains(page, "李大爷") || !strings.Contains(page, "匿名") {
		t.Errorf("the anonymous ticket on the board:\n%s", page)
	}
	if res := o.get(head, "/suggestions?building=1号楼"); res.code != http.StatusForbidden {
		t.Errorf("a head asking for another building: %d", res.code)
	}
	if all := o.get(o.login("社区小王"), "/suggestions").body; !strings.Contains(all, "1号楼楼道灯坏了") || !strings.Contains(all, "8号楼电梯异响") {
		t.Errorf("the admin's board:\n%s", all)
	}
	if res := o.get(o.login("李师傅"), "/suggestions"); res.code != http.StatusForbidden {
		t.Errorf("the canteen manager on the board: %d", res.code)
	}
	res := o.post(head, "/suggestions/act", url.Values{"csrf": {csrf(t, page)}, "ticket": {fmt.Sprintf("S%d", eight.ID)},
		"action": {"reply"}, "text": {"已联系物业\n明天来修"}})
	if res.code != http.StatusOK || !strings.Contains(res.body, "好的，收到") {
		t.Fatalf("reply: %d\n%s", res.code, res.body)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	want := fmt.Sprintf("%d@127.0.0.1: 回复 S%d 已联系物业 明天来修", o.people["王阿姨"].ID, eight.ID)
	if len(o.commands) != 1 || o.commands[0] != want {
		t.Fatalf("commands = %q, want %q", o.commands, want)
	}
}
