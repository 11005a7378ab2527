package wechat

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/eatmoreapple/openwechat"

	"linli/bot"
)

// Send writes one text message to a group (by title) or a friend (by name),
// and the reply's file after it, if it has one.
// A group not yet seen in this login, a group whose title is shared, a
// person who is not a friend, WeChat's "too often" and a dropped session
// come back as *bot.SendError for the outbox to act on.
func (a *Adapter) Send(ctx context.Context, chat bot.Chat, r bot.Reply) error {
	a.mu.Lock()
	s := a.sess
	var to string
	var err error
	if s != nil {
		to, err = a.dir.target(chat)
	}
	a.mu.Unlock()
	if s == nil {
		return notLoggedIn()
	}
	if err != nil {
		return err
	}
	a.call.Lock()
	defer a.call.Unlock()
	if text := render(chat, r); r.File == nil || strings.TrimSpace(r.Text) != "" {
		_, err = s.bot.Caller.WebWxSendMsg(ctx, &openwechat.CallerWebWxSendMsgOptions{
			LoginInfo:   s.bot.Storage.LoginInfo,
			BaseRequest: s.bot.Storage.Request,
			Message:     openwechat.NewTextSendMessage(text, s.self, to),
		})
		if err != nil {
			return classify(err)
		}
	}
	if r.File != nil {
		// WeChat's file message has no caption: the text went first, so a
		// retry after a failed upload repeats a line, never the file.
		return classify(s.sendFile(ctx, to, r.File.Name, r.File.Data))
	}
	return nil
}

// render is the text as WeChat shows it: the person answered is @mentioned
// in a group, and buttons become what to type, since WeChat has none.
func render(chat bot.Chat, r bot.Reply) string {
	text := r.Text
	if r.Mention != nil && chat.Group && r.Mention.Name != "" {
		text = "@" + r.Mention.Name + "\u2005" + text
	}
	var hints []string
	for _, b := range r.Buttons {
		say := b.Say()
		if strings.Contains(r.Text, say) {
			continue // the text already says what to type (取消请回复：取消订餐 D12)
		}
		if b.Label == "" || b.Label == say {
			hints = append(hints, fmt.Sprintf("回复「%s」", say))
		} else {
			hints = append(hints, fmt.Sprintf("回复「%s」：%s", say, b.Label))
		}
	}
	return bot.Lines(append([]string{text}, hints...)...)
}

// classify turns WeChat's answers into what the outbox understands.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var ret openwechat.Ret
	switch {
	case errors.As(err, &ret) && ret == 1205:
		// "Operating too often": the account is close to a restriction.
		return &bot.SendError{RetryAfter: 120, Err: fmt.Errorf("wechat: sending too often (1205): %w", err)}
	case loggedOut(err):
		return &bot.SendError{RetryAfter: 60, Err: fmt.Errorf("wechat: session ended: %w", err)}
	case openwechat.IsNetworkError(err):
		return &bot.SendError{RetryAfter: 10, Err: err}
	}
	return &bot.SendError{Err: fmt.Errorf("wechat: send failed: %w", err)}
}
