package sqldb

import (
	"context"
	"time"

	"linli/store"
)

// JobFailed implements store.Status.
func (s *Store) JobFailed(ctx context.Context, f store.JobFailure) error {
	row := jobFailureRow{Job: f.Job, Due: f.Due.UTC(), At: f.At.UTC(), Error: f.Error}
	return translate(s.db.WithContext(ctx).Create(&row).Error)
}

// JobFailures implements store.Status; it reads the index on the failure's
// time, not the ledger of every run (a run a minute for some jobs).
func (s *Store) JobFailures(ctx context.Context, since time.Time, limit int) ([]store.JobFailure, error) {
	var out []store.JobFailure
	err := s.db.WithContext(ctx).Model(&jobFailureRow{}).Where("at >= ?", since.UTC()).
		Order("at DESC, id DESC").Limit(limit).Find(&out).Error
	return out, translate(err)
}
