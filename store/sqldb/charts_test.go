package sqldb_test

import (
	"context"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestChartsSumInTheDatabase: the 图表 page's aggregates on SQLite and
// PostgreSQL — portions per day and tier, participation per building
// against its registered households, and how long closed tickets took.
func TestChartsSumInTheDatabase(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		person := func(name, building, room string) store.Resident {
			r, err := s.TouchResident(ctx, "console", name, name)
			if err != nil {
				t.Fatal(err)
			}
			if building != "" {
				if _, err := s.Register(ctx, r.ID, building, room, true); err != nil {
					t.Fatal(err)
				}
			}
			return r
		}
		zhang, li, zhao := person("张", "8号楼", "301"), person("李", "8号楼", "302"), person("赵", "1号楼", "101")
		person("钱", "1号楼", "102")
		for _, day := range []string{"2026-11-24", "2026-11-25"} {
			if _, err := s.SetMenu(ctx, store.MenuInput{Date: day, Meal: "lunch", Price: 1500, ElderPrice: 1200,
				Cutoff: now.Add(48 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		book := func(day string, r store.Resident, qty int, elder bool) {
			if _, err := s.BookMeal(ctx, store.BookInput{Date: day, Meal: "lunch", ResidentID: r.ID, Quantity: qty, Elder: elder, At: now}); err != nil {
				t.Fatal(err)
			}
		}
		book("2026-11-24", zhang, 2, false)
		book("2026-11-24", zhao, 1, true)
		book("2026-11-25", li, 3, false)
		days, err := s.MealsByDay(ctx, "2026-11-01", "2026-11-30")
		if err != nil {
			t.Fatal(err)
		}
		want := []store.DayTier{{Date: "2026-11-24", Tier: store.TierElder, Portions: 1},
			{Date: "2026-11-24", Tier: store.TierStandard, Portions: 2}, {Date: "2026-11-25", Tier: store.TierStandard, Portions: 3}}
		if len(days) != len(want) {
			t.Fatalf("MealsByDay = %+v", days)
		}
		for i := range want {
			if days[i] != want[i] {
				t.Errorf("MealsByDay[%d] = %+v, want %+v", i, days[i], want[i])
			}
		}
		if _, err := s.FileSuggestion(ctx, store.Suggestion{Text: "电梯", Category: "设施", Building: "8号楼"}, store.Author{ResidentID: zhang.ID}, 0); err != nil {
			t.Fatal(err)
		}
		sg, err := s.FileSuggestion(ctx, store.Suggestion{Text: "路灯", Category: "设施", Building: "1号楼"}, store.Author{ResidentID: zhao.ID}, 0)
		if err != nil {
			t.Fatal(err)
		}
		e := newEvent(t, s, 0, now.Add(72*time.Hour))
		for _, r := range []store.Resident{zhang, li, zhao} {
			if _, err := s.SignUp(ctx, store.SignupRequest{EventID: e.ID, ResidentID: r.ID, Party: 1, Now: now}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.CancelSignup(ctx, e.ID, li.ID, now, 0); err != nil {
			t.Fatal(err)
		}
		now = now.Add(50 * time.Hour)
		if _, err := s.ChangeSuggestion(ctx, sg.ID, store.Change{Kind: store.StatusResolved, From: store.OpenStatuses}); err != nil {
			t.Fatal(err)
		}
		parts, err := s.Participation(ctx, "2026-11-01", "2026-11-30", now.AddDate(0, -1, 0), now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]store.Participation{}
		for _, p := range parts {
			got[p.Building] = p
		}
		if p := got["8号楼"]; p != (store.Participation{Building: "8号楼", Households: 2, Bookings: 2, Signups: 1, Suggestions: 1}) {
			t.Errorf("8号楼 = %+v", p)
		}
		if p := got["1号楼"]; p != (store.Participation{Building: "1号楼", Households: 2, Bookings: 1, Signups: 1, Suggestions: 1}) {
			t.Errorf("1号楼 = %+v", p)
		}
		took, err := s.ResolveTimes(ctx, now.Add(-time.Hour), now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(took) != 1 || took[0] != 50*time.Hour {
			t.Errorf("ResolveTimes = %v, want [50h]", took)
		}
		if err := s.JobFailed(ctx, store.JobFailure{Job: "backup", Due: now, At: now, Error: "disk full"}); err != nil {
			t.Fatal(err)
		}
		failed, err := s.JobFailures(ctx, now.Add(-time.Hour), 10)
		if err != nil || len(failed) != 1 || failed[0].Job != "backup" || failed[0].Error != "disk full" || !failed[0].At.Equal(now) {
			t.Errorf("JobFailures = %+v, %v", failed, err)
		}
	})
}
