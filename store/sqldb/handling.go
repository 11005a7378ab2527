package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
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
// lose the message), else Busy. FinishHandling records the handling done.
func (s *Store) ClaimHandling(ctx context.Context, platform, messageID, owner string, staleBefore time.Time) (Handling, error) {
	now := s.now()
	db := s.db.WithContext(ctx)
	res := db.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&Handled{Platform: platform, MessageID: messageID, At: now, Owner: owner, Pending: true})
	if res.Error != nil {
		return HandlingBusy, translate(res.Error)
	}
	if res.RowsAffected == 1 {
		return HandlingClaimed, nil
	}
	res = db.Model(&Handled{}).
		Where("platform = ? AND message_id = ? AND pending = ? AND owner <> ? AND at < ?",
			platform, messageID, true, owner, staleBefore.UTC()).
		Updates(map[string]any{"owner": owner, "at": now})
	if res.Error != nil {
		return HandlingBusy, translate(res.Error)
	}
	if res.RowsAffected == 1 {
		return HandlingClaimed, nil
	}
	var h Handled
	if err := db.Where("platform = ? AND message_id = ?", platform, messageID).First(&h).Error; err != nil {
		return HandlingBusy, translate(err)
	}
	if h.Pending {
		return HandlingBusy, nil
	}
	return HandlingDone, nil
}

// FinishHandling records that owner finished handling a message it
// claimed: a redelivery is dropped from now on.
func (s *Store) FinishHandling(ctx context.Context, platform, messageID, owner string) error {
	return translate(s.db.WithContext(ctx).Model(&Handled{}).
		Where("platform = ? AND message_id = ? AND owner = ?", platform, messageID, owner).
		Update("pending", false).Error)
}

// ReleaseOutboxClaims puts back every message held for sending, for a
// process starting alone on the database: whoever held them died while
// sending (a crash), and its claim would otherwise hold them, and every
// later message to their chats, until the claim lapsed. Such a message
// may have reached the chat before the crash; it is sent again rather
// than lost.
func (s *Store) ReleaseOutboxClaims(ctx context.Context) (int64, error) {
	res := s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("status = ?", OutboxSending).
		Updates(map[string]any{"status": OutboxPending, "claimed_by": ""})
	return res.RowsAffected, translate(res.Error)
}
