package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// HintDue inserts the person's row for kind or, when there is one, moves
// its time on only if it is old enough: one conditional statement each, so
// the database decides who gives the hint.
func (s *Store) HintDue(ctx context.Context, residentID uint, kind string, now time.Time, every time.Duration) (bool, error) {
	db := s.db.WithContext(ctx)
	at := now.UTC()
	res := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&hintRow{ResidentID: residentID, Kind: kind, At: at})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	if res.RowsAffected > 0 {
		return true, nil
	}
	res = db.Model(&hintRow{}).Where("resident_id = ? AND kind = ? AND at <= ?", residentID, kind, at.Add(-every)).
		Update("at", at)
	return res.RowsAffected > 0, translate(res.Error)
}

// migrateActedBy adds who acted for a household to orders and sign-ups,
// and the 志愿 mark to activities (migration 97).
func migrateActedBy(tx *gorm.DB) error {
	m := tx.Migrator()
	for _, c := range []struct {
		row   any
		field string
	}{{&mealOrderRow{}, "ActedByID"}, {&signupRow{}, "ActedByID"}, {&eventRow{}, "Volunteer"}} {
		if m.HasColumn(c.row, c.field) {
			continue
		}
		if err := m.AddColumn(c.row, c.field); err != nil {
			return err
		}
	}
	return nil
}

// NamesOf maps accounts to their names (an erased account's is empty).
func (s *Store) NamesOf(ctx context.Context, ids []uint) (map[uint]string, error) {
	var rows []struct {
		ID   uint
		Name string
	}
	err := s.db.WithContext(ctx).Model(&residentRow{}).Select("id, name").Where("id IN ?", ids).Scan(&rows).Error
	out := make(map[uint]string, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, translate(err)
}
