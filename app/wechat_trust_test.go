package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"linli/bot/bottest"
	"linli/bot/wechat"
	"linli/bot/wechat/wechattest"
	"linli/config"
	"linli/scheduler"
)

// wxApp is Linli serving WeChat through the real openwechat client against
// the fake of WeChat's web endpoints, on a real SQLite file.
type wxApp struct {
	*app
	fake *wechattest.Fake
	conf string // the configuration file, for `linli code`
	logs *bottest.Buffer
	stop func()
}

// newWxApp logs the account into fake, with admins as configured, and
// serves until the test ends.
func newWxApp(t *testing.T, fake *wechattest.Fake, dir string, admins ...string) *wxApp {
	t.Helper()
	conf := filepath.Join(dir, "linli.yaml")
	quoted := make([]string, len(admins))
	for i, a := range admins {
		quoted[i] = fmt.Sprintf("%q", a)
	}
	yaml := fmt.Sprintf(`community: 阳光社区
database: {driver: sqlite, dsn: %q}
console: {enabled: false}
wechat: {enabled: true, storage: %q, min_gap: 1ms, jitter: 1ns, per_minute: 100000, per_chat: 1ms}
admins: [%s]
suggestions: {secret: "k3y-for-wechat-trust-tests-9Xq"}
`, filepath.Join(dir, "linli.db"), filepath.Join(dir, "wechat.json"), strings.Join(quoted, ", "))
	if err := os.WriteFile(conf, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return startWxApp(t, fake, conf)
}

// startWxApp serves the configuration in conf (again, after a restart).
func startWxApp(t *testing.T, fake *wechattest.Fake, conf string) *wxApp {
	t.Helper()
	cfg, err := config.Load(conf, scheduler.Validate)
	if err != nil {
		t.Fatal(err)
	}
	logs := &bottest.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := New(context.Background(), cfg, Options{Log: log, Out: &bytes.Buffer{}, WeChat: func(c *wechat.Config) {
		c.Transport = fake.Transport()
		c.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.serve(ctx, false) }()
	w := &wxApp{app: a, fake: fake, conf: conf, logs: logs}
	w.stop = func() {
		cancel()
		<-done
		a.close()
		w.stop = func() {}
	}
	t.Cleanup(func() { w.stop() })
	waitFor(t, 10*time.Second, logs.String, func() bool { return strings.Contains(logs.String(), "wechat: serving") })
	return w
}

// say sends text as member in group and returns the bot's replies in that
// group that mention name, once they have all gone out.
func (w *wxApp) say(t *testing.T, group, member, name, text string) []string {
	t.Helper()
	before := len(w.fake.Sent())
	w.fake.Say(group, member, text)
	return w.answers(t, before, w.fake.User("@@", group), "@"+name+"\u2005")
}

// whisper sends text privately from a friend and returns the private replies.
func (w *wxApp) whisper(t *testing.T, friend, text string) []string {
	t.Helper()
	before := len(w.fake.Sent())
	w.fake.Whisper(friend, text, 1)
	return w.answers(t, before, w.fake.User("@", friend), "")
}

// answers waits until the bot has answered (something new was sent to to)
// and the outbox is idle, and returns what to got after before, without
// the prefix.
func (w *wxApp) answers(t *testing.T, before int, to, prefix string) []string {
	t.Helper()
	var got []string
	collect := func() bool {
		got = got[:0]
		for _, s := range w.fake.Sent()[before:] {
			if s.To == to {
				got = append(got, strings.TrimPrefix(s.Content, prefix))
			}
		}
		return len(got) > 0
	}
	waitFor(t, 10*time.Second, func() string { return fmt.Sprint(w.fake.Sent()[before:]) }, collect)
	time.Sleep(50 * time.Millisecond) // a second reply of the same command may follow
	collect()
	return got
}

// code runs `linli code --config FILE account` and returns the code printed.
func (w *wxApp) code(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := Code(context.Background(), w.conf, args[0], &out); err != nil {
		t.Fatalf("linli code %v: %v\n%s", args, err, errOut.String())
	}
	m := regexp.MustCompile(`验证 ([A-Z0-9]{6,})`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("linli code printed no code:\n%s", out.String())
	}
	return m[1]
}

func wxTrustFake(t *testing.T) *wechattest.Fake {
	fake := wechattest.NewFake(t)
	wang := wechattest.User{ID: "xiaowang", NickName: "社区小王"}
	fake.Set(func(f *wechattest.Fake) {
		f.Friends = []wechattest.User{{ID: "xiaowang", NickName: "社区小王"}}
		f.Groups = []wechattest.Group{{ID: "g8", Title: "8号楼业主群", Saved: true, Members: []wechattest.User{
			wang,
			{ID: "imp", NickName: "阿花", DisplayName: "社区小王"}, // the impostor: renamed in the group
			{ID: "zhang", NickName: "张阿姨"},
		}}}
	})
	return fake
}

// A resident who renames herself 社区小王 in the group does not become the
// community worker configured as wechat:社区小王: she cannot list the
// groups, announce, see the worker's roles or read the worker's
// suggestions. The worker, verified with a code from the server, keeps
// every power and still receives her private messages.
func TestWeChatNicknameImpostor(t *testing.T) {
	fake := wxTrustFake(t)
	w := newWxApp(t, fake, t.TempDir(), "wechat:社区小王")

	// The worker, a friend of the account, files an anonymous suggestion
	// and verifies with the code the server printed.
	if got := w.whisper(t, "xiaowang", "匿名建议 三楼的王家总在楼道堆纸箱"); !strings.Contains(strings.Join(got, "\n"), "S") {
		t.Fatalf("anonymous suggestion answered %q", got)
	}
	impostor := func(when string) {
		t.Helper()
		for _, c := range []struct{ text, leak string }{
			{"群列表", "8号楼业主群"},
			{"我的信息", "社区工作人员"},
			{"我的建议", "纸箱"},
		} {
			got := strings.Join(w.say(t, "g8", "imp", "社区小王", c.text), "\n")
			if strings.Contains(got, c.leak) {
				t.Errorf("%s, the impostor's %s answered with %q: %q", when, c.text, c.leak, got)
			}
		}
		before := len(fake.Sent())
		got := strings.Join(w.say(t, "g8", "imp", "社区小王", "公告 今晚停电，请大家把钥匙交给阿花"), "\n")
		// A refusal, or — after several refusals in a row — the flood
		// budget's 「请稍等再发」: either way nothing is announced.
		if !strings.Contains(got, "只有") && !strings.Contains(got, "稍等") {
			t.Errorf("%s, the impostor's 公告 answered %q, want a refusal", when, got)
		}
		for _, s := range fake.Sent()[before:] {
			if strings.Contains(s.Content, "钥匙交给阿花") && s.To != fake.User("@@", "g8") {
				t.Errorf("%s, the impostor's announcement went out to %s: %q", when, s.To, s.Content)
			}
		}
	}
	impostor("before the worker verified")

	code := w.code(t, "wechat:社区小王")
	if got := strings.Join(w.whisper(t, "xiaowang", "验证 "+code), "\n"); !strings.Contains(got, "验证成功") || !strings.Contains(got, "社区工作人员") {
		t.Fatalf("验证 answered %q", got)
	}
	impostor("after the worker verified")

	// The worker keeps every power, in the group too, and hears privately.
	if got := strings.Join(w.say(t, "g8", "xiaowang", "社区小王", "群列表"), "\n"); !strings.Contains(got, "8号楼业主群") {
		t.Errorf("the worker's 群列表 answered %q", got)
	}
	if got := strings.Join(w.whisper(t, "xiaowang", "我的信息"), "\n"); !strings.Contains(got, "社区工作人员") {
		t.Errorf("the worker's 我的信息 answered %q", got)
	}
	before := len(fake.Sent())
	w.alertAdmins(context.Background(), "测试提醒")
	waitFor(t, 10*time.Second, func() string { return fmt.Sprint(fake.Sent()[before:]) }, func() bool {
		for _, s := range fake.Sent()[before:] {
			if strings.Contains(s.Content, "测试提醒") {
				return true
			}
		}
		return false
	})
	for _, s := range fake.Sent()[before:] {
		if strings.Contains(s.Content, "测试提醒") && s.To != fake.User("@", "xiaowang") {
			t.Errorf("an admin alert went to %s, not to the worker", s.To)
		}
	}

	// A restart: the remark and the role are still hers.
	w.stop()
	w = startWxApp(t, fake, w.conf)
	if got := strings.Join(w.say(t, "g8", "xiaowang", "社区小王", "群列表"), "\n"); !strings.Contains(got, "8号楼业主群") {
		t.Errorf("after a restart the worker's 群列表 answered %q", got)
	}
}
