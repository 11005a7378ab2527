package handlers

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/store"
)

// Votes (发起投票, 投票 2 1, 投票结果 2): a question put to the households of
// some buildings, one ballot a household, counted by the database
// (store.Votes). Heads start them for their buildings, admins anywhere;
// the results go to the groups in scope at the deadline, once.

// Limits of a vote, so that its announcement fits a phone's screen.
const (
	maxVoteTitle   = 100
	maxVoteOption  = 40
	maxVoteOptions = 10
	// voteDefaultDays is how long a vote runs when no 截止 is given.
	voteDefaultDays = 7
	// voteDefaultHour is a deadline's hour when only its day is given:
	// the evening, when most people have read the group.
	voteDefaultHour = 20
)

// voteSettings are the words that begin a setting line of 发起投票, as
// the reader has them (bot/reader/votes.go): every other line is an option.
var voteSettingWords = [...]string{"截止", "范围", "匿名"}

// optionNumber is a number someone typed before an option (1. 赞成, 2、反对).
var optionNumber = regexp.MustCompile(`^\s*(\d+|[A-Da-d一二三四五六七八九十])\s*[.、．):：）]\s*`)

func (h *Handlers) voteRoutes() []bot.Route {
	if h.votes == nil {
		return nil
	}
	return []bot.Route{
		{Intent: bot.IntentVote, Title: "投票（每户一票）", Usage: "投票 <投票编号> <选项编号>", Example: "投票 2 1", Handle: h.castVote},
		{Intent: bot.IntentVoteResults, Title: "看投票结果", Usage: "投票结果 <投票编号>", Example: "投票结果 2", Handle: h.voteResults, Brief: true},
		{Intent: bot.IntentCreateVote, Title: "发起投票", Roles: []string{bot.RoleBuildingHead},
			Usage:   "发起投票 <题目>，下面每行一个选项，可加：截止 <日期> <时间>、范围 <楼栋>、匿名",
			Example: "发起投票 楼组起名\n邻里一家亲\n和睦楼\n截止 11月30日 18:00", Handle: h.createVote},
	}
}

// voteBody splits 发起投票's lines into its options and whether it is
// anonymous; the reader has read the deadline and the scope already.
func voteBody(body []string) (options []string, anonymous bool) {
	for _, line := range body {
		t := strings.TrimSpace(line)
		switch {
		case t == "匿名" || strings.HasPrefix(t, "匿名"):
			anonymous = true
		case slices.ContainsFunc(voteSettingWords[:], func(w string) bool { return strings.HasPrefix(t, w) }):
		default:
			if o := strings.TrimSpace(optionNumber.ReplaceAllString(t, "")); o != "" {
				options = append(options, o)
			}
		}
	}
	return options, anonymous
}

func checkVote(title string, options []string) error {
	switch {
	case utf8.RuneCountInString(title) > maxVoteTitle:
		return bot.Tell("投票题目太长了，请控制在%d字以内。", maxVoteTitle)
	case len(options) < 2:
		return bot.Misuse("请在题目下面每行写一个选项，至少两个。")
	case len(options) > maxVoteOptions:
		return bot.Tell("选项最多%d个。", maxVoteOptions)
	}
	for i, o := range options {
		if utf8.RuneCountInString(o) > maxVoteOption {
			return bot.Tell("第%d个选项太长了，请控制在%d字以内。", i+1, maxVoteOption)
		}
		if slices.Contains(options[:i], o) {
			return bot.Tell("选项「%s」写了两次。", o)
		}
	}
	return nil
}

// voteDeadline is the deadline the reader's date and time say, filled in
// as the reply will tell: no 截止 runs a week, a day alone ends that
// evening, a time alone is today's (or tomorrow's, once past).
func (h *Handlers) voteDeadline(in bot.Intent, now time.Time) (time.Time, error) {
	today := h.today(now)
	day := today.AddDate(0, 0, voteDefaultDays)
	if in.Date != "" {
		d, err := h.day(in.Date)
		if err != nil {
			return time.Time{}, bot.Misuse("截止日期看不懂。")
		}
		day = d
	}
	at := day.Add(voteDefaultHour * time.Hour)
	if in.Time != "" {
		clock, err := time.Parse("15:04", in.Time)
		if err != nil {
			return time.Time{}, bot.Misuse("截止时间看不懂。")
		}
		at = day.Add(time.Duration(clock.Hour())*time.Hour + time.Duration(clock.Minute())*time.Minute)
		if in.Date == "" {
			if at = today.Add(at.Sub(day)); !at.After(now) {
				at = at.AddDate(0, 0, 1)
			}
		}
	}
	switch {
	case !at.After(now.Add(10 * time.Minute)):
		return time.Time{}, bot.Tell("截止时间 %s 太早了，请写一个以后的时间。", bot.DayTime(at))
	case at.After(now.AddDate(0, 3, 0)):
		return time.Time{}, bot.Tell("投票最长三个月，请把截止时间写早一些。")
	}
	return at, nil
}

// voteScope is where a vote goes: the building named in 范围 (one the
// head heads; 全体 for admins), else where a notice from them would go.
func (h *Handlers) voteScope(ctx context.Context, r *bot.Request) ([]string, error) {
	switch b := r.Intent.Building; {
	case b == "":
		return h.noticeScope(ctx, r)
	case b == store.AllBuildings && r.Caller.IsAdmin():
		return []string{store.AllBuildings}, nil
	case b == store.AllBuildings:
		return nil, bot.Tell("全社区的投票请社区工作人员发起。")
	case !r.Caller.HeadOf(b):
		return nil, bot.Tell("您不是%s的楼组长，不能在%s发起投票。", b, b)
	}
	return []string{r.Intent.Building}, nil
}

func (h *Handlers) createVote(ctx context.Context, r *bot.Request) error {
	options, anonymous := voteBody(r.Intent.Body)
	if err := checkVote(r.Intent.Title, options); err != nil {
		return err
	}
	deadline, err := h.voteDeadline(r.Intent, r.Now)
	if err != nil {
		return err
	}
	scope, err := h.voteScope(ctx, r)
	if err != nil {
		return err
	}
	v, err := h.votes.CreateVote(ctx, store.Vote{Title: r.Intent.Title, Options: options, Buildings: scope,
		Deadline: deadline, Anonymous: anonymous, AuthorID: r.Caller.ResidentID, AuthorName: r.Msg.Sender.Name})
	if err != nil {
		return fmt.Errorf("create vote: %w", err)
	}
	v.Deadline = v.Deadline.In(h.cfg.Location)
	n, err := h.announceVote(ctx, r, v)
	if err != nil {
		return err
	}
	if n == 0 {
		return r.Reply(ctx, fmt.Sprintf("已建立投票 V%d，但%s还没有绑定的群，没有发出。", v.ID, scopeName(scope)))
	}
	return r.Reply(ctx, fmt.Sprintf("已发起投票 V%d，发到%s的%d个群。\n截止：%s，到时我把结果发到群里。\n随时看结果：投票结果 %d",
		v.ID, scopeName(scope), n, bot.DayTime(v.Deadline), v.ID))
}

// announceVote sends the vote to every group in its scope, with a button
// per option where the platform has buttons; an anonymous vote has none,
// as its ballots are cast privately.
func (h *Handlers) announceVote(ctx context.Context, to bot.Sender, v store.Vote) (int, error) {
	groups, err := h.chats.GroupsOf(ctx, v.Buildings...)
	if err != nil {
		return 0, err
	}
	lines := []string{fmt.Sprintf("【%s投票 V%d】%s", scopeName(v.Buildings), v.ID, v.Title)}
	var buttons []bot.Button
	for i, o := range v.Options {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, o))
		if !v.Anonymous {
			buttons = append(buttons, bot.Button{Label: fmt.Sprintf("%d. %s", i+1, o), Command: fmt.Sprintf("投票 %d %d", v.ID, i+1)})
		}
	}
	lines = append(lines, "截止："+bot.DayTime(v.Deadline)+"，每户一票")
	if v.Anonymous {
		lines = append(lines, fmt.Sprintf("匿名投票：请私聊我，发「投票 %d 选项编号」，如：投票 %d 1\n投出后不能更改，截止后公布结果。", v.ID, v.ID))
	} else {
		lines = append(lines, fmt.Sprintf("投票请回复：投票 %d 选项编号，如：投票 %d 1", v.ID, v.ID))
	}
	text := strings.Join(append(lines, "—— "+v.AuthorName), "\n")
	sent := 0
	for _, g := range groups {
		if h.send(ctx, to, bot.Chat{Platform: g.Platform, ID: g.ChatID, Title: g.Title, Group: true}, text, buttons...) {
			sent++
		}
	}
	return sent, nil
}
