package bot

import (
	"context"
	"fmt"
)

// Switchboard sends each reply through the platform its chat belongs to.
type Switchboard map[string]Sender

// Send implements Sender. A text longer than the platform takes goes as
// several messages, cut at line boundaries (SplitReply).
func (s Switchboard) Send(ctx context.Context, chat Chat, r Reply) error {
	parts := SplitReply(chat.Platform, r)
	for _, part := range parts {
		if err := s.sendOne(ctx, chat, part); err != nil {
			return err
		}
	}
	return nil
}

func (s Switchboard) sendOne(ctx context.Context, chat Chat, r Reply) error {
	p, ok := s[chat.Platform]
	if !ok {
		return &SendError{Permanent: true, Err: fmt.Errorf("no platform %q is running for chat %s", chat.Platform, chat.Key())}
	}
	err := p.Send(ctx, chat, r)
	if IsPermanent(err) {
		if fc, fr, ok := r.fallback(); ok {
			return s.sendOne(ctx, fc, fr)
		}
	}
	return err
}
