package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
	"linli/handlers"
	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
	"linli/web"
)

var cst = time.FixedZone("CST", 8*3600)

// office is a panel over a real SQLite store with a small community: an
// admin, a canteen manager, a building head, a resident, and today's lunch
// with three orders.
type office struct {
	t      *testing.T
	st     *sqldb.Store
	clock  *bottest.Clock
	srv    *web.Server
	ts     *httptest.Server
	people map[string]store.Resident
	orders map[string]uint // by name
	today  string
	// commands are what the panel's forms asked the chat side to run.
	mu       sync.Mutex
	commands []string
	// told and seq are the real chat side's (newChatOffice): what it sent
	// to chats other than the asker's, and its message numbers.
	told *bottest.Recorder
	seq  int
	jobs *handlers.Handlers
}

func newOffice(t *testing.T, opts ...func(*web.Config)) *office {
	t.Helper()
	ctx := context.Background()
	o := &office{t: t, st: sqldbtest.MustOpen(t), clock: bottest.NewClock(time.Date(2026, 11, 25, 8, 0, 0, 0, cst)),
		people: map[string]store.Resident{}, orders: map[string]uint{}, today: "2026-11-25"}
	o.st.Now = o.clock.Now
	for _, p := range []struct{ name, role, building, room string }{
		{"社区小王", bot.RoleAdmin, "", ""}, {"李师傅", bot.RoleCanteenManager, "", ""},
		{"王阿姨", bot.RoleBuildingHead, "8号楼", "502"}, {"张阿姨", "", "1号楼", "101"},
		{"李大爷", "", "10号楼", "301"}, {"赵伯伯", "", "8号楼", "1201"},
	} {
		o.person(t, p.name, p.role, p.building, p.room)
	}
	elder := true
	o.st.SetFlags(ctx, o.people["赵伯伯"].ID, &elder, nil)
	worker := int64(990)
	if _, err := o.st.SetMenu(ctx, store.MenuInput{Date: o.today, Meal: bot.Lunch, Price: 1500, ElderPrice: 1200, WorkerPrice: &worker,
		Capacity: 80, Cutoff: time.Date(2026, 11, 25, 9, 30, 0, 0, cst),
		Dishes: []store.Dish{{Name: "红烧肉", Price: 1200}, {Name: "青菜"}}}); err != nil {
		t.Fatal(err)
	}
	for _, b := range []struct {
		name string
		qty  int
	}{{"张阿姨", 2}, {"李大爷", 1}, {"赵伯伯", 1}} {
		r := o.people[b.name]
		bk, err := o.st.BookMeal(ctx, store.BookInput{Date: o.today, Meal: bot.Lunch, ResidentID: r.ID, Quantity: b.qty,
			Elder: b.name == "赵伯伯", At: o.clock.Now()})
		if err != nil {
			t.Fatal(err)
		}
		o.orders[b.name] = bk.Order.ID
	}
	o.ts = httptest.NewUnstartedServer(nil)
	var err error
	cfg := web.Config{Store: o.st, Community: "阳光社区", Location: cst, Now: o.clock.Now,
		Base: "http://" + o.ts.Listener.Addr().String(),
		// The app writes real xlsx files (app/export_files_test.go); here
		// the download says what it was asked for.
		Spreadsheet: func(_ context.Context, w io.Writer, kind string, from, to time.Time) error {
			_, err := fmt.Fprintf(w, "%s %s %s", kind, from.Format("2006-01-02"), to.Format("2006-01-02"))
			return err
		},
		Command: func(_ context.Context, id uint, from, text string) (string, error) {
			o.mu.Lock()
			defer o.mu.Unlock()
			o.commands = append(o.commands, fmt.Sprintf("%d@%s: %s", id, from, text))
			return "好的，收到：" + strings.SplitN(text, "\n", 2)[0], nil
		}}
	for _, opt := range opts {
		opt(&cfg)
	}
	o.srv, err = web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	o.ts.Config.Handler = o.srv.Handler()
	o.ts.Start()
	t.Cleanup(o.ts.Close)
	return o
}

// browser is one person's browser: a cookie jar that does not follow
// redirects on its own, so the tests see each step.
func (o *office) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// link is the login link the bot would send name.
func (o *office) link(name string) string {
	o.t.Helper()
	l, _, err := o.srv.IssueLink(context.Background(), o.people[name].ID)
	if err != nil {
		o.t.Fatal(err)
	}
	return l
}

// login opens a fresh link for name in a new browser.
func (o *office) login(name string) *http.Client {
	o.t.Helper()
	c := o.browser()
	res := o.get(c, o.link(name))
	if res.code != http.StatusSeeOther || res.location != "/" {
		o.t.Fatalf("%s's link: %d → %q\n%s", name, res.code, res.location, res.body)
	}
	return c
}

type response struct {
	code     int
	location string
	body     string
	header   http.Header
}

func (o *office) get(c *http.Client, u string) response {
	o.t.Helper()
	if strings.HasPrefix(u, "/") {
		u = o.ts.URL + u
	}
	res, err := c.Get(u)
	if err != nil {
		o.t.Fatal(err)
	}
	return read(o.t, res)
}

func (o *office) post(c *http.Client, path string, form url.Values) response {
	o.t.Helper()
	res, err := c.PostForm(o.ts.URL+path, form)
	if err != nil {
		o.t.Fatal(err)
	}
	return read(o.t, res)
}

func read(t *testing.T, res *http.Response) response {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{code: res.StatusCode, location: res.Header.Get("Location"), body: string(b), header: res.Header}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

// csrf is the form token of a page's forms.
func csrf(t *testing.T, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the page:\n%s", page)
	}
	return m[1]
}

// person makes a resident of the console named name, with a role and a
// registered room if given, known to the tests by name.
func (o *office) person(t testing.TB, name, role, building, room string) {
	t.Helper()
	ctx := context.Background()
	r, err := o.st.TouchResident(ctx, bot.Console, name, name)
	if err != nil {
		t.Fatal(err)
	}
	if role != "" {
		if _, err := o.st.Grant(ctx, r.ID, role, building, ""); err != nil {
			t.Fatal(err)
		}
	}
	if room != "" {
		if _, err := o.st.Register(ctx, r.ID, building, room, true); err != nil {
			t.Fatal(err)
		}
	}
	o.people[name] = r
}

// refused checks that each of who is refused the page at path.
func (o *office) refused(t *testing.T, path string, who ...string) {
	t.Helper()
	for _, w := range who {
		if res := o.get(o.login(w), path); res.code != http.StatusForbidden {
			t.Errorf("%s at %s: %d", w, path, res.code)
		}
	}
}
