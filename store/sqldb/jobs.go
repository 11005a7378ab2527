package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"linli/store"
)

// Claim records a run of job due at due; it answers true to exactly one caller.
func (s *Store) Claim(ctx context.Context, job string, due time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&store.JobRun{Job: job, Due: due.UTC(), ClaimedAt: s.now()})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}

// LastRun is the latest due time claimed for job, zero if none.
func (s *Store) LastRun(ctx context.Context, job string) (time.Time, error) {
	var runs []store.JobRun
	err := s.db.WithContext(ctx).Where("job = ?", job).Order("due DESC").Limit(1).Find(&runs).Error
	if err != nil || len(runs) == 0 {
		return time.Time{}, translate(err)
	}
	return runs[0].Due, nil
}

// ReportOutage records that name went down (down) or came back, at now,
// and answers true to the one caller that changed its state: that replica
// tells the admins. A down state recorded before staleBefore no longer
// silences a new report (the replicas that saw it may have died before
// seeing it end).
func (s *Store) ReportOutage(ctx context.Context, name string, down bool, now, staleBefore time.Time) (bool, error) {
	var changed bool
	err := s.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&store.Outage{Name: name, Since: now.UTC()}).Error
		if err != nil {
			return err
		}
		q := tx.Model(&store.Outage{}).Where("name = ? AND down = ?", name, !down)
		if down {
			q = tx.Model(&store.Outage{}).Where("name = ? AND (down = ? OR since < ?)", name, false, staleBefore.UTC())
		}
		res := q.Updates(map[string]any{"down": down, "since": now.UTC()})
		changed = res.RowsAffected == 1
		return res.Error
	})
	return changed, translate(err)
}
