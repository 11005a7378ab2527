package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"linli/bot"
	"linli/store"
	"linli/store/sqldb"
)

// outboxStore lets the bot's outbox keep its messages in the store: bot and
// store may not know each other, so this is where their types meet.
type outboxStore struct{ st *sqldb.Store }

// Enqueue implements bot.OutboxStore.
func (o outboxStore) Enqueue(ctx context.Context, chat bot.Chat, r bot.Reply, at time.Time) error {
	m, err := outboxRow(chat, r, at)
	if err != nil {
		return err
	}
	return o.st.Enqueue(ctx, &m)
}

// outboxRow is how the store keeps a message to send, due at at.
func outboxRow(chat bot.Chat, r bot.Reply, at time.Time) (store.OutboxMessage, error) {
	m := store.OutboxMessage{Platform: chat.Platform, ChatID: chat.ID, ChatTitle: chat.Title, ChatGroup: chat.Group,
		Text: r.Text, ReplyTo: r.ReplyTo, Discreet: r.Discreet, NextAt: at, CreatedAt: at}
	if r.File != nil {
		m.FileName, m.FileData = r.File.Name, r.File.Data
	}
	for _, f := range []struct {
		v   any
		set bool
		to  *string
	}{{r.Mention, r.Mention != nil, &m.Mention}, {r.Buttons, len(r.Buttons) > 0, &m.Buttons}, {r.Fallback, r.Fallback != nil, &m.Fallback}} {
		if !f.set {
			continue
		}
		b, err := json.Marshal(f.v)
		if err != nil {
			return m, err
		}
		*f.to = string(b)
	}
	return m, nil
}

// Heads implements bot.OutboxStore.
func (o outboxStore) Heads(ctx context.Context, platform string) ([]bot.Outgoing, error) {
	ms, err := o.st.OutboxHeads(ctx, platform)
	if err != nil {
		return nil, err
	}
	return outgoings(ms)
}

// Head implements bot.OutboxStore.
func (o outboxStore) Head(ctx context.Context, chat bot.Chat) (bot.Outgoing, bool, error) {
	m, ok, err := o.st.OutboxHead(ctx, chat.Platform, chat.ID)
	if err != nil || !ok {
		return bot.Outgoing{}, false, err
	}
	g, err := outgoing(m)
	return g, err == nil, err
}

// outgoings is outgoing for each message.
func outgoings(ms []store.OutboxMessage) ([]bot.Outgoing, error) {
	out := make([]bot.Outgoing, 0, len(ms))
	for _, m := range ms {
		g, err := outgoing(m)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

func outgoing(m store.OutboxMessage) (bot.Outgoing, error) {
	g := bot.Outgoing{
		ID:       m.ID,
		Chat:     bot.Chat{Platform: m.Platform, ID: m.ChatID, Title: m.ChatTitle, Group: m.ChatGroup},
		Reply:    bot.Reply{Text: m.Text, ReplyTo: m.ReplyTo, Discreet: m.Discreet},
		Attempts: m.Attempts, NextAt: m.NextAt, Sending: m.Status == store.OutboxSending,
		ClaimedUntil: m.ClaimedUntil, CreatedAt: m.CreatedAt,
	}
	if m.FileName != "" {
		g.Reply.File = &bot.File{Name: m.FileName, Data: m.FileData}
	}
	if m.Mention != "" {
		g.Reply.Mention = &bot.User{}
		if err := json.Unmarshal([]byte(m.Mention), g.Reply.Mention); err != nil {
			return g, fmt.Errorf("outbox message %d: mention: %w", m.ID, err)
		}
	}
	if m.Buttons != "" {
		if err := json.Unmarshal([]byte(m.Buttons), &g.Reply.Buttons); err != nil {
			return g, fmt.Errorf("outbox message %d: buttons: %w", m.ID, err)
		}
	}
	if m.Fallback != "" {
		g.Reply.Fallback = &bot.Fallback{}
		if err := json.Unmarshal([]byte(m.Fallback), g.Reply.Fallback); err != nil {
			return g, fmt.Errorf("outbox message %d: fallback: %w", m.ID, err)
		}
	}
	return g, nil
}

// Claim implements bot.OutboxStore.
func (o outboxStore) Claim(ctx context.Context, id int64, owner string, now, until time.Time) (bool, error) {
	return o.st.ClaimOutbox(ctx, id, owner, now, until)
}

// Sent implements bot.OutboxStore.
func (o outboxStore) Sent(ctx context.Context, id int64, at time.Time) error {
	return o.st.OutboxSent(ctx, id, at)
}

// Retry implements bot.OutboxStore.
func (o outboxStore) Retry(ctx context.Context, id int64, next time.Time, reason string) error {
	return o.st.OutboxRetry(ctx, id, next, reason)
}

// Fail implements bot.OutboxStore.
func (o outboxStore) Fail(ctx context.Context, id int64, reason string) error {
	return o.st.OutboxFail(ctx, id, reason)
}

// Unsent implements bot.OutboxStore.
func (o outboxStore) Unsent(ctx context.Context, platform string) (int, error) {
	return o.st.OutboxUnsent(ctx, platform)
}

// Queued implements bot.OutboxQueue: with it a paced lane merges the
// replies waiting for one group into one message.
func (o outboxStore) Queued(ctx context.Context, chat bot.Chat, limit int) ([]bot.Outgoing, error) {
	ms, err := o.st.OutboxQueued(ctx, chat.Platform, chat.ID, limit)
	if err != nil {
		return nil, err
	}
	return outgoings(ms)
}

// ClaimAll implements bot.OutboxBatch.
func (o outboxStore) ClaimAll(ctx context.Context, ids []int64, owner string, now, until time.Time) ([]int64, error) {
	return o.st.ClaimOutboxAll(ctx, ids, owner, now, until)
}

// SentAll implements bot.OutboxBatch.
func (o outboxStore) SentAll(ctx context.Context, ids []int64, at time.Time) error {
	return o.st.OutboxSentAll(ctx, ids, at)
}

// HeadsOf implements bot.OutboxBatch.
func (o outboxStore) HeadsOf(ctx context.Context, platform string, chatIDs []string) ([]bot.Outgoing, error) {
	ms, err := o.st.OutboxHeadsOf(ctx, platform, chatIDs)
	if err != nil {
		return nil, err
	}
	return outgoings(ms)
}
