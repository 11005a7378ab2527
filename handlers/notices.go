package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// maxNotice keeps a notice to what a phone shows without scrolling forever.
const maxNotice = 1000

// noticeUseful is how late a scheduled notice may still go out after the
// bot was down: 「明天上午9点停水」 sent in the afternoon only confuses.
const noticeUseful = 3 * time.Hour

func (h *Handlers) noticeRoutes() []bot.Route {
	heads := []string{bot.RoleBuildingHead}
	return []bot.Route{
		{Intent: bot.IntentNotice, Title: "给本楼的群发通知", Usage: "通知 <内容>", Example: "通知 明天上午9点停水",
			Roles: heads, Handle: h.notice},
		{Intent: bot.IntentScheduleNotice, Title: "定时发通知", Usage: "定时通知 <日期> <时间> <内容>",
			Example: "定时通知 明天 08:00 今天上午检修电梯", Roles: heads, Handle: h.scheduleNotice},
		{Intent: bot.IntentAnnounce, Title: "给全社区的群发公告", Usage: "公告 <内容>", Example: "公告 本周六上午消防演练",
			Roles: admin, Handle: h.announce},
	}
}

// noticeScope is where a notice from this person goes: a head's own
// buildings; for an admin who heads none, the building of the group they
// typed in, or the whole community.
func (h *Handlers) noticeScope(ctx context.Context, r *bot.Request) ([]string, error) {
	if bs := r.Caller.Buildings(); len(bs) > 0 {
		return bs, nil
	}
	if r.Msg.Chat.Group {
		c, err := h.chats.Chat(ctx, r.Msg.Chat.Platform, r.Msg.Chat.ID)
		if err != nil {
			return nil, err
		}
		if c.Building != "" {
			return []string{c.Building}, nil
		}
	}
	return []string{store.AllBuildings}, nil
}

// scopeLine takes a last line 范围 8号楼 9号楼 (or 范围 全体) off a notice:
// the buildings it is for, chosen (the panel's form writes it; a head of
// two buildings may type it). A last line that does not read wholly as
// buildings (范围：8号楼1至3单元) is the notice's own text and stays.
func scopeLine(text string) (string, []string) {
	i := strings.LastIndex(text, "\n")
	if i < 0 {
		return text, nil
	}
	field, rest, ok := cutLabel(text[i+1:])
	if !ok || field != "scope" {
		return text, nil
	}
	bs := parseBuildings(rest)
	if len(bs) == 0 {
		return text, nil
	}
	return strings.TrimRight(text[:i], " \n"), bs
}

// chosenScope is where a notice goes: the buildings asked for, which a
// head may choose among their own and an admin among all; none asked,
// noticeScope's default.
func (h *Handlers) chosenScope(ctx context.Context, r *bot.Request, asked []string) ([]string, error) {
	if len(asked) == 0 {
		return h.noticeScope(ctx, r)
	}
	for _, b := range asked {
		if !r.Caller.HeadOf(b) {
			mine := strings.Join(r.Caller.Buildings(), "、")
			return nil, bot.Tell("您是%s的楼组长，通知只能发到%s的群。\n全社区的公告请联系社区工作人员。", mine, mine)
		}
	}
	return asked, nil
}

func checkNoticeText(text string) error {
	switch n := len([]rune(strings.TrimSpace(text))); {
	case n == 0:
		return bot.Misuse("通知的内容是空的。")
	case n > maxNotice:
		return bot.Tell("通知太长了（%d字），请控制在%d字以内，或分几条发。", n, maxNotice)
	}
	return nil
}

func (h *Handlers) notice(ctx context.Context, r *bot.Request) error {
	if text, ok := asksReceipts(r.Intent.Text); ok && h.receipts != nil {
		return h.noticeAskingReceipts(ctx, r, text)
	}
	text, asked := scopeLine(r.Intent.Text)
	if err := checkNoticeText(text); err != nil {
		return err
	}
	scope, err := h.chosenScope(ctx, r, asked)
	if err != nil {
		return err
	}
	n, err := h.broadcast(ctx, r, scope, noticeText(scope, text, r.Msg.Sender.Name))
	if err != nil {
		return err
	}
	return r.Reply(ctx, sentTo(scope, n))
}

func (h *Handlers) announce(ctx context.Context, r *bot.Request) error {
	if err := checkNoticeText(r.Intent.Text); err != nil {
		return err
	}
	scope := []string{store.AllBuildings}
	n, err := h.broadcast(ctx, r, scope, noticeText(scope, r.Intent.Text, h.cfg.Community))
	if err != nil {
		return err
	}
	return r.Reply(ctx, sentTo(scope, n))
}

func (h *Handlers) scheduleNotice(ctx context.Context, r *bot.Request) error {
	in := r.Intent
	text, asked := scopeLine(in.Text)
	if err := checkNoticeText(text); err != nil {
		return err
	}
	if in.Date == "" || in.Time == "" {
		return bot.Misuse("请写上发送的日期和时间。")
	}
	day, err := h.day(in.Date)
	if err != nil {
		return bot.Misuse("日期看不懂。")
	}
	clock, err := time.Parse("15:04", in.Time)
	if err != nil {
		return bot.Misuse("时间看不懂。")
	}
	at := day.Add(time.Duration(clock.Hour())*time.Hour + time.Duration(clock.Minute())*time.Minute)
	if !at.After(r.Now) {
		return bot.Tell("%s 已经过去了，请写一个以后的时间。", bot.DayTime(at))
	}
	if at.After(r.Now.AddDate(0, 3, 0)) {
		return bot.Tell("最多只能提前三个月定时发送。")
	}
	scope, err := h.chosenScope(ctx, r, asked)
	if err != nil {
		return err
	}
	if _, err := h.notices.ScheduleNotice(ctx, r.Caller.ResidentID, scope, text, at); err != nil {
		return err
	}
	return r.Reply(ctx, fmt.Sprintf("好的，%s 会把通知发到%s的群。", bot.DayTime(at), scopeName(scope)))
}

// SendDueNotices sends the scheduled notices due by now; a notice missed
// while the bot was down goes out when it starts again. It is a job.
func (h *Handlers) SendDueNotices(ctx context.Context, now time.Time) error {
	due, err := h.notices.DueNotices(ctx, now)
	if err != nil {
		return err
	}
	for _, n := range due {
		claimed, err := h.notices.ClaimNotice(ctx, n.ID, now)
		if err != nil {
			return err
		}
		if !claimed {
			continue // another replica has it
		}
		scope := n.BuildingList()
		if late := now.Sub(n.SendAt); late > noticeUseful {
			h.log.Warn("scheduled notice skipped: too late", "notice", n.ID, "late", late)
			h.send(ctx, h.out, privateChat(n.Author), fmt.Sprintf("您定在 %s 的通知没有发出（系统当时不在线，现在发已经晚了）：\n%s\n如仍需要，请重新发送。",
				bot.DayTime(n.SendAt.In(h.cfg.Location)), clipText(n.Text, 30)))
			continue
		}
		sent, err := h.broadcast(ctx, h.out, scope, noticeText(scope, n.Text, n.Author.Name))
		if err != nil {
			return err
		}
		h.notices.RecordNoticeGroups(ctx, n.ID, sent)
		h.send(ctx, h.out, privateChat(n.Author), fmt.Sprintf("您定时的通知已发到%s的%d个群：\n%s", scopeName(scope), sent, clipText(n.Text, 30)))
	}
	return nil
}

// broadcast sends text to every active group bound to the buildings and
// returns how many it went to. The outbox paces the burst.
func (h *Handlers) broadcast(ctx context.Context, to bot.Sender, buildings []string, text string) (int, error) {
	groups, err := h.chats.GroupsOf(ctx, buildings...)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, g := range groups {
		if h.send(ctx, to, bot.Chat{Platform: g.Platform, ID: g.ChatID, Title: g.Title, Group: true}, text) {
			sent++
		}
	}
	return sent, nil
}

func noticeText(scope []string, text, from string) string {
	head := "【" + scopeName(scope) + "通知】"
	if len(scope) == 1 && scope[0] == store.AllBuildings {
		head = "【社区公告】"
	}
	return head + text + "\n—— " + from
}

func scopeName(scope []string) string {
	if len(scope) == 1 && scope[0] == store.AllBuildings {
		return "全社区"
	}
	return strings.Join(scope, "、")
}

func sentTo(scope []string, n int) string {
	if n == 0 {
		return fmt.Sprintf("%s还没有绑定的群，没有发出。\n请社区工作人员在群里发「绑定 8号楼」。", scopeName(scope))
	}
	return fmt.Sprintf("已发到%s的%d个群。", scopeName(scope), n)
}
