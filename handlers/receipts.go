package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// Notices that ask for 收到: a head's 通知 whose last line is 请回复收到 gets
// an N-number; a household's 收到 is kept once (store.Receipts); 收到情况 N
// tells the head, privately, who has not answered, and 提醒 N reminds only
// those, once a day at most.

const (
	// askOpenFor is how long a bare 收到 in a group answers the latest
	// notice there asking for it.
	askOpenFor = 3 * 24 * time.Hour
	// summaryEvery is how often a group hears how many have answered.
	summaryEvery = 5 * time.Minute
	// remindEvery keeps 提醒 to once a day.
	remindEvery = 24 * time.Hour
	// maxReceiptLines keeps 收到情况 to what a phone shows.
	maxReceiptLines = 30
)

func (h *Handlers) receiptRoutes() []bot.Route {
	if h.receipts == nil {
		return nil
	}
	heads := []string{bot.RoleBuildingHead}
	return []bot.Route{
		{Intent: bot.IntentConfirmNotice, Title: "回复通知收到", Usage: "收到 <通知编号>（群里通知后直接回「收到」也行）", Example: "收到 3", Handle: h.confirmNotice, Brief: true},
		{Intent: bot.IntentNoticeReceipts, Title: "看通知的收到情况", Usage: "收到情况 <通知编号>", Example: "收到情况 3", Roles: heads, Handle: h.noticeReceipts},
		{Intent: bot.IntentRemindNotice, Title: "提醒没回复收到的住户", Usage: "提醒 <通知编号>", Example: "提醒 3", Roles: heads, Handle: h.remindNotice},
	}
}

// asksReceipts splits a notice whose last line asks for 收到 into its
// text without that line.
func asksReceipts(text string) (string, bool) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	last := strings.Trim(lines[len(lines)-1], " 　。.!！「」“”\"")
	if len(lines) < 2 || (last != "请回复收到" && last != "收到请回复" && last != "请回复「收到」") {
		return text, false
	}
	return strings.TrimSpace(strings.Join(lines[:len(lines)-1], "\n")), true
}

// noticeAskingReceipts sends a notice that asks for 收到, with its number.
func (h *Handlers) noticeAskingReceipts(ctx context.Context, r *bot.Request, text string) error {
	if err := checkNoticeText(text); err != nil {
		return err
	}
	scope, err := h.noticeScope(ctx, r)
	if err != nil {
		return err
	}
	a, err := h.receipts.AskReceipts(ctx, store.Ask{Text: text, Buildings: scope, AuthorID: r.Caller.ResidentID, AuthorName: r.Msg.Sender.Name})
	if err != nil {
		return fmt.Errorf("notice asking for 收到: %w", err)
	}
	body := fmt.Sprintf("【%s通知 N%d】%s\n请回复「收到」（或：收到 %d）\n—— %s", scopeName(scope), a.ID, text, a.ID, r.Msg.Sender.Name)
	n, err := h.broadcast(ctx, r, scope, body)
	if err != nil {
		return err
	}
	if n == 0 {
		return r.Reply(ctx, sentTo(scope, n))
	}
	return r.Reply(ctx, fmt.Sprintf("%s通知编号 N%d。\n看谁还没回复：收到情况 %d", sentTo(scope, n), a.ID, a.ID))
}

// NoticeReplies wraps the reader: in a group where a notice asking for 收到
// was sent in the last days, a bare 收到 (收到了, 好的收到, 已阅, 👌) is a
// reply to the latest such notice there. Anywhere else it stays what the
// reader says it is (chatter in a group). Only those few words cost a
// look at the database.
func (h *Handlers) NoticeReplies(read bot.ReadFunc) bot.ReadFunc {
	return func(m bot.Message, now time.Time) bot.Intent {
		in := read(m, now)
		if in.Name != bot.IntentNone || !m.Chat.Group || h.receipts == nil || !isAck(m.Text) {
			return in
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		a, err := h.openAsk(ctx, m.Chat, now)
		if err != nil {
			if !errors.Is(err, store.ErrNotFound) {
				h.log.Error("open notice", "chat", m.Chat.Key(), "err", err)
			}
			return in
		}
		return bot.Intent{Name: bot.IntentConfirmNotice, Notice: int(a.ID)}
	}
}

// openAsk is the latest notice asking for 收到 sent to chat's building in
// the last days.
func (h *Handlers) openAsk(ctx context.Context, chat bot.Chat, now time.Time) (store.Ask, error) {
	c, err := h.chats.Chat(ctx, chat.Platform, chat.ID)
	if err != nil || c.Building == "" {
		return store.Ask{}, store.ErrNotFound
	}
	asks, err := h.receipts.AsksSince(ctx, now.Add(-askOpenFor))
	if err != nil {
		return store.Ask{}, err
	}
	for _, a := range asks {
		if slices.Contains(a.Buildings, store.AllBuildings) || slices.Contains(a.Buildings, c.Building) {
			return a, nil
		}
	}
	return store.Ask{}, store.ErrNotFound
}

// isAck is a bare 收到 as people type it: 收到, 收到了, 好的收到, 收到谢谢,
// 已阅, 👌 — and nothing more.
func isAck(text string) bool {
	t := strings.TrimSpace(text)
	for _, cut := range []string{"好的", "好", "嗯", "ok", "OK", "，", ",", " "} {
		t = strings.TrimPrefix(t, cut)
	}
	t = strings.TrimRight(t, " 　。.!！~～，,🙏👍🌹")
	for _, tail := range []string{"谢谢", "了", "啦", "，", ","} {
		t = strings.TrimSuffix(t, tail)
	}
	t = strings.TrimRight(t, " 　。.!！~～，,")
	switch t {
	case "收到", "收到收到", "已收到", "已阅", "已读", "👌", "👌🏻", "👌🏼", "👌🏽", "收到👌":
		return true
	}
	return false
}
