package reader

import (
	"fmt"

	"linli/bot"
)

// A liaison (民情联络员) or a building head acts for a household by starting
// any resident command with it: 代 8号楼301 订餐 明天 午餐, 代 8-301 报名 3
// 2人. The rest is read as if the household had typed it, in the same
// context (in a group the strict rule still holds for it), and the intent
// says for whom. Whether the speaker may act for that household is the
// handler's business, not the reader's.

// behalfWord starts a command for a household.
const behalfWord = "代"

// readBehalf reads 代 <household> <command>; false when the message does
// not start with 代 and a household.
func (rd *reading) readBehalf(start, end int) (bot.Intent, bool) {
	i, ok := rd.at(start, end, behalfWord)
	if !ok {
		return bot.Intent{}, false
	}
	building, room, j := rd.household(rd.skipSpace(i, end), end)
	if building == 0 || room == 0 {
		return bot.Intent{}, false
	}
	in := rd.readFrom(rd.skipSpace(j, end), end)
	if !in.IsCommand() || in.Name == bot.IntentUnknown || in.Name == bot.IntentConfirm {
		return in, true
	}
	if building >= 1000 || room >= 100000 {
		in.Problem = "楼号或房号不对，如：代 8号楼301 订餐"
	}
	in.OnBehalf = fmt.Sprintf("%s%d", buildingName(building), room)
	return in, true
}

// household reads 8号楼301, 8号楼 301, 8栋301室 or 8-301 at i, and returns
// the building, the room and the index after them (0, 0 when absent).
func (rd *reading) household(i, end int) (int, int, int) {
	building, room := 0, 0
	for i < end && room == 0 {
		t, ok := rd.recognise(i, end)
		switch {
		case !ok:
			return 0, 0, i
		case t.kind == kRoom && building == 0:
			building, room = t.num, t.num2
		case t.kind == kNum && isBuildingUnit(t.unit) && building == 0:
			building = t.num
		case t.kind == kNum && (t.unit == "" || t.unit == "室") && building > 0:
			room = t.num
		default:
			return 0, 0, i
		}
		i = rd.skipSpace(t.end, end)
	}
	return building, room, i
}
