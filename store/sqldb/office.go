package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// webLogin is a login link the bot sent. Only the digest of its token is
// kept, so a copy of the database opens no session.
type webLogin struct {
	ID         uint      `gorm:"primaryKey"`
	Digest     string    `gorm:"not null;uniqueIndex"`
	ResidentID uint      `gorm:"not null;index"`
	ExpiresAt  time.Time `gorm:"not null"`
	UsedAt     *time.Time
	CreatedAt  time.Time
}

func (webLogin) TableName() string { return "web_logins" }

// webSession is a browser's session, kept by the digest of its cookie.
type webSession struct {
	ID         uint   `gorm:"primaryKey"`
	Digest     string `gorm:"not null;uniqueIndex"`
	ResidentID uint   `gorm:"not null;index"`
	From       string `gorm:"not null;default:''"`
	StartedAt  time.Time
	SeenAt     time.Time
	EndedAt    *time.Time
}

func (webSession) TableName() string { return "web_sessions" }

// auditEntry is a row of the audit log; it is only ever appended to.
type auditEntry struct {
	ID         uint      `gorm:"primaryKey"`
	At         time.Time `gorm:"not null;index"`
	ResidentID uint      `gorm:"not null;default:0;index"`
	Who        string    `gorm:"not null;default:''"`
	Action     string    `gorm:"not null"`
	Detail     string    `gorm:"not null;default:''"`
	Via        string    `gorm:"not null;default:''"`
	From       string    `gorm:"not null;default:''"`
}

func (auditEntry) TableName() string { return "audit_log" }

// IssueLogin keeps a login link's digest.
func (s *Store) IssueLogin(ctx context.Context, digest string, residentID uint, expires time.Time) error {
	l := webLogin{Digest: digest, ResidentID: residentID, ExpiresAt: expires.UTC(), CreatedAt: s.now()}
	return translate(s.db.WithContext(ctx).Create(&l).Error)
}

// OpenSession uses a login once and starts its session in one transaction:
// the conditional UPDATE lets exactly one of two browsers racing with one
// link through, as RedeemCode does for codes.
func (s *Store) OpenSession(ctx context.Context, loginDigest, sessionDigest, from string, now time.Time) (store.WebSession, error) {
	now = now.UTC()
	var ws webSession
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&webLogin{}).Where("digest = ? AND used_at IS NULL AND expires_at > ?", loginDigest, now).
			Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return gorm.ErrRecordNotFound
		}
		var l webLogin
		if err := tx.Where("digest = ?", loginDigest).First(&l).Error; err != nil {
			return err
		}
		ws = webSession{Digest: sessionDigest, ResidentID: l.ResidentID, From: from, StartedAt: now, SeenAt: now}
		return tx.Create(&ws).Error
	})
	return ws.record(), translate(err)
}

func (ws webSession) record() store.WebSession {
	return store.WebSession{ID: ws.ID, ResidentID: ws.ResidentID, From: ws.From, StartedAt: ws.StartedAt, SeenAt: ws.SeenAt}
}

// Session marks an open session seen and returns it. The UPDATE's
// conditions decide: a session idle too long, or too old, is not touched and
// so not found, without a read-then-write a concurrent request could slip
// between.
func (s *Store) Session(ctx context.Context, digest string, now, idleSince, startedSince time.Time) (store.WebSession, error) {
	db := s.db.WithContext(ctx)
	res := db.Model(&webSession{}).
		Where("digest = ? AND ended_at IS NULL AND seen_at > ? AND started_at > ?", digest, idleSince.UTC(), startedSince.UTC()).
		Update("seen_at", now.UTC())
	if res.Error != nil {
		return store.WebSession{}, translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.WebSession{}, store.ErrNotFound
	}
	var ws webSession
	err := db.Where("digest = ?", digest).First(&ws).Error
	return ws.record(), translate(err)
}

// EndSession ends a session.
func (s *Store) EndSession(ctx context.Context, digest string, now time.Time) error {
	return translate(s.db.WithContext(ctx).Model(&webSession{}).
		Where("digest = ? AND ended_at IS NULL", digest).Update("ended_at", now.UTC()).Error)
}

// ForgetLogins deletes dead login links and sessions.
func (s *Store) ForgetLogins(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		l := tx.Where("expires_at < ?", before.UTC()).Delete(&webLogin{})
		if l.Error != nil {
			return l.Error
		}
		ss := tx.Where("seen_at < ?", before.UTC()).Delete(&webSession{})
		n = l.RowsAffected + ss.RowsAffected
		return ss.Error
	})
	return n, translate(err)
}

// Audit appends an entry to the audit log.
func (s *Store) Audit(ctx context.Context, e store.AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	row := auditEntry{At: e.At.UTC(), ResidentID: e.ResidentID, Who: e.Who, Action: e.Action, Detail: e.Detail, Via: e.Via, From: e.From}
	return translate(s.db.WithContext(ctx).Create(&row).Error)
}

// AuditLog lists the newest entries first.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]store.AuditEntry, error) {
	var rows []auditEntry
	if err := s.db.WithContext(ctx).Order("at DESC, id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]store.AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = store.AuditEntry{ID: r.ID, At: r.At, ResidentID: r.ResidentID, Who: r.Who, Action: r.Action,
			Detail: r.Detail, Via: r.Via, From: r.From}
	}
	return out, nil
}

// PickUp ticks (or unticks) a booked order at the counter. The UPDATE is
// conditional on the order being booked and not already in the state
// asked for, so two tablets ticking one order report one change.
func (s *Store) PickUp(ctx context.Context, orderID uint, at *time.Time) (store.OrderLine, bool, error) {
	var line store.OrderLine
	var changed bool
	err := s.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&store.MealOrder{}).Where("id = ? AND status = ?", orderID, store.OrderBooked)
		var res *gorm.DB
		if at != nil {
			res = q.Where("picked_up_at IS NULL").Update("picked_up_at", at.UTC())
		} else {
			res = q.Where("picked_up_at IS NOT NULL").Update("picked_up_at", nil)
		}
		if res.Error != nil {
			return res.Error
		}
		changed = res.RowsAffected > 0
		if err := orderLines(tx).Where("o.id = ? AND o.status = ?", orderID, store.OrderBooked).Limit(1).Scan(&line).Error; err != nil {
			return err
		}
		if line.ID == 0 {
			return gorm.ErrRecordNotFound
		}
		return nil
	})
	return line, changed, translate(err)
}

// migratePickedUp adds meal_orders.picked_up_at. A database created by this
// version has it already (migration 10 creates meal_orders from the
// current record).
func migratePickedUp(tx *gorm.DB) error {
	m := tx.Migrator()
	if m.HasColumn(&mealOrderRow{}, "PickedUpAt") {
		return nil
	}
	return m.AddColumn(&mealOrderRow{}, "PickedUpAt")
}
