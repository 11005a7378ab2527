package reader

import (
	"testing"
	"time"
)

// dateCase reads `订餐 <words>` at now and expects the booking's date.
type dateCase struct {
	now   string
	words string
	date  string // "" means a Problem
}

func TestDates(t *testing.T) {
	r := newTestReader(t)
	for _, c := range []dateCase{
		// Tuesday 2026-11-24.
		{"2026-11-24 08:00", "今天", "2026-11-24"},
		{"2026-11-24 08:00", "今日", "2026-11-24"},
		{"2026-11-24 08:00", "明日", "2026-11-25"},
		{"2026-11-24 08:00", "后天", "2026-11-26"},
		{"2026-11-24 08:00", "大后天", "2026-11-27"},
		// Past days are read (the handlers say that day is over).
		{"2026-11-24 08:00", "昨天", "2026-11-23"},
		{"2026-11-24 08:00", "昨儿", "2026-11-23"},
		{"2026-11-24 08:00", "前天", "2026-11-22"},
		{"2026-11-24 08:00", "大前天", "2026-11-21"},
		{"2026-11-24 08:00", "周二", "2026-11-24"},
		{"2026-11-24 08:00", "周一", "2026-11-30"},
		{"2026-11-24 08:00", "星期三", "2026-11-25"},
		{"2026-11-24 08:00", "礼拜五", "2026-11-27"},
		{"2026-11-24 08:00", "这周三", "2026-11-25"},
		{"2026-11-24 08:00", "周日", "2026-11-29"},
		{"2026-11-24 08:00", "周天", "2026-11-29"},
		{"2026-11-24 08:00", "星期日", "2026-11-29"},
		{"2026-11-24 08:00", "下周三", "2026-12-02"},
		{"2026-11-24 08:00", "下星期一", "2026-11-30"},
		{"2026-11-24 08:00", "11月28日", "2026-11-28"},
		{"2026-11-24 08:00", "11月28号", "2026-11-28"},
		{"2026-11-24 08:00", "十一月二十八日", "2026-11-28"},
		{"2026-11-24 08:00", "１１月２８日", "2026-11-28"},
		{"2026-11-24 08:00", "11.28", "2026-11-28"},
		{"2026-11-24 08:00", "11/28", "2026-11-28"},
		{"2026-11-24 08:00", "11-28", "2026-11-28"},
		{"2026-11-24 08:00", "11月1日", "2027-11-01"}, // past: next year
		{"2026-11-24 08:00", "28号", "2026-11-28"},
		{"2026-11-24 08:00", "24日", "2026-11-24"},
		{"2026-11-24 08:00", "5号", "2026-12-05"}, // past: next month
		{"2026-11-24 08:00", "二十八号", "2026-11-28"},
		{"2026-11-24 08:00", "31号", ""},
		{"2026-11-24 08:00", "2月30日", ""},
		{"2026-11-24 08:00", "2月29日", ""}, // neither 2027 nor 2026 has it
		{"2026-11-24 08:00", "13月1日", ""},
		{"2026-11-24 08:00", "11.31", ""},
		// Month end: Monday 2026-11-30.
		{"2026-11-30 08:00", "明天", "2026-12-01"},
		{"2026-11-30 08:00", "30号", "2026-11-30"},
		{"2026-11-30 08:00", "29号", "2026-12-29"},
		{"2026-11-30 08:00", "下周一", "2026-12-07"},
		{"2026-11-30 08:00", "周一", "2026-11-30"},
		// Year end: Wednesday 2026-12-30.
		{"2026-12-30 08:00", "明天", "2026-12-31"},
		{"2026-12-30 08:00", "后天", "2027-01-01"},
		{"2026-12-30 08:00", "大后天", "2027-01-02"},
		{"2027-01-01 08:00", "昨天", "2026-12-31"},
		{"2026-12-30 08:00", "1月2日", "2027-01-02"},
		{"2026-12-30 08:00", "12月30日", "2026-12-30"},
		{"2026-12-30 08:00", "12月29日", "2027-12-29"},
		{"2026-12-30 08:00", "5号", "2027-01-05"},
		{"2026-12-30 08:00", "周一", "2027-01-04"},
		{"2026-12-30 08:00", "周三", "2026-12-30"},
		{"2026-12-30 08:00", "下周三", "2027-01-06"},
		{"2026-12-30 08:00", "下周一", "2027-01-04"},
		// Sunday 2026-11-29: next week starts tomorrow.
		{"2026-11-29 08:00", "周日", "2026-11-29"},
		{"2026-11-29 08:00", "下周日", "2026-12-06"},
		{"2026-11-29 08:00", "下周一", "2026-11-30"},
		// Leap day.
		{"2027-03-01 08:00", "2月29日", "2028-02-29"},
		{"2028-02-28 08:00", "29号", "2028-02-29"},
		{"2027-02-28 08:00", "29号", ""},
	} {
		in := r.Read("订餐 "+c.words, group, at(c.now))
		switch {
		case c.date == "" && in.Problem == "":
			t.Errorf("%s 订餐 %s: want a Problem, got %+v", c.now, c.words, in)
		case c.date != "" && (in.Date != c.date || in.Problem != ""):
			t.Errorf("%s 订餐 %s: got %+v, want date %s", c.now, c.words, in, c.date)
		}
	}
}

// TestTimeZone: "today" is the community's day, whatever zone now is in.
func TestTimeZone(t *testing.T) {
	r := newTestReader(t)
	now := time.Date(2026, 11, 24, 16, 30, 0, 0, time.UTC) // 00:30 on the 25th in Shanghai
	if in := r.Read("菜单 今天", group, now); in.Date != "2026-11-25" {
		t.Errorf("today in Shanghai: got %+v", in)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	r2, err := New(Config{Location: ny})
	if err != nil {
		t.Fatal(err)
	}
	if in := r2.Read("菜单 今天", group, now); in.Date != "2026-11-24" {
		t.Errorf("today in New York: got %+v", in)
	}
}

// TestCutoffs: the default meal is the next one whose cut-off has not
// passed; the cut-off minute itself is too late.
func TestCutoffs(t *testing.T) {
	r := newTestReader(t)
	for _, c := range []struct{ now, text, date, meal string }{
		{"2026-11-24 09:29", "订餐", "2026-11-24", "lunch"},
		{"2026-11-24 09:30", "订餐", "2026-11-24", "dinner"},
		{"2026-11-24 15:29", "订餐", "2026-11-24", "dinner"},
		{"2026-11-24 15:30", "订餐", "2026-11-25", "lunch"},
		{"2026-11-24 15:31", "订餐", "2026-11-25", "lunch"},
		{"2026-11-30 23:59", "订餐", "2026-12-01", "lunch"},
		{"2026-12-31 16:00", "订餐", "2027-01-01", "lunch"},
		{"2026-11-24 09:29", "订午餐", "2026-11-24", "lunch"},
		{"2026-11-24 09:31", "订午餐", "2026-11-25", "lunch"},
		{"2026-11-24 15:31", "订晚饭", "2026-11-25", "dinner"},
		{"2026-11-24 10:00", "订餐 今天", "2026-11-24", "dinner"},
		{"2026-11-24 16:00", "订餐 今天", "2026-11-24", "dinner"},
		{"2026-11-24 16:00", "订餐 明天", "2026-11-25", "lunch"},
		{"2026-11-24 10:00", "取消今天", "2026-11-24", "dinner"},
		{"2026-11-24 10:00", "取消午饭", "2026-11-25", "lunch"},
		{"2026-11-24 15:29", "菜单", "2026-11-24", ""},
		{"2026-11-24 15:30", "菜单", "2026-11-25", ""},
		{"2026-11-24 15:30", "订餐统计", "2026-11-24", ""},
	} {
		in := r.Read(c.text, group, at(c.now))
		if in.Date != c.date || in.Meal != c.meal || in.Problem != "" {
			t.Errorf("%s %s: got %+v, want %s %s", c.now, c.text, in, c.date, c.meal)
		}
	}
}

// TestConfiguredCutoffs: breakfast when served, nothing when nothing is.
func TestConfiguredCutoffs(t *testing.T) {
	r, err := New(Config{Cutoffs: map[string]string{"breakfast": "07:00", "dinner": "16:00"}})
	if err != nil {
		t.Fatal(err)
	}
	run(t, r, at("2026-11-24 06:59"), []tc{
		{group, "订餐", `{"intent":"book_meal","date":"2026-11-24","meal":"breakfast","quantity":1}`},
		{group, "订早饭", `{"intent":"book_meal","date":"2026-11-24","meal":"breakfast","quantity":1}`},
		{group, "订午饭", `{"intent":"book_meal","error":"*"}`},
		{group, "明早订两份", `{"intent":"book_meal","date":"2026-11-25","meal":"breakfast","quantity":2}`},
		{private, "设置菜单", `{"intent":"set_menu","date":"2026-11-25","meal":"breakfast"}`},
	})
	run(t, r, at("2026-11-24 07:00"), []tc{
		{group, "订餐", `{"intent":"book_meal","date":"2026-11-24","meal":"dinner","quantity":1}`},
	})
	none, err := New(Config{Cutoffs: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	run(t, none, phrasesNow, []tc{
		{group, "订餐", `{"intent":"book_meal","error":"*"}`},
		{group, "菜单", `{"intent":"menu","date":"2026-11-24"}`},
	})
}

// TestNumbers: ASCII, full-width and Chinese numerals, and absurd values.
func TestNumbers(t *testing.T) {
	r := newTestReader(t)
	for _, c := range []struct {
		text string
		want int // 0: a Problem
	}{
		{"订餐 1", 1}, {"订餐 ２０份", 20}, {"订餐 一份", 1}, {"订餐 两份", 2},
		{"订餐 俩", 2}, {"订餐 十份", 10}, {"订餐 十二份", 12}, {"订餐 二十份", 20},
		{"订餐 三个", 3}, {"订餐 21份", 0}, {"订餐 0份", 0}, {"订餐 零份", 0},
		{"订餐 一百份", 0}, {"订餐 99999999999999", 0}, {"订餐 三十五份", 0},
	} {
		in := r.Read(c.text, group, phrasesNow)
		switch {
		case c.want == 0 && in.Problem == "":
			t.Errorf("%s: want a Problem, got %+v", c.text, in)
		case c.want != 0 && (in.Quantity != c.want || in.Problem != ""):
			t.Errorf("%s: got %+v, want quantity %d", c.text, in, c.want)
		}
	}
	for text, want := range map[string]int{
		"报名 三十五": 35, "名单 一百零五": 105, "报名 １２": 12, "报名 二十": 20, "名单 一百": 100,
	} {
		if in := r.Read(text, group, phrasesNow); in.Event != want || in.Problem != "" {
			t.Errorf("%s: got %+v, want event %d", text, in, want)
		}
	}
}

// TestTimes: the forms of a time of day an activity may be given.
func TestTimes(t *testing.T) {
	r := newTestReader(t)
	for words, want := range map[string]string{
		"14:00": "14:00", "14：00": "14:00", "下午2点": "14:00", "下午两点半": "14:30",
		"2点半": "14:30", "上午9点": "09:00", "9点30分": "09:30", "9点": "09:00",
		"晚上7点": "19:00", "中午12点": "12:00", "十二点": "12:00", "早上8点半": "08:30",
		"02:00": "02:00", "下午3点15": "15:15", "25:00": "", "9点70": "",
	} {
		in := r.Read("发起活动 讲座 明天 "+words+" 活动室", group, phrasesNow)
		switch {
		case want == "" && in.Problem == "":
			t.Errorf("%s: want a Problem, got %+v", words, in)
		case want != "" && (in.Time != want || in.Problem != ""):
			t.Errorf("%s: got %+v, want %s", words, in, want)
		}
	}
}
