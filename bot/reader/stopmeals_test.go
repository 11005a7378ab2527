package reader

import (
	"testing"

	"linli/bot"
)

// TestStopMeals reads 停餐 <日期> [餐次]: a canteen manager's day without
// service. Alone in a group it is chatter ("停餐" could be news), not a command.
func TestStopMeals(t *testing.T) {
	r := newTestReader(t)
	for _, tc := range []struct {
		mode       Mode
		text       string
		want, date string
		meal       string
		problem    bool
	}{
		{Mode{Private: true}, "停餐 明天", bot.IntentStopMeals, "2026-11-25", "", false},
		{Mode{Private: true}, "停餐 11月28日 午餐", bot.IntentStopMeals, "2026-11-28", bot.Lunch, false},
		{Mode{}, "停餐 周五 晚饭", bot.IntentStopMeals, "2026-11-27", bot.Dinner, false},
		{Mode{Private: true}, "/stopmeals 明天 午餐", bot.IntentStopMeals, "2026-11-25", bot.Lunch, false},
		{Mode{Private: true}, "停餐 明天 早餐", bot.IntentStopMeals, "", "", true},
		{Mode{}, "停餐", bot.IntentNone, "", "", false},
		{Mode{}, "停餐了吗", bot.IntentNone, "", "", false},
	} {
		in := r.Read(tc.text, tc.mode, phrasesNow)
		if in.Name != tc.want || (tc.date != "" && in.Date != tc.date) || in.Meal != tc.meal || (in.Problem != "") != tc.problem {
			t.Errorf("%q: got %+v; want %s %s %s problem=%v", tc.text, in, tc.want, tc.date, tc.meal, tc.problem)
		}
	}
}
