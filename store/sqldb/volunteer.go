package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"linli/store"
)

// checkinRow is a person at an activity (签到): once a person.
type checkinRow struct {
	EventID    uint      `gorm:"primaryKey;autoIncrement:false"`
	ResidentID uint      `gorm:"primaryKey;autoIncrement:false"`
	ByID       uint      `gorm:"not null"`
	At         time.Time `gorm:"not null"`
}

func (checkinRow) TableName() string { return "checkins" }

// eventMinutesRow is how long a volunteer activity counts for (时长).
type eventMinutesRow struct {
	EventID uint      `gorm:"primaryKey;autoIncrement:false"`
	Minutes int       `gorm:"not null"`
	ByID    uint      `gorm:"not null"`
	At      time.Time `gorm:"not null"`
}

func (eventMinutesRow) TableName() string { return "event_minutes" }

func migrateVolunteering(tx *gorm.DB) error { return tx.AutoMigrate(&checkinRow{}, &eventMinutesRow{}) }

// CheckIn implements store.Volunteering.
func (s *Store) CheckIn(ctx context.Context, eventID, residentID, byID uint, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&checkinRow{EventID: eventID, ResidentID: residentID, ByID: byID, At: at.UTC()})
	return res.RowsAffected == 1, translate(res.Error)
}

// SetEventMinutes implements store.Volunteering: one row an activity.
func (s *Store) SetEventMinutes(ctx context.Context, eventID uint, minutes int, byID uint, at time.Time) error {
	return translate(s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "event_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"minutes", "by_id", "at"}),
	}).Create(&eventMinutesRow{EventID: eventID, Minutes: minutes, ByID: byID, At: at.UTC()}).Error)
}

// CheckedIn implements store.Volunteering.
func (s *Store) CheckedIn(ctx context.Context, eventID uint) (int, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&checkinRow{}).Where("event_id = ?", eventID).Count(&n).Error
	return int(n), translate(err)
}

// VolunteerRecords implements store.Volunteering. A cancelled activity
// counts for nobody.
func (s *Store) VolunteerRecords(ctx context.Context, from, to time.Time, residentID uint) ([]store.VolunteerRecord, error) {
	q := s.db.WithContext(ctx).Table("checkins c").
		Select(`e.id AS event_id, e.title, e.starts_at, m.minutes, r.id AS resident_id, r.name,
			COALESCE(h.building, '') AS building, COALESCE(h.room, '') AS room`).
		Joins("JOIN events e ON e.id = c.event_id").
		Joins("JOIN event_minutes m ON m.event_id = c.event_id").
		Joins("JOIN residents r ON r.id = c.resident_id").
		Joins("LEFT JOIN households h ON h.id = r.household_id").
		Where("e.status = ? AND e.starts_at >= ? AND e.starts_at < ?", store.EventOpen, from.UTC(), to.UTC())
	if residentID != 0 {
		q = q.Where("c.resident_id = ?", residentID)
	}
	var out []store.VolunteerRecord
	err := q.Order("e.starts_at, e.id, h.building, h.room, r.name").Scan(&out).Error
	return out, translate(err)
}
