package sqldb

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// FileSuggestion stores a new ticket unless its author already filed
// perHour in the last hour (ErrTooMany). Named and anonymous tickets count
// together; the count and the insert share one transaction, so concurrent
// submissions cannot exceed the limit.
func (s *Store) FileSuggestion(ctx context.Context, sg Suggestion, by Author, perHour int) (Suggestion, error) {
	now := s.now()
	sg.CreatedAt = now
	sg.Status = StatusNew
	sg.ResidentID, sg.AuthorHash = &by.ResidentID, ""
	if sg.Anonymous {
		if by.Hash == "" {
			return Suggestion{}, errors.New("store: an anonymous suggestion needs its author's hash")
		}
		sg.CreatedAt = now.Truncate(time.Hour)
		sg.ResidentID, sg.AuthorHash = nil, by.Hash
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		q := tx.Model(&Suggestion{}).Where("resident_id = ? AND created_at > ?", by.ResidentID, now.Add(-time.Hour))
		if by.Hash != "" {
			// Anonymous times are floored to the hour, so look back to the
			// hour before this one: never more than perHour in any hour.
			q = q.Or("author_hash = ? AND created_at >= ?", by.Hash, now.Truncate(time.Hour).Add(-time.Hour))
		}
		if err := q.Count(&n).Error; err != nil {
			return err
		}
		if perHour > 0 && n >= int64(perHour) {
			return ErrTooMany
		}
		return tx.Omit("Resident", "Notes").Create(&sg).Error
	})
	if err != nil {
		if errors.Is(err, ErrTooMany) {
			return Suggestion{}, ErrTooMany
		}
		return Suggestion{}, translate(err)
	}
	return sg, nil
}

// SuggestionByID finds a ticket with its notes (oldest first, with who
// acted) and its named author with their household.
func (s *Store) SuggestionByID(ctx context.Context, id uint) (Suggestion, error) {
	var sg Suggestion
	err := s.withNotes(ctx).First(&sg, id).Error
	return sg, translate(err)
}

// MySuggestions lists the tickets an author filed, named or anonymous,
// newest first, at most limit.
func (s *Store) MySuggestions(ctx context.Context, by Author, limit int) ([]Suggestion, error) {
	q := s.withNotes(ctx).Where("resident_id = ?", by.ResidentID)
	if by.Hash != "" {
		q = q.Or("author_hash = ?", by.Hash)
	}
	var sgs []Suggestion
	err := q.Order("id DESC").Limit(limit).Find(&sgs).Error
	return sgs, translate(err)
}

// Suggestions lists tickets with their notes and named authors, like
// SuggestionByID.
func (s *Store) Suggestions(ctx context.Context, f SuggestionFilter) ([]Suggestion, error) {
	q := s.withNotes(ctx)
	if len(f.Statuses) > 0 {
		q = q.Where("status IN ?", f.Statuses)
	}
	if f.Category != "" {
		q = q.Where("category = ?", f.Category)
	}
	if len(f.Buildings) > 0 {
		q = q.Where("building IN ?", f.Buildings)
	}
	if !f.From.IsZero() {
		q = q.Where("created_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("created_at < ?", f.To.UTC())
	}
	// By ticket number: it follows filing order, which anonymous tickets'
	// hour-floored times do not.
	order := "id"
	if f.NewestFirst {
		order = "id DESC"
	}
	var sgs []Suggestion
	err := q.Order(order).Find(&sgs).Error
	return sgs, translate(err)
}

func (s *Store) withNotes(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Preload("Resident.Household").Preload("Notes", func(db *gorm.DB) *gorm.DB {
		return db.Order("id")
	}).Preload("Notes.By")
}

// ChangeSuggestion applies a change and records it as a note, in one
// transaction. A status change is a conditional update, so two people acting
// on one ticket at once cannot both move it.
func (s *Store) ChangeSuggestion(ctx context.Context, id uint, c Change) (Suggestion, error) {
	now := s.now()
	err := s.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Suggestion{}).Where("id = ?", id)
		answered := gorm.Expr("COALESCE(answered_at, ?)", now)
		var res *gorm.DB
		switch c.Kind {
		case NoteReply:
			res = q.Update("answered_at", answered)
		case NoteCategory:
			res = q.Update("category", c.Text)
		default:
			updates := map[string]any{"status": c.Kind, "answered_at": answered}
			if c.Kind == StatusResolved || c.Kind == StatusDeclined {
				updates["closed_at"] = now
			}
			res = q.Where("status IN ?", c.From).Updates(updates)
		}
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			var n int64
			if err := tx.Model(&Suggestion{}).Where("id = ?", id).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return gorm.ErrRecordNotFound
			}
			return ErrConflict
		}
		by := &c.By
		if c.By == 0 {
			by = nil
		}
		return tx.Omit("By").Create(&SuggestionNote{SuggestionID: id, Kind: c.Kind, Text: c.Text, ByResidentID: by, CreatedAt: now}).Error
	})
	if err != nil {
		if errors.Is(err, ErrConflict) {
			return Suggestion{}, ErrConflict
		}
		return Suggestion{}, translate(err)
	}
	return s.SuggestionByID(ctx, id)
}
