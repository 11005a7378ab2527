package handlers

import (
	"fmt"
	"strings"
	"testing"
)

// TestPageOf: a list longer than its room is cut with how many are left
// and the command for the next screen; the last screen says nothing more;
// every line is on exactly one screen.
func TestPageOf(t *testing.T) {
	var lines []string
	for i := 1; i <= 25; i++ {
		lines = append(lines, fmt.Sprint("第", i, "个"))
	}
	if got := pageOf(lines[:10], 10, 1, "活动"); len(got) != 10 || strings.Contains(strings.Join(got, ""), "还有") {
		t.Fatalf("a list that fits was cut: %q", got)
	}
	seen := 0
	for p := 1; p <= 3; p++ {
		got := pageOf(lines, 10, p, "活动")
		if len(got) > 10 {
			t.Fatalf("page %d has %d lines", p, len(got))
		}
		last := got[len(got)-1]
		want := fmt.Sprintf("……还有%d条，请发：活动 第%d页", 25-9*p, p+1)
		if p < 3 && last != want {
			t.Fatalf("page %d ends %q, want %q", p, last, want)
		}
		if p < 3 {
			got = got[:len(got)-1]
		}
		if got[0] != lines[seen] {
			t.Fatalf("page %d starts %q, want %q", p, got[0], lines[seen])
		}
		seen += len(got)
	}
	if seen != 25 {
		t.Fatalf("the pages hold %d lines, want 25", seen)
	}
	if got := pageOf(lines, 10, 9, "活动"); got[len(got)-1] != "第25个" {
		t.Fatalf("a page past the end: %q", got)
	}
}
