package bot

import (
	"context"
	"sync"
)

// Held is a message a command's handler sent: kept with the request until
// the command is finished, then stored with the record that it was handled.
type Held struct {
	Chat  Chat
	Reply Reply
}

// collected is what a request's handler has sent so far. The router takes
// it once the command is finished; a goroutine the handler left behind
// that sends later finds it closed and sends the usual way.
type collected struct {
	mu     sync.Mutex
	items  []Held
	closed bool
}

// keep adds a message unless the command is finished; false: send it.
func (c *collected) keep(chat Chat, r Reply) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	for _, part := range SplitReply(chat.Platform, r) {
		c.items = append(c.items, Held{Chat: chat, Reply: part})
	}
	return true
}

// take closes the collection and returns what was kept.
func (c *collected) take() []Held {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	items := c.items
	c.items = nil
	return items
}

// Send implements Sender for a handler's messages to other chats than the
// one it answers (a notice to the groups, a word to the head): they are
// kept with the command's replies and stored with its record, so after a
// crash either the command and all it said are there, or none of it is.
func (r *Request) Send(ctx context.Context, chat Chat, reply Reply) error {
	if r.kept.keep(chat, reply) {
		return nil
	}
	return r.out.Send(ctx, chat, reply)
}

// Pending is a message handed to the router whose record, with the replies
// stored beside it, may still be being committed: Wait returns once it is
// and the replies are on their way. The zero Pending has nothing to wait for.
type Pending struct{ wait func() }

// Wait blocks until the message's handling is recorded; it may be called
// more than once.
func (p Pending) Wait() {
	if p.wait != nil {
		p.wait()
	}
}

// Waker is a Sender that learns of messages stored by someone else (the
// Finisher, with the record of the command they answer), so it sends
// them. The outbox is one; a Switchboard passes the news on.
type Waker interface {
	Stored(held ...Held)
}

// Stored implements Waker: each message's platform that is a Waker is
// told, in the order stored.
func (s Switchboard) Stored(held ...Held) {
	byPlatform := map[string][]Held{}
	var order []string
	for _, h := range held {
		if _, ok := byPlatform[h.Chat.Platform]; !ok {
			order = append(order, h.Chat.Platform)
		}
		byPlatform[h.Chat.Platform] = append(byPlatform[h.Chat.Platform], h)
	}
	for _, platform := range order {
		if w, ok := s[platform].(Waker); ok {
			w.Stored(byPlatform[platform]...)
		}
	}
}
