package reader

import (
	"strings"

	"linli/bot"
)

// argsSchedule reads schedule_notice: the date and time it is sent, in any
// order, then the notice's text (定时通知 明天 08:00 今天检修电梯).
func (rd *reading) argsSchedule(in *bot.Intent, i, end int) *failure {
	i, f := rd.textStart(i)
	if f != nil {
		return f
	}
	var s slots
	hasTime := false
	textAt := -1
	for _, w := range rd.words(i, end) {
		if _, isCapacity := rd.capacity(w[0], w[1]); !isCapacity {
			used, f := rd.eventWord(in, &s, &hasTime, w[0], w[1])
			if f != nil {
				return f
			}
			if used {
				continue
			}
		}
		textAt = w[0]
		break
	}
	const example = "，如：定时通知 明天 08:00 今天上午检修电梯"
	switch {
	case s.bad != "":
		return problem(s.bad)
	case !s.dateT:
		return problem("请写发送的日期" + example)
	case !hasTime:
		return problem("请写发送的时间" + example)
	case textAt < 0:
		return problem("请写通知的内容" + example)
	}
	in.Date = s.date.Format("2006-01-02")
	in.Text = strings.TrimSpace(rd.fullText(textAt))
	return nil
}
