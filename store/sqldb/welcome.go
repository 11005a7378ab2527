package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// welcomeRow is one person greeted (groups.welcome), once.
type welcomeRow struct {
	ResidentID uint `gorm:"primaryKey;autoIncrement:false"`
	At         time.Time
}

func (welcomeRow) TableName() string { return "welcomes" }

// FirstWelcome inserts the person's row; the primary key decides who is
// first, so a welcome is never sent twice.
func (s *Store) FirstWelcome(ctx context.Context, residentID uint, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&welcomeRow{ResidentID: residentID, At: at})
	return res.RowsAffected > 0, translate(res.Error)
}
