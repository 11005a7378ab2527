package bot

import (
	"fmt"
	"strings"
	"time"
)

// MaxLines is about a phone screen: longer lists are cut with a hint.
const MaxLines = 12

var weekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// Weekday is the Chinese short weekday residents use: 周六.
func Weekday(t time.Time) string { return weekdays[t.Weekday()] }

// Day writes a date as residents do: 11月28日 周六.
func Day(t time.Time) string {
	return fmt.Sprintf("%d月%d日 %s", t.Month(), t.Day(), Weekday(t))
}

// DayTime writes a date and time: 11月28日 周六 14:00.
func DayTime(t time.Time) string { return Day(t) + " " + t.Format("15:04") }

// MealTitle is the Chinese name of a meal.
func MealTitle(meal string) string {
	switch meal {
	case Breakfast:
		return "早餐"
	case Lunch:
		return "午餐"
	case Dinner:
		return "晚餐"
	}
	return meal
}

// RelativeDay names a date relative to today when that reads better:
// 今天 / 明天 / 后天, else 11月28日 周六.
func RelativeDay(day, today time.Time) string {
	d := civil(day).Sub(civil(today)).Hours() / 24
	switch d {
	case 0:
		return "今天"
	case 1:
		return "明天"
	case 2:
		return "后天"
	}
	return Day(day)
}

func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Yuan writes an amount kept in fen as yuan: 1200 → "12元", 990 → "9.9元".
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	s := fmt.Sprintf("%d.%02d", fen/100, fen%100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return sign + s + "元"
}

// Clip keeps at most max lines; when it cuts, the last line says how many
// were left out and how to see them.
func Clip(lines []string, max int, more string) []string {
	if len(lines) <= max {
		return lines
	}
	kept := append([]string(nil), lines[:max-1]...)
	hint := fmt.Sprintf("……还有%d条", len(lines)-(max-1))
	if more != "" {
		hint += "，" + more
	}
	return append(kept, hint)
}
