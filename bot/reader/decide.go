package reader

import (
	"linli/bot"
)

// failure is why a command's arguments did not read. A syntax failure is a
// word the grammar does not accept: in a group that makes the message
// chatter. Any other failure is a command with a mistake (25份, 2月30日, 报名
// without a number) and gets a reply.
type failure struct {
	msg    string
	syntax bool
	// extra is set when the only trouble is words after an argument-less
	// keyword; addressed and separated by a space, they are ignored.
	extra bool
}

// syntaxErr says which word was not understood. A lone character is
// quoted with the rest of the word it starts (「大大后天」, not 「大」:
// 大后天 after it was read), so the reply shows what the person typed.
func (rd *reading) syntaxErr(t token) *failure {
	end := t.end
	for t.end == t.start+1 && end < len(rd.n) && rd.n[end] != ' ' && !isClauseBreak(rd.n[end]) {
		end++
	}
	return &failure{msg: "看不懂「" + rd.text(t.start, end) + "」", syntax: true}
}

// problem is a failure of a command that was understood.
func problem(msg string) *failure { return &failure{msg: msg} }

// found is where a keyword was found: the command, the keyword's span,
// and the date and meal words before it (明天菜单).
type found struct {
	cmd      *command
	kw       string
	kwS, kwE int
	pre      []token
}

// readKeyword reads a message that may start with a keyword (after the
// lead-in), or with date and meal words and then a keyword.
func (rd *reading) readKeyword(start, rawEnd int) (bot.Intent, bool) {
	end := rd.stripTail(start, rawEnd)
	f, ok := rd.find(start, end)
	if !ok {
		return bot.Intent{}, false
	}
	if isAction(f.cmd.gram) && rd.question(end, rawEnd) {
		return bot.Intent{}, false // 订餐吗? asks about booking, it does not book
	}
	end, done := rd.negationDone(f, end)
	if f.cmd.needDone && !done {
		return bot.Intent{}, false
	}
	if f.cmd.addressedOnly && !rd.addressed {
		return bot.Intent{}, false // 今天中午不要了 may be about anything in a group
	}
	if rd.aboutCommand(f, end) {
		return bot.Intent{}, false // 订了, 公告栏在一楼: talk about the command
	}
	in := bot.Intent{Name: f.cmd.intent}
	fail := rd.args(f.cmd, &in, f.pre, f.kwE, end)
	if done && fail != nil && !rd.addressed {
		return bot.Intent{}, false // 不参加活动了: said to the group, not a request
	}
	restEmpty := len(f.pre) == 0 && rd.skipSpace(f.kwE, end) == end
	if restEmpty && !rd.addressed && contains(f.cmd.needArgs, f.kw) {
		return bot.Intent{}, false // 订 or 取消 alone is not a command in a group
	}
	if restEmpty && rd.addressed && f.kw == "取消" {
		// A bare 取消 may mean a meal or a sign-up: too bare to act on
		// without knowing the person's orders (PRODUCT.md).
		return bot.Intent{Name: bot.IntentUnknown}, true
	}
	if fail == nil {
		return in, true
	}
	sep := f.kwE < end && isSeparator(rd.n[f.kwE])
	rd.unread = fail.syntax
	if !rd.addressed {
		if fail.syntax || (restEmpty && !rd.exactKeyword(start, rawEnd, f)) || (!restEmpty && rd.onlyFillers(f.kwE, end)) {
			return bot.Intent{}, false // 「确认一下」 talks to the group, not to the bot
		}
		in.Problem = fail.msg
		return in, true
	}
	switch {
	case fail.extra && sep:
		return bot.Intent{Name: f.cmd.intent}, true
	case fail.syntax && !sep && !rd.argFirst(f.kwE, end):
		return bot.Intent{Name: bot.IntentUnknown}, true
	}
	in.Problem = fail.msg
	return in, true
}

// find looks for a keyword at start, or after date and meal words (any
// recognised argument when addressed) for commands that take them.
func (rd *reading) find(start, end int) (found, bool) {
	var pre []token
	for i := start; i < end; {
		if len(pre) > 0 {
			if i = rd.stripLeadIn(i, end); i >= end { // 后天的晚饭帮我订3份
				break // 「0请」: a lead-in and no keyword after it
			}
		}
		if k, j, ok := rd.keywordAt(i, end); ok {
			if len(pre) > 0 && !k.cmd.pre {
				return found{}, false
			}
			return found{cmd: k.cmd, kw: k.text, kwS: i, kwE: j, pre: pre}, true
		}
		t := rd.lexOne(i, end)
		if !rd.preAllowed(t) {
			return found{}, false
		}
		pre = append(pre, t)
		i = rd.skipSpace(t.end, end)
	}
	return found{}, false
}

// preAllowed says whether a token may come before the keyword.
func (rd *reading) preAllowed(t token) bool {
	switch t.kind {
	case kDate, kMeal, kFiller, kPeriod:
		return true
	case kWord, kMention:
		return false
	case kNum: // 29号菜单: a day of the month, also in a group
		if !t.ordinal && (t.unit == "号" || t.unit == "日") {
			return true
		}
	}
	return rd.addressed
}

// keywordAt returns the longest keyword at i.
func (rd *reading) keywordAt(i, end int) (keyword, int, bool) {
	if i >= end {
		return keyword{}, 0, false
	}
	for _, k := range rd.r.byFirst[rd.n[i]] {
		if j, ok := rd.at(i, end, k.text); ok {
			return k, j, true
		}
	}
	return keyword{}, 0, false
}

// exactKeyword is true when the message is the keyword alone (a colon
// allowed): in a group, 报名 alone is a command missing its number, but
// 报名? is a question.
func (rd *reading) exactKeyword(start, rawEnd int, f found) bool {
	if f.kwS != start {
		return false
	}
	e := rawEnd
	for e > f.kwE && (rd.n[e-1] == ':' || rd.n[e-1] == ' ') {
		e--
	}
	return e == f.kwE
}

// argFirst is true when the first word after the keyword is a recognised
// argument (订餐明天abc is a booking with a mistake, 订餐的事 is a sentence).
func (rd *reading) argFirst(i, end int) bool {
	for _, t := range rd.lexAll(i, end) {
		if t.kind != kFiller {
			return t.kind != kWord
		}
	}
	return false
}

// isAction is a grammar whose command changes something with no text to
// show for it: asked as a question, it is talk about the command.
func isAction(g grammar) bool {
	switch g {
	case gBook, gCancel, gSignup, gEvent, gRegister, gBind:
		return true
	}
	return false
}

// question reports whether the stripped tail n[end:rawEnd] asks something.
func (rd *reading) question(end, rawEnd int) bool {
	for _, r := range rd.n[end:rawEnd] {
		if r == '?' || r == '吗' || r == '么' {
			return true
		}
	}
	return false
}

// isSeparator is a character that may separate a keyword from its text.
func isSeparator(r rune) bool {
	switch r {
	case ' ', ':', ',', '、', '@', '-':
		return true
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// onlyFillers reports whether n[i:end] holds nothing but filler words (一下,
// 的 …): a keyword followed only by them is talk, not a command missing its
// arguments.
func (rd *reading) onlyFillers(i, end int) bool {
	for _, t := range rd.lexAll(i, end) {
		if t.kind != kFiller {
			return false
		}
	}
	return true
}
