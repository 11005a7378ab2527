// Package console is Linli in a terminal: several groups and people typed by
// one person, or a script read from standard input. It lets anyone try the
// bot with no chat account, and it drives the transcript tests.
//
// A line is `[group] name: text` for a group message or `[@name] text` for a
// private chat with the bot; `#` starts a comment. A message continues on
// the next line when a line ends with a backslash, and in a script (not
// typed at a terminal) on following lines that are indented.
// The bot's messages are printed as `[group] <linli> text`, continuation
// lines indented by two spaces.
package console

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"linli/bot"
)

// Adapter is the console platform.
type Adapter struct {
	In  io.Reader
	Out io.Writer
	// BotNames are the names an @mention of the bot may use.
	BotNames []string
	// Now stamps incoming messages; tests fix it.
	Now func() time.Time
	// OnError reports a line that is not in the script format; nil prints
	// a hint to Out.
	OnError func(line int, text string)
	// OnComment receives each `#` comment line of a script, in order with
	// the messages around it; transcript tests use it to move the clock.
	OnComment func(text string)
	// Interactive says In is typed at a terminal: every line is a message,
	// answered at Enter (unless it ends with a backslash). It is set by
	// itself when In is a terminal.
	Interactive bool
	// FileDir is where a reply's file (a spreadsheet asked for with
	// 导出订餐) is written, in a directory of its own made there on first
	// use; empty: the system's temporary directory.
	FileDir string

	mu    sync.Mutex // serialises writes to Out
	seq   int
	files string // the directory files are written to, once made
	run   string // makes message ids unique across runs on one database
}

// Name is bot.Console.
func (a *Adapter) Name() string { return bot.Console }

// Run reads messages until the input ends or ctx is done. Each message is
// delivered and answered before the next is read, so a script's replies come
// out in order.
//
// A message is delivered as soon as it is complete (PRODUCT.md's console
// protocol). Typed at a terminal, that is at Enter, unless the line ends
// with a backslash. In a script, lines indented by two spaces continue the
// message above, so it is complete when the next line is not indented, or
// when no next line has arrived yet: someone piping one line at a time and
// waiting for each answer gets it at once.
func (a *Adapter) Run(ctx context.Context, deliver bot.DeliverFunc) error {
	a.run = strconv.FormatInt(time.Now().UnixNano(), 36)
	in := newLines(a.In, a.Interactive)
	var pending *bot.Message
	flush := func() {
		if pending != nil {
			deliver(ctx, *pending).Wait()
			pending = nil
		}
	}
	echo := false // inside a bot line copied from a transcript
	sent := false // a message went out and nothing but its continuations followed
	for {
		line, ok := a.next(ctx, in)
		if ctx.Err() != nil {
			return nil // Ctrl-C or SIGTERM: at once, not after the next line
		}
		if !ok {
			break
		}
		if pending != nil && isContinuation(line) {
			pending.Text += "\n" + strings.TrimSpace(line)
		} else if !(echo && isContinuation(line)) {
			flush()
			if late := sent && isContinuation(line) && !in.interactive; late {
				a.lateLine(in.n, line)
				continue
			}
			pending, echo = a.startMessage(ctx, in, line)
			sent = false
			if ctx.Err() != nil {
				return nil // stopped inside a message continued with \
			}
		}
		if pending != nil && !in.ready() {
			flush()
			sent = true
		}
	}
	flush()
	return in.err
}

// startMessage reads the line that starts a message (with the lines it
// continues onto with a backslash), or a comment or a line of the bot's
// copied from a transcript (echo).
func (a *Adapter) startMessage(ctx context.Context, in *lines, line string) (m *bot.Message, echo bool) {
	if isBotLine(line) {
		return nil, true // a transcript can be replayed as it is
	}
	trimmed := strings.TrimSpace(line)
	if c, ok := strings.CutPrefix(trimmed, "#"); ok && a.OnComment != nil {
		a.OnComment(strings.TrimSpace(c))
	}
	if trimmed == "" || strings.HasPrefix(trimmed, "#") {
		return nil, false
	}
	msg, ok := a.parseLine(trimmed)
	if !ok {
		a.badLine(in.n, trimmed)
		return nil, false
	}
	for strings.HasSuffix(msg.Text, `\`) {
		next, ok := a.next(ctx, in)
		if !ok {
			break
		}
		msg.Text = strings.TrimSuffix(msg.Text, `\`) + "\n" + strings.TrimSpace(next)
	}
	msg.Text = strings.TrimSuffix(msg.Text, `\`)
	return &msg, false
}

// next is in's next line, given up when ctx ends: reading a terminal or a
// pipe waits until someone types a line, and Ctrl-C or SIGTERM must stop
// the console at once, not after one more Enter. The read given up ends
// with the process (or the writer's end of the input). A file or a string
// is read here directly: it never waits for a person.
func (a *Adapter) next(ctx context.Context, in *lines) (string, bool) {
	if in.readAhead {
		return in.next()
	}
	type read struct {
		line string
		ok   bool
	}
	got := make(chan read, 1)
	go func() {
		line, ok := in.next()
		got <- read{line, ok}
	}()
	select {
	case r := <-got:
		return r.line, r.ok
	case <-ctx.Done():
		return "", false
	}
}

// lateLine reports an indented line that came after its message had gone:
// a script piped in pieces, with a pause before a continuation.
func (a *Adapter) lateLine(n int, text string) {
	if a.OnError != nil {
		a.OnError(n, strings.TrimSpace(text))
		return
	}
	a.write(fmt.Sprintf("(第%d行接在已经发出的消息后面：多行的消息请一次贴入，或在行尾加 \\ 再换行)\n", n))
}

// isBotLine reports whether line is one of the bot's own, as printed by Send.
func isBotLine(line string) bool {
	_, rest, ok := strings.Cut(line, "]")
	return ok && strings.HasPrefix(line, "[") && strings.HasPrefix(strings.TrimSpace(rest), "<linli>")
}

func isContinuation(line string) bool {
	return line != "" && (line[0] == ' ' || line[0] == '\t') && strings.TrimSpace(line) != ""
}

func (a *Adapter) badLine(n int, text string) {
	if a.OnError != nil {
		a.OnError(n, text)
		return
	}
	a.write(fmt.Sprintf("(第%d行看不懂：请写成「[群名] 名字: 内容」或「[@名字] 内容」)\n", n))
}

// parseLine reads `[group] name: text` or `[@name] text`.
func (a *Adapter) parseLine(line string) (bot.Message, bool) {
	// 【群名】 is what a Chinese keyboard types for [群名].
	line = strings.NewReplacer("【", "[", "】", "]").Replace(line)
	if !strings.HasPrefix(line, "[") {
		return bot.Message{}, false
	}
	end := strings.Index(line, "]")
	if end < 0 {
		return bot.Message{}, false
	}
	where := strings.TrimSpace(line[1:end])
	rest := strings.TrimSpace(line[end+1:])
	a.seq++
	now := time.Now()
	if a.Now != nil {
		now = a.Now()
	}
	m := bot.Message{ID: "", At: now}
	if name, ok := strings.CutPrefix(where, "@"); ok {
		name = strings.TrimSpace(name)
		if name == "" {
			return bot.Message{}, false
		}
		m.Sender = bot.User{Platform: bot.Console, ID: name, Name: name}
		m.Chat = bot.PrivateChat(m.Sender)
		m.Text = rest
	} else {
		name, text, ok := cutSpeaker(rest)
		if !ok || where == "" {
			return bot.Message{}, false
		}
		m.Sender = bot.User{Platform: bot.Console, ID: name, Name: name}
		m.Chat = bot.Chat{Platform: bot.Console, ID: where, Title: where, Group: true}
		m.Text = text
	}
	m.Text, m.Mentioned = a.stripMention(bot.Visible(m.Text))
	m.ID = "console-" + a.run + "-" + strconv.Itoa(a.seq)
	return m, true
}

// cutSpeaker splits "张阿姨: 菜单" (ASCII or full-width colon).
func cutSpeaker(s string) (name, text string, ok bool) {
	i := strings.IndexAny(s, ":：")
	if i <= 0 {
		return "", "", false
	}
	name = strings.TrimSpace(s[:i])
	_, size := firstRune(s[i:])
	return name, strings.TrimSpace(s[i+size:]), name != ""
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// stripMention removes a leading @mention of the bot, as the real platforms'
// adapters do, and reports whether there was one.
func (a *Adapter) stripMention(text string) (string, bool) {
	rest, ok := strings.CutPrefix(text, "@")
	if !ok {
		rest, ok = strings.CutPrefix(text, "＠")
	}
	if !ok {
		return text, false
	}
	for _, name := range a.BotNames {
		if len(rest) >= len(name) && strings.EqualFold(rest[:len(name)], name) {
			after := rest[len(name):]
			r, _ := firstRune(after)
			if after == "" || unicode.IsSpace(r) || unicode.IsPunct(r) {
				return strings.TrimLeftFunc(after, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '，' }), true
			}
		}
	}
	return text, false
}

// Send prints a bot message in the script format.
func (a *Adapter) Send(_ context.Context, chat bot.Chat, r bot.Reply) error {
	where := chat.ID
	if !chat.Group {
		where = "@" + chat.ID
	}
	text := r.Text
	if r.Mention != nil && chat.Group {
		text = "@" + r.Mention.Name + " " + text
	}
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i == 0 && line == "" && r.File != nil {
			break // a file alone
		}
		if i == 0 {
			fmt.Fprintf(&b, "[%s] <linli> %s\n", where, line)
		} else {
			fmt.Fprintf(&b, "  %s\n", line)
		}
	}
	if r.File != nil {
		path, err := a.writeFile(r.File)
		if err != nil {
			return fmt.Errorf("console: the file %q was not written: %w", r.File.Name, err)
		}
		fmt.Fprintf(&b, "[%s] <linli> （文件）%s 已保存到：%s\n", where, r.File.Name, path)
	}
	a.write(b.String())
	return nil
}

func (a *Adapter) write(s string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	io.WriteString(a.Out, s)
}
