package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"sync"
	"time"

	"linli/bot"
	"linli/handlers"
)

// anonymity keeps an anonymous command (匿名建议) from being recorded as
// its sender's: the router identifies its sender without recording a
// sighting (handlers.IdentifyQuietly), and the record that it was handled
// is kept under a keyed hash of its message id, dated to its day
// (handlingDedup.Finished). The router reads the message once more here,
// which is pure and cheap, rather than telling the store what it read.
type anonymity struct {
	read   bot.ReadFunc
	now    func() time.Time
	loc    *time.Location
	secret string // suggestions.secret; empty: no command is anonymous
	mu     sync.Mutex
	// handling are the anonymous commands identified and not yet finished,
	// by platform and message id.
	handling map[string]bool
}

func newAnonymity(read bot.ReadFunc, now func() time.Time, loc *time.Location, secret string) *anonymity {
	return &anonymity{read: read, now: now, loc: loc, secret: secret, handling: map[string]bool{}}
}

// is reports whether m is an anonymous command to be kept unrecorded.
// Without a secret anonymous suggestions are refused, and nothing needs
// keeping.
func (an *anonymity) is(m bot.Message) bool {
	if an == nil || an.secret == "" {
		return false
	}
	in := an.read(m, an.now())
	return in.IsCommand() && in.Anonymous
}

// finishing reports whether the message being finished was identified as
// anonymous, and forgets it.
func (an *anonymity) finishing(platform, messageID string) bool {
	if an == nil {
		return false
	}
	an.mu.Lock()
	defer an.mu.Unlock()
	k := platform + "\x00" + messageID
	was := an.handling[k]
	delete(an.handling, k)
	return was
}

// key is the keyed hash an anonymous command's handling is recorded under:
// without the secret it cannot be told from which chat or message it came.
func (an *anonymity) key(platform, messageID string) string {
	if an == nil || an.secret == "" {
		return ""
	}
	mac := hmac.New(sha256.New, []byte(an.secret))
	mac.Write([]byte("handled\x00" + platform + "\x00" + messageID))
	return hex.EncodeToString(mac.Sum(nil))
}

// day is the start of today in the community's time zone.
func (an *anonymity) day() time.Time {
	t := an.now().In(an.loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, an.loc)
}

// quietDirectory is the router's Directory: handlers.Identify for every
// message but an anonymous command, whose sender it only looks up.
type quietDirectory struct {
	h    *handlers.Handlers
	anon *anonymity
}

// Identify implements bot.Directory.
func (d quietDirectory) Identify(ctx context.Context, m bot.Message) (bot.Caller, error) {
	if !d.anon.is(m) {
		return d.h.Identify(ctx, m)
	}
	if m.ID != "" {
		d.anon.mu.Lock()
		d.anon.handling[m.Chat.Platform+"\x00"+m.ID] = true
		d.anon.mu.Unlock()
	}
	return d.h.IdentifyQuietly(ctx, m)
}

// quietLog is the router's log handler. The router logs an anonymous
// command without its author ("(anonymous)"), but the line still marks the
// second it was filed, between the named lines of whoever sent it: below
// Error such lines are dropped. A redelivered message's debug line loses
// its message id, which names the chat (and may be an anonymous one's).
// Failures are still logged, with their reference.
type quietLog struct{ slog.Handler }

// Handle implements slog.Handler.
func (q quietLog) Handle(ctx context.Context, r slog.Record) error {
	keep, strip := true, r.Message == "redelivered message dropped"
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "user" && a.Value.String() == "(anonymous)" && r.Level < slog.LevelError {
			keep = false
		}
		return keep
	})
	if !keep {
		return nil
	}
	if strip {
		out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
		r.Attrs(func(a slog.Attr) bool {
			if a.Key != "message" {
				out.AddAttrs(a)
			}
			return true
		})
		r = out
	}
	return q.Handler.Handle(ctx, r)
}

// WithAttrs implements slog.Handler.
func (q quietLog) WithAttrs(as []slog.Attr) slog.Handler { return quietLog{q.Handler.WithAttrs(as)} }

// WithGroup implements slog.Handler.
func (q quietLog) WithGroup(name string) slog.Handler { return quietLog{q.Handler.WithGroup(name)} }
