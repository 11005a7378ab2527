package reader

import "testing"

// sentencePhrasings: residents' own words (PRODUCT.md, "In residents' own
// words", "Acting for a household"), one or more per rule, read at
// phrasesNow in a group, @mentioned and in private. In a group the strict
// rule stands: only what starts with a keyword is a command.
var sentencePhrasings = []heard{
	{"劳驾帮我留两份明天中午的饭", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`},
	{"明朝夜饭帮我留一份", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"dinner","quantity":1}`, `{"intent":"book_meal","date":"2026-11-25","meal":"dinner","quantity":1}`},
	{"礼拜天中午订四份饭 儿子一家回来吃", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-29","meal":"lunch","quantity":4}`, `{"intent":"book_meal","date":"2026-11-29","meal":"lunch","quantity":4}`},
	{"週四晚飯訂一份", `{"intent":"book_meal","date":"2026-11-26","meal":"dinner","quantity":1}`, "", ""},
	{"今天午饭来一份🙏", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-24","meal":"lunch","quantity":1}`, `{"intent":"book_meal","date":"2026-11-24","meal":"lunch","quantity":1}`},
	{"后天中午那顿我不来吃了", `{"intent":"none"}`, `{"intent":"cancel_meal","date":"2026-11-26","meal":"lunch"}`, `{"intent":"cancel_meal","date":"2026-11-26","meal":"lunch"}`},
	{"5号活动我跟老伴一块去", `{"intent":"none"}`, `{"intent":"signup","event":5,"party":2}`, `{"intent":"signup","event":5,"party":2}`},
	{"我这礼拜订过哪些饭", `{"intent":"none"}`, `{"intent":"my_meals"}`, `{"intent":"my_meals"}`},
	{"电梯按钮不亮了，帮我跟物业说一声", `{"intent":"none"}`, `{"intent":"suggest","text":"电梯按钮不亮了"}`, `{"intent":"suggest","text":"电梯按钮不亮了"}`},
	{"嗯，明天中午订一份", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`},
	{"那个，明天午饭来一份", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`},
	{"就是明天晚上要两份", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"dinner","quantity":2}`, `{"intent":"book_meal","date":"2026-11-25","meal":"dinner","quantity":2}`},
	{"麻烦 后天午饭订两份", `{"intent":"book_meal","date":"2026-11-26","meal":"lunch","quantity":2}`, "", ""},
	{"明天中午一家三口订饭", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":3}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":3}`},
	{"明天中午我们两口子订饭", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`},
	{"我跟老伴明天中午订饭", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`},
	{"我跟老头子明天晚饭订饭", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"dinner","quantity":2}`, `{"intent":"book_meal","date":"2026-11-25","meal":"dinner","quantity":2}`},
	{"明天午饭订饭，带上外孙女", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`},
	{"明天午饭订饭 就我自己", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`},
	{"订明天午饭，四个人的", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":4}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":4}`},
	{"明天中午的饭不要了", `{"intent":"none"}`, `{"intent":"cancel_meal","date":"2026-11-25","meal":"lunch"}`, `{"intent":"cancel_meal","date":"2026-11-25","meal":"lunch"}`},
	{"明天中午的饭算了", `{"intent":"none"}`, `{"intent":"cancel_meal","date":"2026-11-25","meal":"lunch","ask":true}`, `{"intent":"cancel_meal","date":"2026-11-25","meal":"lunch","ask":true}`},
	{"明天中午的饭退掉", `{"intent":"cancel_meal","date":"2026-11-25","meal":"lunch"}`, "", ""},
	{"明天午饭不吃了", `{"intent":"none"}`, `{"intent":"cancel_meal","date":"2026-11-25","meal":"lunch"}`, `{"intent":"cancel_meal","date":"2026-11-25","meal":"lunch"}`},
	{"明天中午不来吃了", `{"intent":"none"}`, `{"intent":"cancel_meal","date":"2026-11-25","meal":"lunch"}`, `{"intent":"cancel_meal","date":"2026-11-25","meal":"lunch"}`},
	{"后天晚饭取消掉", `{"intent":"none"}`, `{"intent":"cancel_meal","date":"2026-11-26","meal":"dinner"}`, `{"intent":"cancel_meal","date":"2026-11-26","meal":"dinner"}`},
	{"家里有事，明天午饭不吃了", `{"intent":"none"}`, `{"intent":"cancel_meal","date":"2026-11-25","meal":"lunch"}`, `{"intent":"cancel_meal","date":"2026-11-25","meal":"lunch"}`},
	{"今天吃什么", `{"intent":"menu","date":"2026-11-24"}`, "", ""},
	{"明天中午有什么菜", `{"intent":"menu","date":"2026-11-25","meal":"lunch"}`, "", ""},
	{"看看菜单", `{"intent":"menu","date":"2026-11-24"}`, "", ""},
	{"后天吃啥呀", `{"intent":"menu","date":"2026-11-26"}`, "", ""},
	{"2号活动报名", `{"intent":"none"}`, `{"intent":"signup","event":2,"party":1}`, `{"intent":"signup","event":2,"party":1}`},
	{"报名2号活动，我和老伴", `{"intent":"none"}`, `{"intent":"signup","event":2,"party":2}`, `{"intent":"signup","event":2,"party":2}`},
	{"3号活动我们两口子都去", `{"intent":"none"}`, `{"intent":"signup","event":3,"party":2}`, `{"intent":"signup","event":3,"party":2}`},
	{"4号活动就我自己参加", `{"intent":"none"}`, `{"intent":"signup","event":4,"party":1}`, `{"intent":"signup","event":4,"party":1}`},
	{"5号活动我不去了", `{"intent":"none"}`, `{"intent":"cancel_signup","event":5}`, `{"intent":"cancel_signup","event":5}`},
	{"6号活动去不了了", `{"intent":"none"}`, `{"intent":"cancel_signup","event":6}`, `{"intent":"cancel_signup","event":6}`},
	{"明儿中午订一份", `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`, "", ""},
	{"今儿晚饭来一份", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-24","meal":"dinner","quantity":1}`, `{"intent":"book_meal","date":"2026-11-24","meal":"dinner","quantity":1}`},
	{"礼拜日中午订两份", `{"intent":"book_meal","date":"2026-11-29","meal":"lunch","quantity":2}`, "", ""},
	{"这礼拜六中饭订一份", `{"intent":"book_meal","date":"2026-11-28","meal":"lunch","quantity":1}`, "", ""},
	{"报明3号活动", `{"intent":"signup","event":3,"party":1}`, "", ""},
	{"取销订餐 D12", `{"intent":"cancel_meal","order":"D12"}`, "", ""},
	{"明天中午定一份", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`},
	{"是", `{"intent":"none"}`, `{"intent":"confirm","confirm":true}`, `{"intent":"confirm","confirm":true}`},
	{"对", `{"intent":"none"}`, `{"intent":"confirm","confirm":true}`, `{"intent":"confirm","confirm":true}`},
	{"好的", `{"intent":"none"}`, `{"intent":"confirm","confirm":true}`, `{"intent":"confirm","confirm":true}`},
	{"嗯", `{"intent":"none"}`, `{"intent":"confirm","confirm":true}`, `{"intent":"confirm","confirm":true}`},
	{"对的", `{"intent":"none"}`, `{"intent":"confirm","confirm":true}`, `{"intent":"confirm","confirm":true}`},
	{"是的", `{"intent":"none"}`, `{"intent":"confirm","confirm":true}`, `{"intent":"confirm","confirm":true}`},
	{"取消", `{"intent":"none"}`, `{"intent":"unknown"}`, `{"intent":"unknown"}`},
	{"明天的饭", `{"intent":"none"}`, `{"intent":"unknown"}`, `{"intent":"unknown"}`},
	{"3号活动", `{"intent":"none"}`, `{"intent":"unknown"}`, `{"intent":"unknown"}`},
	{"代 8号楼301 订餐 明天 午餐 1份", `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1,"on_behalf":"8号楼301"}`, "", ""},
	{"代 8-301 报名 3 2人", `{"intent":"signup","event":3,"party":2,"on_behalf":"8号楼301"}`, "", ""},
	{"代 8号楼301 建议 楼道灯坏了", `{"intent":"suggest","text":"楼道灯坏了","on_behalf":"8号楼301"}`, "", ""},
	{"代 8号楼301 取消订餐", `{"intent":"cancel_meal","on_behalf":"8号楼301"}`, "", ""},
	{"代 8号楼301 明天中午留一份", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1,"on_behalf":"8号楼301"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1,"on_behalf":"8号楼301"}`},
	{"登记老人 8号楼 301 王奶奶", `{"intent":"register_elder","text":"王奶奶","building":"8号楼","room":"301"}`, "", ""},
	{"登记老人 8-301 李爷爷", `{"intent":"register_elder","text":"李爷爷","building":"8号楼","room":"301"}`, "", ""},
	{"明天晚上我们两口子来吃", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"dinner","quantity":2,"ask":true}`, `{"intent":"book_meal","date":"2026-11-25","meal":"dinner","quantity":2,"ask":true}`},
	{"订餐要提前一天吗", `{"intent":"none"}`, `{"intent":"unknown"}`, `{"intent":"unknown"}`},
	{"我不想订饭", `{"intent":"none"}`, `{"intent":"unknown"}`, `{"intent":"unknown"}`},
	{"我明天订了外卖", `{"intent":"none"}`, `{"intent":"unknown"}`, `{"intent":"unknown"}`},
	{"明天不订了", `{"intent":"none"}`, `{"intent":"unknown"}`, `{"intent":"unknown"}`},
	{"订两份了", `{"intent":"none"}`, `{"intent":"book_meal","error":"看不懂「了」"}`, `{"intent":"book_meal","error":"看不懂「了」"}`},
	{"定明天吧", `{"intent":"none"}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`, `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":1}`},
	{"好嘞", `{"intent":"none"}`, `{"intent":"confirm","confirm":true}`, `{"intent":"confirm","confirm":true}`},
	{"我订了几顿饭", `{"intent":"none"}`, `{"intent":"my_meals"}`, `{"intent":"my_meals"}`},
}

func TestSentences(t *testing.T) { runHeard(t, phrasesNow, sentencePhrasings) }

// BenchmarkReadSentences reads residents' sentences privately: the path
// through the sentence reader, which a group message never takes.
func BenchmarkReadSentences(b *testing.B) {
	r := newTestReader(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Read(sentencePhrasings[i%len(sentencePhrasings)].text, private, phrasesNow)
	}
}
