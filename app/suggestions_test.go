package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"linli/bot"
	"linli/config"
	"linli/store"
)

// fakeTelegram is a platform that records what the bot sends.
type fakeTelegram struct {
	mu      sync.Mutex
	sent    []sentMsg
	blocked string // a user who cannot be written to privately
}

type sentMsg struct {
	chat bot.Chat
	r    bot.Reply
}

func (f *fakeTelegram) Name() string                                     { return bot.Telegram }
func (f *fakeTelegram) Run(ctx context.Context, _ bot.DeliverFunc) error { <-ctx.Done(); return nil }
func (f *fakeTelegram) Send(_ context.Context, c bot.Chat, r bot.Reply) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !c.Group && c.ID == f.blocked {
		return &bot.SendError{Permanent: true, Err: errors.New("Forbidden: bot can't initiate conversation with a user")}
	}
	f.sent = append(f.sent, sentMsg{c, r})
	return nil
}

// all is a copy of what was sent so far.
func (f *fakeTelegram) all() []sentMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sentMsg(nil), f.sent...)
}

// suggestionWorld is a community on Telegram: an admin, the author 赵大爷 of
// 8号楼 301, and the 8号楼 group.
type suggestionWorld struct {
	t      *testing.T
	a      *app
	tg     *fakeTelegram
	logs   *bytes.Buffer
	dbPath string
	cfg    config.Config
	stop   func()
	now    time.Time
	seq    int
	group  bot.Chat
	admin  bot.User
	author bot.User
}

func newSuggestionWorld(t *testing.T, secret string) *suggestionWorld {
	t.Helper()
	cfg := config.Default()
	cfg.Telegram.Enabled, cfg.Telegram.Token = true, "x"
	cfg.Admins = []string{"telegram:1001"}
	cfg.Suggest.Secret = secret
	if err := cfg.Validate(nil); err != nil {
		t.Fatal(err)
	}
	w := &suggestionWorld{t: t, tg: &fakeTelegram{}, logs: &bytes.Buffer{},
		dbPath: filepath.Join(t.TempDir(), "linli.db"),
		now:    time.Date(2026, 11, 24, 8, 47, 0, 0, cfg.Location),
		group:  bot.Chat{Platform: bot.Telegram, ID: "-100555", Title: "8号楼业主群", Group: true},
		admin:  bot.User{Platform: bot.Telegram, ID: "1001", Name: "社区小王"},
		author: bot.User{Platform: bot.Telegram, ID: "424242", Name: "赵大爷"},
	}
	cfg.Database.DSN = w.dbPath
	w.cfg = cfg
	ctx := context.Background()
	a := w.start()
	c, err := a.store.TouchChat(ctx, bot.Telegram, w.group.ID, w.group.Title, true)
	if err != nil || a.store.Bind(ctx, c.ID, "8号楼") != nil {
		t.Fatal(err)
	}
	r, _ := a.store.TouchResident(ctx, bot.Telegram, w.author.ID, w.author.Name)
	if _, err := a.store.Register(ctx, r.ID, "8号楼", "301", true); err != nil {
		t.Fatal(err)
	}
	return w
}

// start opens the app on the world's database and runs its outbox until
// the test ends or stop is called.
func (w *suggestionWorld) start() *app {
	w.t.Helper()
	a, err := New(context.Background(), fakesOnly(w.cfg), Options{
		Log: slog.New(slog.NewTextHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now: func() time.Time { return w.now }, Platforms: []bot.Platform{w.tg}})
	if err != nil {
		w.t.Fatal(err)
	}
	// The outbox sends what the handlers answer; say waits for it.
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.outbox.Run(runCtx); close(done) }()
	var once sync.Once
	w.stop = func() { once.Do(func() { stop(); <-done; a.close() }) }
	w.t.Cleanup(w.stop)
	w.a = a
	return a
}

// say delivers a message and returns what the bot sent because of it.
func (w *suggestionWorld) say(from bot.User, chat bot.Chat, text string, attachments ...string) []sentMsg {
	w.seq++
	before := len(w.tg.all())
	w.a.router.Deliver(context.Background(), bot.Message{ID: fmt.Sprint("m", w.seq), Chat: chat, Sender: from,
		Text: text, At: w.now, Attachments: attachments})
	if err := w.a.outbox.Flush(context.Background()); err != nil {
		w.t.Fatal(err)
	}
	return w.tg.all()[before:]
}

func (w *suggestionWorld) private(u bot.User) bot.Chat { return bot.PrivateChat(u) }

// TestAnonymousSuggestionLeavesNoTrace files anonymous tickets privately and
// in a group, has them answered, listed, digested and exported, then reads
// every table of the database file, the export, the logs and every message
// not sent to the author: none says who wrote them.
func TestAnonymousSuggestionLeavesNoTrace(t *testing.T) {
	w := newSuggestionWorld(t, "a-long-enough-test-secret-0123456789")
	w.say(w.author, w.group, "帮助") // he is known to the community before
	sentBefore, logsBefore := len(w.tg.all()), w.logs.Len()
	// What the database held before (his named help request, answered with
	// a mention) may name him; only what the anonymous tickets add is read.
	before := map[string]bool{}
	dumpTables(t, w.dbPath, func(table, row string) { before[table+"\x00"+row] = true })
	all := w.say(w.author, w.private(w.author), "匿名建议 有人在楼道里给电动车充电", "AgACphoto-file-id")
	// A danger report (充电 in a corridor: 安全) also goes at once to the
	// admins: discreet, so forgotten once delivered, and naming nobody.
	var got []sentMsg
	for _, m := range all {
		if m.chat.ID == w.author.ID {
			got = append(got, m)
			continue
		}
		if !m.r.Discreet || strings.Contains(m.r.Text, w.author.Name) || !strings.Contains(m.r.Text, "反映人：匿名") {
			t.Errorf("an anonymous danger report was passed on as %+v", m)
		}
	}
	if len(got) != 1 || !strings.Contains(got[0].r.Text, "编号 S10001") || !strings.Contains(got[0].r.Text, "照片1张") {
		t.Fatalf("anonymous filing answered %+v", got)
	}
	got = w.say(w.author, w.group, "匿名建议 半夜装修太吵")
	if len(got) != 1 || got[0].r.Mention != nil || got[0].r.ReplyTo != "" {
		t.Fatalf("anonymous filing in a group should name nobody: %+v", got)
	}
	for _, cmd := range []string{"建议列表", "受理 S10001", "回复 S10001 已请物业处理", "处理中 S10002 已找到施工方", "办结 S10001 已装充电桩", "建议列表 S10001", "建议列表 全部", "分类 S10002 安全"} {
		w.say(w.admin, w.private(w.admin), cmd)
	}
	mine := w.say(w.author, w.private(w.author), "我的建议")
	if len(mine) != 1 || !strings.Contains(mine[0].r.Text, "S10001（匿名）") || !strings.Contains(mine[0].r.Text, "S10002（匿名）") ||
		!strings.Contains(mine[0].r.Text, "已装充电桩") {
		t.Fatalf("the author should see both tickets and their answers: %+v", mine)
	}
	if err := w.a.handlers.SuggestionDigest(context.Background(), w.now.Add(5*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := w.a.outbox.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}

	secrets := []string{w.author.ID, w.author.Name, plainHash(w.author)}
	// Every message not sent to the author's own private chat.
	for _, m := range w.tg.all()[sentBefore:] {
		if m.chat.ID == w.author.ID {
			continue
		}
		if m.r.Mention != nil && m.r.Mention.ID == w.author.ID {
			t.Errorf("a message to %s mentions the author: %+v", m.chat.Key(), m.r)
		}
		assertNoTrace(t, "message to "+m.chat.Key(), m.r.Text, secrets)
	}
	assertNoTrace(t, "the logs", w.logs.String()[logsBefore:], secrets)
	assertNoTrace(t, "the export", exportCSV(t, w), secrets)
	authorID := residentID(t, w)
	dumpTables(t, w.dbPath, func(table, row string) {
		if table != "residents" && !before[table+"\x00"+row] {
			assertNoTrace(t, "table "+table, row, secrets)
		}
	})
	db := openRaw(t, w.dbPath)
	var n int
	db.QueryRow(`SELECT COUNT(*) FROM suggestions WHERE resident_id = ? OR resident_id IS NOT NULL`, authorID).Scan(&n)
	if n != 0 {
		t.Errorf("%d anonymous tickets keep a resident id", n)
	}
	db.QueryRow(`SELECT COUNT(*) FROM suggestion_notes WHERE by_resident_id = ?`, authorID).Scan(&n)
	if n != 0 {
		t.Errorf("%d notes point at the author", n)
	}
	var created string
	db.QueryRow(`SELECT created_at FROM suggestions WHERE id = 10001`).Scan(&created)
	if want := w.now.Truncate(time.Hour).Add(-8 * time.Hour).UTC().Format(time.RFC3339); created != want {
		// 08:47 in Shanghai on the 24th: the day began at 16:00 UTC the day before.
		t.Errorf("anonymous created_at = %q; want it kept to the day, %s", created, want)
	}
	var photo string
	db.QueryRow(`SELECT attachments FROM suggestions WHERE id = 10001`).Scan(&photo)
	if photo != "AgACphoto-file-id" {
		t.Errorf("the photo sent with the ticket was not kept: %q", photo)
	}
}

// TestAnonymousSuggestionsOffWithoutSecret: with no secret configured an
// anonymous suggestion is refused kindly, nothing is stored, and named ones
// still work.
func TestAnonymousSuggestionsOffWithoutSecret(t *testing.T) {
	w := newSuggestionWorld(t, "")
	if !strings.Contains(w.logs.String(), "suggestions.secret is empty") {
		t.Errorf("no warning at start:\n%s", w.logs.String())
	}
	got := w.say(w.author, w.private(w.author), "匿名建议 有人高空抛物")
	if len(got) != 1 || !strings.Contains(got[0].r.Text, "匿名建议还没有开通") {
		t.Fatalf("anonymous without a secret answered %+v", got)
	}
	got = w.say(w.author, w.group, "建议 楼道灯坏了")
	if len(got) != 1 || !strings.Contains(got[0].r.Text, "编号 S1（设施，8号楼）") {
		t.Fatalf("named suggestion answered %+v", got)
	}
	all, err := w.a.store.Suggestions(context.Background(), store.SuggestionFilter{})
	if err != nil || len(all) != 1 || all[0].Anonymous {
		t.Errorf("stored %+v, %v; want the named one only", all, err)
	}
}

// TestNamedAuthorHearsBackInTheGroupWhenPrivateFails: where the platform will
// not let the bot write privately, the author is told in the group the
// ticket came from, by name.
func TestNamedAuthorHearsBackInTheGroupWhenPrivateFails(t *testing.T) {
	w := newSuggestionWorld(t, "a-long-enough-test-secret-0123456789")
	w.say(w.author, w.group, "建议 楼道灯坏了")
	w.tg.blocked = w.author.ID // as Telegram does to a person who never started the bot
	got := w.say(w.admin, w.private(w.admin), "受理 S1")
	var inGroup, confirmed bool
	for _, m := range got {
		inGroup = inGroup || m.chat.ID == w.group.ID && m.r.Mention != nil && m.r.Mention.Name == "赵大爷" &&
			strings.Contains(m.r.Text, "已受理")
		confirmed = confirmed || m.chat.ID == w.admin.ID && strings.Contains(m.r.Text, "已通知赵大爷")
	}
	if len(got) != 2 || !inGroup || !confirmed {
		t.Fatalf("want the news in the group naming him, and the confirmation: %+v", got)
	}
}

func plainHash(u bot.User) string {
	sum := sha256.Sum256([]byte(u.Key()))
	return hex.EncodeToString(sum[:])
}

func assertNoTrace(t *testing.T, where, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s holds %q:\n%s", where, s, text)
		}
	}
}

func exportCSV(t *testing.T, w *suggestionWorld) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "s.csv")
	if err := Export(context.Background(), ExportOptions{Kind: "suggestions", DB: w.dbPath, Out: out}, nil); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("export: %d rows, %v:\n%s", len(rows), err, data)
	}
	if got := strings.Join(rows[0], ","); got != "编号,提交时间,类别,楼栋,状态,匿名,姓名,内容,回复,办结时间" {
		t.Errorf("header = %s", got)
	}
	if rows[1][5] != "是" || rows[1][6] != "" || rows[1][8] != "已请物业处理 | 已办结：已装充电桩" {
		t.Errorf("anonymous row = %q", rows[1])
	}
	return string(data)
}

func residentID(t *testing.T, w *suggestionWorld) uint {
	r, err := w.a.store.Resident(context.Background(), bot.Telegram, w.author.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// dumpTables calls fn with every row of every table, all columns as text.
func dumpTables(t *testing.T, path string, fn func(table, row string)) {
	t.Helper()
	tables := auditDump(t, path)
	if len(tables) < 8 {
		t.Fatalf("only %d tables: %v", len(tables), tables)
	}
	for table, rows := range tables {
		for _, row := range rows {
			var b strings.Builder
			for _, col := range slices.Sorted(maps.Keys(row)) {
				fmt.Fprintf(&b, "%s=%s ", col, row[col])
			}
			fn(table, b.String())
		}
	}
}

// TestSuggestionRateLimitUnderConcurrentMessages: a person tapping send many
// times at once still files only suggestions.per_hour tickets, and is told
// so politely for the rest.
func TestSuggestionRateLimitUnderConcurrentMessages(t *testing.T) {
	w := newSuggestionWorld(t, "a-long-enough-test-secret-0123456789")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			text := fmt.Sprintf("建议 第%d件事", i)
			if i%3 == 0 {
				text = "匿名" + text
			}
			w.a.router.Deliver(context.Background(), bot.Message{ID: fmt.Sprint("c", i), Chat: w.private(w.author),
				Sender: w.author, Text: text, At: w.now})
		}()
	}
	wg.Wait()
	if err := w.a.outbox.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	all, err := w.a.store.Suggestions(context.Background(), store.SuggestionFilter{})
	if err != nil || len(all) != 5 {
		t.Fatalf("filed %d tickets (%v); want 5", len(all), err)
	}
	polite, slow := 0, 0
	for _, m := range w.tg.all() {
		if strings.Contains(m.r.Text, "每人每小时最多提5条") {
			polite++
		}
		if m.r.Text == bot.FloodWarning {
			slow++
		}
	}
	// Told, but not fifteen times the same words in one second: the very
	// reply just given is not repeated (it may be once more after each of
	// the five acknowledgements in between), and refusals draw on the
	// person's budget until one 「请稍等再发」.
	if polite == 0 || polite > 6 || slow > 1 {
		t.Errorf("told about the limit %d times and to slow down %d times; want 1 to 6, and at most once", polite, slow)
	}
}
