package bot

import (
	"context"
	"strings"
	"testing"
)

// TestAFileGoesOnceAndOnlyToItsChat: a reply carrying a file (a
// spreadsheet) that is too long for one message sends the file once, with
// its last part; it never shares a merged message, and a fallback to a
// group says the text, never the file.
func TestAFileGoesOnceAndOnlyToItsChat(t *testing.T) {
	f := &File{Name: "订餐-2026-11.xlsx", Data: []byte("PK")}
	long := strings.Repeat("订餐表的说明一行\n", 2000)
	parts := SplitReply(Telegram, Reply{Text: long, File: f})
	if len(parts) < 2 {
		t.Fatalf("a %d-character text went in %d part(s)", len(long), len(parts))
	}
	files := 0
	for i, p := range parts {
		if p.File != nil {
			files++
			if i != len(parts)-1 {
				t.Errorf("the file went with part %d of %d, want the last", i+1, len(parts))
			}
		}
	}
	if files != 1 {
		t.Errorf("the file went %d times, want once", files)
	}

	group := Chat{Platform: Telegram, ID: "-100", Group: true}
	someone := &User{Platform: Telegram, ID: "7", Name: "小王"}
	m := Outgoing{Chat: group, Reply: Reply{Text: "表格", Mention: someone, File: f}}
	if mergeable(m) {
		t.Error("a reply with a file may be merged with others, and its file lost")
	}
	m.Reply.File = nil
	if !mergeable(m) {
		t.Error("the same reply without a file should be mergeable: the check above proves nothing")
	}

	r := Reply{Text: "订餐表", File: f, Fallback: &Fallback{Chat: group, Mention: someone}}
	if _, fr, ok := r.fallback(); !ok || fr.File != nil || fr.Text != "订餐表" {
		t.Errorf("fallback = %+v, %v: want the text in the group and no file", fr, ok)
	}

	var rec recordSender
	sb := Switchboard{Telegram: &rec}
	if err := sb.Send(context.Background(), Chat{Platform: Telegram, ID: "7"}, Reply{Text: "订餐表", File: f}); err != nil {
		t.Fatal(err)
	}
	if len(rec.got) != 1 || rec.got[0].File != f {
		t.Errorf("the switchboard sent %+v, want the reply with its file", rec.got)
	}
}
