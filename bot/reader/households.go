package reader

import (
	"fmt"
	"strings"

	"linli/bot"
)

// argsPlaceName reads accept_member (同意 8号楼301 张三) and remove_member
// (移出 8号楼301 @某人): a household, then the person, by name or @name,
// to the end of the line. Words that are no household make the message
// chatter in a group (「同意楼上的说法」); a household without a name is a
// command with a mistake.
func (rd *reading) argsPlaceName(c *command, in *bot.Intent, i int) *failure {
	i, f := rd.textStart(i)
	if f != nil {
		return f
	}
	end := rd.trimEnd(0, len(rd.n))
	example := fmt.Sprintf("请写楼栋、房号和名字，如：%s 8号楼301 张三", c.keywords[0])
	building, room := 0, 0
	ws := rd.words(i, end)
	k := 0
	for ; k < len(ws) && rd.n[ws[k][0]] != '@'; k++ {
		b, r, ok := rd.placeWord(ws[k], building, room)
		if !ok {
			break
		}
		building, room = b, r
	}
	switch {
	case (building == 0 || room == 0) && k < len(ws):
		return rd.syntaxErr(token{start: ws[k][0], end: ws[k][1]})
	case building == 0 || room == 0:
		return problem(example)
	case building >= 1000 || room >= 100000:
		return problem("楼号或房号不对")
	}
	in.Building, in.Room = buildingName(building), fmt.Sprint(room)
	if k < len(ws) {
		in.Target = strings.TrimSpace(strings.TrimPrefix(rd.text(ws[k][0], end), "@"))
	}
	if in.Target == "" {
		return problem(example)
	}
	if c.intent == bot.IntentRegisterElder {
		in.Text, in.Target = in.Target, "" // a name, not an account
	}
	return nil
}

// placeWord reads one word of a household (8号楼301, 8号楼, 301, 8-301)
// on top of what earlier words gave; false when the word is anything else.
func (rd *reading) placeWord(w [2]int, building, room int) (int, int, bool) {
	toks := rd.lexAll(w[0], w[1])
	for _, t := range toks {
		switch {
		case t.kind == kFiller:
		case t.kind == kNum && isBuildingUnit(t.unit) && building == 0 && room == 0:
			building = t.num
		case t.kind == kRoom && building == 0 && room == 0:
			building, room = t.num, t.num2
		case t.kind == kNum && (t.unit == "" || t.unit == "室") && building > 0 && room == 0:
			room = t.num
		default:
			return 0, 0, false
		}
	}
	return building, room, len(toks) > 0
}
