// Package console is Linli in a terminal: several groups and people typed by
// one person, or a script read from standard input. It lets anyone try the
// bot with no chat account, and it drives the transcript tests.
//
// A line is `[group] name: text` for a group message or `[@name] text` for a
// private chat with the bot; `#` starts a comment. A message continues on
// following lines that are indented, or when a line ends with a backslash.
// The bot's messages are printed as `[group] <linli> text`, continuation
// lines indented by two spaces.
package console

import (
	"bufio"
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

	mu  sync.Mutex // serialises writes to Out
	seq int
	run string // makes message ids unique across runs on one database
}

// Name is bot.Console.
func (a *Adapter) Name() string { return bot.Console }

// Run reads messages until the input ends or ctx is done. Each message is
// delivered and answered before the next is read, so a script's replies come
// out in order.
func (a *Adapter) Run(ctx context.Context, deliver bot.DeliverFunc) error {
	a.run = strconv.FormatInt(time.Now().UnixNano(), 36)
	sc := bufio.NewScanner(a.In)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var pending *bot.Message
	flush := func() {
		if pending != nil {
			deliver(ctx, *pending)
			pending = nil
		}
	}
	lineNo := 0
	echo := false // inside a bot line copied from a transcript
	for sc.Scan() {
		if ctx.Err() != nil {
			return nil
		}
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if pending != nil && isContinuation(line) {
			pending.Text += "\n" + strings.TrimSpace(line)
			continue
		}
		if echo && isContinuation(line) {
			continue
		}
		flush()
		if echo = isBotLine(line); echo {
			continue // a transcript can be replayed as it is
		}
		trimmed := strings.TrimSpace(line)
		if c, ok := strings.CutPrefix(trimmed, "#"); ok && a.OnComment != nil {
			a.OnComment(strings.TrimSpace(c))
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		m, ok := a.parseLine(trimmed)
		if !ok {
			a.badLine(lineNo, trimmed)
			continue
		}
		pending = &m
		for strings.HasSuffix(pending.Text, `\`) && sc.Scan() {
			lineNo++
			pending.Text = strings.TrimSuffix(pending.Text, `\`) + "\n" + strings.TrimSpace(sc.Text())
		}
		if strings.HasSuffix(pending.Text, `\`) {
			pending.Text = strings.TrimSuffix(pending.Text, `\`)
		}
	}
	flush()
	return sc.Err()
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
		if i == 0 {
			fmt.Fprintf(&b, "[%s] <linli> %s\n", where, line)
		} else {
			fmt.Fprintf(&b, "  %s\n", line)
		}
	}
	a.write(b.String())
	return nil
}

func (a *Adapter) write(s string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	io.WriteString(a.Out, s)
}
