package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"linli/bot"
	"linli/store"
)

// menuField is one kind of setting line of 设置菜单, by its keywords.
type menuField struct {
	keywords []string
	set      func(d *menuDraft, value string) error
}

// menuDraft is a menu being read from the manager's lines.
type menuDraft struct {
	in     store.MenuInput
	day    time.Time
	worker bool // 爱心餐 was written
}

func menuFields() []menuField {
	price := func(dst func(d *menuDraft) *int64, what string) func(*menuDraft, string) error {
		return func(d *menuDraft, v string) error {
			fen, ok := parseYuan(v)
			if !ok {
				return bot.Misuse("「%s」后面请写价钱，如：%s 15", what, what)
			}
			*dst(d) = fen
			return nil
		}
	}
	return []menuField{
		{[]string{"每份", "标准价", "标准", "单价", "价格"}, price(func(d *menuDraft) *int64 { return &d.in.Price }, "每份")},
		{[]string{"助老价", "助老", "长者价"}, price(func(d *menuDraft) *int64 { return &d.in.ElderPrice }, "助老")},
		{[]string{"爱心餐价", "爱心餐", "爱心价"}, func(d *menuDraft, v string) error {
			d.worker = true
			d.in.WorkerPrice = new(int64)
			return price(func(d *menuDraft) *int64 { return d.in.WorkerPrice }, "爱心餐")(d, v)
		}},
		{[]string{"限量", "限额"}, func(d *menuDraft, v string) error {
			n, err := strconv.Atoi(strings.TrimRight(v, "份"))
			if err != nil || n < 0 || n > 10000 {
				return bot.Misuse("「限量」后面请写份数，如：限量 80（0 表示不限）")
			}
			d.in.Capacity = n
			return nil
		}},
		{[]string{"截止时间", "截止", "截至"}, func(d *menuDraft, v string) error {
			at, ok := parseClock(v)
			if !ok {
				return bot.Misuse("「截止」后面请写时间，如：截止 09:30")
			}
			d.in.Cutoff = d.day.Add(at)
			return nil
		}},
	}
}

// readMenu reads the lines of 设置菜单: settings (每份 15, 助老 12,
// 爱心餐 9.9, 限量 80, 截止 09:30) and dishes (鱼香肉丝 12, or 鱼香肉丝).
// What a line does not set comes from the canteen's defaults. A portion is
// booked at 每份 (or the default); a dish's own price is only shown beside
// it, for canteens that list what a dish costs on its own.
func (h *Handlers) readMenu(day time.Time, date, meal string, body []string) (store.MenuInput, error) {
	c := h.cfg.Canteen
	d := &menuDraft{day: day, in: store.MenuInput{Date: date, Meal: meal, Price: c.Price, ElderPrice: c.ElderPrice,
		Capacity: c.Capacity, Cutoff: h.defaultCutoff(day, meal)}}
	fields := menuFields()
lines:
	for _, raw := range body {
		line := foldWidth(strings.TrimSpace(raw))
		for _, f := range fields {
			for _, k := range f.keywords {
				if v, ok := strings.CutPrefix(line, k); ok {
					if err := f.set(d, strings.Trim(v, " :：")); err != nil {
						return d.in, err
					}
					continue lines
				}
			}
		}
		if err := d.dish(line); err != nil {
			return d.in, err
		}
	}
	if len(d.in.Dishes) == 0 {
		return d.in, bot.Misuse("请在「设置菜单」下面每行写一道菜")
	}
	if d.in.Price <= 0 {
		return d.in, bot.Misuse("请写每份的价钱，如：每份 15")
	}
	if !d.worker && meal == bot.Lunch {
		w := c.WorkerPrice
		d.in.WorkerPrice = &w
	}
	return d.in, nil
}

// dish reads a dish line: a name, then optionally its price.
func (d *menuDraft) dish(line string) error {
	name, price := line, int64(0)
	if i := strings.LastIndexAny(line, " \t"); i > 0 {
		if fen, ok := parseYuan(line[i+1:]); ok {
			name, price = strings.TrimSpace(line[:i]), fen
		}
	}
	switch {
	case name == "":
		return nil
	case len([]rune(name)) > 20:
		return bot.Misuse("菜名「%s」太长了，一行请只写一道菜", name)
	case len(d.in.Dishes) >= 30:
		return bot.Misuse("一顿饭最多写30道菜")
	}
	d.in.Dishes = append(d.in.Dishes, store.Dish{Name: name, Price: price})
	return nil
}

// parseYuan reads a price in yuan (12, 9.9, 12元, ¥12.50) as fen; more
// than two decimals is not a price.
func parseYuan(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "¥"), "￥"))
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "/份"), "元"), "块")
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || (dot && frac == "") || !digits(whole) || !digits(frac) || len(whole) > 5 {
		return 0, false
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	return w*100 + f, true
}

// parseClock reads 09:30, 9:30, 9点, 9点半 or 9点30 as a time of day.
func parseClock(s string) (time.Duration, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "分"), "前")
	hs, ms, ok := strings.Cut(s, ":")
	if !ok {
		hs, ms, ok = strings.Cut(s, "点")
		if ms == "半" {
			ms = "30"
		}
	}
	if !ok || !digits(hs) || hs == "" {
		return 0, false
	}
	if ms == "" {
		ms = "0"
	}
	hr, err1 := strconv.Atoi(hs)
	mi, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || hr > 23 || mi > 59 || len(ms) > 2 {
		return 0, false
	}
	return time.Duration(hr)*time.Hour + time.Duration(mi)*time.Minute, true
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// foldWidth turns full-width digits, letters and punctuation into their
// ASCII forms and ideographic spaces into spaces, as phones type them.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r == '：':
			return ':'
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
}

// menuSummary describes a menu for the manager who set it.
func (h *Handlers) menuSummary(m store.Menu, now time.Time) []string {
	limit := "不限量"
	if m.Capacity > 0 {
		limit = fmt.Sprintf("限量 %d份", m.Capacity)
	}
	return []string{
		fmt.Sprintf("已设置 %s的菜单，共 %d 道菜", h.mealName(m.Date, m.Meal, now), len(m.Dishes)),
		allPrices(m),
		fmt.Sprintf("%s，%s 截止预订", limit, h.clock(m.Cutoff, now)),
	}
}
