package app

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"linli/bot"
)

// fuzzRig is one fuzz worker's community: the real app on one SQLite file,
// reused across inputs, with recorders in place of the platforms.
type fuzzRig struct {
	app   *app
	out   map[string]*limitRecorder
	fails *failLog
	seq   int
}

// limitRecorder is a platform that checks every message against its limit,
// mention included, as the adapter would send it.
type limitRecorder struct {
	mu     sync.Mutex
	name   string
	max    int
	count  func(string) int
	prefix func(name string) string
	over   []string
}

func (r *limitRecorder) Name() string                                     { return r.name }
func (r *limitRecorder) Run(ctx context.Context, _ bot.DeliverFunc) error { <-ctx.Done(); return nil }
func (r *limitRecorder) Send(_ context.Context, chat bot.Chat, rep bot.Reply) error {
	text := rep.Text
	if rep.Mention != nil && chat.Group && r.prefix != nil {
		text = r.prefix(rep.Mention.Name) + text
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.max > 0 && r.count(text) > r.max {
		r.over = append(r.over, fmt.Sprintf("%s: %d units (limit %d): %.80q", chat.Key(), r.count(text), r.max, text))
	}
	return nil
}

func (r *limitRecorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	o := r.over
	r.over = nil
	return o
}

// failLog records the router's internal failures, panics among them.
type failLog struct {
	mu   sync.Mutex
	errs []string
}

func (f *failLog) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelError }
func (f *failLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "handler failed" {
		return nil
	}
	msg := r.Message
	r.Attrs(func(a slog.Attr) bool { msg += " " + a.Key + "=" + a.Value.String(); return true })
	f.mu.Lock()
	f.errs = append(f.errs, msg)
	f.mu.Unlock()
	return nil
}
func (f *failLog) WithAttrs([]slog.Attr) slog.Handler { return f }
func (f *failLog) WithGroup(string) slog.Handler      { return f }
func (f *failLog) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	e := f.errs
	f.errs = nil
	return e
}

var fuzzBase = time.Date(2026, 11, 24, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))

func newFuzzRig(tb testing.TB) *fuzzRig {
	ctx := context.Background()
	cfg := demoConfig()
	cfg.Database.DSN = filepath.Join(tb.TempDir(), "fuzz.db")
	cfg.Admins = append(cfg.Admins, "telegram:1001", "wechat:社区小王")
	rig := &fuzzRig{fails: &failLog{}, out: map[string]*limitRecorder{
		bot.Console: {name: bot.Console},
		bot.Telegram: {name: bot.Telegram, max: bot.TelegramMaxText,
			count: func(s string) int { return len(utf16.Encode([]rune(s))) }, prefix: func(n string) string { return "@" + n + " " }},
		bot.WeChat: {name: bot.WeChat, max: bot.WeChatMaxText,
			count: func(s string) int { return len(s) }, prefix: func(n string) string { return "@" + n + "\u2005" }},
	}}
	clock := func() time.Time { return fuzzBase.Add(time.Duration(rig.seq%600) * time.Minute) }
	a, err := New(ctx, fakesOnly(cfg), Options{Log: slog.New(rig.fails), Now: clock, Platforms: []bot.Platform{rig.out[bot.Console], rig.out[bot.Telegram], rig.out[bot.WeChat]}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.close() })
	// Replies go straight to the recorders: the outbox only delays them,
	// and the cut into parts happens before it, in the switchboard.
	board := a.out.(bot.Switchboard)
	board[bot.Telegram], board[bot.WeChat] = rig.out[bot.Telegram], rig.out[bot.WeChat]
	rig.app = a
	if err := seedDemo(ctx, a.store); err != nil {
		tb.Fatal(err)
	}
	for _, s := range []struct{ who, text string }{
		{"李师傅", "设置菜单 明天 午餐\n红烧肉\n番茄炒蛋\n每份 15\n助老 12\n限量 50"},
		{"王阿姨", "发起活动 花卉讲座 11月28日 14:00 党群服务站三楼 5人\n范围 8号楼"},
	} {
		rig.deliver(bot.Message{Chat: bot.Chat{Platform: bot.Console, ID: s.who}, Sender: bot.User{Platform: bot.Console, ID: s.who, Name: s.who}, Text: s.text})
	}
	return rig
}

func (rig *fuzzRig) deliver(m bot.Message) {
	rig.seq++
	m.ID = fmt.Sprintf("f%d", rig.seq)
	m.At = rig.app.now()
	rig.app.router.Deliver(context.Background(), m)
}

// fuzzPeople are who speaks: staff with roles, residents, and a stranger
// whose display name is fuzzed too.
var fuzzPeople = []string{"社区小王", "李师傅", "王阿姨", "张阿姨", ""}

var fuzzGroups = []string{"1号楼群", "8号楼业主群", "社区大群"}

// message builds the fuzzed message: who (which person), where (bits 0-1:
// a group or private, bit 2: @mention, bits 3-4: the platform, bit 5: the
// group's title is the fuzzed name).
func fuzzMessage(text, name string, who, where uint8) bot.Message {
	person := fuzzPeople[int(who)%len(fuzzPeople)]
	id := person
	if person == "" {
		person, id = name, "stranger"
	}
	platform := []string{bot.Console, bot.Telegram, bot.WeChat}[int(where>>3)%3]
	if platform == bot.WeChat {
		// The WeChat adapter builds ids from names and titles, which WeChat
		// itself keeps short (a nickname or group name of a few dozen
		// characters); other platforms give any name beside a numeric id.
		person, name = firstRunes(person, 64), firstRunes(name, 64)
	}
	switch platform {
	case bot.Telegram:
		id = fmt.Sprint(1001 + int(who)%len(fuzzPeople))
	case bot.WeChat:
		id = "m:" + person
	}
	u := bot.User{Platform: platform, ID: id, Name: person}
	chat := bot.PrivateChat(u)
	if g := int(where & 3); g < len(fuzzGroups) {
		chat = bot.Chat{Platform: platform, ID: fuzzGroups[g], Title: fuzzGroups[g], Group: true}
		if where&32 != 0 {
			chat.Title = name // a group renamed to anything
		}
		if platform == bot.Telegram {
			chat.ID = fmt.Sprint(-1001000 - g)
		}
	}
	return bot.Message{Chat: chat, Sender: u, Text: text, Mentioned: where&4 != 0}
}

// maxStoredText is the longest free text Linli keeps (a notice, 1000).
const maxStoredText = 1000

// FuzzRouter delivers random text through the real reader, router and
// handlers on SQLite, from people with and without roles, in groups and
// privately, on every platform, and checks: no handler failed (a recovered
// panic is logged as one), no message is longer than its platform takes,
// and no stored text is longer than the longest Linli allows.
func FuzzRouter(f *testing.F) {
	for _, s := range fuzzSeeds() {
		for who := range uint8(len(fuzzPeople)) {
			f.Add(s, "邻居"+s[:min(len(s), 8)], who, uint8(who*5)%32)
		}
	}
	// A huge name, with a right-to-left override.
	longName := strings.Repeat("张阿姨👵\u202e", 3000)
	f.Add("帮助", longName, uint8(4), uint8(0|8))       // a stranger with a huge name, on Telegram
	f.Add("建议 电梯坏了", longName, uint8(4), uint8(1|16)) // on WeChat
	f.Add("报名 1", longName, uint8(2), uint8(1|32))    // in a group with a huge title
	rig := newFuzzRig(f)
	f.Fuzz(func(t *testing.T, text, name string, who, where uint8) {
		rig.deliver(fuzzMessage(text, name, who, where))
		for _, e := range rig.fails.take() {
			t.Errorf("internal failure for %.200q: %.2000s", text, e)
		}
		for _, r := range rig.out {
			for _, o := range r.take() {
				t.Errorf("message over the platform's limit for %.200q: %s", text, o)
			}
		}
		long, err := longestText(rig.app.cfg.Database.DSN, "outbox_messages", "handled_messages", "schema_versions")
		if err != nil {
			t.Fatal(err)
		}
		if long.Chars > maxStoredText {
			t.Errorf("%.200q stored %d characters in %s.%s; at most %d are kept", text, long.Chars, long.Table, long.Column, maxStoredText)
		}
	})
}

// fuzzSeeds are one of each nasty class, in commands and in chatter.
func fuzzSeeds() []string {
	huge := strings.Repeat("楼道灯坏了😀", 100*1024/20)
	return []string{
		"帮助", "明天菜单", "订餐 明天 午餐 2份", "取消订餐 D1", "报名 1 2人", "建议 楼道灯坏了",
		"\x00\x01\x02订餐\x7f 明天\r\n午餐\t\v\f",           // control characters
		"\u202e订餐 明天 午餐\u202c \u200f报名 1\u200e",       // RTL and direction marks
		"👨‍👩‍👧‍👦报名 1 👍🏽 🇨🇳 建议 电梯坏了🙏",                  // emoji, ZWJ sequences, flags
		"建议 '; DROP TABLE residents; -- \" OR 1=1 /*", // SQL-looking
		"订餐 明天 午餐 1份' UNION SELECT * FROM roles --",
		"建议 " + huge, // 100 KB
		"发起活动 " + strings.Repeat("很长的活动名", 2000) + " 11月28日 14:00 活动室 10人",
		"发起活动 太极 11月28日 8:00 " + strings.Repeat("地点", 5000) + "\n说明 " + strings.Repeat("说明", 5000),
		"设置菜单 明天 晚餐\n" + strings.Repeat("红烧肉\n", 500) + "每份 15",
		"通知 " + strings.Repeat("明天停水。", 3000),
		huge,
		strings.Repeat("\n", 10000) + "帮助",
		"报名 99999999999999999999 9999999人",
		"\uFEFF\u00A0\u3000帮助\u2028\u2029",
	}
}

func firstRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// longest is the longest text stored in one column, in characters.
type longest struct {
	Table, Column string
	Chars         int
}

// longestText finds the longest text value in every text column of every
// table of the SQLite file at path but those skipped, so the fuzz test can
// check that no input grows the database without bound. It reads whole
// tables, through its own connection: a test's tool, not the store's.
func longestText(path string, skip ...string) (longest, error) {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		return longest{}, err
	}
	defer db.Close()
	tables, err := column[string](db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
	if err != nil {
		return longest{}, err
	}
	var top longest
	for _, t := range tables {
		if slices.Contains(skip, t) {
			continue
		}
		cols, err := column[string](db, fmt.Sprintf("SELECT name FROM pragma_table_info('%s') WHERE type = 'TEXT' COLLATE NOCASE", t))
		if err != nil {
			return top, err
		}
		for _, c := range cols {
			var n sql.NullInt64
			if err := db.QueryRow(fmt.Sprintf(`SELECT MAX(LENGTH("%s")) FROM "%s"`, c, t)).Scan(&n); err != nil {
				return top, err
			}
			if int(n.Int64) > top.Chars {
				top = longest{Table: t, Column: c, Chars: int(n.Int64)}
			}
		}
	}
	return top, nil
}

// column is the first column of every row a query returns.
func column[T any](db *sql.DB, q string) ([]T, error) {
	rows, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
