package console_test

import (
	"context"
	"strings"
	"testing"

	"linli/bot"
	"linli/bot/bottest"
	"linli/bot/console"
)

func run(t *testing.T, script string) ([]bot.Message, []string, string) {
	t.Helper()
	var out strings.Builder
	var comments []string
	a := &console.Adapter{In: strings.NewReader(script), Out: &out, BotNames: []string{"Linli", "邻里"},
		OnComment: func(c string) { comments = append(comments, c) }}
	var got []bot.Message
	err := a.Run(context.Background(), bottest.Delivering(func(_ context.Context, m bot.Message) { got = append(got, m) }))
	if err != nil {
		t.Fatal(err)
	}
	return got, comments, out.String()
}

func TestScriptLines(t *testing.T) {
	script := "# a comment\n" +
		"[8号楼业主群] 张阿姨: 菜单\n" +
		"[@张阿姨] 我的订餐\n" +
		"[8号楼业主群] 李大爷：@Linli 明天中午订两份\n" +
		"[8号楼业主群] <linli> @李大爷 已为您预订\n" +
		"  取消请回复：取消订餐 D12\n" +
		"[8号楼业主群] 李师傅: 设置菜单 明天 午餐\n" +
		"  鱼香肉丝 12\n" +
		"  青菜 3\n" +
		"\n" +
		"[@李师傅] 通知 第一行\\\n" +
		"第二行\n"
	got, comments, out := run(t, script)
	if len(got) != 5 {
		t.Fatalf("got %d messages, want 5: %+v", len(got), got)
	}
	if g := got[0]; !g.Chat.Group || g.Chat.ID != "8号楼业主群" || g.Sender.Name != "张阿姨" || g.Text != "菜单" {
		t.Errorf("group message = %+v", g)
	}
	if p := got[1]; p.Chat.Group || p.Chat.ID != "张阿姨" || p.Sender.ID != "张阿姨" || p.Text != "我的订餐" {
		t.Errorf("private message = %+v", p)
	}
	if m := got[2]; !m.Mentioned || m.Text != "明天中午订两份" || m.Sender.Name != "李大爷" {
		t.Errorf("mention = %+v: want it stripped and marked, full-width colon accepted", m)
	}
	if m := got[3]; m.Text != "设置菜单 明天 午餐\n鱼香肉丝 12\n青菜 3" {
		t.Errorf("multi-line message = %q", m.Text)
	}
	if m := got[4]; m.Text != "通知 第一行\n第二行" {
		t.Errorf("backslash continuation = %q", m.Text)
	}
	if len(comments) != 1 || comments[0] != "a comment" {
		t.Errorf("comments = %q", comments)
	}
	if out != "" {
		t.Errorf("a well-formed script printed %q", out)
	}
	ids := map[string]bool{}
	for _, m := range got {
		if m.ID == "" || ids[m.ID] {
			t.Errorf("message id %q empty or repeated", m.ID)
		}
		ids[m.ID] = true
	}
}

func TestBadLineGetsAHint(t *testing.T) {
	got, _, out := run(t, "张阿姨 菜单\n[8号楼业主群] 没有冒号\n")
	if len(got) != 0 || strings.Count(out, "看不懂") != 2 {
		t.Errorf("messages %+v, output %q: want two hints, no messages", got, out)
	}
}

func TestSendFormat(t *testing.T) {
	var out strings.Builder
	a := &console.Adapter{Out: &out}
	group := bot.Chat{Platform: bot.Console, ID: "1号楼群", Group: true}
	a.Send(context.Background(), group, bot.Reply{Text: "已为您预订\n取消请回复：取消订餐 D12", Mention: &bot.User{Name: "张阿姨"}})
	a.Send(context.Background(), bot.PrivateChat(bot.User{Platform: bot.Console, ID: "张阿姨", Name: "张阿姨"}), bot.Reply{Text: "好的"})
	want := "[1号楼群] <linli> @张阿姨 已为您预订\n  取消请回复：取消订餐 D12\n[@张阿姨] <linli> 好的\n"
	if out.String() != want {
		t.Errorf("output\n%q\nwant\n%q", out.String(), want)
	}
}

// Invisible characters a phone or a copy carries do not hide a command.
func TestInvisibleCharactersDropped(t *testing.T) {
	got, _, _ := run(t, "[1号楼群] 张阿姨: 帮\u200b助\u200f\n[1号楼群] 李大爷: \u202e订餐 明天 午餐\n[1号楼群] 小刘: 👨\u200d👩\u200d👧\n")
	if len(got) != 3 || got[0].Text != "帮助" || got[1].Text != "订餐 明天 午餐" || got[2].Text != "👨\u200d👩\u200d👧" {
		t.Errorf("texts = %q", []string{got[0].Text, got[1].Text, got[2].Text})
	}
}
