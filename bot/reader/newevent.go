package reader

import (
	"fmt"
	"strings"

	"linli/bot"
)

// 发起活动 花卉讲座 11月28日 14:00 党群服务站三楼 30人: the title is the first
// word that is not a date, time or capacity; the date, time and capacity
// may come in any order; the words left over are the place.

// isVolunteerWord marks an activity as volunteering (志愿服务), a word of
// its own anywhere on the first line; 志愿者培训 as a title is a title.
func isVolunteerWord(w string) bool {
	return w == "志愿" || w == "志愿活动" || w == "志愿服务" || w == "(志愿)" || w == "【志愿】"
}

// capacityPrefixes may stand before a capacity: 限30人, 名额:30.
var capacityPrefixes = [...]string{"名额", "人数", "限额", "限"}

// argsNewEvent reads create_event.
func (rd *reading) argsNewEvent(in *bot.Intent, i, end int) *failure {
	i, f := rd.textStart(i)
	if f != nil {
		return f
	}
	var s slots
	var place []string
	hasTime := false
	for _, w := range rd.words(i, end) {
		if isVolunteerWord(rd.word(token{start: w[0], end: w[1]})) && !in.Volunteer {
			in.Volunteer = true // 发起活动 楼道清扫 … 志愿: 签到 and hours apply
			continue
		}
		used, f := rd.eventWord(in, &s, &hasTime, w[0], w[1])
		switch {
		case f != nil:
			return f
		case used:
		case in.Title == "":
			in.Title = rd.text(w[0], w[1])
		default:
			place = append(place, rd.text(w[0], w[1]))
		}
	}
	in.Place = strings.Join(place, " ")
	if s.dateT && s.bad == "" {
		in.Date = s.date.Format("2006-01-02")
	}
	switch {
	case s.bad != "":
		return problem(s.bad)
	case in.Title == "":
		return problem("请写活动名称，如：发起活动 花卉讲座 11月28日 14:00 党群服务站三楼 30人")
	case !s.dateT:
		return problem("请写活动日期，如 11月28日 或 周六")
	case !hasTime:
		return problem("请写活动时间，如 14:00 或 下午2点")
	}
	return nil
}

// eventWord reads one word as date, time and capacity tokens; used is
// false when the word is something else (the title or the place).
func (rd *reading) eventWord(in *bot.Intent, s *slots, hasTime *bool, i, end int) (bool, *failure) {
	if c, ok := rd.capacity(i, end); ok {
		if in.Capacity != 0 {
			return false, rd.syntaxErr(token{start: i, end: end})
		}
		if c < 1 || c > maxCapacity {
			return true, problem(fmt.Sprintf("人数限额要在1到%d之间", maxCapacity))
		}
		in.Capacity = c
		return true, nil
	}
	toks := rd.lexAll(i, end)
	for _, t := range toks {
		ok := t.kind == kDate && t.str == "" || t.kind == kTime || t.kind == kNum && (t.unit == "号" || t.unit == "日")
		if !ok {
			return false, nil
		}
	}
	for _, t := range toks {
		if t.kind == kTime {
			if *hasTime {
				return false, rd.syntaxErr(t)
			}
			*hasTime, in.Time = true, t.str
			s.noteBad(t.bad)
		} else if !rd.take(&command{gram: gNewEvent}, s, t) {
			return false, rd.syntaxErr(t)
		}
	}
	return true, nil
}

// capacity reads 30人, 限30人, 名额30, 名额:30.
func (rd *reading) capacity(i, end int) (int, bool) {
	prefixed := false
	for _, p := range capacityPrefixes {
		if j, ok := rd.at(i, end, p); ok {
			i, prefixed = j, true
			break
		}
	}
	if prefixed && i < end && rd.n[i] == ':' {
		i++
	}
	if i >= end {
		return 0, false
	}
	t, ok := rd.lexNum(i, end)
	if !ok || t.end != end || t.ordinal {
		return 0, false
	}
	if isPartyUnit(t.unit) || prefixed && t.unit == "" {
		return t.num, true
	}
	return 0, false
}
