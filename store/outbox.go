package store

import (
	"context"
	"time"
)

// Outbox message states.
const (
	OutboxPending = "pending"
	OutboxSending = "sending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// OutboxMessage is one message the bot has accepted to send. It is written
// before sending so nothing is lost in a restart, and claimed by a
// conditional update so two replicas never send it twice. The store does
// not interpret the reply: Buttons and Mention are opaque to it.
type OutboxMessage struct {
	ID        int64
	Platform  string
	Status    string
	ChatID    string
	ChatTitle string
	ChatGroup bool
	Text      string
	// Mention is the person answered, as the caller encodes them.
	Mention string
	ReplyTo string
	// Buttons are the reply's buttons, as the caller encodes them (JSON).
	Buttons string
	// Fallback is where to say it instead if the chat is unreachable, as
	// the caller encodes it (JSON).
	Fallback string
	// Discreet messages are deleted once sent or given up on: they answer
	// an anonymous suggestion, and a kept row would say who filed it.
	Discreet     bool
	Attempts     int
	NextAt       time.Time
	ClaimedBy    string
	ClaimedUntil time.Time
	LastError    string
	CreatedAt    time.Time
	SentAt       *time.Time
	// FileName and FileData are a file sent with the text (a spreadsheet
	// asked for in the chat). The data is dropped once the message is
	// sent or given up on: the row is kept a while to answer "was it
	// sent?", the residents' records in the file are not.
	FileName string
	FileData []byte
}

// Outbox is the queue of messages the bot has promised to send: written
// before sending, claimed by one replica, then marked sent, retried or given
// up on. Only the outbox lane and the composition root's bridge use it.
type Outbox interface {
	Enqueue(ctx context.Context, m *OutboxMessage) error
	OutboxHeads(ctx context.Context, platform string) ([]OutboxMessage, error)
	OutboxHead(ctx context.Context, platform, chatID string) (OutboxMessage, bool, error)
	ClaimOutbox(ctx context.Context, id int64, owner string, now, until time.Time) (bool, error)
	OutboxSent(ctx context.Context, id int64, at time.Time) error
	OutboxRetry(ctx context.Context, id int64, next time.Time, reason string) error
	OutboxFail(ctx context.Context, id int64, reason string) error
	OutboxUnsent(ctx context.Context, platform string) (int, error)
	OutboxByStatus(ctx context.Context, platform, status string) ([]OutboxMessage, error)
	ForgetSent(ctx context.Context, before time.Time) (int64, error)
}
