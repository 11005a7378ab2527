package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"linli/bot"
	"linli/store"
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
	cookieOf := func(id uint) *http.Cookie {
		link, _, _ := srv.IssueLink(ctx, id)
		u, _ := url.Parse(link)
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", u.Path, nil))
		return rec.Result().Cookies()[0]
	}
	cookie := cookieOf(mgr.ID)
	office := cookieOf(seedOffice(b, st, until))
	admin := cookieOf(seedDesk(b, st, until).ID)
	for _, page := range []struct {
		name, path string
		cookie     *http.Cookie
	}{
		{"canteen-day-2000-orders", "/canteen?date=2026-11-24", cookie},
		{"report-month", "/report?month=2026-10", cookie},
		{"home", "/", cookie},
		{"events-20", "/events", office},
		{"event-roster-400", "/events/1", office},
		{"event-signsheet-400", "/events/1/sheet", office},
		{"community", "/community", office},
		{"community-search", "/community?q=" + url.QueryEscape("居民1"), office},
		{"notices-50", "/notices", office},
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

// seedOffice gives the year-old community what the 活动, 社区 and 通知
// pages show: 20 activities ahead and 40 past, the first with 300 people
// signed up and 100 waiting, 60 waiting registrations, 50 role holders
// and 50 scheduled notices. It returns the admin who looks.
func seedOffice(b *testing.B, st *sqldb.Store, now time.Time) uint {
	ctx := context.Background()
	admin, _ := st.TouchResident(ctx, bot.Console, "社区小王", "社区小王")
	st.Grant(ctx, admin.ID, bot.RoleAdmin, "", "")
	for i := range 60 {
		at := now.AddDate(0, 0, i-39)
		_, err := st.CreateEvent(ctx, store.Event{Title: fmt.Sprintf("活动%d", i), Place: "党群服务站", StartsAt: at,
			Capacity: 300, Status: store.EventOpen, CreatorID: admin.ID}, []string{fmt.Sprintf("%d号楼", i%10+1)})
		if err != nil {
			b.Fatal(err)
		}
	}
	for i := range 400 {
		r, _ := st.Resident(ctx, bot.Console, sqldb.ResidentUserID(i+1))
		if _, err := st.SignUp(ctx, store.SignupRequest{EventID: 1, ResidentID: r.ID, Party: 1, Now: now.AddDate(0, 0, -60)}); err != nil {
			b.Fatal(err)
		}
		switch {
		case i < 60:
			st.Register(ctx, r.ID, fmt.Sprintf("%d号楼", i%10+1), fmt.Sprint(900+i), false)
		case i < 110:
			st.Grant(ctx, r.ID, bot.RoleLiaison, fmt.Sprintf("%d号楼", i%10+1), "")
			st.ScheduleNotice(ctx, r.ID, []string{fmt.Sprintf("%d号楼", i%10+1)}, "明天停水", now.AddDate(0, 0, 2))
		}
	}
	return admin.ID
}
