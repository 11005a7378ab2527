package app

import (
	"time"

	"linli/config"
	"linli/handlers"
	"linli/scheduler"
)

// canteenConfig turns the canteen's configuration into what the handlers
// use: prices in fen, the menu push times.
func canteenConfig(cfg config.Config) handlers.CanteenConfig {
	c := cfg.Canteen
	return handlers.CanteenConfig{
		Cutoffs:      cfg.ServedCutoffs(),
		Price:        config.Fen(c.Price),
		ElderPrice:   config.Fen(c.ElderPrice),
		WorkerPrice:  config.Fen(c.WorkerPrice),
		Capacity:     c.Capacity,
		Contact:      c.Contact,
		Groups:       c.Groups,
		MenuToday:    cfg.Schedule.MenuToday,
		MenuTomorrow: cfg.Schedule.MenuTomorrow,

		MaxPerHousehold: c.MaxPerHousehold,
	}
}

// mealJobs are the canteen's pushes. A missed menu push is caught up only
// while useful, and the job itself pushes only meals still bookable when it
// runs; tomorrow's menu is not caught up after midnight, when the morning
// push of the same menu takes over. The kitchen list is pushed by the tick job, which looks back over
// handlers.CutoffPushWindow for cut-offs not yet pushed.
func (a *app) mealJobs() []scheduler.Job {
	return []scheduler.Job{
		{Name: "menu_today", Spec: a.cfg.Schedule.MenuToday, Useful: 14 * time.Hour, Run: a.handlers.PushTodayMenu},
		{Name: "menu_tomorrow", Spec: a.cfg.Schedule.MenuTomorrow, Useful: 8 * time.Hour, Run: a.handlers.PushTomorrowMenu},
		{Name: "meal_cutoff", Spec: a.cfg.Schedule.Tick, Useful: handlers.CutoffPushWindow, Run: a.handlers.PushCutoffLists},
		// A report missed on the 1st is still worth sending that week.
		{Name: "monthly_report", Spec: a.cfg.Schedule.MonthlyReport, Useful: 6 * 24 * time.Hour, Run: a.handlers.PushMonthlyReport},
	}
}
