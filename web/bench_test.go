package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"linli/bot"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
	"linli/web"
)

// BenchmarkPages measures the panel's pages on a year-old community:
// 2,000 accounts and a million past orders (SeedHistory: every account
// at each of 500 lunches and dinners). Each iteration is one request
// through the handler, session check and role lookup included.
func BenchmarkPages(b *testing.B) {
	ctx := context.Background()
	st := sqldbtest.MustOpen(b)
	until := time.Date(2026, 11, 25, 0, 0, 0, 0, cst)
	st.Now = func() time.Time { return until.Add(8 * time.Hour) }
	if err := st.SeedHistory(ctx, sqldb.History{Platform: bot.Console, Residents: 2000, Orders: 1_000_000, Until: until, Loc: cst}); err != nil {
		b.Fatal(err)
	}
	mgr, _ := st.TouchResident(ctx, bot.Console, "李师傅", "李师傅")
	st.Grant(ctx, mgr.ID, bot.RoleCanteenManager, "", "")
	srv, err := web.New(web.Config{Store: st, Location: cst, Now: st.Now, Base: "http://panel"})
	if err != nil {
		b.Fatal(err)
	}
	session := func(id uint) *http.Cookie {
		link, _, _ := srv.IssueLink(ctx, id)
		u, _ := url.Parse(link)
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", u.Path, nil))
		return rec.Result().Cookies()[0]
	}
	cookie := session(mgr.ID)
	admin := session(seedDesk(b, st, until).ID)
	for _, page := range []struct {
		name, path string
		cookie     *http.Cookie
	}{
		{"canteen-day-2000-orders", "/canteen?date=2026-11-24", cookie},
		{"report-month", "/report?month=2026-10", cookie},
		{"home", "/", cookie},
		{"status", "/status", admin},
		{"charts-30-days", "/charts", admin},
		{"votes", "/votes", admin},
		{"receipts", "/receipts", admin},
		{"funds", "/funds", admin},
	} {
		b.Run(page.name, func(b *testing.B) {
			defer cpuPerOp(b)()
			for b.Loop() {
				req := httptest.NewRequest("GET", page.path, nil)
				req.AddCookie(page.cookie)
				rec := httptest.NewRecorder()
				srv.Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", page.path, rec.Code)
				}
			}
		})
	}
}
