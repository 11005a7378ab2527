package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"linli/bot/bottest"
)

// These tests run linli as a person does: the test binary itself, started
// again as `linli chat` or `linli run` (TestMain calls main when
// runAsLinli is set), on a real pseudo-terminal, typing lines and
// pressing Ctrl-C, and reading the screen.

const runAsLinli = "LINLI_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runAsLinli) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// terminal is a linli process on a pseudo-terminal: its controlling
// terminal, standard input, output and error.
type terminal struct {
	t      *testing.T
	cmd    *exec.Cmd
	pty    *os.File
	screen bottest.Buffer
	exited chan struct{}
	err    error // the process's exit, once exited is closed
}

// linliCmd is the command that runs this binary as `linli args...`.
func linliCmd(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runAsLinli+"=1", "TZ=Asia/Shanghai")
	cmd.Dir = t.TempDir()
	return cmd
}

// startTerminal starts `linli args...` on a new pseudo-terminal.
func startTerminal(t *testing.T, args ...string) *terminal {
	t.Helper()
	term := &terminal{t: t, cmd: linliCmd(t, args...), exited: make(chan struct{})}
	f, err := pty.StartWithSize(term.cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	term.pty = f
	copied := make(chan struct{})
	go func() {
		io.Copy(&term.screen, f) // ends with EIO once the process is gone
		close(copied)
	}()
	go func() {
		term.err = term.cmd.Wait()
		close(term.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-term.exited:
		default:
			term.cmd.Process.Kill()
			<-term.exited
		}
		f.Close()
		<-copied
	})
	return term
}

// text is the screen so far, with the terminal's \r\n as \n.
func (term *terminal) text() string {
	return strings.ReplaceAll(term.screen.String(), "\r\n", "\n")
}

// waitFor waits until the screen shows want, failing after a while.
func (term *terminal) waitFor(want string) {
	term.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(term.text(), want) {
		select {
		case <-term.exited:
			if strings.Contains(term.text(), want) {
				return
			}
			term.t.Fatalf("linli exited (%v) before showing %q:\n%s", term.err, want, term.text())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the screen never showed %q:\n%s", want, term.text())
		}
	}
}

// typeLine types text and Enter.
func (term *terminal) typeLine(text string) {
	term.t.Helper()
	if _, err := term.pty.Write([]byte(text + "\r")); err != nil {
		term.t.Fatal(err)
	}
}

// stopsWithin waits for the process to exit and checks it exited cleanly
// (status 0) within limit.
func stopsWithin(t *testing.T, exited <-chan struct{}, errp *error, limit time.Duration, what string) {
	t.Helper()
	start := time.Now()
	select {
	case <-exited:
		if *errp != nil {
			t.Errorf("%s: linli exited with %v, want status 0", what, *errp)
		}
		t.Logf("%s: stopped in %v", what, time.Since(start).Round(time.Millisecond))
	case <-time.After(limit):
		t.Errorf("%s: linli still running %v later", what, limit)
	}
}

// At a terminal, `linli chat` says how to write a group and a private
// message; each line is answered at Enter, before the next is typed; a
// line ending in \ continues on the next; 【群名】 from a Chinese keyboard
// is a group; # now and # jobs move the clock and run what is due; Ctrl-C
// ends it at once, cleanly.
func TestChatAtATerminal(t *testing.T) {
	term := startTerminal(t, "chat")
	term.waitFor("按 Ctrl+D 退出")
	first := term.text()
	for _, want := range []string{"[群名] 名字: 内容", "私聊机器人写「[@名字] 内容」", "临时"} {
		if !strings.Contains(first, want) {
			t.Errorf("the first screen does not say %q:\n%s", want, first)
		}
	}

	term.typeLine("【1号楼群】张阿姨: 菜单")
	term.waitFor("[1号楼群] <linli> @张阿姨")
	term.typeLine("[@社区小王] 通知 今晚停水\\")
	term.typeLine("明早恢复")
	term.waitFor("[1号楼群] <linli> 【社区公告】今晚停水\n  明早恢复")
	term.waitFor("[@社区小王] <linli> 已发到")
	term.typeLine("# now " + time.Now().In(shanghai(t)).Format("2006-01-02") + " 16:00")
	term.typeLine("# jobs")
	term.waitFor("[8号楼业主群] <linli> 明天（")
	if strings.Contains(term.text(), "看不懂") {
		t.Errorf("a line was not understood:\n%s", term.text())
	}

	term.pty.Write([]byte{3}) // Ctrl-C
	stopsWithin(t, term.exited, &term.err, 3*time.Second, "chat after Ctrl-C")
}

func shanghai(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// SIGTERM ends `linli chat` at once, cleanly, while it waits for a line.
func TestChatStopsOnSIGTERM(t *testing.T) {
	term := startTerminal(t, "chat")
	term.waitFor("按 Ctrl+D 退出")
	term.typeLine("[@张阿姨] 我的订餐")
	term.waitFor("[@张阿姨] <linli>")
	term.cmd.Process.Signal(syscall.SIGTERM)
	stopsWithin(t, term.exited, &term.err, 3*time.Second, "chat after SIGTERM")
}

// The log of `linli chat` does not land in the conversation on the
// screen: with a configuration that logs every message handled, the
// screen shows the conversation alone and the log goes to the file the
// first screen names.
func TestChatLogsStayOffTheScreen(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "log:\n  level: debug\n")
	term := startTerminal(t, "chat", "--config", cfg)
	term.waitFor("按 Ctrl+D 退出")
	term.typeLine("[@小王] 帮助")
	term.waitFor("[@小王] <linli>")
	term.typeLine("[1号楼群] 张阿姨: 菜单")
	term.waitFor("[1号楼群] <linli>")
	term.pty.Write([]byte{4}) // Ctrl-D: the end of input
	stopsWithin(t, term.exited, &term.err, 5*time.Second, "chat after Ctrl-D")

	screen := term.text()
	if strings.Contains(screen, "level=") || strings.Contains(screen, "msg=") {
		t.Errorf("log lines on the conversation's screen:\n%s", screen)
	}
	_, after, ok := strings.Cut(screen, "日志写在 ")
	if !ok {
		t.Fatalf("the first screen does not say where the log goes:\n%s", screen)
	}
	logFile, _, _ := strings.Cut(after, "\n")
	logFile = strings.TrimSuffix(strings.TrimSpace(logFile), "。")
	t.Cleanup(func() { os.Remove(logFile) })
	logged, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("the log file named on screen: %v", err)
	}
	if !strings.Contains(string(logged), "msg=handled") {
		t.Errorf("the log file has no line for the messages handled:\n%s", logged)
	}
}

// `linli chat --db FILE` on a file made before neither seeds the demo
// again nor says the data is temporary.
func TestChatOnAnExistingDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	first := linliCmd(t, "chat", "--db", db)
	first.Stdin = strings.NewReader("[@张阿姨] 我的订餐\n")
	if out, err := first.CombinedOutput(); err != nil {
		t.Fatalf("first chat: %v\n%s", err, out)
	}
	term := startTerminal(t, "chat", "--db", db)
	term.waitFor("按 Ctrl+D 退出")
	if strings.Contains(term.text(), "临时") || strings.Contains(term.text(), "这是一个演示社区") {
		t.Errorf("chat on an existing --db file calls its data temporary, or a demo made just now:\n%s", term.text())
	}
	term.typeLine("[1号楼群] 张阿姨: 活动")
	term.waitFor("[1号楼群] <linli> @张阿姨")
	term.pty.Write([]byte{4})
	stopsWithin(t, term.exited, &term.err, 5*time.Second, "chat after Ctrl-D")
}

// `linli run` with the console on reads a terminal: a line typed is
// answered, and Ctrl-C (and, in another run, SIGTERM) ends it at once,
// cleanly.
func TestRunAtATerminal(t *testing.T) {
	for _, stop := range []string{"Ctrl-C", "SIGTERM"} {
		t.Run(stop, func(t *testing.T) {
			cfg := writeConfig(t, t.TempDir(), "")
			term := startTerminal(t, "run", "--config", cfg)
			term.waitFor("linli started")
			term.typeLine("[@小王] 帮助")
			term.waitFor("[@小王] <linli>")
			if stop == "Ctrl-C" {
				term.pty.Write([]byte{3})
			} else {
				term.cmd.Process.Signal(syscall.SIGTERM)
			}
			stopsWithin(t, term.exited, &term.err, 3*time.Second, "run after "+stop)
		})
	}
}

// `linli run` with the console on keeps serving after its standard input
// ends (a service has none): it still answers `linli health`, and SIGTERM
// ends it cleanly.
func TestRunServesAfterInputEnds(t *testing.T) {
	dir := t.TempDir()
	metrics := freeAddr(t)
	cfg := writeConfig(t, dir, "metrics:\n  addr: "+metrics+"\n")
	cmd := linliCmd(t, "run", "--config", cfg)
	cmd.Stdin = strings.NewReader("[@小王] 帮助\n")
	var out bottest.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })

	deadline := time.After(20 * time.Second)
	for !strings.Contains(out.String(), "[@小王] <linli>") {
		select {
		case <-exited:
			t.Fatalf("linli run exited (%v) before answering:\n%s", waitErr, out.String())
		case <-deadline:
			t.Fatalf("no answer:\n%s", out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	// The input has ended and been answered; the process serves on.
	health := linliCmd(t, "health", "--config", cfg)
	if got, err := health.CombinedOutput(); err != nil {
		t.Fatalf("linli health after the input ended: %v\n%s\nrun's output:\n%s", err, got, out.String())
	}
	select {
	case <-exited:
		t.Fatalf("linli run exited after its input ended (%v):\n%s", waitErr, out.String())
	default:
	}
	cmd.Process.Signal(syscall.SIGTERM)
	stopsWithin(t, exited, &waitErr, 3*time.Second, "run after SIGTERM")
}

// writeConfig writes a configuration with the console on, a database in
// dir, 小王 an admin, no web panel, and extra.
func writeConfig(t *testing.T, dir, extra string) string {
	t.Helper()
	path := filepath.Join(dir, "config.yaml")
	yaml := fmt.Sprintf("console:\n  enabled: true\ndatabase:\n  dsn: %q\nadmins: [\"console:小王\"]\nweb:\n  addr: \"\"\n%s",
		filepath.Join(dir, "linli.db"), extra)
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// freeAddr is a loopback address nothing listens on just now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
