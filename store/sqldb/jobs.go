package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// Claim records a run of job due at due; it answers true to exactly one caller.
func (s *Store) Claim(ctx context.Context, job string, due time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&JobRun{Job: job, Due: due.UTC(), ClaimedAt: s.now()})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}

// LastRun is the latest due time claimed for job, zero if none.
func (s *Store) LastRun(ctx context.Context, job string) (time.Time, error) {
	var runs []JobRun
	err := s.db.WithContext(ctx).Where("job = ?", job).Order("due DESC").Limit(1).Find(&runs).Error
	if err != nil || len(runs) == 0 {
		return time.Time{}, translate(err)
	}
	return runs[0].Due, nil
}
