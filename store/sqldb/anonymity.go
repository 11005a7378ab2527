package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"linli/store"
)

// FinishAnonymous records an anonymous command as handled under key (a
// keyed hash of its message id) and day, drops the claim a replica made
// on its plain message id, and stores the messages its handler sent, in
// one transaction. Unlike FinishHandlingWith it keeps no message id, time
// or owner: those would say who sent the anonymous message, and when.
func (s *Store) FinishAnonymous(ctx context.Context, platform, messageID, key string, day time.Time, out []store.OutboxMessage) error {
	record := func(tx *gorm.DB) error {
		if err := s.insertOutboxes(tx, out); err != nil {
			return err
		}
		err := tx.Where("platform = ? AND message_id = ?", platform, messageID).Delete(&handledRow{}).Error
		if err != nil {
			return err
		}
		return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&anonymousHandledRow{Hash: key, Day: day.UTC()}).Error
	}
	if inUnit, err := s.lastInUnit(ctx, record); inUnit {
		return err
	}
	return translate(s.tx(ctx, record))
}

// AnonymousHandledBefore reports whether an anonymous command was handled
// already, by the key FinishAnonymous recorded it under.
func (s *Store) AnonymousHandledBefore(ctx context.Context, key string) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&anonymousHandledRow{}).Where("hash = ?", key).Count(&n).Error
	return n > 0, translate(err)
}

// AnonymousHandledKeys lists the keys of the anonymous commands handled
// since day, for a process serving alone to recognise their redelivery.
func (s *Store) AnonymousHandledKeys(ctx context.Context, since time.Time) ([]string, error) {
	var keys []string
	err := s.db.WithContext(ctx).Model(&anonymousHandledRow{}).Where("day >= ?", since.UTC()).Pluck("hash", &keys).Error
	return keys, translate(err)
}
