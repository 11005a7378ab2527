package sqldb

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"linli/store"
)

// askRow is a notice asking for 收到 (its N-number is its id).
type askRow struct {
	ID         uint      `gorm:"primaryKey"`
	Text       string    `gorm:"not null"`
	Buildings  string    `gorm:"not null"`
	AuthorID   uint      `gorm:"not null;default:0"`
	AuthorName string    `gorm:"not null;default:''"`
	CreatedAt  time.Time `gorm:"not null;index"`
	SummaryAt  *time.Time
	RemindedAt *time.Time
}

func (askRow) TableName() string { return "notice_asks" }

// receiptRow is a household's 收到: the primary key keeps it once.
type receiptRow struct {
	AskID       uint      `gorm:"primaryKey;autoIncrement:false"`
	HouseholdID uint      `gorm:"primaryKey;autoIncrement:false"`
	ResidentID  uint      `gorm:"not null"`
	At          time.Time `gorm:"not null"`
}

func (receiptRow) TableName() string { return "notice_receipts" }

func migrateReceipts(tx *gorm.DB) error { return tx.AutoMigrate(&askRow{}, &receiptRow{}) }

func (r askRow) ask() store.Ask {
	return store.Ask{ID: r.ID, Text: r.Text, Buildings: strings.Split(r.Buildings, ","), AuthorID: r.AuthorID,
		AuthorName: r.AuthorName, CreatedAt: r.CreatedAt}
}

// AskReceipts implements store.Receipts.
func (s *Store) AskReceipts(ctx context.Context, a store.Ask) (store.Ask, error) {
	row := askRow{Text: a.Text, Buildings: strings.Join(a.Buildings, ","), AuthorID: a.AuthorID, AuthorName: a.AuthorName, CreatedAt: s.now()}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return store.Ask{}, translate(err)
	}
	return row.ask(), nil
}

// AskByID implements store.Receipts.
func (s *Store) AskByID(ctx context.Context, id uint) (store.Ask, error) {
	var row askRow
	if err := s.db.WithContext(ctx).First(&row, id).Error; err != nil {
		return store.Ask{}, translate(err)
	}
	return row.ask(), nil
}

// AsksSince implements store.Receipts.
func (s *Store) AsksSince(ctx context.Context, since time.Time) ([]store.Ask, error) {
	var rows []askRow
	if err := s.db.WithContext(ctx).Where("created_at >= ?", since.UTC()).Order("created_at DESC, id DESC").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]store.Ask, len(rows))
	for i, r := range rows {
		out[i] = r.ask()
	}
	return out, nil
}

// Receive implements store.Receipts: one row per household, whoever of it
// says 收到 first.
func (s *Store) Receive(ctx context.Context, askID, householdID, residentID uint, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&receiptRow{AskID: askID, HouseholdID: householdID, ResidentID: residentID, At: at.UTC()})
	return res.RowsAffected == 1, translate(res.Error)
}

// scopeOf is the WHERE clause on households h for a notice's buildings.
func scopeOf(a store.Ask) (string, []any) {
	for _, b := range a.Buildings {
		if b == store.AllBuildings {
			return "1 = 1", nil
		}
	}
	return "h.building IN ?", []any{a.Buildings}
}

// ReceiptsByBuilding implements store.Receipts. A household counts when an
// account belongs to it (one waiting to join does not).
func (s *Store) ReceiptsByBuilding(ctx context.Context, askID uint) ([]store.BuildingReceipts, error) {
	a, err := s.AskByID(ctx, askID)
	if err != nil {
		return nil, err
	}
	where, args := scopeOf(a)
	var out []store.BuildingReceipts
	err = s.db.WithContext(ctx).Raw(`SELECT h.building AS building, COUNT(DISTINCT h.id) AS households, COUNT(DISTINCT n.household_id) AS confirmed
		FROM households h JOIN residents r ON r.household_id = h.id
		LEFT JOIN notice_receipts n ON n.household_id = h.id AND n.ask_id = ?
		WHERE `+where+` GROUP BY h.building ORDER BY h.building`, append([]any{askID}, args...)...).Scan(&out).Error
	return out, translate(err)
}

// Unreceived implements store.Receipts.
func (s *Store) Unreceived(ctx context.Context, askID uint) ([]store.HouseholdAccounts, error) {
	a, err := s.AskByID(ctx, askID)
	if err != nil {
		return nil, err
	}
	where, args := scopeOf(a)
	var rs []store.Resident
	err = s.db.WithContext(ctx).Preload("Household").Table("residents r").Select("r.*").
		Joins("JOIN households h ON h.id = r.household_id").
		Where(where, args...).
		Where("NOT EXISTS (SELECT 1 FROM notice_receipts n WHERE n.ask_id = ? AND n.household_id = h.id)", askID).
		Order("h.building, h.room, r.id").Find(&rs).Error
	if err != nil {
		return nil, translate(err)
	}
	var out []store.HouseholdAccounts
	for _, r := range rs {
		if n := len(out); n == 0 || out[n-1].Household.ID != *r.HouseholdID {
			out = append(out, store.HouseholdAccounts{Household: *r.Household})
		}
		out[len(out)-1].Members = append(out[len(out)-1].Members, r)
	}
	return out, nil
}

// ClaimAskSummary implements store.Receipts.
func (s *Store) ClaimAskSummary(ctx context.Context, askID uint, now, before time.Time) (bool, error) {
	return s.claimAsk(ctx, askID, "summary_at", now, before)
}

// ClaimAskReminder implements store.Receipts.
func (s *Store) ClaimAskReminder(ctx context.Context, askID uint, now, before time.Time) (bool, error) {
	return s.claimAsk(ctx, askID, "reminded_at", now, before)
}

func (s *Store) claimAsk(ctx context.Context, askID uint, col string, now, before time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&askRow{}).
		Where("id = ? AND ("+col+" IS NULL OR "+col+" < ?)", askID, before.UTC()).Update(col, now.UTC())
	return res.RowsAffected == 1, translate(res.Error)
}
