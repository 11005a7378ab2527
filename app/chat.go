package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"linli/bot"
	"linli/bot/console"
	"linli/config"
	"linli/scheduler"
	"linli/store"
	"linli/store/sqldb"
)

// ChatOptions are what `linli chat` was given: a configuration file
// (empty: the demo community) and a SQLite file (empty: the
// configuration's, or a temporary one).
type ChatOptions struct {
	Config, DB string
}

// Chat is the console simulator: the same bot, typed at in a terminal or
// fed a script. With no configuration it starts a demo community on a
// temporary database, so it needs nothing but the binary.
func Chat(ctx context.Context, o ChatOptions, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, cleanup, err := chatConfig(o)
	if err != nil {
		return err
	}
	defer cleanup()
	demo := o.Config == ""
	terminal := isTerminal(stdin)
	logs, err := openChatLog(stderr)
	if err != nil {
		return err
	}
	defer logs.close(terminal)
	// A demo on a file that is there already was seeded when it was made.
	fresh := demo && (o.DB == "" || !exists(o.DB))
	clock := &consoleClock{}
	var a *app
	a, err = New(ctx, cfg, Options{Log: newLogger(logs.w, cfg.Log, cfg.Location), In: stdin, Out: stdout, Now: clock.Now,
		Console: func(c *console.Adapter) {
			c.Now = clock.Now
			c.OnComment = func(text string) { a.consoleComment(ctx, clock, text, stdout) }
		}})
	if err != nil {
		return err
	}
	defer a.close()
	if fresh {
		if err := seedDemo(ctx, a.store); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if err := seedDemoContent(ctx, a.store, cfg, time.Now()); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // the panel ends with the chat
	a.listenOffice(ctx)
	if terminal {
		fmt.Fprint(stdout, welcome(fresh, o.DB == "", a.officeBase(), logs.path))
	}
	return a.serve(ctx, true)
}

// chatConfig is the configuration `linli chat` runs: the file's, or the
// demo's on a temporary database (removed by cleanup), with only the
// console on and the panel on a free loopback port.
func chatConfig(o ChatOptions) (cfg config.Config, cleanup func(), err error) {
	demo := o.Config == ""
	cleanup = func() {}
	cfg = demoConfig()
	if !demo {
		if cfg, err = config.Load(o.Config, scheduler.Validate); err != nil {
			return cfg, cleanup, err
		}
	}
	// Only the console runs here, whatever the file enables.
	cfg.Console.Enabled, cfg.Telegram.Enabled, cfg.WeChat.Enabled = true, false, false
	// The panel on a free loopback port, whatever the file says: the
	// console's 后台 answers with a link this machine's browser opens.
	cfg.Web = config.Web{Addr: "127.0.0.1:0"}
	switch {
	case o.DB != "":
		cfg.Database.Driver, cfg.Database.DSN = "sqlite", o.DB
	case demo:
		dir, err := os.MkdirTemp("", "linli-demo-")
		if err != nil {
			return cfg, cleanup, err
		}
		cleanup = func() { os.RemoveAll(dir) }
		cfg.Database.DSN = filepath.Join(dir, "demo.db")
	}
	if cfg.Log.Level == "" || demo {
		cfg.Log.Level = "warn" // the transcript is the output; logs only for trouble
	}
	return cfg, cleanup, nil
}

// isTerminal reports whether a standard stream (an *os.File) is a terminal.
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// chatLog is where `linli chat` logs: standard error, unless that is a
// terminal, where a log line would land in the middle of the conversation
// on the same screen; then a file of its own, named on the first screen.
type chatLog struct {
	w, stderr io.Writer
	file      *os.File
	path      string // empty: standard error
}

func openChatLog(stderr io.Writer) (*chatLog, error) {
	if !isTerminal(stderr) {
		return &chatLog{w: stderr}, nil
	}
	f, err := os.CreateTemp("", "linli-chat-*.log") // 0600: it may name residents
	if err != nil {
		return nil, fmt.Errorf("chat log: %w", err)
	}
	return &chatLog{w: f, stderr: stderr, file: f, path: f.Name()}, nil
}

// close closes the log file, removes it when nothing was logged, and
// names it on standard error when something was and the first screen (not
// shown to a script) did not.
func (l *chatLog) close(named bool) {
	if l.file == nil {
		return
	}
	st, err := l.file.Stat()
	l.file.Close()
	switch {
	case err == nil && st.Size() == 0:
		os.Remove(l.path)
	case !named:
		fmt.Fprintln(l.stderr, "linli: 日志写在", l.path)
	}
}

// welcome is the first screen of `linli chat` at a terminal: how to write
// a group and a private message, who is who in a demo seeded just now (a
// file given with --db may hold anything), where its data and its log
// are, and how to leave.
func welcome(demo, temporary bool, office, logPath string) string {
	s := `邻里 Linli —— 控制台模拟器
每行输入一条消息，格式是「[群名] 名字: 内容」，私聊机器人写「[@名字] 内容」：
  [1号楼群] 张阿姨: 帮助
  [1号楼群] 张阿姨: 菜单
  [@社区小王] 帮助
`
	if demo {
		s += "这是一个演示社区"
		if temporary {
			s += "（数据放在临时文件里，退出就清空）"
		}
		s += `：
  社区小王 是社区工作人员，李师傅 管食堂，王阿姨 是8号楼楼组长，
  张阿姨 住1号楼101（已认证长者）。群：1号楼群、8号楼业主群、社区大群。
  这几天的菜单和一个活动已经准备好了，试试「菜单」「订餐 明天 午餐 2份」「活动」「报名 1」。
`
	}
	if office != "" {
		s += "网页后台在 " + office + "：有身份的人私聊发「后台」取得登录链接，如「[@社区小王] 后台」。\n"
	}
	if logPath != "" {
		s += "日志写在 " + logPath + "\n"
	}
	return s + "按 Ctrl+D 退出。\n\n"
}

// demoConfig is the community `linli chat` starts with no configuration.
func demoConfig() config.Config {
	cfg := config.Default()
	cfg.Community = "阳光社区"
	cfg.Console.Enabled = true
	cfg.Admins = []string{"console:社区小王"}
	cfg.Canteen.Managers = []string{"console:李师傅"}
	cfg.Canteen.Contact = "食堂李师傅，电话 5588 1234"
	cfg.Suggest.Secret = rand.Text() // the demo's database is temporary, and so is its key
	cfg.Web.Addr = ""                // `linli chat` picks a free port; tests that serve bind nothing
	if err := cfg.Validate(scheduler.Validate); err != nil {
		panic("demo configuration is invalid: " + err.Error()) // a programming error
	}
	return cfg
}

// seedDemo creates the demo community's groups, households and roles.
func seedDemo(ctx context.Context, st *sqldb.Store) error {
	for _, g := range []struct{ title, building string }{
		{"1号楼群", "1号楼"}, {"8号楼业主群", "8号楼"}, {"社区大群", store.AllBuildings},
	} {
		c, err := st.TouchChat(ctx, bot.Console, g.title, g.title, true)
		if err != nil {
			return err
		}
		if err := st.Bind(ctx, c.ID, g.building); err != nil {
			return err
		}
	}
	wang, err := st.TouchResident(ctx, bot.Console, "王阿姨", "王阿姨")
	if err != nil {
		return err
	}
	if _, err := st.Grant(ctx, wang.ID, bot.RoleBuildingHead, "8号楼", ""); err != nil {
		return err
	}
	if _, err := st.Register(ctx, wang.ID, "8号楼", "502", true); err != nil {
		return err
	}
	zhang, err := st.TouchResident(ctx, bot.Console, "张阿姨", "张阿姨")
	if err != nil {
		return err
	}
	if _, err := st.Register(ctx, zhang.ID, "1号楼", "101", true); err != nil {
		return err
	}
	elder := true
	return st.SetFlags(ctx, zhang.ID, &elder, nil)
}

// consoleClock is the clock of \`linli chat\`: the wall clock until a
// \`# now\` line sets it, then that time moving on with the wall clock, so
// a newcomer sees tomorrow's 16:00 menu push without waiting for it.
type consoleClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *consoleClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *consoleClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = time.Until(t)
}

// consoleComment carries out a console's \`#\` line: \`# now 2026-11-28
// 16:00\` sets the clock, \`# jobs\` runs the jobs due by then (the menu
// push, the cut-off list, reminders); any other is a comment.
func (a *app) consoleComment(ctx context.Context, clock *consoleClock, text string, out io.Writer) {
	switch {
	case strings.HasPrefix(text, "now "):
		at, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(strings.TrimPrefix(text, "now ")), a.cfg.Location)
		if err != nil {
			fmt.Fprintln(out, "(时间请写成：# now 2026-11-28 16:00)")
			return
		}
		clock.set(at)
	case text == "jobs":
		a.sched.RunDue(ctx, clock.Now())
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
