package sqldb

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"linli/store"
)

// RequestHousehold is a resident's 登记: it links the account to the
// household at building and room at once only when trusted (the caller
// judged that a first registration needs nobody's yes) and the household
// has no member yet; otherwise the account waits (pending_household_id)
// for a member's or the building head's yes, and the members to ask are
// returned. An account already in the household stays.
//
// Whether the household is occupied is decided inside the transaction,
// after its row is locked (an UPDATE that changes nothing still takes
// PostgreSQL's row lock; SQLite's IMMEDIATE transaction is one writer
// anyway), so two strangers typing the same empty room at once cannot both
// get in: the second finds the first a member and waits.
func (s *Store) RequestHousehold(ctx context.Context, residentID uint, building, room string, trusted bool) (store.JoinResult, error) {
	var res store.JoinResult
	err := s.tx(ctx, func(tx *gorm.DB) error {
		h := store.Household{Building: building, Room: room, Confirmed: trusted, CreatedAt: s.now()}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&h).Error; err != nil {
			return err
		}
		if err := tx.Where("building = ? AND room = ?", building, room).First(&h).Error; err != nil {
			return err
		}
		if err := tx.Exec("UPDATE households SET confirmed = confirmed WHERE id = ?", h.ID).Error; err != nil {
			return err
		}
		res.Household = h
		var me store.Resident
		if err := tx.First(&me, residentID).Error; err != nil {
			return err
		}
		if me.HouseholdID != nil && *me.HouseholdID == h.ID {
			res.Joined, res.Already = true, true
			return tx.Model(&store.Resident{}).Where("id = ? AND pending_household_id = ?", residentID, h.ID).
				Update("pending_household_id", nil).Error
		}
		if err := tx.Where("household_id = ?", h.ID).Order("id").Find(&res.Members).Error; err != nil {
			return err
		}
		link := map[string]any{"pending_household_id": h.ID}
		if trusted && len(res.Members) == 0 {
			res.Joined = true
			link = map[string]any{"household_id": h.ID, "pending_household_id": nil}
			if !h.Confirmed {
				res.Household.Confirmed = true
				if err := tx.Model(&h).Update("confirmed", true).Error; err != nil {
					return err
				}
			}
		}
		return tx.Model(&store.Resident{}).Where("id = ?", residentID).Updates(link).Error
	})
	return res, translate(err)
}

// HouseholdAt is the household at building and room.
func (s *Store) HouseholdAt(ctx context.Context, building, room string) (store.Household, error) {
	var h store.Household
	err := s.db.WithContext(ctx).Where("building = ? AND room = ?", building, room).First(&h).Error
	return h, translate(err)
}

// PendingMembers lists the accounts waiting for a yes to join a household.
func (s *Store) PendingMembers(ctx context.Context, householdID uint) ([]store.Resident, error) {
	var rs []store.Resident
	err := s.db.WithContext(ctx).Where("pending_household_id = ?", householdID).Order("id").Find(&rs).Error
	return rs, translate(err)
}

// AcceptMember lets one waiting account into its household. The UPDATE is
// conditional on the account still waiting for that household, so a yes
// that arrives after the person registered elsewhere (or left) does
// nothing: ErrNotFound.
func (s *Store) AcceptMember(ctx context.Context, householdID, residentID uint) error {
	res := s.db.WithContext(ctx).Model(&store.Resident{}).
		Where("id = ? AND pending_household_id = ?", residentID, householdID).
		Updates(map[string]any{"household_id": householdID, "pending_household_id": nil})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}
