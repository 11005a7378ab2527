package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"linli/store"
)

// Handling is what ClaimHandling found.
type Handling int

// The outcomes of ClaimHandling.
const (
	// HandlingClaimed: the caller handles the message now.
	HandlingClaimed Handling = iota
	// HandlingDone: the message was handled and answered already.
	HandlingDone
	// HandlingBusy: another process claimed it recently and has not
	// finished; it may still be handling it, or it may have died.
	HandlingBusy
)

// ClaimHandling claims a platform message for owner before its handler
// runs. A message never seen is claimed; one already finished is Done; one
// claimed by another owner and not finished is taken over when claimed
// before staleBefore (its process died while handling it: a crash must not
// lose the message), else Busy. FinishHandlingWith records the handling done.
func (s *Store) ClaimHandling(ctx context.Context, platform, messageID, owner string, staleBefore time.Time) (Handling, error) {
	now := s.now()
	db := s.db.WithContext(ctx)
	res := db.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&handledRow{Platform: platform, MessageID: messageID, At: now, Owner: owner, Pending: true})
	if res.Error != nil {
		return HandlingBusy, translate(res.Error)
	}
	if res.RowsAffected == 1 {
		return HandlingClaimed, nil
	}
	res = db.Model(&handledRow{}).
		Where("platform = ? AND message_id = ? AND pending = ? AND owner <> ? AND at < ?",
			platform, messageID, true, owner, staleBefore.UTC()).
		Updates(map[string]any{"owner": owner, "at": now})
	if res.Error != nil {
		return HandlingBusy, translate(res.Error)
	}
	if res.RowsAffected == 1 {
		return HandlingClaimed, nil
	}
	var h handledRow
	if err := db.Where("platform = ? AND message_id = ?", platform, messageID).First(&h).Error; err != nil {
		return HandlingBusy, translate(err)
	}
	if h.Pending {
		return HandlingBusy, nil
	}
	return HandlingDone, nil
}

// FinishHandlingWith records that owner handled a message and stores the
// messages its handler sent, in one transaction: after a crash either both
// are there or neither is. The record is made if the message was not
// claimed in the database (a process serving alone claims in memory), and
// taken from another owner whose claim is older than staleBefore (it died
// while handling), but left as it is if another owner took it over since.
// Concurrent calls are
// committed together (see batcher): finishing was the one write of most
// commands, and its commit their largest cost. Under a unit that has
// begun (see Enclose) it is the unit's last write, committed with the
// command's changes instead: one commit for the command.
func (s *Store) FinishHandlingWith(ctx context.Context, platform, messageID, owner string, staleBefore time.Time, out []store.OutboxMessage) error {
	f := &finishing{ctx: ctx, platform: platform, messageID: messageID, owner: owner, staleBefore: staleBefore.UTC(), out: out}
	if inUnit, err := s.lastInUnit(ctx, func(tx *gorm.DB) error { return s.finish(tx, f) }); inUnit {
		return err
	}
	s.finishes.do(f) // the caller leads, if nobody does: no goroutine to wake
	return f.err
}

// FinishHandlingLater is FinishHandlingWith without waiting: it returns at
// once, and wait returns its outcome once it is committed. A caller's
// finishes are committed in the order it made them, so the messages one
// chat is sent keep their order.
func (s *Store) FinishHandlingLater(ctx context.Context, platform, messageID, owner string, staleBefore time.Time, out []store.OutboxMessage) (wait func() error) {
	f := &finishing{ctx: ctx, platform: platform, messageID: messageID, owner: owner, staleBefore: staleBefore.UTC(), out: out}
	if inUnit, err := s.lastInUnit(ctx, func(tx *gorm.DB) error { return s.finish(tx, f) }); inUnit {
		return func() error { return err }
	}
	done := s.finishes.submit(f)
	return func() error {
		<-done
		return f.err
	}
}

// finishing is one FinishHandlingWith waiting for its group.
type finishing struct {
	ctx                        context.Context
	platform, messageID, owner string
	staleBefore                time.Time
	out                        []store.OutboxMessage
	err                        error
}

// commitFinishes commits a group of finishes in one transaction, or, if
// that fails, each in its own.
func (s *Store) commitFinishes(group []*finishing) {
	if len(group) > 1 {
		err := s.tx(group[0].ctx, func(tx *gorm.DB) error {
			for _, f := range group {
				if err := s.finish(tx, f); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			return
		}
	}
	for _, f := range group {
		f.err = translate(s.tx(f.ctx, func(tx *gorm.DB) error { return s.finish(tx, f) }))
	}
}

// insertOutbox stores one message to send. Written out rather than left
// to gorm's Create, whose reflection over the row cost more than SQLite's
// insert on the path every command takes.
const insertOutbox = `INSERT INTO outbox_messages (platform, status, chat_id, chat_title, chat_group, text,
	mention, reply_to, buttons, fallback, discreet, attempts, next_at, claimed_by, claimed_until, last_error, created_at,
	sent_at, file_name, file_data)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func (s *Store) finish(tx *gorm.DB, f *finishing) error {
	if err := s.insertOutboxes(tx, f.out); err != nil {
		return err
	}
	return execRaw(tx, `INSERT INTO handled_messages (platform, message_id, at, owner, pending) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (platform, message_id) DO UPDATE SET pending = excluded.pending, owner = excluded.owner
		WHERE handled_messages.owner = excluded.owner OR handled_messages.at < ?`,
		f.platform, f.messageID, s.now(), f.owner, false, f.staleBefore)
}

// insertDiscreet is insertOutbox with the id given (see queued).
const insertDiscreet = `INSERT INTO outbox_messages (id, platform, status, chat_id, chat_title, chat_group, text,
	mention, reply_to, buttons, fallback, discreet, attempts, next_at, claimed_by, claimed_until, last_error, created_at,
	sent_at, file_name, file_data)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// insertOutboxes stores one command's messages within tx, in order. The
// discreet ones follow each other: each takes the id after the one
// before, from the random start the first drew (see queued), so that they
// keep the order they were said in (the parts of a long reply, a reply and
// the alarm it mentions) and still say nothing of when they were queued.
func (s *Store) insertOutboxes(tx *gorm.DB, out []store.OutboxMessage) error {
	var last int64
	for i := range out {
		m := &out[i]
		s.queued(m)
		if m.Discreet && last != 0 {
			m.ID = last + 1
		}
		if err := s.insertQueued(tx, m); err != nil {
			return err
		}
		if m.Discreet {
			last = m.ID
		}
	}
	return nil
}

// insertQueued stores a message queued gives its id and times.
func (s *Store) insertQueued(tx *gorm.DB, m *store.OutboxMessage) error {
	if m.Discreet {
		return execRaw(tx, insertDiscreet, m.ID, m.Platform, m.Status, m.ChatID, m.ChatTitle, m.ChatGroup, m.Text,
			m.Mention, m.ReplyTo, m.Buttons, m.Fallback, m.Discreet, m.Attempts, m.NextAt, m.ClaimedBy,
			m.ClaimedUntil.UTC(), m.LastError, m.CreatedAt, m.SentAt, m.FileName, fileData(m.FileData))
	}
	return execRaw(tx, insertOutbox, m.Platform, m.Status, m.ChatID, m.ChatTitle, m.ChatGroup, m.Text,
		m.Mention, m.ReplyTo, m.Buttons, m.Fallback, m.Discreet, m.Attempts, m.NextAt, m.ClaimedBy,
		m.ClaimedUntil.UTC(), m.LastError, m.CreatedAt, m.SentAt, m.FileName, fileData(m.FileData))
}

// fileData is a message's file as stored: NULL for none, as gorm writes
// a nil slice, rather than an empty blob.
func fileData(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// RecentlyHandled lists the latest n messages handled to the end, newest
// first, as platform and message id.
func (s *Store) RecentlyHandled(ctx context.Context, n int) ([][2]string, error) {
	var hs []handledRow
	err := s.db.WithContext(ctx).Select("platform, message_id").Where("pending = ?", false).
		Order("at DESC").Limit(n).Find(&hs).Error
	out := make([][2]string, len(hs))
	for i, h := range hs {
		out[i] = [2]string{h.Platform, h.MessageID}
	}
	return out, translate(err)
}

// ReleaseOutboxClaims puts back every message held for sending, for a
// process starting alone on the database: whoever held them died while
// sending (a crash), and its claim would otherwise hold them, and every
// later message to their chats, until the claim lapsed. Such a message
// may have reached the chat before the crash; it is sent again rather
// than lost.
func (s *Store) ReleaseOutboxClaims(ctx context.Context) (int64, error) {
	res := s.db.WithContext(ctx).Model(&store.OutboxMessage{}).Where("status = ?", store.OutboxSending).
		Updates(map[string]any{"status": store.OutboxPending, "claimed_by": ""})
	return res.RowsAffected, translate(res.Error)
}
