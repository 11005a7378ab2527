package reader

import (
	"fmt"
	"strings"

	"linli/bot"
)

// Deciding together: 发起投票 (a title, then one option a line and the
// settings 截止, 范围, 匿名), 投票 2 1 / V2 选1, 投票结果 2, and the notices
// that ask for 收到 (收到 3, 收到情况 3, 提醒 3). Every row is strict: a
// number, with an optional V or N before it, is all that may follow the
// keyword, so 「投票的事明天再说」 and 「收到3个快递」 stay chatter.

// voteSettings are the words that begin a setting line of 发起投票; every
// other line after the title is an option (handlers.voteSettings is the
// same list: the handler takes the options from Body).
func voteSettings() []string { return []string{"截止", "范围", "匿名"} }

// argsDecide reads the grammars of this file.
func (rd *reading) argsDecide(c *command, in *bot.Intent, i, end int) *failure {
	switch c.gram {
	case gNewVote:
		return rd.argsNewVote(in, i)
	case gVote:
		return rd.argsVote(c, in, i, end)
	}
	n, f := rd.numbered(c, i, end)
	if f != nil {
		return f
	}
	if c.gram == gVoteNum {
		in.Vote = n
	} else {
		in.Notice = n
	}
	return nil
}

// numbered reads what follows the keyword of vote_results and the notice
// commands: one number, with the series' letter (V or N) before it or not.
func (rd *reading) numbered(c *command, i, end int) (int, *failure) {
	letter, what := 'n', "通知"
	if c.gram == gVoteNum {
		letter, what = 'v', "投票"
	}
	example := fmt.Sprintf("请写%s编号，如：%s 3", what, c.keywords[0])
	i = rd.skipSeparators(i, end)
	if i >= end {
		// Addressed, a bare 收到 is a courtesy (the router answers it);
		// the other keywords alone ask for their number.
		return 0, &failure{msg: example, syntax: c.intent == bot.IntentConfirmNotice}
	}
	n, j, ok := rd.code(i, end, letter)
	if !ok {
		return 0, rd.syntaxErr(rd.lexOne(i, end))
	}
	if rd.skipSpace(j, end) != end {
		return 0, rd.syntaxErr(rd.lexOne(rd.skipSpace(j, end), end))
	}
	if n < 1 || n >= tooBig {
		return 0, problem(example)
	}
	return n, nil
}

// code reads a number with an optional series letter before it (V2, N 3,
// 2, 2号) and returns it and where it ends.
func (rd *reading) code(i, end int, letter rune) (int, int, bool) {
	if rd.n[i] == letter {
		i = rd.skipSpace(i+1, end)
	}
	if i >= end || !isDigit(rd.n[i]) && !isChineseDigit(rd.n[i]) {
		return 0, 0, false
	}
	n, j, ok := rd.number(i, end)
	if !ok || j < end && isASCIILetter(rd.n[j]) {
		return 0, 0, false
	}
	if k, ok := rd.at(j, end, "号"); ok {
		j = k
	}
	return n, j, true
}

// isChineseDigit is a numeral a vote or option may be written with (投票 二 一).
func isChineseDigit(r rune) bool { return strings.ContainsRune("一二两三四五六七八九十", r) }

func (rd *reading) skipSeparators(i, end int) int {
	for i < end && isSeparator(rd.n[i]) {
		i++
	}
	return i
}

// argsVote reads vote: 投票 2 1, 投票 V2 选1, 投票2 第1项, and after the
// keyword V (V2 选1) the same without the V.
func (rd *reading) argsVote(c *command, in *bot.Intent, i, end int) *failure {
	example := "请写投票编号和选项，如：投票 2 1"
	if c.keywords[0] == "v" {
		i-- // the V is the vote's own letter: read it with its number
	}
	i = rd.skipSeparators(i, end)
	if i >= end {
		return problem(example)
	}
	vote, j, ok := rd.code(i, end, 'v')
	if !ok {
		return rd.syntaxErr(rd.lexOne(i, end))
	}
	j = rd.skipSeparators(j, end)
	if j >= end {
		return problem("请写选第几项，如：投票 " + fmt.Sprint(vote) + " 1")
	}
	choice, k, ok := rd.choice(j, end)
	if !ok {
		return rd.syntaxErr(rd.lexOne(j, end))
	}
	if k = rd.skipSpace(k, end); k != end {
		return rd.syntaxErr(rd.lexOne(k, end))
	}
	if vote < 1 || vote >= tooBig || choice < 1 || choice >= tooBig {
		return problem(example)
	}
	in.Vote, in.Choice = vote, choice
	return nil
}

// choice reads an option's number: 1, 选1, 第1项, 选第1个, 1号.
func (rd *reading) choice(i, end int) (int, int, bool) {
	for _, w := range []string{"选", "第"} {
		if j, ok := rd.at(i, end, w); ok {
			i = rd.skipSpace(j, end)
		}
	}
	if i >= end || !isDigit(rd.n[i]) && !isChineseDigit(rd.n[i]) {
		return 0, 0, false
	}
	n, j, ok := rd.number(i, end)
	if !ok {
		return 0, 0, false
	}
	for _, u := range []string{"项", "个", "号"} {
		if k, ok := rd.at(j, end, u); ok {
			return n, k, true
		}
	}
	return n, j, true
}

// argsNewVote reads create_vote: the title on the first line, the options
// and settings on the next ones. The reader fills in the deadline (Date,
// Time) and the scope (Building); the options are the other lines, which
// the handler takes from Body.
func (rd *reading) argsNewVote(in *bot.Intent, i int) *failure {
	i, f := rd.textStart(i)
	if f != nil {
		return f
	}
	in.Title = rd.text(i, len(rd.o))
	if in.Title == "" {
		return problem("请写投票的题目，如：发起投票 楼道里能不能放电动车")
	}
	for _, line := range rd.body {
		key, rest := voteSetting(line)
		var f *failure
		switch key {
		case "截止":
			f = rd.voteDeadline(in, rest)
		case "范围":
			f = rd.voteScope(in, rest)
		}
		if f != nil {
			return f
		}
	}
	return nil
}

// voteSetting splits a line of 发起投票 into its setting word and the rest;
// key is "" for an option.
func voteSetting(line string) (key, rest string) {
	t := strings.TrimSpace(line)
	for _, k := range voteSettings() {
		if r, ok := strings.CutPrefix(t, k); ok {
			return k, strings.TrimLeft(r, " :：")
		}
	}
	return "", t
}

// sub reads another line of the message with this message's clock.
func (rd *reading) sub(line string) *reading {
	o := []rune(line)
	n := make([]rune, len(o))
	for i, c := range o {
		n[i] = normRune(c)
	}
	return &reading{r: rd.r, now: rd.now, today: rd.today, n: n, o: o, addressed: true}
}

// voteDeadline reads 截止 11月30日 18:00 (a date, a time, or both).
func (rd *reading) voteDeadline(in *bot.Intent, rest string) *failure {
	s := rd.sub(rest)
	var sl slots
	for _, t := range s.lexAll(0, len(s.n)) {
		switch {
		case t.kind == kTime && in.Time == "":
			in.Time = t.str
			sl.noteBad(t.bad)
		case t.kind == kFiller:
		case !rd.take(&command{gram: gNewEvent}, &sl, t):
			return problem("截止时间看不懂，请写成：截止 11月30日 18:00")
		}
	}
	switch {
	case sl.bad != "":
		return problem(sl.bad)
	case !sl.dateT && in.Time == "":
		return problem("截止时间看不懂，请写成：截止 11月30日 18:00")
	case sl.dateT:
		in.Date = sl.date.Format("2006-01-02")
	}
	return nil
}

// voteScope reads 范围 8号楼 (or 全体).
func (rd *reading) voteScope(in *bot.Intent, rest string) *failure {
	s := rd.sub(rest)
	toks := s.lexAll(0, len(s.n))
	switch {
	case len(toks) == 1 && toks[0].kind == kAll:
		in.Building = "全体"
		return nil
	case len(toks) == 1 && toks[0].kind == kNum && (isBuildingUnit(toks[0].unit) || toks[0].unit == ""):
		if n := toks[0].num; n >= 1 && n < 1000 {
			in.Building = buildingName(n)
			return nil
		}
	}
	return problem("范围请写一个楼栋，如：范围 8号楼（全社区写：范围 全体）")
}
