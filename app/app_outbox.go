package app

import (
	"context"
	"fmt"
	"time"

	"linli/bot"
)

// wireOutbox puts every platform behind the outbox, so their replies are
// stored before they are sent, and paced to the platform's limits. The
// console's lane is inline: a message's replies are printed before the
// next line is read, as `linli chat` and the transcript tests expect,
// through the same store and records as the platforms'.
func (a *app) wireOutbox() (bot.Switchboard, error) {
	ob, err := bot.NewOutbox(bot.OutboxConfig{
		Store: outboxStore{a.store},
		Log:   a.log,
		// Pacing and retries run on the real clock, not the community's
		// (which tests fix): a frozen clock would never let a message go.
		Poll:        a.pollOthers(), // messages other replicas queued
		OnPermanent: a.chatGone,
	})
	if err != nil {
		return nil, err
	}
	a.outbox = ob
	board := bot.Switchboard{}
	for _, p := range a.platforms {
		p := counted{p, a.metrics}
		add := ob.Add
		if p.Name() == bot.Console {
			add = ob.AddInline
		}
		if err := add(p.Name(), p); err != nil {
			return nil, err
		}
		board[p.Name()] = ob
	}
	return board, nil
}

// pollOthers is how often the sending replica looks for messages that
// other replicas queued (a push one of them ran, a command it handled
// while the leader changed): often with replicas, rarely alone.
func (a *app) pollOthers() time.Duration {
	if a.coord != nil {
		return 2 * time.Second
	}
	return 10 * time.Second
}

// chatGone is told by the outbox that a chat cannot be reached any more:
// the chat is marked inactive (pushes skip it until someone speaks there
// again) and, for a group, the admins are told once. A private chat that is gone
// is not reported, or an admin who blocked the bot would be alerted about
// the alert without end.
func (a *app) chatGone(ctx context.Context, chat bot.Chat, cause error) {
	first, err := a.store.Deactivate(ctx, chat.Platform, chat.ID)
	a.handlers.ForgetChat(chat) // after: speaking there again must reactivate it
	if err != nil {
		a.log.Error("mark chat inactive", "chat", chat.Key(), "err", err)
	}
	if !chat.Group || !first {
		a.log.Warn("private chat unreachable", "chat", chat.Key(), "err", cause)
		return
	}
	name := chat.Title
	if name == "" {
		name = chat.Key()
	}
	a.alertAdmins(ctx, fmt.Sprintf("机器人已不在群「%s」里（被移出或群已解散），发往这个群的消息没有送到。如需继续使用，请把机器人重新拉进群。", name))
}
