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
	link, _, _ := srv.IssueLink(ctx, mgr.ID)
	u, _ := url.Parse(link)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", u.Path, nil))
	cookie := rec.Result().Cookies()[0]
	for _, page := range []struct{ name, path string }{
		{"canteen-day-2000-orders", "/canteen?date=2026-11-24"},
		{"report-month", "/report?month=2026-10"},
		{"home", "/"},
	} {
		b.Run(page.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", page.path, nil)
				req.AddCookie(cookie)
				rec := httptest.NewRecorder()
				srv.Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", page.path, rec.Code)
				}
			}
		})
	}
}
