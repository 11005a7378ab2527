package reader

import (
	"fmt"
	"strings"
	"time"
)

// Dates are midnight in the community's time zone; relative words count
// from the message's own day there.

// relDays are the words for "n days from today", longest first; 今儿 明儿
// 后儿 are how northern residents say them (明儿个: 明儿 and a filler 个),
// 今朝 明朝 how Shanghai residents do.
// Past days are read too: 「订餐 昨天 午餐」 is a command with a mistake the
// handler explains (that meal is over), not something the bot cannot read.
var relDays = [...]struct {
	word string
	days int
}{{"大后天", 3}, {"大前天", -3}, {"今天", 0}, {"今日", 0}, {"今儿", 0}, {"明天", 1}, {"明日", 1}, {"明儿", 1},
	{"后天", 2}, {"后儿", 2}, {"明朝", 1}, {"今朝", 0}, {"后日", 2}, {"昨天", -1}, {"昨日", -1}, {"昨儿", -1}, {"前天", -2}, {"前儿", -2}}

// dayMeals are words that say a day and a meal at once.
var dayMeals = [...]struct {
	word string
	days int
	meal string
}{{"今晚", 0, "dinner"}, {"明晚", 1, "dinner"}, {"今早", 0, "breakfast"}, {"明早", 1, "breakfast"}}

// weekPrefixes introduce a weekday; next is true for 下周 (next week).
var weekPrefixes = [...]struct {
	word string
	next bool
}{
	{"下星期", true}, {"下礼拜", true}, {"下周", true},
	{"这星期", false}, {"这礼拜", false}, {"这周", false}, {"本周", false},
	{"星期", false}, {"礼拜", false}, {"周", false},
}

// weekdayNum is 1 (Monday) … 7 (Sunday) for the rune after 周/星期, or 0.
func weekdayNum(r rune) int {
	switch r {
	case '一', '1':
		return 1
	case '二', '2':
		return 2
	case '三', '3':
		return 3
	case '四', '4':
		return 4
	case '五', '5':
		return 5
	case '六', '6':
		return 6
	case '日', '天', '7':
		return 7
	}
	return 0
}

// lexRelDay reads 今天 明天 后天 大后天 and 今晚 明早.
func (rd *reading) lexRelDay(i, end int) (token, bool) {
	for _, w := range dayMeals {
		if j, ok := rd.at(i, end, w.word); ok {
			return token{kind: kDate, end: j, date: rd.today.AddDate(0, 0, w.days), str: w.meal}, true
		}
	}
	for _, w := range relDays {
		if j, ok := rd.at(i, end, w.word); ok {
			return token{kind: kDate, end: j, date: rd.today.AddDate(0, 0, w.days)}, true
		}
	}
	return token{}, false
}

// lexWeekday reads 周三 星期三 礼拜天 这周三 (the next such day, today
// included) and 下周三 (that day of next week; weeks start on Monday).
func (rd *reading) lexWeekday(i, end int) (token, bool) {
	for _, p := range weekPrefixes {
		j, ok := rd.at(i, end, p.word)
		if !ok || j >= end {
			continue
		}
		want := weekdayNum(rd.n[j])
		if want == 0 {
			if t, ok := rd.badWeekday(p.word, j, end); ok {
				return t, true
			}
			continue
		}
		today := isoWeekday(rd.today)
		var days int
		if p.next {
			days = 7 - today + want
		} else {
			days = (want - today + 7) % 7
		}
		return token{kind: kDate, end: j + 1, date: rd.today.AddDate(0, 0, days)}, true
	}
	return token{}, false
}

// badWeekday reads 周八, 下周0, 星期十: a weekday that does not exist is a
// date with a mistake that names the word (没有"周八"), not words the
// reader does not know — the person meant a day and should be told which
// word was wrong. Only a prefix that says a weekday (周, 星期, 礼拜) and a
// number after it; 周末 and 周围 stay words.
func (rd *reading) badWeekday(prefix string, j, end int) (token, bool) {
	n, k, ok := rd.number(j, end)
	if !ok || n == 0 && k == j {
		return token{}, false
	}
	week := strings.TrimLeft(prefix, "下这本")
	word := week + string(rd.o[j:k])
	return token{kind: kDate, end: k, bad: fmt.Sprintf(`没有"%s"，星期几请写%s一到%s日`, word, week, week)}, true
}

// isoWeekday is 1 (Monday) … 7 (Sunday).
func isoWeekday(t time.Time) int {
	if w := int(t.Weekday()); w != 0 {
		return w
	}
	return 7
}

// lexMonthDay reads 11月28日, 11月28号, 11月28, 十一月二十八日, 11.28, 11/28
// and 11-28. A month-day already past this year is next year's. 8-301 is a
// building and room, not a date.
func (rd *reading) lexMonthDay(i, end int) (token, bool) {
	m, j, ok := rd.number(i, end)
	if !ok || j >= end {
		return token{}, false
	}
	sep := rd.n[j]
	if m >= 1000 && isDigit(rd.n[i]) {
		return rd.yearDate(m, j, end)
	}
	switch sep {
	case '月':
		d, k, ok := rd.number(j+1, end)
		if !ok {
			return token{}, false
		}
		if k < end && (rd.n[k] == '日' || rd.n[k] == '号') {
			k++
		}
		return rd.monthDay(m, d, k), true
	case '.', '/', '-':
		if !isDigit(rd.n[i]) || j+1 >= end || !isDigit(rd.n[j+1]) {
			return token{}, false
		}
		d, k, _ := rd.digits(j+1, end)
		if sep == '-' && k-(j+1) >= 3 {
			return token{kind: kRoom, end: k, num: m, num2: d}, true
		}
		if k-(j+1) > 2 || m < 1 || m > 12 {
			return token{}, false
		}
		return rd.monthDay(m, d, k), true
	}
	return token{}, false
}

// yearDate reads the month and day after a year: 2027年1月1日, 2026-11-28,
// 2026.11.28, 2026/11/28. The date is taken as written, past or far off:
// the handler says what can be done with it (that day is over, no menu yet).
func (rd *reading) yearDate(y, j, end int) (token, bool) {
	sep := rd.n[j]
	if sep != '年' && sep != '-' && sep != '.' && sep != '/' {
		return token{}, false
	}
	m, k, ok := rd.number(j+1, end)
	if !ok || k >= end {
		return token{}, false
	}
	want := sep
	if sep == '年' {
		want = '月'
	}
	if rd.n[k] != want {
		return token{}, false
	}
	d, e, ok := rd.number(k+1, end)
	if !ok {
		return token{}, false
	}
	if e < end && (rd.n[e] == '日' || rd.n[e] == '号') {
		e++
	}
	t := token{kind: kDate, end: e}
	if date, ok := rd.validDate(y, m, d); ok && y < 10000 {
		t.date = date
	} else {
		t.bad = fmt.Sprintf(`没有"%s"这一天`, string(rd.o[rd.wordStart(j):e]))
	}
	return t, true
}

// wordStart is where the number ending just before j begins.
func (rd *reading) wordStart(j int) int {
	i := j
	for i > 0 && isDigit(rd.n[i-1]) {
		i--
	}
	return i
}

// monthDay resolves month m, day d to the next such date from today on.
func (rd *reading) monthDay(m, d, end int) token {
	t := token{kind: kDate, end: end}
	y := rd.today.Year()
	for _, year := range []int{y, y + 1} {
		if date, ok := rd.validDate(year, m, d); ok && !date.Before(rd.today) {
			t.date = date
			return t
		}
	}
	t.bad = fmt.Sprintf("没有%d月%d日这一天", m, d)
	return t
}

// validDate builds the date, reporting false when the day does not exist.
func (rd *reading) validDate(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, rd.r.loc)
	return t, t.Month() == time.Month(m) && t.Day() == d
}

// dayOfMonth resolves 28号 / 28日: this month's if not past, else next
// month's. A day the month does not have is a problem, not a guess.
func (rd *reading) dayOfMonth(d int) (time.Time, string) {
	y, m := rd.today.Year(), int(rd.today.Month())
	if d >= rd.today.Day() {
		if t, ok := rd.validDate(y, m, d); ok {
			return t, ""
		}
		return time.Time{}, fmt.Sprintf("%d月没有%d号", m, d)
	}
	if m++; m > 12 {
		m, y = 1, y+1
	}
	if t, ok := rd.validDate(y, m, d); ok {
		return t, ""
	}
	return time.Time{}, fmt.Sprintf("%d月没有%d号", m, d)
}

// dayPeriods shift an hour into the afternoon or keep it in the morning.
var dayPeriods = [...]struct {
	word string
	pm   bool
}{{"上午", false}, {"早上", false}, {"凌晨", false}, {"中午", true}, {"下午", true}, {"晚上", true}}

// lexTime reads 14:00, 下午2点, 下午两点半, 2点半, 9点30分, 上午9点. Without
// 上午/下午, 1点 to 6点 are afternoon: nobody meets at 2 a.m. (02:00 stays.)
func (rd *reading) lexTime(i, end int) (token, bool) {
	period := -1 // -1 none, 0 am, 1 pm
	for _, p := range dayPeriods {
		if j, ok := rd.at(i, end, p.word); ok {
			i, period = j, 0
			if p.pm {
				period = 1
			}
			break
		}
	}
	h, j, ok := rd.number(i, end)
	if !ok || j >= end {
		return token{}, false
	}
	mins, colon := 0, false
	switch rd.n[j] {
	case ':':
		colon = true
		mm, k, ok := rd.digits(j+1, end)
		if !ok || k-(j+1) != 2 {
			return token{}, false
		}
		mins, j = mm, k
	case '点':
		j++
		if k, ok := rd.at(j, end, "半"); ok {
			mins, j = 30, k
		} else if mm, k, ok := rd.digits(j, end); ok {
			mins, j = mm, k
			if k2, ok := rd.at(j, end, "分"); ok {
				j = k2
			}
		}
	default:
		return token{}, false
	}
	switch {
	case period == 1 && h < 12:
		h += 12
	case period == -1 && !colon && h >= 1 && h <= 6:
		h += 12
	}
	t := token{kind: kTime, end: j, str: fmt.Sprintf("%02d:%02d", h%100, mins%100)}
	if h > 23 || mins > 59 {
		t.bad = "时间不对，请写成 14:00 或 下午2点"
	}
	return t, true
}
