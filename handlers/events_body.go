package handlers

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"linli/bot"
)

// The lines after 发起活动 / 修改活动 add details, one a line, a label first:
//
//	说明 请带老花镜
//	截止 11月27日 18:00      (sign-up closes; a time alone is on the activity's day)
//	范围 8号楼 / 全体
//	地点 … / 时间 … / 名额 40 or 不限 / 名称 …   (for 修改活动 mostly)

// bodyFields is what the lines said; nil means not said.
type bodyFields struct {
	title, place, notes *string
	when, deadline      *string // as typed, read once the day is known
	capacity            *int
	noDeadline          bool
	volunteer           bool // a line 志愿: a volunteer activity
	scope               []string
}

var bodyLabels = []struct{ label, field string }{
	{"报名截止", "deadline"}, {"截止时间", "deadline"}, {"截止", "deadline"},
	{"说明", "notes"}, {"介绍", "notes"}, {"备注", "notes"},
	{"范围", "scope"}, {"地点", "place"}, {"地址", "place"},
	{"时间", "when"}, {"日期", "when"}, {"名额", "capacity"}, {"人数", "capacity"},
	{"名称", "title"}, {"标题", "title"},
}

// parseBody reads the detail lines; a line it cannot read is a mistake the
// person sees, naming the line, so nothing is half-understood.
func parseBody(lines []string) (bodyFields, error) {
	var f bodyFields
	for _, line := range lines {
		if w := strings.TrimSpace(line); w == "志愿" || w == "志愿活动" || w == "志愿服务" {
			f.volunteer = true
			continue
		}
		field, rest, ok := cutLabel(line)
		if !ok {
			return f, bot.Misuse("看不懂「%s」：下面几行请用 说明、截止、范围、地点、时间、名额 开头。", line)
		}
		if rest == "" {
			return f, bot.Misuse("「%s」后面请写内容。", line)
		}
		switch field {
		case "title":
			f.title = &rest
		case "place":
			f.place = &rest
		case "notes":
			f.notes = &rest
		case "when":
			f.when = &rest
		case "deadline":
			if rest == "不限" || rest == "无" || rest == "取消" {
				f.noDeadline = true
			} else {
				f.deadline = &rest
			}
		case "capacity":
			c, err := parseCapacity(rest)
			if err != nil {
				return f, err
			}
			f.capacity = &c
		case "scope":
			f.scope = parseBuildings(rest)
			if len(f.scope) == 0 {
				return f, bot.Misuse("范围请写楼号或「全体」，如：范围 8号楼")
			}
		}
	}
	return f, nil
}

func cutLabel(line string) (field, rest string, ok bool) {
	line = strings.TrimSpace(line)
	for _, l := range bodyLabels {
		if r, found := strings.CutPrefix(line, l.label); found {
			return l.field, strings.TrimSpace(strings.TrimLeft(r, ":：,， ")), true
		}
	}
	return "", "", false
}

func parseCapacity(s string) (int, error) {
	s = normDigits(s)
	if s == "不限" || s == "不限人数" || s == "0" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimRight(strings.TrimPrefix(s, "限"), "人位名"))
	if err != nil || n < 1 || n > 10000 {
		return 0, bot.Misuse("名额请写人数，如：名额 40，不限人数写：名额 不限")
	}
	return n, nil
}

var buildingRe = regexp.MustCompile(`^(\d{1,3})(号楼|号|栋|幢|楼)?$`)

// parseBuildings reads "8号楼 9栋", "8、9号楼" or "全体" into building names.
func parseBuildings(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(normDigits(s), func(r rune) bool { return strings.ContainsRune(" 、,，和", r) }) {
		switch {
		case w == "全体" || w == "全部" || w == "全小区" || w == "所有楼":
			return []string{"全体"}
		case buildingRe.MatchString(w):
			n := buildingRe.FindStringSubmatch(w)[1]
			out = append(out, strings.TrimLeft(n, "0")+"号楼")
		default:
			return nil
		}
	}
	return out
}

// normDigits makes full-width digits and colons ASCII.
func normDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '：':
			return ':'
		case r == '　':
			return ' '
		}
		return r
	}, strings.TrimSpace(s))
}

var whenRe = regexp.MustCompile(`^(今天|明天|后天|前一天|当天)?` +
	`(?:(\d{1,2})[月./-](\d{1,2})[日号]?)?(?:(\d{1,2})[日号])?` +
	`(上午|中午|下午|晚上)?(?:(\d{1,2})(?::(\d{2})|点(半|(\d{1,2})分?)?))?$`)

// parseWhen reads a day and/or a time such as 11月27日 18:00, 前一天 晚上8点,
// 27号, 18:00. A missing day is day's; a missing time is clock (HH:MM).
func (h *Handlers) parseWhen(s string, now, day time.Time, clock string) (time.Time, error) {
	m := whenRe.FindStringSubmatch(strings.ReplaceAll(normDigits(s), " ", ""))
	if m == nil || s == "" {
		return time.Time{}, bot.Misuse("看不懂时间「%s」，请写成 11月27日 18:00 这样。", s)
	}
	today, base := h.today(now), h.today(day)
	switch m[1] {
	case "今天":
		base = today
	case "明天":
		base = today.AddDate(0, 0, 1)
	case "后天":
		base = today.AddDate(0, 0, 2)
	case "前一天":
		base = base.AddDate(0, 0, -1)
	}
	if m[2] != "" {
		mon, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		base = time.Date(today.Year(), time.Month(mon), d, 0, 0, 0, 0, h.cfg.Location)
		if base.Before(today.AddDate(0, -1, 0)) {
			base = base.AddDate(1, 0, 0)
		}
		if base.Day() != d {
			return time.Time{}, bot.Tell("没有%s月%s日这一天。", m[2], m[3])
		}
	} else if m[4] != "" {
		d, _ := strconv.Atoi(m[4])
		base = time.Date(base.Year(), base.Month(), d, 0, 0, 0, 0, h.cfg.Location)
	}
	if m[6] != "" {
		hour, _ := strconv.Atoi(m[6])
		min := 0
		switch {
		case m[7] != "":
			min, _ = strconv.Atoi(m[7])
		case m[8] == "半":
			min = 30
		case m[9] != "":
			min, _ = strconv.Atoi(m[9])
		}
		if (m[5] == "下午" || m[5] == "晚上") && hour < 12 {
			hour += 12
		}
		clock = fmt.Sprintf("%02d:%02d", hour, min)
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", base.Format("2006-01-02")+" "+clock, h.cfg.Location)
	if err != nil {
		return time.Time{}, bot.Misuse("看不懂时间「%s」，请写成 11月27日 18:00 这样。", s)
	}
	return t, nil
}
