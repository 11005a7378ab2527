package bot

import (
	"context"
	"errors"
	"time"
)

// DeliverFunc hands one incoming message to the bot. Adapters call it for
// each message in the order received and may call it from several goroutines.
// It returns when the message is handled; the record of that (and the
// replies stored with it) may still be committing, in a commit shared with
// other messages: an adapter acknowledges the message to its platform
// (advances an update offset) only after the Pending's Wait.
type DeliverFunc func(ctx context.Context, m Message) Pending

// Platform is one chat network. The bot never sees platform types: an adapter
// turns what its SDK receives into Messages and Replies into what its SDK sends.
type Platform interface {
	// Name is one of Console, Telegram, WeChat.
	Name() string
	// Run receives messages until ctx is done, then returns nil; any other
	// return is a failure the operator must see.
	Run(ctx context.Context, deliver DeliverFunc) error
	// Send delivers one reply to a chat. It returns a *SendError when the
	// platform refused in a way the outbox should understand.
	Send(ctx context.Context, chat Chat, r Reply) error
}

// LoginWatcher is a platform whose account a person must log in (WeChat's
// QR code). It tells the watcher each time the session needs a login
// (false) and each time it is logged in (true), for the operator's
// health checks and metrics.
type LoginWatcher interface {
	WatchLogin(func(loggedIn bool))
}

// Sender sends a reply to a chat. The outbox implements it for handlers and
// jobs; platforms implement it for the outbox.
type Sender interface {
	Send(ctx context.Context, chat Chat, r Reply) error
}

// SendError classifies a failed send so the outbox knows whether to wait,
// retry or give up. Adapters translate their platform's answers into it.
type SendError struct {
	// RetryAfter is set when the platform asked to slow down (HTTP 429).
	RetryAfter int // seconds
	// Permanent means retrying cannot help: the bot was removed from the
	// group, the chat no longer exists, the person blocked the bot.
	Permanent bool
	Err       error
}

func (e *SendError) Error() string {
	if e.Err == nil {
		return "send failed"
	}
	return e.Err.Error()
}

func (e *SendError) Unwrap() error { return e.Err }

// IsPermanent reports whether err says a chat can no longer be reached.
func IsPermanent(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Permanent
}

// Sleep waits d or until ctx is done, whichever comes first: adapters back
// off with it and still stop promptly.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
