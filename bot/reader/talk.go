package reader

import "linli/bot"

// Words next to a keyword that tell talk about a command from the command,
// and the few that widen a keyword's grammar (这周有什么活动, 今天的菜单是什么).

// periods are spans of time before 活动 (这周有什么活动): the list shows
// what is coming anyway, so they are read and dropped.
var periods = [...]string{
	"这个星期", "下个星期", "这个礼拜", "下个礼拜", "这个周末", "这个月", "下个月",
	"这星期", "下星期", "这礼拜", "下礼拜", "这周末", "下周末", "这周", "本周", "下周", "周末", "本月", "最近", "近期",
}

// lexPeriod reads a span of time (kPeriod).
func (rd *reading) lexPeriod(i, end int) (token, bool) {
	for _, p := range periods {
		if j, ok := rd.at(i, end, p); ok {
			return token{kind: kPeriod, end: j}, true
		}
	}
	return token{}, false
}

// argsEvents reads events: day and period words (before or after the
// keyword) are accepted and dropped; anything else is an extra word.
func (rd *reading) argsEvents(in *bot.Intent, toks []token) *failure {
	in.Page, toks = rd.pageOf(toks) // 活动 第2页
	for _, t := range toks {
		if t.kind == kWord && isEventsQuestion(rd.word(t)) {
			continue // 活动有哪些
		}
		if t.kind == kNum && (t.unit == "" || t.unit == "号") && len(toks) == 1 && t.num > 0 && t.num < tooBig {
			in.Event = t.num // 活动 2: that one activity
			continue
		}
		if t.kind != kPeriod && !(t.kind == kDate && t.str == "") {
			f := rd.syntaxErr(t)
			f.extra = true
			return f
		}
	}
	return nil
}

// isEventsQuestion is a question after 活动 that asks for the list.
func isEventsQuestion(w string) bool {
	return w == "有哪些" || w == "有什么" || w == "有啥" || w == "都有哪些" || w == "都有什么" || w == "都有啥"
}

// namesMeal reports whether the arguments (fillers included) name a meal or
// an order: 午饭, 今晚, 饭, D12.
func (rd *reading) namesMeal(toks []token) bool {
	for _, t := range toks {
		switch {
		case t.kind == kMeal, t.kind == kOrder, t.kind == kDate && t.str != "":
			return true
		case t.kind == kFiller || t.kind == kWord:
			if mealNoun(rd.word(t)) {
				return true
			}
		}
	}
	return false
}

// menuQuestions end a question about the menu (今天的菜单是什么): the
// question is the request.
var menuQuestions = [...]string{"是什么", "是啥", "有什么", "有啥", "有哪些", "是什么菜", "有什么菜", "有啥菜", "有什么好吃的", "有啥好吃的"}

// menuAsks ask for the menu to be sent (菜单发一下, 一下 being a filler):
// to the bot that is the request; in a group it asks the neighbours.
var menuAsks = [...]string{"发", "发我", "发下", "发来", "发来看看", "看看", "看"}

// menuTail is a word the menu grammar accepts after its arguments.
func (rd *reading) menuTail(t token) bool {
	w := rd.word(t)
	for _, q := range menuQuestions {
		if w == q {
			return true
		}
	}
	if !rd.addressed {
		return false
	}
	for _, a := range menuAsks {
		if w == a {
			return true
		}
	}
	return false
}

// compounds make a keyword part of another noun: 公告栏, 报名表, 投诉电话,
// 建议箱 are things, not commands.
var compounds = [...]string{"栏", "书", "单", "表", "室", "群", "费", "员", "箱", "牌", "电话"}

// aboutCommand reports whether the words right after the keyword make the
// message talk about the command: a completed action (订了, 报修了还没来,
// 反映过), the keyword as a modifier (订餐的事, 发通知的是谁) or a compound
// noun (公告栏在一楼). It holds in every context:
// addressed, such a message gets a clarifying reply, not an action.
func (rd *reading) aboutCommand(f found, end int) bool {
	i := f.kwE
	if i >= end {
		return false
	}
	if r := rd.n[i]; r == '了' || r == '过' || r == '的' {
		return true // 订了, 反映过, 发通知的是谁
	}
	switch f.cmd.gram {
	case gNewEvent, gEdit, gSchedule: // 发起活动书法课: the title may follow at once
		return false
	}
	for _, c := range compounds {
		if _, ok := rd.at(i, end, c); ok {
			return true
		}
	}
	return false
}

// negationDone strips the 了 of a negated keyword's 「不参加3号活动了」: not
// going any more is the request. (报名3号了 reports a sign-up; it stays talk.)
// done reports that a 了 was stripped: in a group the message is then a
// command only if it is complete (「不参加活动了」 is news to the neighbours).
func (rd *reading) negationDone(f found, end int) (int, bool) {
	if rd.n[f.kwS] != '不' || end <= f.kwE {
		return end, false
	}
	if j, ok := rd.endsWith(f.kwE, end, "了"); ok {
		return rd.stripTail(f.kwE, j), true
	}
	return end, false
}
