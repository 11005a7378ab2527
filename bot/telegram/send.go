package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mymmrac/telego"
	ta "github.com/mymmrac/telego/telegoapi"

	"linli/bot"
)

// Send delivers one reply as plain text (no parse mode: nothing a resident
// types can break it). In a group it replies to the message it answers,
// which Telegram shows above the text; a reply to a button tap has no such
// message and names the person instead.
func (a *Adapter) Send(ctx context.Context, chat bot.Chat, r bot.Reply) error {
	id, err := strconv.ParseInt(chat.ID, 10, 64)
	if err != nil {
		return &bot.SendError{Permanent: true, Err: fmt.Errorf("telegram: chat id %q is not a number", chat.ID)}
	}
	p := &telego.SendMessageParams{
		ChatID:             telego.ChatID{ID: id},
		Text:               r.Text,
		LinkPreviewOptions: &telego.LinkPreviewOptions{IsDisabled: true},
	}
	if chat.Group {
		if mid, ok := repliedMessage(chat.ID, r.ReplyTo); ok {
			p.ReplyParameters = &telego.ReplyParameters{MessageID: mid, AllowSendingWithoutReply: true}
		} else if r.Mention != nil && r.Mention.Name != "" {
			p.Text = "@" + r.Mention.Name + " " + r.Text
		}
	}
	if len(r.Buttons) > 0 {
		p.ReplyMarkup = a.keyboard(r.Buttons)
	}
	_, err = a.bot.SendMessage(ctx, p)
	return a.sendError(ctx, chat, err)
}

// repliedMessage finds the Telegram message id in a bot.Message id
// ("<chat>:<message>") of the same chat.
func repliedMessage(chatID, replyTo string) (int, bool) {
	c, m, ok := strings.Cut(replyTo, ":")
	if !ok || c != chatID {
		return 0, false
	}
	n, err := strconv.Atoi(m)
	return n, err == nil && n > 0
}

// sendError translates the Bot API's refusal into what the outbox
// understands: flood control to wait for, a chat that is gone for good,
// and everything else (5xx, network) to retry.
func (a *Adapter) sendError(ctx context.Context, chat bot.Chat, err error) error {
	if err == nil {
		return nil
	}
	err = a.redact(err)
	var apiErr *ta.Error
	if !errors.As(err, &apiErr) {
		return err // network or 5xx: retry
	}
	if apiErr.Parameters != nil && apiErr.Parameters.MigrateToChatID != 0 {
		// the group became a supergroup: move it, and retry to the new id
		a.migrate(ctx, mustInt(chat.ID), apiErr.Parameters.MigrateToChatID)
		return &bot.SendError{Err: err}
	}
	switch {
	case apiErr.ErrorCode == http.StatusTooManyRequests:
		after := 1
		if apiErr.Parameters != nil && apiErr.Parameters.RetryAfter > 0 {
			after = apiErr.Parameters.RetryAfter
		}
		return &bot.SendError{RetryAfter: after, Err: err}
	case apiErr.ErrorCode == http.StatusForbidden, chatGone(apiErr.Description):
		return &bot.SendError{Permanent: true, Err: err}
	}
	return &bot.SendError{Err: err}
}

// chatGone recognises the Bot API's ways of saying the bot can no longer
// write to a chat.
func chatGone(desc string) bool {
	desc = strings.ToLower(desc)
	for _, s := range []string{"chat not found", "bot was kicked", "bot was blocked", "user is deactivated",
		"bot is not a member", "group chat was deactivated", "not enough rights to send", "have no rights to send",
		"chat_write_forbidden", "bot can't initiate conversation"} {
		if strings.Contains(desc, s) {
			return true
		}
	}
	return false
}

func mustInt(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
