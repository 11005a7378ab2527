package reader

import (
	"strings"

	"linli/bot"
)

// 修改活动 3 12月1日 15:00 社区活动室 40人: the activity's number first, then
// only what changes, read as 发起活动 reads it (date, time and capacity in
// any order, the words left over are the new place). Changes may also come
// on the following lines (说明 …, 截止 …), which the handler reads.

// argsEditEvent reads edit_event.
func (rd *reading) argsEditEvent(in *bot.Intent, i, end int) *failure {
	i, f := rd.textStart(i)
	if f != nil {
		return f
	}
	const example = "如：修改活动 3 12月1日 15:00 社区活动室 40人"
	words := rd.words(i, end)
	if len(words) == 0 {
		return problem("请写活动编号和要改的内容，" + example)
	}
	toks := rd.lexAll(words[0][0], words[0][1])
	if len(toks) != 1 || toks[0].kind != kNum || !isEventUnit(toks[0]) {
		if rd.addressed {
			return problem("请先写活动编号，" + example)
		}
		return rd.syntaxErr(token{start: words[0][0], end: words[0][1]})
	}
	if toks[0].num < 1 || toks[0].num >= tooBig {
		return problem("活动编号不对，请写活动前面的数字，" + example)
	}
	in.Event = toks[0].num
	var s slots
	var place []string
	hasTime := false
	for _, w := range words[1:] {
		used, f := rd.eventWord(in, &s, &hasTime, w[0], w[1])
		switch {
		case f != nil:
			return f
		case !used:
			place = append(place, rd.text(w[0], w[1]))
		}
	}
	in.Place = strings.Join(place, " ")
	if s.bad != "" {
		return problem(s.bad)
	}
	if s.dateT {
		in.Date = s.date.Format("2006-01-02")
	}
	if !s.dateT && !hasTime && in.Place == "" && in.Capacity == 0 && len(rd.body) == 0 {
		return problem("请写要改的时间、地点或名额，" + example)
	}
	return nil
}
