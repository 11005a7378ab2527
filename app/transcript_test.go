package app

import (
	"bytes"
	"context"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
	"linli/bot/console"
	"linli/config"
)

var update = flag.Bool("update", false, "rewrite the bot's lines of testdata/*.txt from what it says now")

// TestTranscripts replays every testdata/*.txt conversation through the
// console adapter on a fresh demo community and compares what the bot says
// with the bot lines written in the file.
//
// A transcript is a console script: `[群] 名字: 内容` lines are sent,
// `[群] <linli> …` lines (and their indented continuations) are what the bot
// must answer. Comments steer the test:
//
//	# now 2026-11-24 08:00      set the clock (community time)
//	# jobs                      run the scheduled jobs due at the clock's minute
//	# restart                   start again at the clock's time: catch up on missed jobs
//	# config households.confirm  turn a boolean setting on
//	# config groups.welcome TEXT  set the welcome said to newcomers
//	# joined [群名] 名字 …         these people just joined the group (a
//	                              platform's join event, which a console
//	                              line cannot say)
func TestTranscripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) == 0 {
		t.Fatal("no transcripts in testdata")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) {
			runTranscript(t, f)
		})
	}
}

func runTranscript(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	script, want := splitTranscript(string(data))
	cfg := demoConfig()
	for _, line := range strings.Split(script, "\n") {
		if key, ok := strings.CutPrefix(strings.TrimSpace(line), "# config "); ok {
			setFlag(t, &cfg, strings.TrimSpace(key))
		}
	}
	cfg.Database.DSN = filepath.Join(t.TempDir(), "linli.db")
	clock := bottest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, cfg.Location))

	var out, logs bytes.Buffer
	var con *console.Adapter
	ctx := context.Background()
	cfg.Console.Enabled = true
	a, err := New(ctx, cfg, Options{Log: slog.New(slog.NewTextHandler(&logs, nil)), Now: clock.Now,
		In: strings.NewReader(script), Out: &out,
		Console: func(c *console.Adapter) { c.Now, con = clock.Now, c }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	if err := seedDemo(ctx, a.store); err != nil {
		t.Fatal(err)
	}
	// segments are the bot's words after each message or job run, in order,
	// so -update can put each answer under what caused it.
	var segments []string
	mark := 0
	cut := func() {
		segments = append(segments, out.String()[mark:])
		mark = out.Len()
	}
	con.OnComment = func(c string) {
		switch {
		case strings.HasPrefix(c, "now "):
			at, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimPrefix(c, "now "), cfg.Location)
			if err != nil {
				t.Fatalf("bad clock line %q: %v", c, err)
			}
			clock.Set(at)
		case c == "jobs":
			a.sched.RunDue(ctx, clock.Now())
			cut()
		case strings.HasPrefix(c, "joined "):
			a.router.Handle(ctx, joinedMessage(t, strings.TrimPrefix(c, "joined "))).Wait()
			cut()
		case c == "restart":
			// The bot was down until the clock's time: what start-up
			// catches up on is what a restart would send.
			a.sched.CatchUp(ctx, clock.Now())
			cut()
		}
	}
	deliver := func(ctx context.Context, m bot.Message) bot.Pending {
		a.router.Handle(ctx, m).Wait()
		cut()
		return bot.Pending{}
	}
	if err := con.Run(ctx, deliver); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if *update {
		if err := os.WriteFile(path, []byte(mergeTranscript(script, segments)), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != want {
		t.Errorf("%s: the bot said something else.\n--- want\n%s--- got\n%s--- log\n%s", path, want, got, logs.String())
	}
}

// joinedMessage is the message a platform delivers when people join a
// group: "[群名] 名字 名字".
func joinedMessage(t *testing.T, line string) bot.Message {
	group, names, ok := strings.Cut(strings.TrimPrefix(line, "["), "] ")
	if !ok || strings.TrimSpace(names) == "" {
		t.Fatalf("bad joined line %q: want # joined [群名] 名字 …", line)
	}
	m := bot.Message{Chat: bot.Chat{Platform: bot.Console, ID: group, Title: group, Group: true}}
	for _, n := range strings.Fields(names) {
		m.Joined = append(m.Joined, bot.User{Platform: bot.Console, ID: n, Name: n})
	}
	m.Sender = m.Joined[0]
	return m
}

// splitTranscript separates what people type from what the bot must say.
func splitTranscript(s string) (script, want string) {
	var in, exp strings.Builder
	bot := false
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		switch {
		case isBotLine(line):
			bot = true
			exp.WriteString(line + "\n")
		case bot && strings.HasPrefix(line, "  "):
			exp.WriteString(line + "\n")
		default:
			bot = false
			in.WriteString(line + "\n")
		}
	}
	return in.String(), exp.String()
}

// mergeTranscript writes a transcript from its script and the bot's words
// after each event (a message, or a `# jobs` line), for -update.
func mergeTranscript(script string, segments []string) string {
	var b strings.Builder
	pendingAt := map[int]bool{}
	lines := strings.Split(strings.TrimRight(script, "\n"), "\n")
	next := 0
	emit := func() {
		if next < len(segments) {
			b.WriteString(segments[next])
			next++
		}
	}
	for i, line := range lines {
		b.WriteString(line + "\n")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "# jobs" || trimmed == "# restart" || strings.HasPrefix(trimmed, "# joined "):
			emit()
		case trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t"):
		default:
			// a message ends where its continuation lines end
			j := i + 1
			for j < len(lines) && (strings.HasPrefix(lines[j], " ") || strings.HasPrefix(lines[j], "\t")) && strings.TrimSpace(lines[j]) != "" {
				j++
			}
			if j == i+1 {
				emit()
			} else {
				pendingAt[j-1] = true
			}
		}
		if pendingAt[i] {
			emit()
		}
	}
	return b.String()
}

func isBotLine(line string) bool {
	_, rest, ok := strings.Cut(line, "]")
	return ok && strings.HasPrefix(line, "[") && strings.HasPrefix(strings.TrimSpace(rest), "<linli>")
}

func setFlag(t *testing.T, cfg *config.Config, key string) {
	if text, ok := strings.CutPrefix(key, "groups.welcome "); ok {
		cfg.Groups.Welcome = text
		return
	}
	switch key {
	case "households.confirm":
		cfg.House.Confirm = true
	default:
		t.Fatalf("unknown # config key %q", key)
	}
}
