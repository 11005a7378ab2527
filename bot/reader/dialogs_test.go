package reader

import "testing"

// The dialog fixes of issue 16, read in all three contexts (Tuesday
// 2026-11-24 08:00, default cut-offs).

// TestErrorsNameTheWord: a mistake quotes the word that was wrong, as the
// person typed it, and says the form that works.
func TestErrorsNameTheWord(t *testing.T) {
	runHeard(t, phrasesNow, []heard{
		{text: "订餐 下周八", group: `{"intent":"book_meal","error":"没有\"周八\"，星期几请写周一到周日"}`},
		{text: "订餐 周0 午餐", group: `{"intent":"book_meal","error":"没有\"周0\"，星期几请写周一到周日"}`},
		{text: "菜单 星期八", group: `{"intent":"menu","error":"没有\"星期八\"，星期几请写星期一到星期日"}`},
		{text: "订餐 礼拜十 晚饭", group: `{"intent":"book_meal","error":"没有\"礼拜十\"，星期几请写礼拜一到礼拜日"}`},
		{text: "订餐 2026年2月30日", group: `{"intent":"book_meal","error":"没有\"2026年2月30日\"这一天"}`},
		// A lone character the reader stopped at is quoted with its word.
		{text: "订餐 大大后天", group: `{"intent":"none"}`, mentioned: `{"intent":"book_meal","error":"看不懂「大大后天」"}`, private: `{"intent":"book_meal","error":"看不懂「大大后天」"}`},
		// 周末, 周围 are words, not weekdays with a mistake.
		{text: "周末愉快", group: `{"intent":"none"}`, mentioned: `{"intent":"unknown"}`, private: `{"intent":"unknown"}`},
		{text: "订餐 周末", group: `{"intent":"none"}`, mentioned: `{"intent":"book_meal","error":"看不懂「周末」"}`, private: `{"intent":"book_meal","error":"看不懂「周末」"}`},
	})
}

// TestYearDates: a date with its year is read as written, far or past; the
// handler says what can be done with it.
func TestYearDates(t *testing.T) {
	runHeard(t, phrasesNow, []heard{
		{text: "订餐 2027年1月1日", group: `{"intent":"book_meal","date":"2027-01-01","meal":"lunch","quantity":1}`},
		{text: "订餐 2026年11月28日 午餐", group: `{"intent":"book_meal","date":"2026-11-28","meal":"lunch","quantity":1}`},
		{text: "订餐 2026-11-28 晚餐 2份", group: `{"intent":"book_meal","date":"2026-11-28","meal":"dinner","quantity":2}`},
		{text: "菜单 2026.11.26", group: `{"intent":"menu","date":"2026-11-26"}`},
		{text: "订餐 2026/11/27", group: `{"intent":"book_meal","date":"2026-11-27","meal":"lunch","quantity":1}`},
		{text: "2026年11月25日菜单", group: `{"intent":"menu","date":"2026-11-25"}`},
	})
}

// TestDayOfMonthFirst: 29号菜单 is that day's menu (this month's, or next
// month's once past), in a group too; 5号活动 stays what it was.
func TestDayOfMonthFirst(t *testing.T) {
	runHeard(t, phrasesNow, []heard{
		{text: "29号菜单", group: `{"intent":"menu","date":"2026-11-29"}`},
		{text: "20号菜单", group: `{"intent":"menu","date":"2026-12-20"}`},
		{text: "26日菜单", group: `{"intent":"menu","date":"2026-11-26"}`},
		{text: "28号订餐", group: `{"intent":"book_meal","date":"2026-11-28","meal":"lunch","quantity":1}`},
		{text: "3号菜单上的红烧肉好吃", group: `{"intent":"none"}`, mentioned: `{"intent":"unknown"}`, private: `{"intent":"unknown"}`},
		{text: "28号订餐的人多", group: `{"intent":"none"}`, mentioned: `{"intent":"unknown"}`, private: `{"intent":"unknown"}`},
		{text: "8号楼菜单", group: `{"intent":"none"}`, mentioned: `{"intent":"menu","date":"2026-11-24"}`, private: `{"intent":"menu","date":"2026-11-24"}`},
	})
}
