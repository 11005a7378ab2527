package sqldb

import (
	"context"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"linli/store"
)

// ProxyMember is a member of the household at building and room who has no
// chat account, under name ("" stands for the household itself, as when a
// liaison acts for it with 代 — its one recorded elder if it has one): found, or recorded with the household,
// which a liaison or head vouches for (so it is confirmed), in one
// transaction. Its account is ProxyPlatform with the household's id and
// the name, so the same person is found again and never collides with a
// chat account.
func (s *Store) ProxyMember(ctx context.Context, building, room, name string) (store.Household, store.Resident, error) {
	var h store.Household
	var r store.Resident
	err := s.tx(ctx, func(tx *gorm.DB) error {
		h = store.Household{Building: building, Room: room, Confirmed: true, CreatedAt: s.now()}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&h).Error; err != nil {
			return err
		}
		if err := tx.Where("building = ? AND room = ?", building, room).First(&h).Error; err != nil {
			return err
		}
		if name == "" {
			// The household's one recorded elder, if it has exactly one:
			// the pick-up list then names her.
			var named []store.Resident
			if err := tx.Where("household_id = ? AND platform = ? AND name <> ''", h.ID, store.ProxyPlatform).Limit(2).Find(&named).Error; err != nil {
				return err
			}
			if len(named) == 1 {
				r = named[0]
				return nil
			}
		}
		now := s.now()
		r = store.Resident{Platform: store.ProxyPlatform, UserID: fmt.Sprintf("%d:%s", h.ID, name), Name: name,
			HouseholdID: &h.ID, CreatedAt: now, SeenAt: now}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&r).Error; err != nil {
			return err
		}
		return tx.Where("platform = ? AND user_id = ?", r.Platform, r.UserID).First(&r).Error
	})
	return h, r, translate(err)
}
