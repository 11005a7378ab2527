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

// TestTwoMeals: 订餐 明天 午餐和晚餐 books both in one command.
func TestTwoMeals(t *testing.T) {
	both := `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1,"meals":["lunch","dinner"]}`
	runHeard(t, phrasesNow, []heard{
		{text: "订餐 明天 午餐和晚餐", group: both},
		{text: "订餐 明天 午饭、晚饭", group: both},
		{text: "订餐 明天中午跟晚上", group: both},
		{text: "订餐 明天 午餐和晚餐 2份", group: `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2,"meals":["lunch","dinner"]}`},
		{text: "明天午饭晚饭都订一份", group: `{"intent":"none"}`, mentioned: both, private: both},
		// 和 with no meal after it, and a cancellation of two meals, are
		// not guessed at.
		{text: "订餐 明天 午餐和", group: `{"intent":"none"}`, mentioned: `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`, private: `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`},
		{text: "取消订餐 明天 午餐和晚餐", group: `{"intent":"none"}`, mentioned: `{"intent":"cancel_meal","error":"看不懂「和晚餐」"}`, private: `{"intent":"cancel_meal","error":"看不懂「和晚餐」"}`},
		{text: "明天午饭和晚饭都不要了", group: `{"intent":"none"}`, mentioned: `{"intent":"unknown"}`, private: `{"intent":"unknown"}`},
		{text: "订餐 明天 午餐和早餐", group: `{"intent":"book_meal","error":"食堂不供应早餐"}`},
	})
}

// TestAgain: 再订一份 adds to the latest booking (the handler finds it);
// 明天再订 is a plan, not a request, in a group.
func TestAgain(t *testing.T) {
	one := `{"intent":"book_meal","date":"2026-11-24","meal":"lunch","quantity":1,"again":true}`
	runHeard(t, phrasesNow, []heard{
		{text: "再订一份", group: one},
		{text: "麻烦再订一份吧", group: one},
		{text: "再订两份", group: `{"intent":"book_meal","date":"2026-11-24","meal":"lunch","quantity":2,"again":true}`},
		{text: "再订 明天 午餐", group: `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1,"again":true}`},
		{text: "加订一份", group: one},
		{text: "再来一份", group: `{"intent":"none"}`, mentioned: one, private: one},
		{text: "我再订一份", group: `{"intent":"none"}`, mentioned: one, private: one},
		{text: "再订", group: `{"intent":"none"}`, mentioned: one, private: one},
		{text: "明天再订", group: `{"intent":"none"}`, mentioned: `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`, private: `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`},
		{text: "再订就没了", group: `{"intent":"none"}`, mentioned: `{"intent":"unknown"}`, private: `{"intent":"unknown"}`},
	})
}

// TestSignupByTitle: said to the bot, 报名 花卉讲座 names the activity by
// its title; in a group the words after 报名 must be a number.
func TestSignupByTitle(t *testing.T) {
	runHeard(t, phrasesNow, []heard{
		{text: "报名 花卉讲座", group: `{"intent":"none"}`, mentioned: `{"intent":"signup","party":1,"title":"花卉讲座"}`, private: `{"intent":"signup","party":1,"title":"花卉讲座"}`},
		{text: "报名：重阳节包饺子 2人", group: `{"intent":"none"}`, mentioned: `{"intent":"signup","party":2,"title":"重阳节包饺子"}`, private: `{"intent":"signup","party":2,"title":"重阳节包饺子"}`},
		{text: "我要参加 亲子活动 两个人", group: `{"intent":"none"}`, mentioned: `{"intent":"signup","party":2,"title":"亲子活动"}`, private: `{"intent":"signup","party":2,"title":"亲子活动"}`},
		{text: "报名 3", group: `{"intent":"signup","event":3,"party":1}`},
		// Talk about signing up stays talk.
		{text: "报名 下次吧", group: `{"intent":"none"}`, mentioned: `{"intent":"signup","error":"看不懂「下次」"}`, private: `{"intent":"signup","error":"看不懂「下次」"}`},
		{text: "我想参加但没空", group: `{"intent":"none"}`, mentioned: `{"intent":"unknown"}`, private: `{"intent":"unknown"}`},
		{text: "参加 婚礼去了", group: `{"intent":"none"}`, mentioned: `{"intent":"signup","error":"看不懂「婚礼去了」"}`, private: `{"intent":"signup","error":"看不懂「婚礼去了」"}`},
		{text: "报名 3 花卉讲座", group: `{"intent":"none"}`, mentioned: `{"intent":"signup","error":"看不懂「花卉讲座」"}`, private: `{"intent":"signup","error":"看不懂「花卉讲座」"}`},
	})
}

// TestForFamily: 帮我妈订… books for the speaker's household and says for
// whom (target); 我跟我妈 is two people eating.
func TestForFamily(t *testing.T) {
	runHeard(t, phrasesNow, []heard{
		{text: "帮我妈订一份明天午饭", group: `{"intent":"none"}`, private: `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1,"target":"我妈"}`, mentioned: `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1,"target":"我妈"}`},
		{text: "给老伴订两份明天晚饭", group: `{"intent":"none"}`, private: `{"intent":"book_meal","date":"2026-11-25","meal":"dinner","quantity":2,"target":"老伴"}`, mentioned: `{"intent":"book_meal","date":"2026-11-25","meal":"dinner","quantity":2,"target":"老伴"}`},
		{text: "替我爸留一份后天中午的饭", group: `{"intent":"none"}`, private: `{"intent":"book_meal","date":"2026-11-26","meal":"lunch","quantity":1,"target":"我爸"}`, mentioned: `{"intent":"book_meal","date":"2026-11-26","meal":"lunch","quantity":1,"target":"我爸"}`},
		{text: "帮我订一份明天午饭", group: `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`},
		{text: "我跟我妈明天中午来吃", group: `{"intent":"none"}`, private: `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2,"ask":true}`, mentioned: `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2,"ask":true}`},
	})
}

// TestVolunteerActivity: 志愿, a word of its own on 发起活动's line, marks
// the activity; in a title it is the title.
func TestVolunteerActivity(t *testing.T) {
	runHeard(t, phrasesNow, []heard{
		{text: "发起活动 楼道清扫 11月28日 09:00 8号楼门口 10人 志愿", group: `{"intent":"create_event","date":"2026-11-28","title":"楼道清扫","time":"09:00","place":"8号楼门口","capacity":10,"volunteer":true}`},
		{text: "发起活动 志愿服务 敬老院探访 周六 14:00 敬老院", group: `{"intent":"create_event","date":"2026-11-28","title":"敬老院探访","time":"14:00","place":"敬老院","volunteer":true}`},
		{text: "发起活动 志愿者培训 11月28日 09:00 活动室", group: `{"intent":"create_event","date":"2026-11-28","title":"志愿者培训","time":"09:00","place":"活动室"}`},
	})
}

// TestHelpPages: 帮助 管理 and its pages.
func TestHelpPages(t *testing.T) {
	runHeard(t, phrasesNow, []heard{
		{text: "帮助", group: `{"intent":"help"}`},
		{text: "帮助 管理", group: `{"intent":"help","text":"管理"}`},
		{text: "帮助 管理 2", group: `{"intent":"help","text":"管理","page":2}`},
		{text: "帮助 管理 第3页", group: `{"intent":"help","text":"管理","page":3}`},
		{text: "帮助 2", group: `{"intent":"help","page":2}`},
		{text: "帮助 居民", group: `{"intent":"help","text":"居民"}`},
		{text: "帮助很大", group: `{"intent":"none"}`, mentioned: `{"intent":"unknown"}`, private: `{"intent":"unknown"}`},
		{text: "帮助 别人", group: `{"intent":"none"}`, mentioned: `{"intent":"help"}`, private: `{"intent":"help"}`},
	})
}
