package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// IssueCode stores a one-time code (its digest).
func (s *Store) IssueCode(ctx context.Context, c *store.VerifyCode) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.now()
	}
	return translate(s.db.WithContext(ctx).Create(c).Error)
}

// RedeemCode uses a code once for an account and gives it the code's role,
// in one transaction: the conditional UPDATE lets exactly one of two
// people racing with one code have it. It reports whether the role is new;
// an unknown, used or expired code is ErrNotFound.
func (s *Store) RedeemCode(ctx context.Context, digest string, residentID uint, now time.Time) (store.VerifyCode, bool, error) {
	var c store.VerifyCode
	var granted bool
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&store.VerifyCode{}).Where("digest = ? AND used_at IS NULL AND expires_at > ?", digest, now).
			Updates(map[string]any{"used_at": now, "used_by": residentID})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return gorm.ErrRecordNotFound
		}
		if err := tx.Where("digest = ?", digest).First(&c).Error; err != nil {
			return err
		}
		r := store.Role{ResidentID: residentID, Name: c.Role, Building: c.Building, Source: c.Source, CreatedAt: now}
		add := tx.Where("resident_id = ? AND name = ? AND building = ?", residentID, c.Role, c.Building).FirstOrCreate(&r)
		granted = add.RowsAffected > 0
		return add.Error
	})
	return c, granted, translate(err)
}

// VoidCode ends a code that was shown where others could read it; it
// reports whether there was an unused one.
func (s *Store) VoidCode(ctx context.Context, digest string, now time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&store.VerifyCode{}).Where("digest = ? AND used_at IS NULL", digest).
		Updates(map[string]any{"used_at": now, "expires_at": now})
	return res.RowsAffected > 0, translate(res.Error)
}
