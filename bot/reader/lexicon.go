package reader

// The lexicon of residents' sentences (PRODUCT.md, "In residents' own
// words"): the words that say what is asked, wherever they stand, the words
// that say how many people, and the words that carry nothing. The sentence
// reader (sentence.go) reads a message addressed to the bot with it when the
// command grammar could not: it is a lexicon and rules, not a list of
// sentences, so a new way of saying a thing is one word here.

// role is what a lexicon word does in a sentence.
type role uint8

const (
	rFiller     role = iota // 嗯 那个 劳驾 麻烦 一下: nothing
	rBook                   // 订 留 预订: a booking
	rBookQty                // 来 要: a booking when a quantity follows (来一份)
	rBookWeak               // 来吃: a booking, guessed (asks first)
	rCancel                 // 取消 不要了 不吃了 退掉: a cancellation
	rCancelWeak             // 算了: a cancellation unless something else is asked
	rSignup                 // 报名 参加 一块去: a sign-up (needs an activity)
	rGo                     // 去: a sign-up, guessed (asks first)
	rMenu                   // 吃什么 有什么菜 菜单
	rEvents                 // 有什么活动
	rEventNoun              // 活动: makes 5号 an activity, not a day
	rMyMeals                // 订过哪些 订了什么: the person's orders
	rMySignups              // 报了哪些
	rMySuggest              // 我的建议
	rSuggest                // 跟物业说 反映一下: a report or suggestion
	rRegister               // 登记: a household (with building and room)
	rWith                   // 跟 和 带上: the next kin word is one more person
	rKin                    // 老伴 孙子: a person (counted after rWith)
	rParty                  // 两口子 就我自己: a party of n
	rNeg                    // 不想 订了 已经: not a request to act (yet)
	rQuestion               // 几点 怎么 什么时候: a question about the thing
	rFor                    // 帮我 给 替: before a kin word, for someone of the household (帮我妈: Intent.Target)
)

// lexWord is one word of the lexicon; n is the party size of an rParty.
type lexWord struct {
	word string
	role role
	n    int
}

// lexicon lists the sentence words. Longer words win at each position, so
// 不来吃了 is a cancellation before 来吃 is a booking, and 订了哪些 asks for
// the orders before 订了 says one was made.
func lexicon() []lexWord {
	var out []lexWord
	add := func(r role, words ...string) {
		for _, w := range words {
			out = append(out, lexWord{word: w, role: r})
		}
	}
	add(rFiller, "嗯", "嗯嗯", "那个", "这个", "就是", "啊", "呀", "哎", "哎呀", "唉", "喂", "劳驾", "麻烦", "麻烦你",
		"请", "请问", "问下", "问一下", "帮忙", "我", "我们", "我家", "咱", "咱们", "你", "您", "你好",
		"一下", "的", "吧", "呢", "哦", "嘛", "那顿", "这顿", "一顿", "顿", "都", "也", "还", "再", "就", "又", "看看",
		"看一下", "查查", "查一下", "查", "一块", "一块儿", "一起", "一声", "想", "想要", "可以", "能不能", "可不可以",
		"谢谢", "多谢", "谢谢你", "那", "把", "饭", "吃饭", "一家", "全家", "回来吃", "回来", "好",
		"掉", "下", "家里有事", "有事", "临时", "突然", "出去吃", "呗", "哈", "啦", "了", "有回复", "有没有回复",
		"回复了没", "有进展", "我住", "住", "住在")
	add(rBook, "订", "定", "订餐", "订饭", "定餐", "定饭", "预订", "预定", "报餐", "留", "留饭", "订一份")
	add(rBookQty, "来", "要", "拿")
	add(rBookWeak, "来吃", "来吃饭", "过来吃", "过来吃饭", "去吃", "去吃饭")
	add(rCancel, "取消", "取消掉", "取销", "不要了", "不吃了", "不来吃了", "不来吃饭了", "不来了", "不订了", "不定了",
		"退掉", "退了", "退订", "退餐", "去掉", "撤销", "不用了", "不用留了", "别留了", "不去了", "去不了了", "去不成了",
		"来不了了", "不参加了", "参加不了了", "不能去了", "不能来了", "不吃饭了")
	add(rCancelWeak, "算了")
	add(rSignup, "报名", "报明", "报个名", "参加", "报名参加", "一块去", "一起去", "一块儿去", "都去", "要去", "想去", "去参加")
	add(rGo, "去")
	add(rMenu, "吃什么", "吃啥", "有什么菜", "有啥菜", "什么菜", "啥菜", "菜单", "菜谱", "有什么吃的", "有啥吃的",
		"吃点啥", "吃点什么", "吃啥菜", "吃什么菜")
	add(rEvents, "有什么活动", "有啥活动", "有哪些活动", "什么活动", "啥活动", "活动有哪些", "活动有什么", "有没有活动")
	add(rEventNoun, "活动")
	add(rMyMeals, "订过哪些", "订了哪些", "订过什么", "订了什么", "订了啥", "订过啥", "订了几", "订过几", "订了多少",
		"订过多少", "我的订餐", "我的订单", "订餐记录", "订了哪几", "定了哪些", "定了什么", "定了几")
	add(rMySignups, "报了哪些", "报名了哪些", "报了什么", "报过哪些", "报了几个", "参加了哪些", "我的报名", "我报的活动", "报名的活动", "我报名的")
	add(rMySuggest, "我的建议", "我提的建议", "我反映的", "我的投诉", "我的报修", "我反映的事", "我提的事")
	add(rSuggest, "跟物业说", "和物业说", "跟物业讲", "告诉物业", "跟物业反映", "向物业反映", "和物业反映", "跟居委说",
		"跟居委会说", "告诉居委", "告诉居委会", "跟居委会反映", "反映一下", "反映下", "反映", "报修", "投诉", "提个建议",
		"建议")
	add(rRegister, "登记")
	add(rWith, "我跟", "我和", "我同", "跟", "和", "同", "带上", "带着", "带", "陪", "加上")
	add(rKin, "老伴", "老伴儿", "老头子", "老头", "老太婆", "老太太", "老婆", "老公", "爱人", "媳妇", "儿子", "女儿",
		"闺女", "女婿", "儿媳", "孙子", "孙女", "外孙", "外孙女", "外孙子", "小孙子", "小孙女", "孩子", "邻居", "朋友",
		"老姐妹", "老同事", "我妈", "我爸", "老妈", "老爸", "我老伴", "保姆", "妈", "爸", "妈妈", "爸爸", "婆婆", "公公",
		"岳母", "岳父", "丈母娘", "奶奶", "爷爷", "外婆", "外公", "老母亲", "老父亲", "母亲", "父亲", "家老人", "我家老人")
	out = append(out, []lexWord{
		{"两口子", rParty, 2}, {"老两口", rParty, 2}, {"俩口子", rParty, 2}, {"我俩", rParty, 2}, {"我们俩", rParty, 2},
		{"咱俩", rParty, 2}, {"咱们俩", rParty, 2}, {"我们两个", rParty, 2}, {"我们仨", rParty, 3}, {"咱仨", rParty, 3},
		{"就我自己", rParty, 1}, {"就我一个", rParty, 1}, {"就我一个人", rParty, 1}, {"我一个人", rParty, 1},
		{"我自己", rParty, 1}, {"自己", rParty, 1}, {"就我", rParty, 1},
	}...)
	add(rNeg, "不想", "不用订", "别订", "没订", "不要订", "订了", "订过", "订好了", "定了", "报了", "报过", "报名了",
		"参加过", "已经", "不要", "没有", "不是", "别", "不订")
	add(rFor, "帮我", "给我", "替我", "帮", "给", "替")
	add(rQuestion, "几点", "什么时候", "怎么", "为什么", "多少钱", "哪里", "在哪", "谁", "是不是", "能不能订", "有没有人")
	return out
}

// lexByFirst groups the lexicon by first rune, longest word first.
func lexByFirst(words []lexWord) map[rune][]lexWord {
	m := map[rune][]lexWord{}
	for _, w := range words {
		for _, r := range w.word {
			m[r] = append(m[r], w)
			break
		}
	}
	for r, ws := range m {
		for i := 1; i < len(ws); i++ { // insertion sort: the lists are short
			for j := i; j > 0 && len([]rune(ws[j].word)) > len([]rune(ws[j-1].word)); j-- {
				ws[j], ws[j-1] = ws[j-1], ws[j]
			}
		}
		m[r] = ws
	}
	return m
}

// confirmWords answer the bot's question yes, alone in a message.
var confirmWords = [...]string{"是", "是的", "对", "对的", "对对", "对对对", "好的", "好", "嗯", "嗯嗯", "行", "可以",
	"好嘞", "没错", "ok", "okay", "yes", "是滴", "对头", "要得", "中"}
