package store

import (
	"context"
	"time"
)

// WebSession is one browser's session in the community office (the web
// panel). It is opened by a one-time login link the bot sent privately and
// says who is working, never what they may do: that is read from their
// roles on every request, so taking a role back takes the panel back.
type WebSession struct {
	ID         uint
	ResidentID uint
	// From is the address that opened the link.
	From      string
	StartedAt time.Time
	SeenAt    time.Time
}

// AuditEntry is one privileged change, from the panel or from a chat
// command: who made it, what, when and from where. Admins read them.
type AuditEntry struct {
	ID uint
	At time.Time
	// ResidentID is who made the change (0: the server's shell); Who is
	// their name as it was then, since names change.
	ResidentID uint
	Who        string
	// Action is what was done, in words an admin reads (已取 D12, 设置楼组长 …);
	// Detail what it was done to.
	Action string
	Detail string
	// Via is "web" or the chat platform; From the browser's address or the
	// chat the command was sent in.
	Via  string
	From string
}

// Office is what the community office keeps: login links, sessions, the
// audit log and the pick-up ticks (核销) at the canteen's counter.
type Office interface {
	// IssueLogin keeps a login link's digest for a resident until expires.
	IssueLogin(ctx context.Context, digest string, residentID uint, expires time.Time) error
	// OpenSession uses an unused, unexpired login once and starts a session
	// kept under sessionDigest, in one transaction: of two browsers opening
	// one link, one gets the session. A used or expired link is ErrNotFound.
	OpenSession(ctx context.Context, loginDigest, sessionDigest, from string, now time.Time) (WebSession, error)
	// Session is the open session kept under digest, marked seen at now;
	// one idle since before idleSince, or started before startedSince, is
	// ErrNotFound (and stays ended).
	Session(ctx context.Context, digest string, now, idleSince, startedSince time.Time) (WebSession, error)
	// EndSession ends a session (logging out, or its person has no role).
	EndSession(ctx context.Context, digest string, now time.Time) error
	// ForgetLogins deletes login links that expired, and sessions that were
	// last seen, before before: neither can open anything any more.
	ForgetLogins(ctx context.Context, before time.Time) (int64, error)
	// Audit appends to the audit log.
	Audit(ctx context.Context, e AuditEntry) error
	// AuditLog lists the newest entries first, at most limit of them.
	AuditLog(ctx context.Context, limit int) ([]AuditEntry, error)
	// PickUp marks a booked order picked up at at, or not picked up with
	// at nil; it reports whether the order changed. An order that is not
	// booked (cancelled, or no such order) is ErrNotFound.
	PickUp(ctx context.Context, orderID uint, at *time.Time) (OrderLine, bool, error)
}
