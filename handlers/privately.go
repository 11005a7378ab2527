package handlers

import (
	"context"
	"fmt"

	"linli/bot"
)

// answerPrivately is how every answer that names residents or their
// problems (a pick-up list, an activity's roster, the suggestions, a
// household's orders) is given. Asked in a private chat, pages are the
// reply. Asked in a group, where anyone reads along, they go to the asker
// privately and the group hears one short line: what (「报名名单里有住户信息」)
// and that it was sent. Where the bot cannot write to the asker privately
// (not its friend on WeChat, never started it on Telegram), the group is
// told so, naming them, with what to do and again, the command to send
// privately then (「名单 3」) — never the list itself. The group's line says
// the list is on its way (「我私聊发给您，请看私聊」), not that it arrived: the
// platform answers later, and when it cannot deliver, the group hears that
// instead of a line that was already untrue.
func (h *Handlers) answerPrivately(ctx context.Context, r *bot.Request, what, again string, pages ...string) error {
	replies := make([]bot.Reply, len(pages))
	for i, p := range pages {
		replies[i] = bot.Reply{Text: p}
	}
	return h.privately(ctx, r, what, again, replies...)
}

// privately is answerPrivately for replies that may carry a file (a
// spreadsheet): in a group the file goes to the asker privately, never to
// the group, which is told one line.
func (h *Handlers) privately(ctx context.Context, r *bot.Request, what, again string, replies ...bot.Reply) error {
	if !r.Msg.Chat.Group {
		for _, p := range replies {
			if p.File == nil {
				if err := r.Reply(ctx, p.Text); err != nil {
					return err
				}
				continue
			}
			// Request.Reply says text only: the file is kept the same
			// way, with the command's record, as the answer.
			if err := r.Send(ctx, r.Msg.Chat, p); err != nil {
				return fmt.Errorf("a file to %s: %w", r.Msg.Chat.Key(), err)
			}
			r.Quiet()
		}
		return nil
	}
	if len(replies) == 0 {
		return nil
	}
	asker := r.Msg.Sender
	sent := true
	for i, reply := range replies {
		if i == 0 { // the first page tells whether the asker can be reached at all
			reply.Fallback = &bot.Fallback{Chat: r.Msg.Chat, Mention: &asker,
				Text: "私聊发不到您：请先私聊我说一句话（微信上请先加我为好友），再私聊我发「" + again + "」。"}
		}
		if err := r.Send(ctx, bot.PrivateChat(asker), reply); err != nil {
			h.log.Error("send failed", "chat", bot.PrivateChat(asker).Key(), "err", err)
			sent = false
		}
	}
	if sent {
		return r.Reply(ctx, what+"，我私聊发给您，请看私聊。")
	}
	return r.Reply(ctx, what+"，请私聊我发「"+again+"」查看。")
}
