package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Suggestion statuses, in the order of a ticket's life.
const (
	StatusNew        = "new"
	StatusAccepted   = "accepted"
	StatusInProgress = "in_progress"
	StatusResolved   = "resolved"
	StatusDeclined   = "declined"
)

// OpenStatuses are the statuses of a ticket someone still has to act on.
var OpenStatuses = []string{StatusNew, StatusAccepted, StatusInProgress}

// ErrTooMany is returned when a person has filed as many suggestions as an
// hour allows: the limit is counted in the same transaction as the insert.
var ErrTooMany = errors.New("too many suggestions this hour")

// Suggestion is a resident's suggestion or problem report (a ticket S12).
//
// An anonymous ticket has no ResidentID: its author is kept only as
// AuthorHash, a keyed hash the caller computes, so the database alone cannot
// say who wrote it. Its CreatedAt is kept to the hour only, so it cannot be
// matched against when people were last seen either.
type Suggestion struct {
	ID         uint      `gorm:"primaryKey"`
	ResidentID *uint     `gorm:"index"`
	Resident   *Resident `gorm:"constraint:OnDelete:SET NULL"`
	AuthorHash string    `gorm:"not null;default:'';index"`
	Anonymous  bool      `gorm:"not null;default:false"`
	Text       string    `gorm:"not null"`
	Category   string    `gorm:"not null;index"`
	Building   string    `gorm:"not null;default:'';index"`
	Status     string    `gorm:"not null;index"`
	// Reply chat: where the author hears back when a private message cannot
	// reach them (a named ticket's group), or at all (an anonymous ticket's
	// group; empty for an anonymous ticket sent privately).
	ReplyPlatform string `gorm:"not null;default:''"`
	ReplyChatID   string `gorm:"not null;default:''"`
	ReplyTitle    string `gorm:"not null;default:''"`
	// Attachments are platform file ids (a photo sent with the report),
	// one a line.
	Attachments string    `gorm:"not null;default:''"`
	CreatedAt   time.Time `gorm:"index"`
	// AnsweredAt is the first reply or change by the community; nil means
	// nobody has answered yet (the weekly digest marks old ones).
	AnsweredAt *time.Time
	// ClosedAt is when the ticket was resolved or declined.
	ClosedAt *time.Time
	Notes    []SuggestionNote `gorm:"constraint:OnDelete:CASCADE"`
}

// Note kinds: a reply, or a change of status or category.
const (
	NoteReply    = "reply"
	NoteCategory = "category"
)

// SuggestionNote is one answer to a ticket or one change of it; Kind is
// NoteReply, NoteCategory or the status it moved to. ByResidentID is the
// community worker or building head who acted.
type SuggestionNote struct {
	ID           uint   `gorm:"primaryKey"`
	SuggestionID uint   `gorm:"not null;index"`
	Kind         string `gorm:"not null"`
	Text         string `gorm:"not null;default:''"`
	ByResidentID *uint
	By           *Resident `gorm:"foreignKey:ByResidentID;constraint:OnDelete:SET NULL"`
	CreatedAt    time.Time
}

// AttachmentList is the ticket's attachments as a list.
func (s Suggestion) AttachmentList() []string {
	if s.Attachments == "" {
		return nil
	}
	return strings.Split(s.Attachments, "\n")
}

// Open reports whether someone still has to act on the ticket.
func (s Suggestion) Open() bool {
	return s.Status == StatusNew || s.Status == StatusAccepted || s.Status == StatusInProgress
}

// Author is who files or looks up suggestions: the account, and the keyed
// hash anonymous tickets are filed under ("" when anonymity is off).
type Author struct {
	ResidentID uint
	Hash       string
}

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

// SuggestionFilter selects tickets for lists; empty fields select all.
type SuggestionFilter struct {
	Statuses  []string
	Category  string
	Buildings []string
	// From and To bound CreatedAt: [From, To).
	From, To time.Time
	// NewestFirst puts the latest tickets first (closed ones); otherwise
	// the oldest come first, as work to be done.
	NewestFirst bool
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

// Change is one act of the community on a ticket: a reply (NoteReply), a new
// category (NoteCategory, Text is the category) or a move to a status.
type Change struct {
	Kind string
	Text string
	By   uint
	// From are the statuses a status change may start from; a ticket in any
	// other status is left alone and ErrConflict returned.
	From []string
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
