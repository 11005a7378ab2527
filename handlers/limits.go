package handlers

import (
	"unicode/utf8"

	"linli/bot"
)

// Every free text Linli stores has a bound, so a 100 KB message cannot
// grow the database or a reply without end. What a person typed in a
// command is refused with a kind note saying how long it may be (nothing
// half-written, as for suggestions, 500, and notices, 1000); what the
// platform tells about someone (a display name, a group title) is cut.
const (
	maxEventTitle = 40  // 发起活动 name: one line in every list
	maxEventPlace = 60  // 地点
	maxEventNotes = 300 // 说明
	maxNoteText   = 500 // a staff answer or note on a suggestion, like the suggestion itself
	maxPersonName = 32  // a display name (Telegram allows 128, WeChat about 16)
	maxChatTitle  = 64  // a group's title (Telegram allows 128)
)

// tooLong refuses a text over max characters, naming what it is.
func tooLong(what, text string, max int) error {
	if n := utf8.RuneCountInString(text); n > max {
		return bot.Tell("%s太长了（%d个字），请缩短到%d个字以内再发。", what, n, max)
	}
	return nil
}

// cut shortens a name the platform gave to max characters, marking the cut.
func cut(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max-1]) + "…"
}

// checkEventText bounds an activity's name, place and notes.
func checkEventText(title, place, notes string) error {
	for _, f := range []struct {
		what, text string
		max        int
	}{{"活动名称", title, maxEventTitle}, {"活动地点", place, maxEventPlace}, {"活动说明", notes, maxEventNotes}} {
		if err := tooLong(f.what, f.text, f.max); err != nil {
			return err
		}
	}
	return nil
}
