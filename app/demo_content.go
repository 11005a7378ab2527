package app

import (
	"context"
	"time"

	"linli/bot"
	"linli/config"
	"linli/store"
	"linli/store/sqldb"
)

// seedDemoContent gives the demo community something to try on its first
// screen: this week's menus and an activity, dated from today. Transcript
// tests start without them, from a fixed clock.
func seedDemoContent(ctx context.Context, st *sqldb.Store, cfg config.Config, now time.Time) error {
	loc := cfg.Location
	today := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day(), 0, 0, 0, 0, loc)
	worker := int64(990)
	menus := map[string][]string{
		bot.Lunch:  {"红烧肉", "番茄炒蛋", "清炒时蔬", "米饭"},
		bot.Dinner: {"鱼香肉丝", "紫菜蛋花汤", "馒头"},
	}
	for day := 0; day < 3; day++ {
		date := today.AddDate(0, 0, day)
		for meal, cut := range cfg.ServedCutoffs() {
			names, ok := menus[meal]
			if !ok {
				continue
			}
			at, err := time.Parse("15:04", cut)
			if err != nil {
				return err
			}
			dishes := make([]store.Dish, len(names))
			for i, n := range names {
				dishes[i] = store.Dish{Position: i + 1, Name: n}
			}
			_, err = st.SetMenu(ctx, store.MenuInput{
				Date: date.Format("2006-01-02"), Meal: meal, Dishes: dishes,
				Price: 1500, ElderPrice: 1200, WorkerPrice: &worker, Capacity: 80,
				Cutoff: date.Add(time.Duration(at.Hour())*time.Hour + time.Duration(at.Minute())*time.Minute),
			})
			if err != nil {
				return err
			}
		}
	}
	admin, err := st.TouchResident(ctx, bot.Console, "社区小王", "社区小王")
	if err != nil {
		return err
	}
	_, err = st.CreateEvent(ctx, store.Event{
		Title: "花卉讲座", Place: "党群服务站三楼", Notes: "请带老花镜",
		StartsAt: today.AddDate(0, 0, 3).Add(14 * time.Hour), Capacity: 20, CreatorID: admin.ID,
	}, []string{store.AllBuildings})
	return err
}
