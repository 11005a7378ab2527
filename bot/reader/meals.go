package reader

import (
	"fmt"
	"time"

	"linli/bot"
)

// A meal's cut-off "has passed" from the cut-off minute on: at 09:30 lunch
// can no longer be booked, at 09:29 it can.

// serves reports whether the canteen serves meal.
func (r *Reader) serves(meal string) bool {
	for _, s := range r.served {
		if s.meal == meal {
			return true
		}
	}
	return false
}

// mealName is the meal in Chinese, for problems.
func mealName(meal string) string {
	switch meal {
	case bot.Breakfast:
		return "早餐"
	case bot.Lunch:
		return "午餐"
	}
	return "晚餐"
}

// open reports whether meal m on day can still be booked at now.
func (rd *reading) open(day time.Time, m servedMeal) bool {
	cut := day.Add(time.Duration(m.cutoff) * time.Minute)
	return rd.now.Before(cut)
}

// nextMeal is the next meal whose cut-off has not passed.
func (rd *reading) nextMeal() (time.Time, string) {
	for d := 0; d < 8; d++ {
		day := rd.today.AddDate(0, 0, d)
		for _, m := range rd.r.served {
			if rd.open(day, m) {
				return day, m.meal
			}
		}
	}
	return rd.today.AddDate(0, 0, 1), rd.r.served[0].meal
}

// firstOpenMeal is the first meal of day still open; if all have closed,
// the last one, so the handler can say it is too late.
func (rd *reading) firstOpenMeal(day time.Time) string {
	for _, m := range rd.r.served {
		if rd.open(day, m) {
			return m.meal
		}
	}
	return rd.r.served[len(rd.r.served)-1].meal
}

// dayForMeal is today if meal is still open today, else tomorrow.
func (rd *reading) dayForMeal(meal string) time.Time {
	for _, m := range rd.r.served {
		if m.meal == meal && rd.open(rd.today, m) {
			return rd.today
		}
	}
	return rd.today.AddDate(0, 0, 1)
}

// menuDay is today, or tomorrow once today's last cut-off has passed.
func (rd *reading) menuDay() time.Time {
	if n := len(rd.r.served); n > 0 && !rd.open(rd.today, rd.r.served[n-1]) {
		return rd.today.AddDate(0, 0, 1)
	}
	return rd.today
}

// buildingName writes a building as 8号楼, whatever the person typed (8栋,
// 八号楼, ８号楼), so that one building has one name in the database.
func buildingName(n int) string { return fmt.Sprintf("%d号楼", n) }

func isBuildingUnit(u string) bool { return u == "号楼" || u == "栋" || u == "幢" }

// argsPlace reads register ([building] room) and bind_group (building or 全体).
func (rd *reading) argsPlace(c *command, in *bot.Intent, toks []token) *failure {
	building, room := 0, 0
	all := false
	for _, t := range toks {
		switch {
		case t.kind == kNum && isBuildingUnit(t.unit) && building == 0:
			building = t.num
		case t.kind == kRoom && building == 0 && room == 0 && c.gram == gRegister:
			building, room = t.num, t.num2
		case t.kind == kNum && (t.unit == "" || t.unit == "室") && room == 0 && c.gram == gRegister:
			room = t.num
		case t.kind == kNum && t.unit == "" && building == 0 && c.gram == gBind:
			building = t.num
		case t.kind == kAll && c.gram == gBind && !all:
			all = true
		default:
			return rd.syntaxErr(t)
		}
	}
	if building >= 1000 || building < 0 || room >= 100000 {
		return problem("楼号或房号不对")
	}
	if c.gram == gBind {
		return bindTo(in, building, all)
	}
	if room < 1 {
		return problem("请写房号，如：" + c.keywords[0] + " 8号楼 301")
	}
	if building > 0 {
		in.Building = buildingName(building)
	}
	in.Room = fmt.Sprint(room)
	return nil
}

// bindTo sets the building a group is bound to.
func bindTo(in *bot.Intent, building int, all bool) *failure {
	switch {
	case all && building > 0:
		return problem("请只写一个楼号，或者写「全体」")
	case all:
		in.Building = "全体"
	case building > 0:
		in.Building = buildingName(building)
	default:
		return problem("请写楼号，如：绑定 8号楼（或 绑定 全体）")
	}
	return nil
}
