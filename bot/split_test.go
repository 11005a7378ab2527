package bot

import (
	"context"
	"strings"
	"testing"
	"unicode/utf16"
)

// recordSender keeps what it was asked to send.
type recordSender struct{ got []Reply }

func (r *recordSender) Send(_ context.Context, _ Chat, rep Reply) error {
	r.got = append(r.got, rep)
	return nil
}

func TestLongRepliesAreSplitAtLinesAndKeepEverything(t *testing.T) {
	long := strings.Repeat("😀报名成功的邻居：张阿姨 李大爷 王阿姨 🌸\n", 400) + "最后一行"
	one := strings.Repeat("长", 9000) // one line longer than a message
	for _, tc := range []struct {
		platform string
		text     string
		limit    int
		count    func(string) int
	}{
		{Telegram, long, TelegramMaxText, func(s string) int { return len(utf16.Encode([]rune(s))) }},
		{Telegram, one, TelegramMaxText, func(s string) int { return len(utf16.Encode([]rune(s))) }},
		{WeChat, long, WeChatMaxText, func(s string) int { return len(s) }},
		{WeChat, one + "\n" + long, WeChatMaxText, func(s string) int { return len(s) }},
	} {
		out := &recordSender{}
		sb := Switchboard{tc.platform: out}
		mention := &User{Platform: tc.platform, ID: "1", Name: "张阿姨"}
		rep := Reply{Text: tc.text, Mention: mention, ReplyTo: "77", Buttons: []Button{{Label: "菜单", Command: "菜单"}}}
		if err := sb.Send(context.Background(), Chat{Platform: tc.platform, ID: "g", Group: true}, rep); err != nil {
			t.Fatal(err)
		}
		if len(out.got) < 2 {
			t.Fatalf("%s: %d units sent as %d message(s); want several", tc.platform, tc.count(tc.text), len(out.got))
		}
		var texts []string
		for i, p := range out.got {
			full := p.Text
			if p.Mention != nil {
				full = "@" + p.Mention.Name + " " + full
			}
			if n := tc.count(full); n > tc.limit {
				t.Errorf("%s part %d: %d units with its mention; the platform takes %d", tc.platform, i, n, tc.limit)
			}
			if (i == 0) != (p.Mention != nil && p.ReplyTo == "77") {
				t.Errorf("%s part %d: mention %v reply-to %q; want them on the first part only", tc.platform, i, p.Mention, p.ReplyTo)
			}
			if (i == len(out.got)-1) != (len(p.Buttons) == 1) {
				t.Errorf("%s part %d: %d buttons; want them on the last part only", tc.platform, i, len(p.Buttons))
			}
			texts = append(texts, p.Text)
		}
		joined := strings.Join(texts, "\n")
		if strings.ReplaceAll(joined, "\n", "") != strings.ReplaceAll(tc.text, "\n", "") {
			t.Errorf("%s: the parts do not add up to the text: something was lost or reordered", tc.platform)
		}
		if tc.text == long && joined != long {
			t.Errorf("%s: a text of short lines was not cut at line boundaries", tc.platform)
		}
	}
}

func TestShortRepliesAndTheConsoleAreNotSplit(t *testing.T) {
	for _, tc := range []struct{ platform, text string }{
		{Telegram, strings.Repeat("好", 4000)},
		{Console, strings.Repeat("很长的一行\n", 5000)},
	} {
		if parts := SplitReply(tc.platform, Reply{Text: tc.text}); len(parts) != 1 || parts[0].Text != tc.text {
			t.Errorf("%s: %d parts; want the reply as it is", tc.platform, len(parts))
		}
	}
}
