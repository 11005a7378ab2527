package store

import "time"

// JobRun records that a scheduled job ran (or was deliberately skipped) for
// one due time. The primary key makes the claim exactly-once across replicas
// that share the database.
type JobRun struct {
	Job       string    `gorm:"primaryKey"`
	Due       time.Time `gorm:"primaryKey"`
	ClaimedAt time.Time
}
