package bottest

import (
	"context"
	"errors"
	"sync"

	"linli/bot"
)

// Sent is one message the bot sent.
type Sent struct {
	Chat  bot.Chat
	Reply bot.Reply
}

// Recorder is the one reply recorder of Linli's tests: a bot.Sender that
// keeps what was sent, and a bot.Platform named Platform (console when
// empty) that receives nothing. A private chat whose id is in Blocked
// refuses, as a platform does when the person never opened a chat with
// the bot. It is safe for concurrent use.
type Recorder struct {
	Platform string
	Blocked  map[string]bool

	mu   sync.Mutex
	sent []Sent
	seen int // what Take has returned
}

// Send records the message, or refuses a blocked private chat.
func (r *Recorder) Send(_ context.Context, chat bot.Chat, rep bot.Reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !chat.Group && r.Blocked[chat.ID] {
		return &bot.SendError{Permanent: true, Err: errors.New("forbidden: bot can't initiate conversation")}
	}
	r.sent = append(r.sent, Sent{chat, rep})
	return nil
}

// Block makes the private chat with id refuse messages.
func (r *Recorder) Block(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Blocked == nil {
		r.Blocked = map[string]bool{}
	}
	r.Blocked[id] = true
}

// Take returns what was sent since the last Take.
func (r *Recorder) Take() []Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := append([]Sent(nil), r.sent[r.seen:]...)
	r.seen = len(r.sent)
	return m
}

// All returns everything sent so far.
func (r *Recorder) All() []Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Sent(nil), r.sent...)
}

// Name is the platform's name.
func (r *Recorder) Name() string {
	if r.Platform == "" {
		return bot.Console
	}
	return r.Platform
}

// Run receives nothing until ctx ends.
func (r *Recorder) Run(ctx context.Context, _ bot.DeliverFunc) error {
	<-ctx.Done()
	return nil
}

// Delivering turns a function that takes each delivered message into a
// DeliverFunc with nothing left to wait for, for adapter tests that only
// collect what arrives.
func Delivering(f func(ctx context.Context, m bot.Message)) bot.DeliverFunc {
	return func(ctx context.Context, m bot.Message) bot.Pending {
		f(ctx, m)
		return bot.Pending{}
	}
}
