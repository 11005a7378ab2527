package app

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sync"
	"syscall"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/telegram/telegramtest"
	"linli/store"
	"linli/store/sqldb"
)

// The fault tests run Linli as `linli run` does, in a process of its own
// that can be killed with SIGKILL, against the fake Bot API and a real
// SQLite file, and then look at what the residents were told and what the
// database kept.

// faultBinary is the linli binary the fault tests run, built once per test
// binary into a directory TestMain removes.
var faultBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if faultBinary.dir != "" {
		os.RemoveAll(faultBinary.dir)
	}
	os.Exit(code)
}

// linliBinary builds the linli command (with -race when the tests run
// with it, so the process is checked too and the build cache is shared).
func linliBinary(t testing.TB) string {
	t.Helper()
	faultBinary.once.Do(func() {
		faultBinary.dir, faultBinary.err = os.MkdirTemp("", "linli-fault-")
		if faultBinary.err != nil {
			return
		}
		faultBinary.path = filepath.Join(faultBinary.dir, "linli")
		args := []string{"build", "-o", faultBinary.path}
		if raceBuild() {
			args = append(args, "-race")
		}
		out, err := exec.Command("go", append(args, "linli/cmd/linli")...).CombinedOutput()
		if err != nil {
			faultBinary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if faultBinary.err != nil {
		t.Fatal(faultBinary.err)
	}
	return faultBinary.path
}

func raceBuild() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" && s.Value == "true" {
			return true
		}
	}
	return false
}

// Telegram accounts of the fault tests' community.
const (
	faultAdmin   = 777
	faultManager = 778
)

// faultConfig writes a configuration for `linli run`: Telegram through the
// fake with no pacing limits (so bursts finish quickly), the database file,
// an admin and a canteen manager.
func faultConfig(t testing.TB, fake *telegramtest.Server, dir, dsn string) string {
	t.Helper()
	conf := filepath.Join(dir, "config.yaml")
	yaml := fmt.Sprintf(`community: 阳光社区
database:
  dsn: %q
telegram:
  enabled: true
  token: %q
  api_server: %s
  per_chat_interval: 1ms
  group_per_minute: 0
  per_second: 0
admins:
  - telegram:%d
canteen:
  managers:
    - telegram:%d
  contact: 食堂李师傅，电话 5588 1234
log:
  level: info
`, dsn, telegramtest.Token, fake.URL, faultAdmin, faultManager)
	if err := os.WriteFile(conf, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return conf
}

// linliProcess is one `linli run` process.
type linliProcess struct {
	cmd  *exec.Cmd
	log  string
	done chan error
}

// startLinli runs `linli run --config conf`, its log in logFile.
func startLinli(t testing.TB, conf, logFile string) *linliProcess {
	t.Helper()
	f, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(linliBinary(t), "run", "--config", conf)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		t.Fatal(err)
	}
	p := &linliProcess{cmd: cmd, log: logFile, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait(); f.Close() }()
	t.Cleanup(func() { p.kill() })
	return p
}

// kill stops the process at once, as a crash or the OOM killer would.
func (p *linliProcess) kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Signal(syscall.SIGKILL)
	}
	p.wait(10 * time.Second)
}

// stop asks the process to stop (SIGTERM) and waits for it.
func (p *linliProcess) stop(t testing.TB) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err, ok := p.wait(15 * time.Second); !ok {
		t.Errorf("linli did not stop within 15s of SIGTERM; log:\n%s", p.logText())
	} else if err != nil {
		t.Errorf("linli stopped with %v; log:\n%s", err, p.logText())
	}
}

func (p *linliProcess) wait(d time.Duration) (error, bool) {
	select {
	case err := <-p.done:
		p.done <- err // later waits see it too
		return err, true
	case <-time.After(d):
		return nil, false
	}
}

func (p *linliProcess) logText() string {
	b, _ := os.ReadFile(p.log)
	return string(b)
}

// waitFor polls cond every few milliseconds until it holds, failing the
// test with what after the deadline.
func waitFor(t testing.TB, within time.Duration, what func() string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not reached within %v: %s", within, what())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// seedLunch publishes tomorrow's lunch with a capacity, as the canteen
// manager's 设置菜单 would, and returns its date.
func seedLunch(t testing.TB, dsn string, capacity int) string {
	t.Helper()
	ctx := context.Background()
	st, err := sqldb.Open(ctx, "sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	tomorrow := time.Now().In(loc).AddDate(0, 0, 1)
	date := tomorrow.Format("2006-01-02")
	cutoff := time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 9, 30, 0, 0, loc)
	_, err = st.SetMenu(ctx, store.MenuInput{Date: date, Meal: "lunch", Cutoff: cutoff, Capacity: capacity,
		Price: 1500, ElderPrice: 1200, Dishes: []store.Dish{{Name: "红烧肉"}, {Name: "炒青菜"}}})
	if err != nil {
		t.Fatal(err)
	}
	return date
}

// lunchOrder is one row of meal_orders for the seeded lunch.
type lunchOrder struct {
	ID       int64
	UserID   string // the Telegram user id
	Quantity int
	Status   string
}

// lunchState reads the seeded lunch's orders and booked count straight
// from the file, apart from the store's own code.
func lunchState(t testing.TB, dsn, date string) (orders []lunchOrder, booked, capacity int) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dsn+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow(`SELECT booked, capacity FROM menus WHERE date = ? AND meal = 'lunch'`, date).
		Scan(&booked, &capacity); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT o.id, r.user_id, o.quantity, o.status FROM meal_orders o
		JOIN residents r ON r.id = o.resident_id JOIN menus m ON m.id = o.menu_id
		WHERE m.date = ? AND m.meal = 'lunch' AND r.platform = ? ORDER BY o.id`, date, bot.Telegram)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var o lunchOrder
		if err := rows.Scan(&o.ID, &o.UserID, &o.Quantity, &o.Status); err != nil {
			t.Fatal(err)
		}
		orders = append(orders, o)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return orders, booked, capacity
}

// unsentOutbox counts the messages the outbox still has to send.
func unsentOutbox(t testing.TB, dsn string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dsn+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM outbox_messages WHERE status IN (?, ?)`,
		store.OutboxPending, store.OutboxSending).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var confirmedRe = regexp.MustCompile(`已为您预订 .*\n订单号 D(\d+)`)

// confirmations finds the order numbers the bot confirmed to each chat.
func confirmations(sent []telegramtest.Sent) map[int64][]int64 {
	got := map[int64][]int64{}
	for _, m := range sent {
		if g := confirmedRe.FindStringSubmatch(m.Text); g != nil {
			var id int64
			fmt.Sscan(g[1], &id)
			got[m.ChatID] = append(got[m.ChatID], id)
		}
	}
	return got
}

// answered counts what the bot said to each chat.
func answered(sent []telegramtest.Sent) map[int64][]string {
	got := map[int64][]string{}
	for _, m := range sent {
		got[m.ChatID] = append(got[m.ChatID], m.Text)
	}
	return got
}
