package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"strings"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// Enqueue stores a message to send; it is due at its NextAt. CreatedAt,
// when given, is on the sender's clock, which decides when to give up.
func (s *Store) Enqueue(ctx context.Context, m *store.OutboxMessage) error {
	s.queued(m)
	return translate(s.db.WithContext(ctx).Create(m).Error)
}

// queued readies a message to be stored as waiting to be sent. A discreet
// message is given a random negative id rather than the next number: it
// is deleted once sent, and the gap it left among the kept messages, whose
// times are kept, would date it (and the anonymous ticket it answered).
// Sent by id, it goes before older messages to its chat, as the answer to
// the latest command may.
func (s *Store) queued(m *store.OutboxMessage) {
	m.ID = 0
	if m.Discreet {
		var b [8]byte
		_, _ = rand.Read(b[:])
		m.ID = -int64(binary.BigEndian.Uint64(b[:])>>2) - 1
	}
	m.Status = store.OutboxPending
	if m.SentAt != nil { // printed as it was stored: the console's (see bot.Outbox.AddInline)
		m.Status = store.OutboxSent
		t := m.SentAt.UTC()
		m.SentAt = &t
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.now()
	}
	m.NextAt, m.CreatedAt = m.NextAt.UTC(), m.CreatedAt.UTC()
}

// OutboxHeads returns, for each chat of a platform with unsent messages, the
// oldest one, oldest first: a chat's messages go in the order written.
func (s *Store) OutboxHeads(ctx context.Context, platform string) ([]store.OutboxMessage, error) {
	var ms []store.OutboxMessage
	db := s.db.WithContext(ctx)
	heads := db.Model(&store.OutboxMessage{}).Select("MIN(id)").
		Where("platform = ? AND status IN ?", platform, []string{store.OutboxPending, store.OutboxSending}).Group("chat_id")
	err := db.Where("id IN (?)", heads).Order("id").Find(&ms).Error
	return ms, translate(err)
}

// OutboxHead returns the oldest unsent message of one chat; false if none.
func (s *Store) OutboxHead(ctx context.Context, platform, chatID string) (store.OutboxMessage, bool, error) {
	ms, err := s.OutboxQueued(ctx, platform, chatID, 1)
	if err != nil || len(ms) == 0 {
		return store.OutboxMessage{}, false, err
	}
	return ms[0], true, nil
}

// OutboxQueued returns up to limit unsent messages of one chat, oldest
// first, for a sender that merges the replies waiting for a group, and
// for the console's lane, which reads its chat's queue after each command.
// Written out rather than left to gorm's Find, whose reflection over the
// row cost more than the query on that path.
func (s *Store) OutboxQueued(ctx context.Context, platform, chatID string, limit int) ([]store.OutboxMessage, error) {
	rows, err := rowsRaw(s.db.WithContext(ctx), `SELECT id, platform, status, chat_id, chat_title, chat_group, text,
		mention, reply_to, buttons, fallback, discreet, attempts, next_at, claimed_by, claimed_until, last_error, created_at,
		file_name, file_data
		FROM outbox_messages WHERE platform = ? AND status IN (?, ?) AND chat_id = ? ORDER BY id LIMIT ?`,
		platform, store.OutboxPending, store.OutboxSending, chatID, limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var ms []store.OutboxMessage
	for rows.Next() {
		var m store.OutboxMessage
		var next, until, created sql.NullTime
		if err := rows.Scan(&m.ID, &m.Platform, &m.Status, &m.ChatID, &m.ChatTitle, &m.ChatGroup, &m.Text,
			&m.Mention, &m.ReplyTo, &m.Buttons, &m.Fallback, &m.Discreet, &m.Attempts, &next, &m.ClaimedBy,
			&until, &m.LastError, &created, &m.FileName, &m.FileData); err != nil {
			return nil, translate(err)
		}
		m.NextAt, m.ClaimedUntil, m.CreatedAt = next.Time, until.Time, created.Time
		ms = append(ms, m)
	}
	return ms, translate(rows.Err())
}

// ClaimOutbox takes a message for sending until until. Only one caller
// gets true: the update succeeds only while the message is due and not
// held by a claim that is still running.
func (s *Store) ClaimOutbox(ctx context.Context, id int64, owner string, now, until time.Time) (bool, error) {
	now = now.UTC()
	res := s.db.WithContext(ctx).Model(&store.OutboxMessage{}).
		Where("id = ? AND next_at <= ? AND (status = ? OR (status = ? AND claimed_until <= ?))",
			id, now, store.OutboxPending, store.OutboxSending, now).
		Updates(map[string]any{"status": store.OutboxSending, "claimed_by": owner, "claimed_until": until.UTC()})
	return res.RowsAffected == 1, translate(res.Error)
}

// OutboxSent records a message as delivered; a discreet one is deleted.
func (s *Store) OutboxSent(ctx context.Context, id int64, at time.Time) error {
	if gone, err := s.forgetDiscreet(ctx, id); gone || err != nil {
		return err
	}
	return s.outboxSet(ctx, id, map[string]any{"status": store.OutboxSent, "sent_at": at.UTC(), "claimed_by": "", "file_data": nil})
}

// forgetDiscreet deletes a discreet message and reports whether it was one.
func (s *Store) forgetDiscreet(ctx context.Context, id int64) (bool, error) {
	res := s.db.WithContext(ctx).Where("id = ? AND discreet = ?", id, true).Delete(&store.OutboxMessage{})
	return res.RowsAffected == 1, translate(res.Error)
}

// migrateOutboxFiles adds outbox_messages.file_name and file_data. A
// database created by this build has them from the outbox's own step.
func migrateOutboxFiles(tx *gorm.DB) error {
	m := tx.Migrator()
	for _, col := range []string{"FileName", "FileData"} {
		if m.HasColumn(&outboxMessageRow{}, col) {
			continue
		}
		if err := m.AddColumn(&outboxMessageRow{}, col); err != nil {
			return err
		}
	}
	return nil
}

// OutboxRetry puts a message back to be tried again at next.
func (s *Store) OutboxRetry(ctx context.Context, id int64, next time.Time, reason string) error {
	return s.outboxSet(ctx, id, map[string]any{"status": store.OutboxPending, "next_at": next.UTC(),
		"attempts": gorm.Expr("attempts + 1"), "last_error": reason, "claimed_by": ""})
}

// OutboxFail records that a message cannot be delivered; a discreet one
// is deleted.
func (s *Store) OutboxFail(ctx context.Context, id int64, reason string) error {
	if gone, err := s.forgetDiscreet(ctx, id); gone || err != nil {
		return err
	}
	return s.outboxSet(ctx, id, map[string]any{"status": store.OutboxFailed, "last_error": reason, "claimed_by": "", "file_data": nil})
}

func (s *Store) outboxSet(ctx context.Context, id int64, cols map[string]any) error {
	res := s.db.WithContext(ctx).Model(&store.OutboxMessage{}).Where("id = ?", id).Updates(cols)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// OutboxUnsent counts a platform's messages still to send.
func (s *Store) OutboxUnsent(ctx context.Context, platform string) (int, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&store.OutboxMessage{}).
		Where("platform = ? AND status IN ?", platform, []string{store.OutboxPending, store.OutboxSending}).Count(&n).Error
	return int(n), translate(err)
}

// OutboxByStatus lists a platform's messages in one state, oldest first,
// for operators and tests.
func (s *Store) OutboxByStatus(ctx context.Context, platform, status string) ([]store.OutboxMessage, error) {
	var ms []store.OutboxMessage
	err := s.db.WithContext(ctx).Where("platform = ? AND status = ?", platform, status).Order("id").Find(&ms).Error
	return ms, translate(err)
}

// ForgetSent drops delivered messages sent before before; they are kept a
// while only to answer "was it sent?".
func (s *Store) ForgetSent(ctx context.Context, before time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("status = ? AND sent_at < ?", store.OutboxSent, before.UTC()).Delete(&store.OutboxMessage{})
	return res.RowsAffected, translate(res.Error)
}

// MoveChat follows a chat to its new platform id (a Telegram group that
// became a supergroup): the chat's row keeps its building, members and
// history, and messages waiting to be sent follow it. A row the new id
// already got (someone spoke there first) is merged into the old one.
func (s *Store) MoveChat(ctx context.Context, platform, oldID, newID string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var old store.Chat
		err := tx.Where("platform = ? AND chat_id = ?", platform, oldID).Limit(1).Find(&old).Error
		if err != nil {
			return translate(err)
		}
		if old.ID != 0 {
			if err := absorbChat(tx, platform, newID, old.ID); err != nil {
				return err
			}
			if err := tx.Model(&store.Chat{}).Where("id = ?", old.ID).Update("chat_id", newID).Error; err != nil {
				return translate(err)
			}
		}
		return translate(tx.Model(&store.OutboxMessage{}).
			Where("platform = ? AND chat_id = ? AND status IN ?", platform, oldID, []string{store.OutboxPending, store.OutboxSending}).
			Update("chat_id", newID).Error)
	})
}

// absorbChat moves the members of the chat row at (platform, chatID), if
// any, to the row into, and deletes it.
func absorbChat(tx *gorm.DB, platform, chatID string, into uint) error {
	var dup store.Chat
	if err := tx.Where("platform = ? AND chat_id = ?", platform, chatID).Limit(1).Find(&dup).Error; err != nil {
		return translate(err)
	}
	if dup.ID == 0 {
		return nil
	}
	err := tx.Exec(`INSERT INTO members (chat_id, resident_id, seen_at)
		SELECT ?, resident_id, seen_at FROM members WHERE chat_id = ?
		ON CONFLICT (chat_id, resident_id) DO NOTHING`, into, dup.ID).Error
	if err != nil {
		return translate(err)
	}
	return translate(tx.Delete(&store.Chat{}, dup.ID).Error)
}

// Deactivate marks a chat the bot can no longer write to, and reports
// whether it was active until now: of many failed messages to one group,
// only the first raises an alert.
func (s *Store) Deactivate(ctx context.Context, platform, chatID string) (bool, error) {
	res := s.db.WithContext(ctx).Model(&store.Chat{}).
		Where("platform = ? AND chat_id = ? AND active = ?", platform, chatID, true).Update("active", false)
	return res.RowsAffected == 1, translate(res.Error)
}

// ClaimOutboxAll is ClaimOutbox for many messages in one commit, for a
// sender that sends a batch at once; it returns the ids claimed.
func (s *Store) ClaimOutboxAll(ctx context.Context, ids []int64, owner string, now, until time.Time) ([]int64, error) {
	now, until = now.UTC(), until.UTC()
	var got []int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Model(&store.OutboxMessage{}).
			Where("id IN ? AND next_at <= ? AND (status = ? OR (status = ? AND claimed_until <= ?))",
				ids, now, store.OutboxPending, store.OutboxSending, now).
			Updates(map[string]any{"status": store.OutboxSending, "claimed_by": owner, "claimed_until": until}).Error
		if err != nil {
			return err
		}
		return tx.Model(&store.OutboxMessage{}).Where("id IN ? AND status = ? AND claimed_by = ? AND claimed_until = ?",
			ids, store.OutboxSending, owner, until).Order("id").Pluck("id", &got).Error
	})
	return got, translate(err)
}

// OutboxSentAll is OutboxSent for many messages in one commit. Written
// out: it runs once for every batch a lane sends, the console's after
// each command.
func (s *Store) OutboxSentAll(ctx context.Context, ids []int64, at time.Time) error {
	in, args := idList(ids)
	return translate(s.tx(ctx, func(tx *gorm.DB) error {
		if err := execRaw(tx, "DELETE FROM outbox_messages WHERE discreet = ? AND id "+in, append([]any{true}, args...)...); err != nil {
			return err
		}
		return execRaw(tx, "UPDATE outbox_messages SET status = ?, sent_at = ?, claimed_by = '', file_data = NULL WHERE id "+in,
			append([]any{store.OutboxSent, at.UTC()}, args...)...)
	}))
}

// idList is "= ?" for one id or "IN (?, …)" for several, with the ids as
// arguments.
func idList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	if len(ids) == 1 {
		return "= ?", args
	}
	return "IN (?" + strings.Repeat(", ?", len(ids)-1) + ")", args
}

// OutboxHeadsOf is OutboxHeads for some chats of a platform only: the
// heads a sender must read again after it sent to them.
func (s *Store) OutboxHeadsOf(ctx context.Context, platform string, chatIDs []string) ([]store.OutboxMessage, error) {
	var ms []store.OutboxMessage
	db := s.db.WithContext(ctx)
	heads := db.Model(&store.OutboxMessage{}).Select("MIN(id)").
		Where("platform = ? AND status IN ? AND chat_id IN ?", platform, []string{store.OutboxPending, store.OutboxSending}, chatIDs).
		Group("chat_id")
	err := db.Where("id IN (?)", heads).Order("id").Find(&ms).Error
	return ms, translate(err)
}
