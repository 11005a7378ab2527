package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
)

// sent records what the router sends.
type sent struct {
	mu      sync.Mutex
	replies []bot.Reply
	chats   []bot.Chat
}

func (s *sent) Send(_ context.Context, c bot.Chat, r bot.Reply) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies = append(s.replies, r)
	s.chats = append(s.chats, c)
	return nil
}

func (s *sent) texts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var t []string
	for _, r := range s.replies {
		t = append(t, r.Text)
	}
	return t
}

// directory gives every sender the roles listed for their name.
type directory map[string][]bot.Grant

func (d directory) Identify(_ context.Context, m bot.Message) (bot.Caller, error) {
	if m.Sender.Name == "broken" {
		return bot.Caller{}, errors.New("database is locked")
	}
	return bot.Caller{ResidentID: 1, Grants: d[m.Sender.Name]}, nil
}

// dedup remembers ids in memory.
type dedup struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (d *dedup) FirstHandling(_ context.Context, p, id string) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen[p+id] {
		return false, nil
	}
	d.seen[p+id] = true
	return true, nil
}

// read understands a handful of words, enough to drive the router.
func read(m bot.Message, _ time.Time) bot.Intent {
	switch strings.TrimSpace(m.Text) {
	case "帮助":
		return bot.Intent{Name: bot.IntentHelp}
	case "绑定":
		return bot.Intent{Name: bot.IntentBindGroup, Problem: "请说明绑定到哪栋楼。"}
	case "绑定 8号楼":
		return bot.Intent{Name: bot.IntentBindGroup, Building: "8号楼"}
	case "报名 3":
		return bot.Intent{Name: bot.IntentSignup, Event: 3, Party: 1}
	case "菜单":
		return bot.Intent{Name: bot.IntentMenu}
	case "订餐":
		return bot.Intent{Name: bot.IntentBookMeal}
	case "建议":
		return bot.Intent{Name: bot.IntentSuggest}
	}
	if m.Addressed() {
		return bot.Intent{Name: bot.IntentUnknown}
	}
	return bot.Intent{Name: bot.IntentNone}
}

func newRouter(t *testing.T, out *sent, routes ...bot.Route) *bot.Router {
	t.Helper()
	rt, err := bot.NewRouter(bot.RouterConfig{
		Read:      read,
		Directory: directory{"小王": {{Role: bot.RoleAdmin}}, "张阿姨": {{Role: bot.RoleBuildingHead, Building: "8号楼"}}},
		Dedup:     &dedup{seen: map[string]bool{}},
		Out:       out,
	}, routes...)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func group(name, text string) bot.Message {
	return bot.Message{ID: name + text, Text: text,
		Chat:   bot.Chat{Platform: bot.Console, ID: "8号楼群", Title: "8号楼群", Group: true},
		Sender: bot.User{Platform: bot.Console, ID: name, Name: name}}
}

func routes(calls *int) []bot.Route {
	return []bot.Route{
		{Intent: bot.IntentHelp, Title: "看能做什么", Usage: "帮助", Handle: func(ctx context.Context, r *bot.Request) error {
			*calls++
			return r.Reply(ctx, "帮助内容")
		}},
		{Intent: bot.IntentBindGroup, Title: "绑定群", Usage: "绑定 <楼栋>", Example: "绑定 8号楼", Roles: []string{bot.RoleAdmin},
			Handle: func(ctx context.Context, r *bot.Request) error { *calls++; return r.Reply(ctx, "已绑定") }},
		{Intent: bot.IntentSignup, Title: "报名", Usage: "报名 <编号>", Handle: func(context.Context, *bot.Request) error {
			panic("nil map")
		}},
		{Intent: bot.IntentMenu, Title: "看菜单", Usage: "菜单", Handle: func(context.Context, *bot.Request) error {
			return errors.New("disk I/O error")
		}},
		{Intent: bot.IntentBookMeal, Title: "订餐", Usage: "订餐 [份数]", Example: "订餐 2份", Handle: func(context.Context, *bot.Request) error {
			return bot.Misuse("今天的菜单还没有发布。")
		}},
	}
}

func TestDuplicateRouteFailsAtStart(t *testing.T) {
	h := func(context.Context, *bot.Request) error { return nil }
	_, err := bot.NewRouter(bot.RouterConfig{Read: read, Directory: directory{}, Out: &sent{}},
		bot.Route{Intent: bot.IntentHelp, Handle: h}, bot.Route{Intent: bot.IntentHelp, Handle: h})
	if err == nil {
		t.Fatal("two routes for help were accepted")
	}
}

func TestRouterAnswers(t *testing.T) {
	cases := []struct {
		name  string
		msg   bot.Message
		want  []string // substrings of the single reply; nil: silence
		avoid []string
	}{
		{"chatter is ignored", group("张阿姨", "今天天气不错"), nil, nil},
		{"help in a group", group("张阿姨", "帮助"), []string{"帮助内容"}, nil},
		{"a mistake shows usage and example", group("小王", "绑定"), []string{"请说明绑定到哪栋楼", "用法：绑定 <楼栋>", "例如：绑定 8号楼"}, nil},
		{"refusal says who may", group("张阿姨", "绑定 8号楼"), []string{"只有社区工作人员可以绑定群"}, []string{"已绑定"}},
		{"admin may", group("小王", "绑定 8号楼"), []string{"已绑定"}, nil},
		{"panic becomes an apology", group("张阿姨", "报名 3"), []string{"抱歉", "编号 E"}, []string{"nil map", "goroutine", ".go:"}},
		{"internal error becomes an apology", group("张阿姨", "菜单"), []string{"抱歉", "编号 E"}, []string{"disk"}},
		{"user error with usage", group("张阿姨", "订餐"), []string{"今天的菜单还没有发布", "例如：订餐 2份"}, nil},
		{"unregistered intent", group("张阿姨", "建议"), []string{"还没有开通"}, nil},
		{"unknown in private gets a hint", bot.Message{ID: "p1", Text: "你好", Sender: bot.User{Platform: bot.Console, ID: "a", Name: "a"},
			Chat: bot.Chat{Platform: bot.Console, ID: "a"}}, []string{"帮助"}, nil},
		{"directory failure on a command apologises", group("broken", "帮助"), []string{"抱歉"}, []string{"locked"}},
		{"directory failure on chatter stays silent", group("broken", "哈哈"), nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := &sent{}
			calls := 0
			rt := newRouter(t, out, routes(&calls)...)
			rt.Deliver(context.Background(), c.msg)
			got := out.texts()
			if c.want == nil {
				if len(got) != 0 {
					t.Fatalf("want silence, got %q", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("want one reply, got %q", got)
			}
			for _, w := range c.want {
				if !strings.Contains(got[0], w) {
					t.Errorf("reply %q lacks %q", got[0], w)
				}
			}
			for _, a := range c.avoid {
				if strings.Contains(got[0], a) {
					t.Errorf("reply %q must not contain %q", got[0], a)
				}
			}
		})
	}
}

func TestGroupReplyNamesTheSender(t *testing.T) {
	out := &sent{}
	calls := 0
	rt := newRouter(t, out, routes(&calls)...)
	rt.Deliver(context.Background(), group("张阿姨", "帮助"))
	if len(out.replies) != 1 || out.replies[0].Mention == nil || out.replies[0].Mention.Name != "张阿姨" {
		t.Fatalf("replies = %+v, want one that mentions 张阿姨", out.replies)
	}
	if out.chats[0].ID != "8号楼群" {
		t.Errorf("reply went to %v, want the group", out.chats[0])
	}
}

func TestRedeliveryIsHandledOnce(t *testing.T) {
	out := &sent{}
	calls := 0
	rt := newRouter(t, out, routes(&calls)...)
	m := group("小王", "绑定 8号楼")
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() { defer wg.Done(); rt.Deliver(context.Background(), m) }()
	}
	wg.Wait()
	if calls != 1 || len(out.texts()) != 1 {
		t.Errorf("handled %d times, %d replies; want once", calls, len(out.texts()))
	}
}

func TestInternalErrorLoggedOnceWithReference(t *testing.T) {
	var logs strings.Builder
	out := &sent{}
	calls := 0
	rt, err := bot.NewRouter(bot.RouterConfig{Read: read, Directory: directory{}, Out: out,
		Log: slog.New(slog.NewTextHandler(&logs, nil))}, routes(&calls)...)
	if err != nil {
		t.Fatal(err)
	}
	rt.Deliver(context.Background(), group("张阿姨", "菜单"))
	if n := strings.Count(logs.String(), "disk I/O error"); n != 1 {
		t.Errorf("the error was logged %d times, want once:\n%s", n, logs.String())
	}
	reply := out.texts()[0]
	ref := reply[strings.Index(reply, "编号 ")+len("编号 "):][:6]
	if !strings.Contains(logs.String(), "ref="+ref) {
		t.Errorf("the reference %s the person was given is not in the log:\n%s", ref, logs.String())
	}
}

// A faceless sender (Telegram's anonymous admin) is told how to be someone
// for a command, and nothing for chatter; no handler runs for nobody.
func TestFacelessSenderIsToldNotHandled(t *testing.T) {
	out := &sent{}
	calls := 0
	rt := newRouter(t, out, routes(&calls)...)
	cmd := group("Group", "绑定 8号楼")
	cmd.Faceless = true
	rt.Deliver(context.Background(), cmd)
	talk := group("Group", "大家好")
	talk.Faceless = true
	rt.Deliver(context.Background(), talk)
	texts := out.texts()
	if calls != 0 || len(texts) != 1 || !strings.Contains(texts[0], "匿名管理员") || !strings.Contains(texts[0], "私聊") {
		t.Errorf("handled %d times, replies %q; want one hint and no handling", calls, texts)
	}
}

// Said privately, a greeting, thanks or an acknowledgement gets a kind word,
// not 「没看懂您的意思」; anything else not understood still gets the hint.
func TestCourtesiesGetAKindWord(t *testing.T) {
	out := &sent{}
	calls := 0
	rt := newRouter(t, out, routes(&calls)...)
	for text, want := range map[string]string{
		"你好":     "您好！发「帮助」",
		"您好！":    "您好！",
		"在吗？":    "您好！",
		"谢谢":     "不客气",
		"谢谢小助手！": "不客气",
		"好的，谢谢":  "不客气",
		"收到":     "好的，有事随时找我",
		"OK":     "好的，有事随时找我",
		"明天下雨吗":  "没看懂您的意思",
		"谢谢你的菜":  "没看懂您的意思",
	} {
		u := bot.User{Platform: bot.Console, ID: "小明", Name: "小明"}
		rt.Deliver(context.Background(), bot.Message{ID: text, Chat: bot.PrivateChat(u), Sender: u, Text: text})
		texts := out.texts()
		if len(texts) == 0 || !strings.Contains(texts[len(texts)-1], want) {
			t.Errorf("%q answered %q, want %q in it", text, texts, want)
		}
	}
}

// A voice message or picture sent to the bot gets a kind line that it reads
// text only; in a group, unaddressed, nothing.
func TestNotTextIsToldKindly(t *testing.T) {
	out := &sent{}
	rt := newRouter(t, out)
	u := bot.User{Platform: bot.Console, ID: "王奶奶", Name: "王奶奶"}
	rt.Deliver(context.Background(), bot.Message{ID: "v1", Chat: bot.PrivateChat(u), Sender: u, NotText: true})
	if got := strings.Join(out.texts(), "\n"); !strings.Contains(got, "只能看懂文字") {
		t.Errorf("a private voice message was answered %q", got)
	}
	m := group("王奶奶", "")
	m.NotText = true
	rt.Deliver(context.Background(), m)
	if n := len(out.texts()); n != 1 {
		t.Errorf("a picture in a group was answered: %v", out.texts())
	}
}
