package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/mymmrac/telego"
	ta "github.com/mymmrac/telego/telegoapi"
	tu "github.com/mymmrac/telego/telegoutil"

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
	if r.File != nil {
		return a.sendDocument(ctx, chat, id, r)
	}
	p := &telego.SendMessageParams{
		ChatID:             telego.ChatID{ID: id},
		Text:               r.Text,
		LinkPreviewOptions: &telego.LinkPreviewOptions{IsDisabled: true},
	}
	p.ReplyParameters, p.Text = answering(chat, r)
	if len(r.Buttons) > 0 {
		p.ReplyMarkup = a.keyboard(r.Buttons)
	}
	_, err = a.bot.SendMessage(ctx, p)
	return a.sendError(ctx, chat, err)
}

// answering is how a reply in a group shows whom it answers: as a reply
// to their message, or, with none to reply to, naming them in the text.
func answering(chat bot.Chat, r bot.Reply) (*telego.ReplyParameters, string) {
	if !chat.Group {
		return nil, r.Text
	}
	if mid, ok := repliedMessage(chat.ID, r.ReplyTo); ok {
		return &telego.ReplyParameters{MessageID: mid, AllowSendingWithoutReply: true}, r.Text
	}
	if r.Mention != nil && r.Mention.Name != "" {
		return nil, "@" + r.Mention.Name + " " + r.Text
	}
	return nil, r.Text
}

// maxCaption is sendDocument's caption limit: "0-1024 characters after
// entities parsing" (core.telegram.org/bots/api#senddocument), counted in
// UTF-16 code units as texts are.
const maxCaption = 1024

// sendDocument uploads the reply's file (multipart/form-data, the way the
// Bot API takes a new file) with the text as its caption. A text too long
// for a caption follows as a message of its own, so nothing is cut.
func (a *Adapter) sendDocument(ctx context.Context, chat bot.Chat, id int64, r bot.Reply) error {
	p := &telego.SendDocumentParams{
		ChatID:   telego.ChatID{ID: id},
		Document: tu.File(tu.NameReader(bytes.NewReader(r.File.Data), r.File.Name)),
	}
	var caption string
	p.ReplyParameters, caption = answering(chat, r)
	long := len(utf16.Encode([]rune(caption))) > maxCaption
	if !long {
		p.Caption = caption
	}
	if len(r.Buttons) > 0 && !long {
		p.ReplyMarkup = a.keyboard(r.Buttons)
	}
	if _, err := a.bot.SendDocument(ctx, p); err != nil {
		return a.sendError(ctx, chat, err)
	}
	if !long {
		return nil
	}
	r.File, r.ReplyTo = nil, ""
	return a.Send(ctx, chat, r)
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
