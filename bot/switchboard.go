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
		fellBack, err := s.sendOne(ctx, chat, part)
		if err != nil {
			return err
		}
		if fellBack && r.Fallback.Text != "" {
			return nil // the group was told what to do instead, once
		}
	}
	return nil
}

// sendOne sends r, or its fallback when chat cannot be reached, and says
// which it did.
func (s Switchboard) sendOne(ctx context.Context, chat Chat, r Reply) (fellBack bool, err error) {
	p, ok := s[chat.Platform]
	if !ok {
		return false, &SendError{Permanent: true, Err: fmt.Errorf("no platform %q is running for chat %s", chat.Platform, chat.Key())}
	}
	err = p.Send(ctx, chat, r)
	if IsPermanent(err) {
		if fc, fr, ok := r.fallback(); ok {
			_, err := s.sendOne(ctx, fc, fr)
			return true, err
		}
	}
	return false, err
}
