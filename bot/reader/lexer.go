package reader

import (
	"strings"
	"time"
)

// kind is what a token of a command's arguments is.
type kind uint8

const (
	kWord    kind = iota // anything not recognised
	kFiller              // 的, 一下, 个: words that change nothing
	kDate                // 明天, 周三, 11月28日 (str: a meal too, for 今晚)
	kMeal                // 午饭 (str: the meal)
	kTime                // 14:00 (str: HH:MM)
	kNum                 // 3, 两份, 第3个活动 (num, unit, ordinal)
	kOrder               // D12 (num)
	kTicket              // S12 (num)
	kRoom                // 8-301 (num: building, num2: room)
	kMention             // @张阿姨
	kAll                 // 全体
	kPeriod              // 这周, 下个月: a span, read before 活动
)

// token is one recognised piece of a command's arguments; start and end
// index the line.
type token struct {
	kind       kind
	start, end int
	num, num2  int
	unit       string
	ordinal    bool
	str        string
	date       time.Time
	bad        string // set when the token is recognised but impossible (2月30日)
}

// meals maps the words for a meal to its name, longest first.
var meals = [...]struct{ word, meal string }{
	{"早饭", "breakfast"}, {"早餐", "breakfast"}, {"早上", "breakfast"},
	{"午饭", "lunch"}, {"午餐", "lunch"}, {"中饭", "lunch"}, {"中餐", "lunch"}, {"中午", "lunch"},
	{"晚饭", "dinner"}, {"晚餐", "dinner"}, {"晚上", "dinner"},
	{"夜饭", "dinner"}, // Shanghainese
	{"午", "lunch"}, {"晚", "dinner"},
}

// units may follow a number, longest first.
var units = [...]string{"号活动", "个活动", "号订单", "个人", "口人", "号楼", "口", "号", "日", "份", "个", "人", "位", "名", "栋", "幢", "室", "分"}

// typedForPortion is 分, which a pinyin keyboard offers for fen as often as
// 份: 「订餐 明天 2分」 books two. Only booking reads it so.
const typedForPortion = "分"

// fillers are words that carry nothing in a command. 个 and 份 alone (订个午饭,
// 订份晚饭) mean one, the default.
var fillers = [...]string{"一下", "给我", "我们家", "我们", "我家", "一家", "全家", "的", "个", "份", "饭", ":", ",", "、"}

// lexAll splits n[i:end] into tokens.
func (rd *reading) lexAll(i, end int) []token {
	var toks []token
	for i = rd.skipSpace(i, end); i < end; i = rd.skipSpace(i, end) {
		t := rd.lexOne(i, end)
		toks = append(toks, t)
		i = t.end
	}
	return toks
}

// lexOne returns the token at i (not a space); unrecognised text runs as
// one word up to a space or the next recognised token.
func (rd *reading) lexOne(i, end int) token {
	if t, ok := rd.recognise(i, end); ok {
		return t
	}
	j := i + 1
	for j < end && rd.n[j] != ' ' {
		if _, ok := rd.recognise(j, end); ok {
			break
		}
		j++
	}
	return token{kind: kWord, start: i, end: j}
}

// recognise tries every kind of token at i, most specific first.
func (rd *reading) recognise(i, end int) (token, bool) {
	if i >= end || !rd.r.starts[rd.n[i]] {
		return token{}, false
	}
	for _, f := range [...]func(int, int) (token, bool){
		rd.lexRelDay, rd.lexWeekday, rd.lexPeriod, rd.lexTime, rd.lexMonthDay,
		rd.lexMeal, rd.lexCode, rd.lexFiller, rd.lexNum, rd.lexMention,
	} {
		if t, ok := f(i, end); ok {
			t.start = i
			return t, true
		}
	}
	return token{}, false
}

// lexMeal reads 午饭, 晚上, 午 ….
func (rd *reading) lexMeal(i, end int) (token, bool) {
	for _, m := range meals {
		if j, ok := rd.at(i, end, m.word); ok {
			return token{kind: kMeal, end: j, str: m.meal}, true
		}
	}
	if j, ok := rd.at(i, end, "全体"); ok {
		return token{kind: kAll, end: j}, true
	}
	if j, ok := rd.at(i, end, "全部"); ok {
		return token{kind: kAll, end: j}, true
	}
	return token{}, false
}

// lexCode reads an order (D12, 订单12, 订单号12) or a ticket (S12).
func (rd *reading) lexCode(i, end int) (token, bool) {
	k := kOrder
	j := i
	switch {
	case rd.n[i] == 'd':
		j = rd.codeDigits(i+1, end)
	case rd.n[i] == 's':
		k, j = kTicket, rd.codeDigits(i+1, end)
	default:
		var ok bool
		if j, ok = rd.at(i, end, "订单"); !ok {
			return token{}, false
		}
		if j2, ok := rd.at(j, end, "号"); ok {
			j = j2
		}
		j = rd.skipSpace(j, end)
	}
	v, j, ok := rd.digits(j, end)
	if !ok || (j < end && isASCIILetter(rd.n[j])) || (i > 0 && isASCIILetter(rd.n[i-1])) {
		return token{}, false
	}
	return token{kind: k, end: j, num: v}, true
}

// codeDigits skips one space between a code's letter and its digits: a
// phone keyboard types 「D 12」 as often as 「D12」.
func (rd *reading) codeDigits(j, end int) int {
	if j+1 < end && rd.n[j] == ' ' && isDigit(rd.n[j+1]) {
		return j + 1
	}
	return j
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// lexFiller reads a word that changes nothing.
func (rd *reading) lexFiller(i, end int) (token, bool) {
	for _, f := range fillers {
		if j, ok := rd.at(i, end, f); ok {
			return token{kind: kFiller, end: j}, true
		}
	}
	return token{}, false
}

// lexNum reads a number with an optional 第 before and unit after it.
func (rd *reading) lexNum(i, end int) (token, bool) {
	t := token{kind: kNum}
	if j, ok := rd.at(i, end, "第"); ok {
		i, t.ordinal = j, true
	}
	v, j, ok := rd.number(i, end)
	if !ok {
		return token{}, false
	}
	t.num, t.end = v, j
	k := rd.skipSpace(j, end)
	for _, u := range units {
		if e, ok := rd.at(k, end, u); ok {
			t.unit, t.end = u, e
			break
		}
	}
	return t, true
}

// lexMention reads @name up to a space.
func (rd *reading) lexMention(i, end int) (token, bool) {
	if rd.n[i] != '@' {
		return token{}, false
	}
	j := i + 1
	for j < end && rd.n[j] != ' ' {
		j++
	}
	return token{kind: kMention, end: j, str: strings.TrimSpace(string(rd.o[i+1 : j]))}, true
}
