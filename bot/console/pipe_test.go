package console_test

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
	"linli/bot/console"
)

// pipeConsole runs the console on a real OS pipe, as `linli chat` reads
// standard input from another program, and answers each message at once
// the way the bot does (Send from inside deliver).
func pipeConsole(t *testing.T, interactive bool) (in *os.File, answers <-chan string, errs <-chan error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close(); r.Close() })
	got := make(chan string, 16)
	done := make(chan error, 1)
	a := &console.Adapter{In: r, Out: io.Discard, Interactive: interactive}
	go func() {
		done <- a.Run(context.Background(), bottest.Delivering(func(ctx context.Context, m bot.Message) {
			a.Send(ctx, m.Chat, bot.Reply{Text: "收到"})
			got <- m.Text
		}))
	}()
	return w, got, done
}

// answer waits for the answer to what was just written, failing (not
// hanging) when the console waits for a next line that will never come
// first.
func answer(t *testing.T, answers <-chan string) string {
	t.Helper()
	select {
	case a := <-answers:
		return a
	case <-time.After(10 * time.Second):
		t.Fatal("no answer: the console is waiting for the next line before answering this one")
	}
	return ""
}

// TestPipedLineAnsweredBeforeTheNext: a program writes one line, waits for
// the answer, and only then writes the next (as a person at a terminal
// does). Each is answered at once; a multi-line message written at once
// (indented lines) is still one message.
func TestPipedLineAnsweredBeforeTheNext(t *testing.T) {
	w, answers, done := pipeConsole(t, false)
	io.WriteString(w, "[8号楼业主群] 张阿姨: 菜单\n")
	if got := answer(t, answers); got != "菜单" {
		t.Errorf("first = %q", got)
	}
	io.WriteString(w, "[@张阿姨] 我的订餐\n")
	if got := answer(t, answers); got != "我的订餐" {
		t.Errorf("second = %q", got)
	}
	io.WriteString(w, "[@李师傅] 设置菜单 明天 午餐\n  鱼香肉丝 12\n  青菜 3\n")
	if got := answer(t, answers); got != "设置菜单 明天 午餐\n鱼香肉丝 12\n青菜 3" {
		t.Errorf("multi-line = %q", got)
	}
	w.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestTypedLineAnsweredAtEnter: at a terminal every line is answered at
// Enter; a line ending with a backslash goes on to the next.
func TestTypedLineAnsweredAtEnter(t *testing.T) {
	w, answers, done := pipeConsole(t, true)
	io.WriteString(w, "[8号楼业主群] 张阿姨: 活动\n")
	if got := answer(t, answers); got != "活动" {
		t.Errorf("first = %q", got)
	}
	io.WriteString(w, "[@王阿姨] 通知 明天停水\\\n")
	io.WriteString(w, "请提前储水\n")
	if got := answer(t, answers); got != "通知 明天停水\n请提前储水" {
		t.Errorf("backslash = %q", got)
	}
	io.WriteString(w, "[@王阿姨] 帮助\n  [@王阿姨] 菜单\n")
	if a, b := answer(t, answers), answer(t, answers); a != "帮助" || b != "菜单" {
		t.Errorf("typed lines = %q, %q: at a terminal an indented line is a message of its own", a, b)
	}
	w.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestScriptFileReadsAhead: from a file a continuation is always looked
// for, however the reads fall: a long script with a multi-line message
// past the first buffer keeps it whole.
func TestScriptFileReadsAhead(t *testing.T) {
	path := t.TempDir() + "/script.txt"
	script := strings.Repeat("[1号楼群] 张阿姨: 今天天气不错\n", 5000) + "[@李师傅] 设置菜单 明天 午餐\n  鱼香肉丝 12\n"
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var last string
	n := 0
	a := &console.Adapter{In: f, Out: io.Discard}
	if err := a.Run(context.Background(), bottest.Delivering(func(_ context.Context, m bot.Message) { last = m.Text; n++ })); err != nil {
		t.Fatal(err)
	}
	if n != 5001 || last != "设置菜单 明天 午餐\n鱼香肉丝 12" {
		t.Errorf("%d messages, last %q", n, last)
	}
}

// TestStopsWhileWaitingForALine: Ctrl-C or SIGTERM (the context ending)
// stops the console at once while it waits for someone to type, at the
// start of a message and inside one continued with a backslash; nobody
// has to press Enter first, and the unfinished message is not sent.
func TestStopsWhileWaitingForALine(t *testing.T) {
	for _, typed := range []string{"", "[@王阿姨] 通知 明天停水\\\n"} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer func() { w.Close(); r.Close() }()
		in := &watchedReader{r: r, reads: make(chan struct{}, 8)}
		ctx, cancel := context.WithCancel(context.Background())
		sent := make(chan string, 8)
		a := &console.Adapter{In: in, Out: io.Discard, Interactive: true}
		done := make(chan error, 1)
		go func() {
			done <- a.Run(ctx, bottest.Delivering(func(_ context.Context, m bot.Message) { sent <- m.Text }))
		}()
		io.WriteString(w, "[@王阿姨] 帮助\n")
		<-in.reads // the read that returns 帮助
		if got := answer(t, sent); got != "帮助" {
			t.Fatalf("first = %q", got)
		}
		reads := 2 // the console waits in the read for the next line
		if typed != "" {
			io.WriteString(w, typed)
			reads++ // and then in the read for the line continuing it
		}
		for range reads - 1 {
			<-in.reads
		}
		cancel()
		select {
		case err := <-done:
			if err != nil || len(sent) != 0 {
				t.Errorf("after %q: Run = %v, %d more sent; want a clean stop, nothing sent", typed, err, len(sent))
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("after %q: the console still waits for a line after its context ended", typed)
		}
	}
}

// watchedReader says each time a read begins, so a test knows the console
// is waiting for input.
type watchedReader struct {
	r     io.Reader
	reads chan struct{}
}

func (w *watchedReader) Read(p []byte) (int, error) {
	w.reads <- struct{}{}
	return w.r.Read(p)
}
