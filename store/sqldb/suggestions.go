package sqldb

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// AnonymousNumbers is where anonymous tickets' numbers start. Named and
// anonymous tickets are numbered in two series: numbered in one, an
// anonymous S12 would sit between a named S11 and S13 whose exact times
// (and the handled messages, outbox rows and logs of their authors) date it
// to the minute, and that minute to whoever was active in it. A community
// files far fewer than this many named tickets; should it ever reach the
// anonymous series, the two skip each other's numbers.
const AnonymousNumbers = 10000

// ticketLock is the PostgreSQL advisory lock key that serialises filing
// tickets (an arbitrary constant: "S-no" in ASCII).
const ticketLock = 0x532d6e6f

// FileSuggestion stores a new ticket unless its author already filed
// perHour in the last hour (ErrTooMany). An anonymous ticket is kept with
// its author's hash only, dated to the start of its day (sg.CreatedAt, when
// the caller gives the day in the community's time zone; else the day of
// the store's clock) and numbered in its own series (AnonymousNumbers).
// Named and anonymous tickets count together, anonymous ones for the whole
// day they were filed on; the count and the insert share one transaction,
// so concurrent submissions cannot exceed the limit.
func (s *Store) FileSuggestion(ctx context.Context, sg store.Suggestion, by store.Author, perHour int) (store.Suggestion, error) {
	now := s.now()
	day := sg.CreatedAt
	sg.CreatedAt, sg.Status = now, store.StatusNew
	sg.ResidentID, sg.AuthorHash = &by.ResidentID, ""
	if sg.Anonymous {
		if by.Hash == "" {
			return store.Suggestion{}, errors.New("store: an anonymous suggestion needs its author's hash")
		}
		sg.CreatedAt = dayOf(s.Now(), day)
		sg.ResidentID, sg.AuthorHash = nil, by.Hash
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if s.driver == "postgres" {
			// READ COMMITTED lets two filings read the same last number (and
			// the same count); the lock makes the second wait for the first.
			// SQLite's IMMEDIATE transactions are serialised already.
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", ticketLock).Error; err != nil {
				return err
			}
		}
		return fileSuggestion(tx, &sg, by, perHour, now)
	})
	if err != nil {
		if errors.Is(err, store.ErrTooMany) {
			return store.Suggestion{}, store.ErrTooMany
		}
		return store.Suggestion{}, translate(err)
	}
	return sg, nil
}

// fileSuggestion counts the author's recent tickets and inserts sg under
// the next free number of its series.
func fileSuggestion(tx *gorm.DB, sg *store.Suggestion, by store.Author, perHour int, now time.Time) error {
	var n int64
	q := tx.Model(&suggestionRow{}).Where("resident_id = ? AND created_at > ?", by.ResidentID, now.Add(-time.Hour))
	if by.Hash != "" {
		// Anonymous tickets are dated to their day: each counts until the
		// day is over, so never more than perHour in any hour.
		q = q.Or("author_hash = ? AND created_at > ?", by.Hash, now.Add(-24*time.Hour))
	}
	if err := q.Count(&n).Error; err != nil {
		return err
	}
	if perHour > 0 && n >= int64(perHour) {
		return store.ErrTooMany
	}
	id, err := nextTicket(tx, sg.Anonymous)
	if err != nil {
		return err
	}
	sg.ID = id
	row := convert[suggestionRow](*sg)
	return tx.Omit("Resident", "Notes").Create(&row).Error
}

// nextTicket is the next free number of the named or the anonymous series.
func nextTicket(tx *gorm.DB, anonymous bool) (uint, error) {
	var last uint
	q := tx.Model(&suggestionRow{}).Select("COALESCE(MAX(id), 0)").Where("anonymous = ?", anonymous)
	if anonymous {
		q = q.Where("id > ?", AnonymousNumbers)
	}
	if err := q.Scan(&last).Error; err != nil {
		return 0, err
	}
	if anonymous && last < AnonymousNumbers {
		last = AnonymousNumbers
	}
	for id := last + 1; ; id++ {
		var taken int64
		if err := tx.Model(&suggestionRow{}).Where("id = ?", id).Count(&taken).Error; err != nil {
			return 0, err
		}
		if taken == 0 {
			return id, nil
		}
	}
}

// dayOf is the start of the day an anonymous ticket is dated to: given,
// when the caller gave a start of day no more than a day before now; else
// the day of now in now's time zone.
func dayOf(now, given time.Time) time.Time {
	if !given.IsZero() && !given.After(now) && now.Sub(given) < 24*time.Hour {
		return given.UTC()
	}
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location()).UTC()
}

// SuggestionByID finds a ticket with its notes (oldest first, with who
// acted) and its named author with their household.
func (s *Store) SuggestionByID(ctx context.Context, id uint) (store.Suggestion, error) {
	var sg suggestionRow
	err := s.withNotes(ctx).First(&sg, id).Error
	return convert[store.Suggestion](sg), translate(err)
}

// MySuggestions lists the tickets an author filed, named or anonymous,
// newest first, at most limit: by day for anonymous ones, which are dated
// to their day and numbered in their own series.
func (s *Store) MySuggestions(ctx context.Context, by store.Author, limit int) ([]store.Suggestion, error) {
	q := s.withNotes(ctx).Where("resident_id = ?", by.ResidentID)
	if by.Hash != "" {
		q = q.Or("author_hash = ?", by.Hash)
	}
	var sgs []suggestionRow
	err := q.Order("created_at DESC, id DESC").Limit(limit).Find(&sgs).Error
	return convert[[]store.Suggestion](sgs), translate(err)
}

// Suggestions lists tickets with their notes and named authors, like
// SuggestionByID.
func (s *Store) Suggestions(ctx context.Context, f store.SuggestionFilter) ([]store.Suggestion, error) {
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
	// By ticket number: named tickets in filing order, which anonymous
	// tickets' day-floored times do not follow, then the anonymous ones.
	order := "id"
	if f.NewestFirst {
		order = "id DESC"
	}
	var sgs []suggestionRow
	err := q.Order(order).Find(&sgs).Error
	return convert[[]store.Suggestion](sgs), translate(err)
}

// withNotes reads tickets as rows: a note's By is a relation gorm cannot
// guess from the record alone (its key is ByResidentID).
func (s *Store) withNotes(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Preload("Resident.Household").Preload("Notes", func(db *gorm.DB) *gorm.DB {
		return db.Order("id")
	}).Preload("Notes.By")
}

// ChangeSuggestion applies a change and records it as a note, in one
// transaction. A status change is a conditional update, so two people acting
// on one ticket at once cannot both move it.
func (s *Store) ChangeSuggestion(ctx context.Context, id uint, c store.Change) (store.Suggestion, error) {
	now := s.now()
	err := s.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&suggestionRow{}).Where("id = ?", id)
		answered := gorm.Expr("COALESCE(answered_at, ?)", now)
		var res *gorm.DB
		switch c.Kind {
		case store.NoteReply:
			// An answered ticket is taken up: 待受理 would tell its author
			// nobody has looked at it.
			status := gorm.Expr("CASE WHEN status = ? THEN ? ELSE status END", store.StatusNew, store.StatusAccepted)
			res = q.Updates(map[string]any{"answered_at": answered, "status": status})
		case store.NoteCategory:
			res = q.Update("category", c.Text)
		default:
			updates := map[string]any{"status": c.Kind, "answered_at": answered}
			if c.Kind == store.StatusResolved || c.Kind == store.StatusDeclined {
				updates["closed_at"] = now
			}
			res = q.Where("status IN ?", c.From).Updates(updates)
		}
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			var n int64
			if err := tx.Model(&suggestionRow{}).Where("id = ?", id).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return gorm.ErrRecordNotFound
			}
			return store.ErrConflict
		}
		by := &c.By
		if c.By == 0 {
			by = nil
		}
		return tx.Omit("By").Create(&suggestionNoteRow{SuggestionID: id, Kind: c.Kind, Text: c.Text, ByResidentID: by, CreatedAt: now}).Error
	})
	if err != nil {
		if errors.Is(err, store.ErrConflict) {
			return store.Suggestion{}, store.ErrConflict
		}
		return store.Suggestion{}, translate(err)
	}
	return s.SuggestionByID(ctx, id)
}
