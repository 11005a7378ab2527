package reader

import (
	"fmt"
	"strings"

	"linli/bot"
)

// 楼组众筹: 发起众筹 楼道绿植 目标 600, 认捐 C1 50, 收款 C1 8号楼301 50, 支出 C1
// 120 买绿植 (a note required, on the next lines too), 众筹 C1. Amounts are
// typed in yuan (50, 12.5, 50元) and read into fen; a correction of money
// received or spent is a new entry with a minus (收款 C1 8号楼301 -50 记错了).

// maxFen is the most one entry may say: ¥100000.
const maxFen = 100000 * 100

// argsFund reads the grammars of this file.
func (rd *reading) argsFund(c *command, in *bot.Intent, i, end int) *failure {
	if c.gram == gNewFund {
		return rd.argsNewFund(in, i, end)
	}
	i = rd.skipSeparators(i, end)
	example := fmt.Sprintf("请写众筹编号，如：%s C1", c.keywords[0])
	if i >= end {
		return problem(example)
	}
	n, j, ok := rd.code(i, end, 'c')
	if !ok {
		return rd.syntaxErr(rd.lexOne(i, end))
	}
	if n < 1 || n >= tooBig {
		return problem(example)
	}
	in.Fund = n
	switch c.gram {
	case gFund:
		if k := rd.skipSpace(j, end); k != end {
			return rd.syntaxErr(rd.lexOne(k, end))
		}
		return nil
	case gFundIn:
		return rd.argsFundIn(in, j, end)
	}
	return rd.argsFundMoney(c, in, j, end)
}

// argsFundMoney reads the amount of 认捐 and 支出, and 支出's note.
func (rd *reading) argsFundMoney(c *command, in *bot.Intent, i, end int) *failure {
	ws := rd.words(i, end)
	if len(ws) == 0 {
		return problem(fmt.Sprintf("请写金额（元），如：%s C%d 50", c.keywords[0], in.Fund))
	}
	fen, ok := rd.yuan(ws[0][0], ws[0][1], c.gram == gFundOut)
	if !ok {
		return rd.syntaxErr(token{start: ws[0][0], end: ws[0][1]})
	}
	if f := checkFen(fen); f != nil {
		return f
	}
	in.Fen = fen
	if c.gram == gPledge {
		if len(ws) > 1 {
			return rd.syntaxErr(token{start: ws[1][0], end: ws[1][1]})
		}
		return nil
	}
	in.Text = rd.fullText(rd.skipSpace(ws[0][1], end))
	if in.Text == "" {
		return problem(fmt.Sprintf("请写花在哪里，如：支出 C%d 120 买绿植", in.Fund))
	}
	return nil
}

// argsFundIn reads 收款's household and amount, and an optional note.
func (rd *reading) argsFundIn(in *bot.Intent, i, end int) *failure {
	example := fmt.Sprintf("请写哪一户交了多少，如：收款 C%d 8号楼301 50", in.Fund)
	building, room := 0, 0
	ws := rd.words(i, end)
	k := 0
	for ; k < len(ws); k++ {
		b, r, ok := rd.placeWord(ws[k], building, room)
		if !ok {
			break
		}
		building, room = b, r
	}
	if building == 0 || room == 0 || building >= 1000 || room >= 100000 || k >= len(ws) {
		return problem(example)
	}
	fen, ok := rd.yuan(ws[k][0], ws[k][1], true)
	if !ok {
		return rd.syntaxErr(token{start: ws[k][0], end: ws[k][1]})
	}
	if f := checkFen(fen); f != nil {
		return f
	}
	in.Building, in.Room, in.Fen = buildingName(building), fmt.Sprint(room), fen
	in.Text = rd.fullText(rd.skipSpace(ws[k][1], end))
	return nil
}

func checkFen(fen int64) *failure {
	switch {
	case fen == 0:
		return problem("金额不能是0")
	case fen > maxFen || fen < -maxFen:
		return problem("金额太大了，请核对")
	}
	return nil
}

// yuan reads an amount in yuan (50, 12.5, 12.50元, 50块) as fen; minus
// only where a correction may be.
func (rd *reading) yuan(i, end int, minus bool) (int64, bool) {
	s := strings.TrimSpace(string(rd.n[i:end]))
	for _, u := range []string{"元", "块钱", "块"} {
		s = strings.TrimSuffix(s, u)
	}
	neg := false
	if minus && strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 7 || len(frac) > 2 || dot && frac == "" {
		return 0, false
	}
	var fen int64
	for _, r := range whole + (frac + "00")[:2] {
		if r < '0' || r > '9' {
			return 0, false
		}
		fen = fen*10 + int64(r-'0')
	}
	if neg {
		fen = -fen
	}
	return fen, true
}

// argsNewFund reads 发起众筹 <title> [目标 <amount>].
func (rd *reading) argsNewFund(in *bot.Intent, i, end int) *failure {
	i, f := rd.textStart(i)
	if f != nil {
		return f
	}
	var title []string
	ws := rd.words(i, end)
	for k := 0; k < len(ws); k++ {
		w := rd.text(ws[k][0], ws[k][1])
		target, isTarget := strings.CutPrefix(w, "目标")
		if !isTarget {
			title = append(title, w)
			continue
		}
		s, e := ws[k][0]+len([]rune("目标")), ws[k][1]
		if target == "" && k+1 < len(ws) {
			k++
			s, e = ws[k][0], ws[k][1]
		}
		fen, ok := rd.yuan(s, e, false)
		if !ok || k+1 != len(ws) {
			return problem("目标金额看不懂，如：发起众筹 楼道绿植 目标 600")
		}
		if f := checkFen(fen); f != nil {
			return f
		}
		in.Fen = fen
	}
	in.Title = strings.Join(title, " ")
	if in.Title == "" {
		return problem("请写众筹做什么，如：发起众筹 楼道绿植 目标 600")
	}
	return nil
}
