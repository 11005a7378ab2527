package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// fundRow is a 楼组众筹; its entries are fundEntryRows.
type fundRow struct {
	ID         uint      `gorm:"primaryKey"`
	Title      string    `gorm:"not null"`
	Building   string    `gorm:"not null;index"`
	TargetFen  int64     `gorm:"not null;default:0"`
	AuthorID   uint      `gorm:"not null;default:0"`
	AuthorName string    `gorm:"not null;default:''"`
	CreatedAt  time.Time `gorm:"not null"`
}

func (fundRow) TableName() string { return "funds" }

// fundEntryRow is one line of a ledger. Rows are only ever inserted: the
// database refuses an UPDATE or DELETE (migrateFunds's triggers), so an
// entry stands as it was written, and a correction is a new entry.
type fundEntryRow struct {
	ID     uint      `gorm:"primaryKey"`
	FundID uint      `gorm:"not null;index"`
	Kind   string    `gorm:"not null"`
	Fen    int64     `gorm:"not null"`
	Place  string    `gorm:"not null;default:''"`
	ByID   uint      `gorm:"not null;default:0"`
	ByName string    `gorm:"not null;default:''"`
	Note   string    `gorm:"not null;default:''"`
	At     time.Time `gorm:"not null"`
}

func (fundEntryRow) TableName() string { return "fund_entries" }

// migrateFunds makes the tables and the triggers that keep entries as
// written, in each database's dialect.
func migrateFunds(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&fundRow{}, &fundEntryRow{}); err != nil {
		return err
	}
	var stmts []string
	if tx.Dialector.Name() == "postgres" {
		stmts = []string{
			`CREATE OR REPLACE FUNCTION fund_entries_immutable() RETURNS trigger AS $$
			BEGIN RAISE EXCEPTION 'fund entries are immutable: a correction is a new entry'; END $$ LANGUAGE plpgsql`,
			`CREATE OR REPLACE TRIGGER fund_entries_immutable BEFORE UPDATE OR DELETE ON fund_entries
			FOR EACH ROW EXECUTE FUNCTION fund_entries_immutable()`,
		}
	} else {
		stmts = []string{
			`CREATE TRIGGER IF NOT EXISTS fund_entries_no_update BEFORE UPDATE ON fund_entries
			BEGIN SELECT RAISE(ABORT, 'fund entries are immutable: a correction is a new entry'); END`,
			`CREATE TRIGGER IF NOT EXISTS fund_entries_no_delete BEFORE DELETE ON fund_entries
			BEGIN SELECT RAISE(ABORT, 'fund entries are immutable: a correction is a new entry'); END`,
		}
	}
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return err
		}
	}
	return nil
}

func (r fundRow) fund() store.Fund {
	return store.Fund{ID: r.ID, Title: r.Title, Building: r.Building, TargetFen: r.TargetFen,
		AuthorID: r.AuthorID, AuthorName: r.AuthorName, CreatedAt: r.CreatedAt}
}

func (r fundEntryRow) entry() store.FundEntry {
	return store.FundEntry{ID: r.ID, FundID: r.FundID, Kind: r.Kind, Fen: r.Fen, Place: r.Place,
		ByID: r.ByID, ByName: r.ByName, Note: r.Note, At: r.At}
}

// CreateFund implements store.Funds.
func (s *Store) CreateFund(ctx context.Context, f store.Fund) (store.Fund, error) {
	row := fundRow{Title: f.Title, Building: f.Building, TargetFen: f.TargetFen, AuthorID: f.AuthorID,
		AuthorName: f.AuthorName, CreatedAt: s.now()}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return store.Fund{}, translate(err)
	}
	return row.fund(), nil
}

// FundByID implements store.Funds.
func (s *Store) FundByID(ctx context.Context, id uint) (store.Fund, error) {
	var row fundRow
	if err := s.db.WithContext(ctx).First(&row, id).Error; err != nil {
		return store.Fund{}, translate(err)
	}
	return row.fund(), nil
}

// AddFundEntry implements store.Funds. On PostgreSQL the fund's row is
// locked first, so two spendings at once are checked one after the other
// against the balance (SQLite's IMMEDIATE transactions are serialised).
func (s *Store) AddFundEntry(ctx context.Context, e store.FundEntry) (store.FundEntry, error) {
	row := fundEntryRow{FundID: e.FundID, Kind: e.Kind, Fen: e.Fen, Place: e.Place, ByID: e.ByID, ByName: e.ByName,
		Note: e.Note, At: e.At.UTC()}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if s.driver == "postgres" {
			if err := tx.Exec("UPDATE funds SET id = id WHERE id = ?", e.FundID).Error; err != nil {
				return err
			}
		}
		if e.Kind == store.FundSpent && e.Fen > 0 {
			var balance int64
			err := tx.Raw(`SELECT COALESCE(SUM(CASE WHEN kind = ? THEN fen WHEN kind = ? THEN -fen ELSE 0 END), 0)
				FROM fund_entries WHERE fund_id = ?`, store.FundReceived, store.FundSpent, e.FundID).Scan(&balance).Error
			if err != nil {
				return err
			}
			if balance < e.Fen {
				return store.ErrFull
			}
		}
		return tx.Create(&row).Error
	})
	if err != nil {
		return store.FundEntry{}, translate(err)
	}
	return row.entry(), nil
}

// FundEntries implements store.Funds. A line recorded by someone since
// erased (注销) keeps its name in the book, which is never changed, and
// is read as ErasedName.
func (s *Store) FundEntries(ctx context.Context, id uint) ([]store.FundEntry, error) {
	var rows []fundEntryRow
	err := s.db.WithContext(ctx).Table("fund_entries AS e").
		Select(`e.id, e.fund_id, e.kind, e.fen, e.place, e.by_id,
			CASE WHEN r.platform = ? THEN ? ELSE e.by_name END AS by_name, e.note, e.at`, ErasedPlatform, ErasedName).
		Joins("LEFT JOIN residents r ON r.id = e.by_id").
		Where("e.fund_id = ?", id).Order("e.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]store.FundEntry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out, nil
}

// FundsBetween implements store.Funds.
func (s *Store) FundsBetween(ctx context.Context, from, to time.Time) ([]store.Fund, error) {
	q := s.db.WithContext(ctx).Order("id")
	if !from.IsZero() {
		q = q.Where("created_at >= ?", from.UTC())
	}
	if !to.IsZero() {
		q = q.Where("created_at < ?", to.UTC())
	}
	var rows []fundRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]store.Fund, len(rows))
	for i, r := range rows {
		out[i] = r.fund()
	}
	return out, nil
}
