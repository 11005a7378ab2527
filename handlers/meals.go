package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// CanteenConfig is the canteen's defaults. Prices are in fen, as all money is.
type CanteenConfig struct {
	// Cutoffs maps each served meal to its booking cut-off "HH:MM" on the
	// meal's own day; a meal not in the map is not served.
	Cutoffs map[string]string
	// Price, ElderPrice and WorkerPrice are a portion's default prices.
	// WorkerPrice (爱心餐) applies to lunch; other meals offer it only when
	// their menu sets 爱心餐.
	Price, ElderPrice, WorkerPrice int64
	// Capacity is the default portions of a meal; 0 means no limit.
	Capacity int
	// Contact is who residents call once booking has closed.
	Contact string
	// Groups are the groups that get menu pushes (titles or platform:id);
	// empty means every bound group.
	Groups []string
	// MenuToday and MenuTomorrow are the cron specs of the menu pushes, so
	// replies can say when a menu is usually published.
	MenuToday, MenuTomorrow string
	// MaxPerHousehold caps the portions of a limited meal one household may
	// hold across its accounts (canteen.max_per_household); 0: no cap.
	MaxPerHousehold int
}

func (h *Handlers) mealRoutes() []bot.Route {
	manager := []string{bot.RoleCanteenManager}
	return []bot.Route{
		{Intent: bot.IntentMenu, Title: "看菜单", Usage: "菜单 [日期]", Example: "明天菜单", Handle: h.menu, Reading: true},
		{Intent: bot.IntentBookMeal, Title: "订餐", Usage: "订餐 [日期] [午餐/晚餐] [份数]", Example: "订餐 明天 午餐 2份", Handle: h.bookMeal,
			Describe: func(in bot.Intent, now time.Time) string {
				return fmt.Sprintf("订 %s %d份", h.mealName(in.Date, in.Meal, now), max(in.Quantity, 1))
			}},
		{Intent: bot.IntentCancelMeal, Title: "取消订餐", Usage: "取消订餐 [订单号]", Example: "取消订餐 D12", Handle: h.cancelMeal, Describe: h.describeCancel},
		{Intent: bot.IntentMyMeals, Title: "看我的订餐", Usage: "我的订餐", Example: "我的订餐", Handle: h.myMeals},
		{Intent: bot.IntentSetMenu, Title: "设置菜单", Usage: "设置菜单 [日期] [餐次]，下面每行一道菜", Example: "设置菜单 明天 午餐\n红烧肉\n番茄炒蛋\n每份 15\n限量 80", Roles: manager, Handle: h.setMenu},
		{Intent: bot.IntentStopMeals, Title: "停餐", Usage: "停餐 日期 [餐次]", Example: "停餐 明天 午餐", Roles: manager, Handle: h.stopMeals},
		{Intent: bot.IntentMealStats, Title: "看订餐统计", Usage: "订餐统计 [日期] [餐次]", Example: "订餐统计 明天", Roles: manager, Handle: h.mealStats},
	}
}

// servedMeals lists the meals the canteen serves, in the order of the day.
func (h *Handlers) servedMeals() []string {
	var meals []string
	for _, m := range []string{bot.Breakfast, bot.Lunch, bot.Dinner} {
		if h.cfg.Canteen.Cutoffs[m] != "" {
			meals = append(meals, m)
		}
	}
	return meals
}

// defaultCutoff is a meal's configured cut-off on day.
func (h *Handlers) defaultCutoff(day time.Time, meal string) time.Time {
	at, err := time.Parse("15:04", h.cfg.Canteen.Cutoffs[meal])
	if err != nil {
		return day.Add(10 * time.Hour) // never: config validates cut-offs
	}
	return day.Add(time.Duration(at.Hour())*time.Hour + time.Duration(at.Minute())*time.Minute)
}

// mealName names a meal for a resident: 明天午餐, 11月28日 周六 午餐.
func (h *Handlers) mealName(date, meal string, now time.Time) string {
	day, err := h.day(date)
	if err != nil {
		return date + " " + bot.MealTitle(meal)
	}
	rel := bot.RelativeDay(day, h.today(now))
	if strings.HasPrefix(rel, "今") || strings.HasPrefix(rel, "明") || strings.HasPrefix(rel, "后") {
		return rel + bot.MealTitle(meal)
	}
	return rel + " " + bot.MealTitle(meal)
}

// dayName is a date with its weekday and, when near, its relative name:
// 明天（11月25日 周三）.
func (h *Handlers) dayName(date string, now time.Time) string {
	day, err := h.day(date)
	if err != nil {
		return date
	}
	rel := bot.RelativeDay(day, h.today(now))
	if abs := bot.Day(day); rel != abs {
		return rel + "（" + abs + "）"
	}
	return rel
}

// clock writes a moment relative to now: 09:30 today, 明天 09:30 otherwise.
func (h *Handlers) clock(t, now time.Time) string {
	t = t.In(h.cfg.Location)
	if h.today(t).Equal(h.today(now)) {
		return "今天 " + t.Format("15:04")
	}
	return bot.RelativeDay(t, h.today(now)) + " " + t.Format("15:04")
}

// tierName is how a price tier is called.
func tierName(tier string) string {
	switch tier {
	case store.TierElder:
		return "助老价"
	case store.TierWorker:
		return "爱心餐"
	}
	return "标准价"
}

// orderNo is the D-number of an order.
func orderNo(id uint) string { return fmt.Sprintf("D%d", id) }

// contact says whom to call when the bot can no longer help.
func (h *Handlers) contact() string {
	if c := strings.TrimSpace(h.cfg.Canteen.Contact); c != "" {
		return "如有需要请联系食堂：" + c
	}
	return "如有需要请联系食堂管理员。"
}

// closed is the refusal after a meal's cut-off (which is on the meal's day).
func (h *Handlers) closed(meal, action string, cutoff time.Time) error {
	return bot.Tell("%s %s 已经截止，不能再%s了。\n%s", meal, cutoff.In(h.cfg.Location).Format("15:04"), action, h.contact())
}

// publishedAt says when menus usually appear, from the push schedule.
func (h *Handlers) publishedAt() string {
	if at := dailyAt(h.cfg.Canteen.MenuTomorrow); at != "" {
		return "菜单一般在前一天 " + at + " 发布，到时再来看吧。"
	}
	return "菜单发布后就可以订了。"
}

// publishedFor says when the menu of date comes out: the day before for a
// later day; for today, whose "day before" is over, only that it is not
// out yet and whom to ask.
func (h *Handlers) publishedFor(date string, now time.Time) string {
	if d, err := h.day(date); err == nil && !d.After(h.today(now)) {
		if c := h.cfg.Canteen.Contact; c != "" {
			return "今天的菜单食堂还没发，急的话可以问：" + c
		}
		return "今天的菜单食堂还没发，稍后再来看看。"
	}
	return h.publishedAt()
}

// dailyAt is the time of day of a daily cron spec ("0 16 * * *" → 16:00),
// empty for any other spec.
func dailyAt(spec string) string {
	f := strings.Fields(spec)
	if len(f) != 5 || f[2] != "*" || f[3] != "*" || f[4] != "*" {
		return ""
	}
	var mi, hr int
	if _, err := fmt.Sscanf(f[0]+" "+f[1], "%d %d", &mi, &hr); err != nil || fmt.Sprint(mi) != f[0] || fmt.Sprint(hr) != f[1] {
		return ""
	}
	return fmt.Sprintf("%02d:%02d", hr, mi)
}

// resident is the caller as the store knows them, with their tiers.
func (h *Handlers) resident(ctx context.Context, r *bot.Request) (store.Resident, error) {
	res, err := h.people.ResidentByID(ctx, r.Caller.ResidentID)
	if err != nil {
		return store.Resident{}, fmt.Errorf("resident %d: %w", r.Caller.ResidentID, err)
	}
	return res, nil
}

// describeCancel says which order a cancellation the bot asks about means.
func (h *Handlers) describeCancel(in bot.Intent, now time.Time) string {
	switch {
	case in.Order != "":
		return "取消订单 " + in.Order
	case in.Date != "" && in.Defaulted == "meal":
		return "取消" + h.dayName(in.Date, now) + "的订餐"
	case in.Date != "":
		return "取消 " + h.mealName(in.Date, in.Meal, now)
	}
	return "取消订餐"
}
