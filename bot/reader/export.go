package reader

import (
	"fmt"
	"strings"
	"time"

	"linli/bot"
)

// maxSpanDays bounds the days one spreadsheet in the chat covers: a year
// of a community's orders is a file a phone still opens.
const maxSpanDays = 366

// spanHint is how to write the days of an export.
const spanHint = "可以写：本月、上月、11月，或 11月1日到11月15日"

// argsSpan reads the days an export covers (导出订餐 11月): nothing (this
// month for the canteen's orders, everything for suggestions), 本月, 上月,
// 全部, a month (11月, 2025年11月), a day, or two days joined by 到, 至, -
// or ~ (11月1日到11月15日, 11.1-11.15, 11月1日到15日). An export looks
// back: 11月 said in March is the November just gone, not the next one.
func (rd *reading) argsSpan(c *command, in *bot.Intent, i, end int) *failure {
	i = rd.skipSpace(i, end)
	for i < end && isSeparator(rd.n[i]) {
		i++
	}
	word := strings.TrimSpace(string(rd.n[i:end]))
	month := time.Date(rd.today.Year(), rd.today.Month(), 1, 0, 0, 0, 0, rd.r.loc)
	switch word {
	case "":
		if c.intent == bot.IntentExportMeals {
			rd.setSpan(in, month, month.AddDate(0, 1, -1))
		}
		return nil
	case "本月", "这个月", "这月", "当月", "本月份":
		rd.setSpan(in, month, month.AddDate(0, 1, -1))
		return nil
	case "上月", "上个月", "上月份":
		rd.setSpan(in, month.AddDate(0, -1, 0), month.AddDate(0, 0, -1))
		return nil
	case "全部", "所有", "全部的":
		return nil
	}
	from, to, f := rd.span(i, end)
	if f != nil {
		return f
	}
	switch days := int(to.Sub(from).Hours()/24+0.5) + 1; {
	case to.Before(from):
		return problem("结束的日子在开始之前了。" + spanHint)
	case days > maxSpanDays:
		return problem(fmt.Sprintf("一次最多导出%d天。%s", maxSpanDays, spanHint))
	}
	rd.setSpan(in, from, to)
	return nil
}

func (rd *reading) setSpan(in *bot.Intent, from, to time.Time) {
	in.From, in.To = from.Format("2006-01-02"), to.Format("2006-01-02")
}

// span reads a month, a day, or a day to a day, from i to end.
func (rd *reading) span(i, end int) (from, to time.Time, f *failure) {
	bad := &failure{msg: "看不懂「" + strings.TrimSpace(string(rd.o[i:end])) + "」。" + spanHint, syntax: true}
	d, whole, j, ok := rd.spanDay(i, end, time.Time{})
	if !ok {
		return from, to, bad
	}
	if d.bad != "" {
		return from, to, problem(d.bad)
	}
	if j = rd.skipSpace(j, end); j == end {
		if whole {
			return d.t, d.t.AddDate(0, 1, -1), nil
		}
		return d.t, d.t, nil
	}
	if whole {
		return from, to, bad // 11月到12月: a month is a span of its own
	}
	k, ok := rd.spanJoin(j, end)
	if !ok {
		return from, to, bad
	}
	e, whole, k, ok := rd.spanDay(rd.skipSpace(k, end), end, d.t)
	if !ok || whole || rd.skipSpace(k, end) != end {
		return from, to, bad
	}
	if e.bad != "" {
		return from, to, problem(e.bad)
	}
	return d.t, e.t, nil
}

// spanJoin reads what joins two days: 到, 至, -, ~, —.
func (rd *reading) spanJoin(i, end int) (int, bool) {
	for _, w := range []string{"到", "至", "-", "~", "～", "—", "–"} {
		if j, ok := rd.at(i, end, normString(w)); ok {
			return j, true
		}
	}
	return i, false
}

// spanDate is a day read for an export, or what was wrong with it.
type spanDate struct {
	t   time.Time
	bad string
}

// spanDay reads one day (or, whole, a month) at i: [2025年]11月[28日|号],
// 11.28, 11/28, 2025-11-28; after a first day (after set), also 28日 or
// 28号 alone, in the first day's month. Without a year, a day is the
// latest such day up to today; a last day, the first such day on or after
// the first one.
func (rd *reading) spanDay(i, end int, after time.Time) (d spanDate, whole bool, j int, ok bool) {
	y, hasY := 0, false
	if n, k, isNum := rd.digits(i, end); isNum && k-i == 4 && k < end && (rd.n[k] == '年' || rd.n[k] == '-') {
		y, hasY, i = n, true, k+1
	}
	m, k, isNum := rd.number(i, end)
	if !isNum || k >= end {
		return d, false, 0, false
	}
	switch sep := rd.n[k]; {
	case sep == '日' || sep == '号':
		if after.IsZero() || hasY {
			return d, false, 0, false
		}
		return rd.spanResolve(after.Year(), int(after.Month()), m, true, after), false, k + 1, true
	case sep == '月':
		k++
		day, l, isDay := rd.number(k, end)
		if !isDay {
			if k < end && rd.n[k] == '份' {
				k++
			}
			return rd.spanMonth(y, hasY, m), true, k, true
		}
		if l < end && (rd.n[l] == '日' || rd.n[l] == '号') {
			l++
		}
		return rd.spanResolve(y, m, day, hasY, after), false, l, true
	case sep == '.' || sep == '/' || sep == '-':
		if !isDigit(rd.n[i]) || k+1 >= end || !isDigit(rd.n[k+1]) {
			return d, false, 0, false
		}
		day, l, _ := rd.digits(k+1, end)
		if l-(k+1) > 2 {
			return d, false, 0, false
		}
		return rd.spanResolve(y, m, day, hasY, after), false, l, true
	}
	return d, false, 0, false
}

// spanMonth is the first day of month m: of year y if given, else the
// latest such month that has begun.
func (rd *reading) spanMonth(y int, hasY bool, m int) spanDate {
	if m < 1 || m > 12 {
		return spanDate{bad: fmt.Sprintf("没有%d月", m)}
	}
	if !hasY {
		y = rd.today.Year()
		if time.Month(m) > rd.today.Month() {
			y--
		}
	}
	return spanDate{t: time.Date(y, time.Month(m), 1, 0, 0, 0, 0, rd.r.loc)}
}

// spanResolve is month m, day d: of year y if given; else, as a first day,
// the latest up to today, and as a last day (after set), in the first
// day's year, or the next when its month comes before the first day's
// (12月20日到1月5日).
func (rd *reading) spanResolve(y, m, d int, hasY bool, after time.Time) spanDate {
	years := []int{y}
	switch {
	case hasY:
	case after.IsZero():
		years = []int{rd.today.Year(), rd.today.Year() - 1}
	case m < int(after.Month()):
		years = []int{after.Year() + 1}
	default:
		years = []int{after.Year()}
	}
	for _, year := range years {
		t, ok := rd.validDate(year, m, d)
		if ok && (hasY || !after.IsZero() || !t.After(rd.today)) {
			return spanDate{t: t}
		}
	}
	return spanDate{bad: fmt.Sprintf("没有%d月%d日这一天", m, d)}
}
