package reader

import (
	"fmt"
	"strings"

	"linli/bot"
)

// Free-text commands (建议 通知 公告 回复 …) keep their text as typed. In an
// unaddressed group the keyword must be followed by a space, a colon or a
// comma: 「建议 楼道灯坏了」 is a suggestion, 「建议你去问问物业」 is chatter.

// textStart checks the separator after a keyword and returns where the
// text begins.
func (rd *reading) textStart(i int) (int, *failure) {
	end := rd.trimEnd(0, len(rd.n))
	// 「反映一下 3号楼电梯坏了」: 一下 softens the keyword and is not text.
	if j, ok := rd.at(i, end, "一下"); ok && (j == end || isSeparator(rd.n[j])) {
		i = j
	}
	if i < end && !isSeparator(rd.n[i]) && !rd.addressed {
		return 0, &failure{msg: "关键词后面请空一格", syntax: true}
	}
	for i < end && isSeparator(rd.n[i]) && rd.n[i] != '@' {
		i++
	}
	return i, nil
}

// fullText is the text from i to the end of the first line, followed by the
// other lines: a suggestion or notice may run over several lines.
func (rd *reading) fullText(i int) string {
	parts := rd.body
	if t := rd.text(i, len(rd.o)); t != "" {
		parts = append([]string{t}, rd.body...)
	}
	return strings.Join(parts, "\n")
}

// argsText reads suggest, notice, announce and list_suggestions.
func (rd *reading) argsText(c *command, in *bot.Intent, i int) *failure {
	i, f := rd.textStart(i)
	if f != nil {
		return f
	}
	in.Text = rd.fullText(i)
	in.Anonymous = c.anon
	if in.Text == "" && !c.optional {
		return problem(fmt.Sprintf("请在「%s」后面写上内容，如：%s 楼道灯坏了", c.keywords[0], c.keywords[0]))
	}
	return nil
}

// argsTicket reads reply_suggestion (ticket text) and resolve_suggestion
// (ticket [note]).
func (rd *reading) argsTicket(c *command, in *bot.Intent, i int) *failure {
	end := rd.trimEnd(0, len(rd.n))
	example := fmt.Sprintf("请写建议编号，如：%s S12", c.keywords[0])
	for i < end && isSeparator(rd.n[i]) {
		i++
	}
	if i >= end {
		return problem(example)
	}
	t, ok := rd.lexCode(i, end)
	if !ok || t.kind != kTicket {
		return rd.syntaxErr(rd.lexOne(i, end))
	}
	if t.num < 1 || t.num >= tooBig {
		return problem(example)
	}
	in.Ticket = fmt.Sprintf("S%d", t.num)
	j := t.end
	for j < end && isSeparator(rd.n[j]) {
		j++
	}
	in.Text = rd.fullText(j)
	if in.Text == "" && !c.optional {
		return problem(fmt.Sprintf("请写回复的内容，如：%s %s 已联系物业", c.keywords[0], in.Ticket))
	}
	return nil
}

// words splits n[i:end] at spaces into [start, end) pairs.
func (rd *reading) words(i, end int) [][2]int {
	var out [][2]int
	for i = rd.skipSpace(i, end); i < end; i = rd.skipSpace(i, end) {
		j := i
		for j < end && rd.n[j] != ' ' {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// argsTarget reads set_role (@target, and a building for a building head)
// and verify_elder (@target). A name typed without @ is accepted too.
func (rd *reading) argsTarget(c *command, in *bot.Intent, i int) *failure {
	in.Role = c.role
	i, f := rd.textStart(i)
	if f != nil {
		return f
	}
	end := rd.trimEnd(0, len(rd.n))
	building := 0
	for _, w := range rd.words(i, end) {
		toks := rd.lexAll(w[0], w[1])
		switch {
		case rd.n[w[0]] == '@' && in.Target == "" && w[1] > w[0]+1:
			in.Target = rd.text(w[0]+1, w[1])
		case len(toks) == 1 && toks[0].kind == kNum && isBuildingUnit(toks[0].unit) && building == 0 && byBuilding(c.role):
			building = toks[0].num
		case in.Target == "" && rd.n[w[0]] != '@':
			in.Target = rd.text(w[0], w[1])
		default:
			return rd.syntaxErr(token{start: w[0], end: w[1]})
		}
	}
	if in.Target == "" && !rd.replying {
		return problem(fmt.Sprintf("请 @ 要设置的人，如：%s @张阿姨", c.keywords[0]))
	}
	if byBuilding(c.role) && (building > 0 || !c.optional) {
		if building < 1 || building >= 1000 {
			return problem(fmt.Sprintf("请写楼号，如：%s @张阿姨 8号楼", c.keywords[0]))
		}
		in.Building = buildingName(building)
	}
	return nil
}

// byBuilding reports whether a role is held for a building (楼组长, 联络员).
func byBuilding(role string) bool {
	return role == bot.RoleBuildingHead || role == bot.RoleLiaison
}
