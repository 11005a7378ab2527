package bot

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Text limits of the platforms, and how each counts.
const (
	// TelegramMaxText is sendMessage's limit: "1-4096 characters after
	// entities parsing" (core.telegram.org/bots/api#sendmessage), where
	// Telegram counts UTF-16 code units, so an emoji counts twice.
	TelegramMaxText = 4096
	// WeChatMaxText is the bound kept for WeChat, in UTF-8 bytes. The web
	// protocol documents no limit; WeChat's documented limits for text are
	// 2048 bytes (企业微信群机器人 text.content "最长不超过2048个字节，必须是
	// utf8编码", developer.work.weixin.qq.com/document/path/91770; the
	// Official Accounts' reply content likewise), so Linli keeps to it:
	// about 680 Chinese characters, more than any single reply needs.
	WeChatMaxText = 2048
)

// textLimit is the longest text a platform takes in one message, in the
// platform's own units, and the function that counts them; 0: no limit.
func textLimit(platform string) (int, func(string) int) {
	switch platform {
	case Telegram:
		return TelegramMaxText, utf16Len
	case WeChat:
		return WeChatMaxText, func(s string) int { return len(s) }
	}
	return 0, nil
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// mentionRoom is what a platform may put before the text of a reply that
// names someone ("@张阿姨 "); it is kept free in every part.
func mentionRoom(r Reply, count func(string) int) int {
	n := 0
	for _, m := range []*User{r.Mention, fallbackMention(r)} {
		if m != nil {
			n = max(n, count("@"+m.Name+" ")+2)
		}
	}
	return n
}

func fallbackMention(r Reply) *User {
	if r.Fallback == nil {
		return nil
	}
	return r.Fallback.Mention
}

// SplitReply cuts a reply too long for its platform into several, at line
// boundaries (a line longer than a whole message is cut between
// characters): nothing is dropped. The first part keeps the mention and
// the message it answers, the last one the buttons.
func SplitReply(platform string, r Reply) []Reply {
	limit, count := textLimit(platform)
	r.Mention = shortName(r.Mention)
	if r.Fallback != nil {
		fb := *r.Fallback
		fb.Mention = shortName(fb.Mention)
		r.Fallback = &fb
	}
	if limit == 0 || count(r.Text) <= limit-mentionRoom(r, count) {
		return []Reply{r}
	}
	parts := splitText(r.Text, limit-mentionRoom(r, count), count)
	out := make([]Reply, len(parts))
	for i, p := range parts {
		part := r
		part.Text = p
		if i > 0 {
			part.Mention, part.ReplyTo = nil, ""
		}
		if i > 0 && r.Fallback != nil && r.Fallback.Text != "" {
			part.Fallback = nil // what to do instead is said once, not once a part
		}
		if i < len(parts)-1 {
			part.Buttons, part.File = nil, nil
		}
		out[i] = part
	}
	return out
}

// maxMentionName bounds the name a reply puts before its text: platforms
// give names of up to 128 characters, and the rest of the message must fit.
const maxMentionName = 64

// shortName returns u with its name cut to maxMentionName characters.
func shortName(u *User) *User {
	if u == nil || utf8.RuneCountInString(u.Name) <= maxMentionName {
		return u
	}
	short := *u
	short.Name = string([]rune(u.Name)[:maxMentionName-1]) + "…"
	return &short
}

// splitText packs the lines of s into parts of at most limit units.
func splitText(s string, limit int, count func(string) int) []string {
	var parts []string
	var cur strings.Builder
	n := 0
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
			n = 0
		}
	}
	for _, line := range strings.Split(s, "\n") {
		for _, piece := range cutLine(line, limit, count) {
			k := count(piece)
			if cur.Len() > 0 && n+1+k > limit {
				flush()
			}
			if cur.Len() > 0 {
				cur.WriteByte('\n')
				n++
			}
			cur.WriteString(piece)
			n += k
		}
	}
	flush()
	return parts
}

// cutLine cuts one line into pieces of at most limit units, between runes.
func cutLine(line string, limit int, count func(string) int) []string {
	if count(line) <= limit {
		return []string{line}
	}
	var pieces []string
	start, n := 0, 0
	for i, r := range line {
		k := count(string(r))
		if n+k > limit {
			pieces = append(pieces, line[start:i])
			start, n = i, 0
		}
		n += k
	}
	return append(pieces, line[start:])
}
