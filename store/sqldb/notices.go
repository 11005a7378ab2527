package sqldb

import (
	"context"
	"strings"
	"time"

	"linli/store"
)

// ScheduleNotice stores a notice to send at sendAt.
func (s *Store) ScheduleNotice(ctx context.Context, authorID uint, buildings []string, text string, sendAt time.Time) (store.Notice, error) {
	n := store.Notice{AuthorID: authorID, Buildings: strings.Join(buildings, ","), Text: text, SendAt: sendAt.UTC(), CreatedAt: s.now()}
	err := s.db.WithContext(ctx).Create(&n).Error
	return n, translate(err)
}

// DueNotices lists unsent notices due at or before now, oldest first.
func (s *Store) DueNotices(ctx context.Context, now time.Time) ([]store.Notice, error) {
	var ns []store.Notice
	err := s.db.WithContext(ctx).Preload("Author").
		Where("sent_at IS NULL AND send_at <= ?", now.UTC()).Order("send_at, id").Find(&ns).Error
	return ns, translate(err)
}

// ClaimNotice marks a notice sent and reports whether this caller claimed
// it: a conditional update, so two replicas never send one notice twice.
func (s *Store) ClaimNotice(ctx context.Context, id uint, now time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&store.Notice{}).Where("id = ? AND sent_at IS NULL", id).
		Update("sent_at", now.UTC())
	return res.RowsAffected == 1, translate(res.Error)
}

// RecordNoticeGroups notes how many groups a sent notice reached.
func (s *Store) RecordNoticeGroups(ctx context.Context, id uint, groups int) error {
	return translate(s.db.WithContext(ctx).Model(&store.Notice{}).Where("id = ?", id).Update("groups", groups).Error)
}

// PendingNotices lists the unsent notices of an author, for 我的信息 and
// for the author to see what is waiting.
func (s *Store) PendingNotices(ctx context.Context, authorID uint) ([]store.Notice, error) {
	var ns []store.Notice
	err := s.db.WithContext(ctx).Where("author_id = ? AND sent_at IS NULL", authorID).Order("send_at").Find(&ns).Error
	return ns, translate(err)
}

// ResidentsNamed finds accounts on a platform known by a display name, for
// resolving an @name said in a private chat.
func (s *Store) ResidentsNamed(ctx context.Context, platform, name string) ([]store.Resident, error) {
	var rs []store.Resident
	err := s.db.WithContext(ctx).Preload("Household").Where("platform = ? AND name = ?", platform, name).
		Order("id").Find(&rs).Error
	return rs, translate(err)
}
