package reader

import (
	"strings"

	"linli/bot"
)

// Volunteer hours: 签到 3 (oneself, during the activity), 签到 3 @某人 (the
// organiser for someone), 时长 3 2小时 (the activity's hours: 2小时, 1.5小时,
// 90分钟, 半小时), 我的志愿时长.

// argsCheckin reads 签到 <event> [@someone].
func (rd *reading) argsCheckin(in *bot.Intent, i, end int) *failure {
	ws := rd.words(i, end)
	if len(ws) == 0 {
		return problem("请写活动编号，如：签到 3")
	}
	n, j, ok := rd.code(ws[0][0], ws[0][1], 0)
	if k, isEvent := rd.at(j, ws[0][1], "活动"); ok && isEvent {
		j = k // 签到3号活动
	}
	if !ok || j != ws[0][1] || n < 1 || n >= tooBig {
		return rd.syntaxErr(token{start: ws[0][0], end: ws[0][1]})
	}
	in.Event = n
	switch {
	case len(ws) == 1:
	case len(ws) == 2 && rd.n[ws[1][0]] == '@' && ws[1][1] > ws[1][0]+1:
		in.Target = rd.text(ws[1][0]+1, ws[1][1])
	default:
		return rd.syntaxErr(token{start: ws[1][0], end: ws[1][1]})
	}
	return nil
}

// argsHours reads 时长 <event> <duration>.
func (rd *reading) argsHours(in *bot.Intent, i, end int) *failure {
	example := "请写活动编号和时长，如：时长 3 2小时"
	ws := rd.words(i, end)
	if len(ws) == 0 {
		return problem(example)
	}
	n, j, ok := rd.code(ws[0][0], ws[0][1], 0)
	if !ok || n < 1 || n >= tooBig {
		return rd.syntaxErr(token{start: ws[0][0], end: ws[0][1]})
	}
	in.Event = n
	rest := strings.TrimSpace(string(rd.n[j:end]))
	if rest == "" {
		return problem(example)
	}
	minutes, ok := duration(rest)
	if !ok {
		return rd.syntaxErr(token{start: rd.skipSpace(j, end), end: end})
	}
	if minutes < 1 || minutes > 24*60 {
		return problem("时长要在1分钟到24小时之间")
	}
	in.Minutes = minutes
	return nil
}

// duration reads 2小时, 1.5小时, 两个小时, 90分钟, 半小时, 2小时30分钟.
func duration(s string) (int, bool) {
	s = strings.NewReplacer(" ", "", "个", "", "钟", "", "两", "2", "一", "1", "二", "2", "三", "3", "四", "4",
		"五", "5", "六", "6", "七", "7", "八", "8", "九", "9").Replace(s)
	if s == "半小时" {
		return 30, true
	}
	total := 0
	if h, rest, ok := strings.Cut(s, "小时"); ok {
		tenths, ok := decimal(h)
		if !ok {
			return 0, false
		}
		total, s = tenths*6, rest
		if s == "半" {
			return total + 30, true
		}
	}
	if s == "" {
		return total, total > 0
	}
	m, ok := strings.CutSuffix(s, "分")
	minutes, digits := 0, ok && m != ""
	for _, r := range m {
		if r < '0' || r > '9' {
			digits = false
			break
		}
		minutes = minutes*10 + int(r-'0')
	}
	return total + minutes, digits
}

// decimal reads 2 or 1.5 as tenths.
func decimal(s string) (int, bool) {
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 2 || len(frac) > 1 || dot && frac == "" {
		return 0, false
	}
	v := 0
	for _, r := range whole + (frac + "0")[:1] {
		if r < '0' || r > '9' {
			return 0, false
		}
		v = v*10 + int(r-'0')
	}
	return v, true
}
