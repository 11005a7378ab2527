package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"linli/bot"
	"linli/store"
)

// The community's side of suggestions: 受理, 处理中, 回复, 办结, 不予处理 and
// 分类, by admins and by building heads for their own buildings. Every
// answer and change of status reaches the author.

func (h *Handlers) acceptSuggestion(ctx context.Context, r *bot.Request) error {
	return h.act(ctx, r, store.Change{Kind: store.StatusAccepted, From: []string{store.StatusNew}})
}

func (h *Handlers) progressSuggestion(ctx context.Context, r *bot.Request) error {
	from := []string{store.StatusNew, store.StatusAccepted}
	if r.Intent.Text != "" {
		from = store.OpenStatuses // a new remark on a ticket in progress is news
	}
	return h.act(ctx, r, store.Change{Kind: store.StatusInProgress, From: from})
}

func (h *Handlers) replySuggestion(ctx context.Context, r *bot.Request) error {
	return h.act(ctx, r, store.Change{Kind: store.NoteReply})
}

func (h *Handlers) resolveSuggestion(ctx context.Context, r *bot.Request) error {
	return h.act(ctx, r, store.Change{Kind: store.StatusResolved, From: store.OpenStatuses})
}

func (h *Handlers) declineSuggestion(ctx context.Context, r *bot.Request) error {
	if strings.TrimSpace(r.Intent.Text) == "" {
		return bot.Misuse("请写上不予处理的原因，提建议的人会看到。")
	}
	return h.act(ctx, r, store.Change{Kind: store.StatusDeclined, From: store.OpenStatuses})
}

func (h *Handlers) categorizeSuggestion(ctx context.Context, r *bot.Request) error {
	category := strings.TrimSpace(r.Intent.Text)
	if !isCategory(category) {
		return bot.Misuse("类别只能是：%s。", strings.Join(Categories(), "、"))
	}
	sg, err := h.staffTicket(ctx, r)
	if err != nil {
		return err
	}
	if sg.Category == category {
		return r.Reply(ctx, fmt.Sprintf("%s 本来就是「%s」类，不用改。", ticket(sg), category))
	}
	if _, err := h.suggestions.ChangeSuggestion(ctx, sg.ID, store.Change{Kind: store.NoteCategory, Text: category, By: r.Caller.ResidentID}); err != nil {
		return fmt.Errorf("categorize %s: %w", ticket(sg), err)
	}
	// The category is the community's filing, not news for the author.
	return r.Reply(ctx, fmt.Sprintf("%s 的类别已从「%s」改为「%s」。", ticket(sg), sg.Category, category))
}

// act applies one change to the ticket the command names, tells the author
// and confirms to whoever acted, saying how the author was told.
func (h *Handlers) act(ctx context.Context, r *bot.Request, c store.Change) error {
	sg, err := h.staffTicket(ctx, r)
	if err != nil {
		return err
	}
	c.Text, c.By = strings.TrimSpace(r.Intent.Text), r.Caller.ResidentID
	if err := tooLong("内容", c.Text, maxNoteText); err != nil {
		return err
	}
	changed, err := h.suggestions.ChangeSuggestion(ctx, sg.ID, c)
	switch {
	case errors.Is(err, store.ErrConflict):
		current, err := h.suggestions.SuggestionByID(ctx, sg.ID)
		if err != nil {
			return fmt.Errorf("%s: %w", ticket(sg), err)
		}
		if current.Status == c.Kind {
			return bot.Tell("%s 已经是「%s」了，不用再%s。", ticket(sg), store.StatusTitle(current.Status), actTitle(c.Kind))
		}
		return bot.Tell("%s 现在是「%s」，不能再%s。\n发「建议列表 %s」看看经过。", ticket(sg), store.StatusTitle(current.Status), actTitle(c.Kind), ticket(sg))
	case err != nil:
		return fmt.Errorf("%s %s: %w", c.Kind, ticket(sg), err)
	}
	told := h.tellAuthor(ctx, r, changed, authorNotice(changed, c))
	return r.Reply(ctx, bot.Lines(fmt.Sprintf("%s %s：%s", doneTitle(c.Kind), ticket(changed), clipText(changed.Text, 20)), told))
}

// staffTicket finds the ticket a staff command names and checks the caller
// may act on it: admins on every ticket, building heads on their buildings'.
func (h *Handlers) staffTicket(ctx context.Context, r *bot.Request) (store.Suggestion, error) {
	id, ok := ticketID(r.Intent.Ticket)
	if !ok {
		return store.Suggestion{}, bot.Misuse("请写建议编号，如 S12。")
	}
	sg, err := h.suggestions.SuggestionByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return sg, bot.Tell("没有找到建议 %s，请核对编号。\n发「建议列表」可以看还没办完的建议。", r.Intent.Ticket)
	}
	if err != nil {
		return sg, fmt.Errorf("ticket %s: %w", r.Intent.Ticket, err)
	}
	if !r.Caller.HeadOf(sg.Building) {
		if sg.Building == "" {
			return sg, bot.Tell("%s 不知道是哪栋楼的，请社区工作人员处理。", ticket(sg))
		}
		return sg, bot.Tell("%s 是%s的建议，请%s楼组长或社区工作人员处理。", ticket(sg), sg.Building, sg.Building)
	}
	return sg, nil
}

// tellAuthor sends news of a ticket to its author and says, for whoever
// acted, how it went. A named author is written to privately where the
// platform allows, else in the group the ticket came from, by name; an
// anonymous author only in that group, without a name, because the bot
// keeps no other way to reach them.
func (h *Handlers) tellAuthor(ctx context.Context, to bot.Sender, sg store.Suggestion, text string) string {
	group := bot.Chat{Platform: sg.ReplyPlatform, ID: sg.ReplyChatID, Title: sg.ReplyTitle, Group: true}
	if sg.Anonymous {
		if sg.ReplyChatID == "" {
			return "这是私聊提的匿名建议，提建议的人发「我的建议」就能看到。"
		}
		if h.send(ctx, to, group, text) {
			return fmt.Sprintf("已在「%s」告诉提建议的人（不提名字）。", sg.ReplyTitle)
		}
		return "没能发到提建议的群，提建议的人发「我的建议」能看到。"
	}
	if sg.Resident == nil {
		return "提建议的人已不在名单里，没法通知。"
	}
	who := sg.Resident.Name
	user := userOf(*sg.Resident)
	if sg.ReplyChatID == "" {
		h.tellPerson(ctx, to, user, nil, text)
	} else {
		h.tellPerson(ctx, to, user, &group, text)
	}
	return "已通知" + who + "。"
}

// authorNotice is what the author is told of a change.
func authorNotice(sg store.Suggestion, c store.Change) string {
	whose := "您的建议"
	if sg.Anonymous {
		whose = "匿名建议"
	}
	head := fmt.Sprintf("%s %s", whose, ticket(sg))
	about := clipText(sg.Text, 30)
	switch c.Kind {
	case store.NoteReply:
		return bot.Lines(head+" 有回复：", c.Text, "（原建议："+about+"）")
	case store.StatusAccepted:
		return bot.Lines(head+" 已受理："+about, "有进展会再告诉您。")
	case store.StatusInProgress:
		return bot.Lines(head+" 正在处理："+about, note("说明", c.Text))
	case store.StatusResolved:
		return bot.Lines(head+" 已办结："+about, note("说明", c.Text), "谢谢您的建议！")
	case store.StatusDeclined:
		return bot.Lines(head+" 不予处理："+about, note("原因", c.Text), "有疑问请联系社区工作人员。")
	}
	return head + " 有更新，发「我的建议」查看。"
}

func note(label, text string) string {
	if text == "" {
		return ""
	}
	return label + "：" + text
}

// actTitle names an act for "不能再…".
func actTitle(kind string) string {
	switch kind {
	case store.StatusAccepted:
		return "受理"
	case store.StatusInProgress:
		return "标为处理中"
	case store.StatusResolved:
		return "办结"
	case store.StatusDeclined:
		return "不予处理"
	}
	return "改动"
}

// doneTitle opens the confirmation of an act.
func doneTitle(kind string) string {
	switch kind {
	case store.NoteReply:
		return "已回复"
	case store.StatusAccepted:
		return "已受理"
	case store.StatusInProgress:
		return "已标为处理中"
	case store.StatusResolved:
		return "已办结"
	case store.StatusDeclined:
		return "已不予处理"
	}
	return "已更新"
}
