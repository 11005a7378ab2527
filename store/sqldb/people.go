package sqldb

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"linli/store"
)

// TouchResident records that an account was seen under a name and returns
// it, creating it on first sight. It is called for every message, so it is a
// single upsert.
func (s *Store) TouchResident(ctx context.Context, platform, userID, name string) (store.Resident, error) {
	now := s.now()
	if s.enclosed(ctx) {
		// Known under this name: only the sighting to write, at the
		// command's end (see later).
		r, err := s.Resident(ctx, platform, userID)
		if err == nil && (name == "" || r.Name == name) {
			r.SeenAt = now
			return r, s.later(ctx, `UPDATE residents SET seen_at = ? WHERE id = ?`, now, r.ID)
		}
		// Someone new (or renamed): written at once, outside the unit,
		// when nothing was written in it yet — a first message. The id is
		// needed by all that follows, and begun here the unit would hold
		// the write gate through the whole command; apart, the accounts of
		// the first messages arriving together share a commit (the pool's
		// autocommit group): 2,540-2,747 bookings/s from 2,000 new people
		// in the Telegram benchmark, against 1,836-2,068 in the unit.
		if u := s.compiled.unitOf(ctx); u != nil && !u.Begun() {
			ctx = outsideUnit(ctx)
		}
	}
	r := store.Resident{Platform: platform, UserID: userID, Name: name, CreatedAt: now, SeenAt: now}
	update := []string{"seen_at"}
	if name != "" {
		update = append(update, "name")
	}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "platform"}, {Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns(update),
	}).Create(&r).Error
	if err != nil {
		return store.Resident{}, translate(err)
	}
	return s.Resident(ctx, platform, userID)
}

// Resident finds an account by its platform ids, with its household.
func (s *Store) Resident(ctx context.Context, platform, userID string) (store.Resident, error) {
	var r store.Resident
	err := s.db.WithContext(ctx).Preload("Household").
		Where("platform = ? AND user_id = ?", platform, userID).First(&r).Error
	return r, translate(err)
}

// ResidentByID finds an account by its database id, with its household.
func (s *Store) ResidentByID(ctx context.Context, id uint) (store.Resident, error) {
	var r store.Resident
	err := s.db.WithContext(ctx).Preload("Household").First(&r, id).Error
	return r, translate(err)
}

// RolesOf lists the roles of an account.
// Every command asks it, so it is written out (see execRaw).
func (s *Store) RolesOf(ctx context.Context, residentID uint) ([]store.Role, error) {
	rows, err := rowsRaw(s.db.WithContext(ctx),
		`SELECT id, resident_id, name, building, created_at FROM roles WHERE resident_id = ? ORDER BY name, building`, residentID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var roles []store.Role
	for rows.Next() {
		var r store.Role
		if err := rows.Scan(&r.ID, &r.ResidentID, &r.Name, &r.Building, &r.CreatedAt); err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	return roles, translate(rows.Err())
}

// Grant gives a role and reports whether it is new (granting one already
// held changes nothing and tells nobody twice). A role the configuration
// gives (source non-empty) that was held from before sources were kept is
// taken over by the configuration, which may then take it back.
func (s *Store) Grant(ctx context.Context, residentID uint, role, building, source string) (bool, error) {
	var granted bool
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).
			Create(&store.Role{ResidentID: residentID, Name: role, Building: building, Source: source, CreatedAt: s.now()})
		if res.Error != nil || res.RowsAffected > 0 || source == "" {
			granted = res.Error == nil && res.RowsAffected > 0
			return res.Error
		}
		return tx.Model(&store.Role{}).Where("resident_id = ? AND name = ? AND building = ? AND source = ''", residentID, role, building).
			Update("source", source).Error
	})
	return granted, translate(err)
}

// ConfigRoles lists the roles the configuration gave, with their holders.
func (s *Store) ConfigRoles(ctx context.Context) ([]store.Role, error) {
	var roles []store.Role
	err := s.db.WithContext(ctx).Preload("Resident").Where("source LIKE 'config:%'").Order("id").Find(&roles).Error
	return roles, translate(err)
}

// SawHandle records the @username an account was seen with; an account
// that had it before (usernames change hands) no longer has it.
func (s *Store) SawHandle(ctx context.Context, residentID uint, handle string) error {
	return translate(s.tx(ctx, func(tx *gorm.DB) error {
		var r store.Resident
		if err := tx.First(&r, residentID).Error; err != nil {
			return err
		}
		if handle != "" {
			if err := tx.Model(&store.Resident{}).Where("platform = ? AND LOWER(handle) = LOWER(?) AND id <> ?", r.Platform, handle, residentID).
				Update("handle", "").Error; err != nil {
				return err
			}
		}
		return tx.Model(&store.Resident{}).Where("id = ?", residentID).Update("handle", handle).Error
	}))
}

// ResidentByHandle finds the account last seen with an @username.
func (s *Store) ResidentByHandle(ctx context.Context, platform, handle string) (store.Resident, error) {
	var r store.Resident
	if handle == "" {
		return r, store.ErrNotFound
	}
	err := s.db.WithContext(ctx).Preload("Household").
		Where("platform = ? AND LOWER(handle) = LOWER(?)", platform, handle).Order("seen_at DESC").First(&r).Error
	return r, translate(err)
}

// Revoke takes a role away; building "" with a building-scoped role removes
// it for every building. It returns ErrNotFound when nothing was held.
func (s *Store) Revoke(ctx context.Context, residentID uint, role, building string) error {
	q := s.db.WithContext(ctx).Where("resident_id = ? AND name = ?", residentID, role)
	if building != "" {
		q = q.Where("building = ?", building)
	}
	res := q.Delete(&store.Role{})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// HoldersOf lists the accounts that hold a role (for building "" any building).
func (s *Store) HoldersOf(ctx context.Context, role, building string) ([]store.Resident, error) {
	var rs []store.Resident
	q := s.db.WithContext(ctx).Model(&store.Resident{}).
		Joins("JOIN roles ON roles.resident_id = residents.id AND roles.name = ?", role)
	if building != "" {
		q = q.Where("roles.building = ?", building)
	}
	err := q.Distinct("residents.*").Order("residents.id").Find(&rs).Error
	return rs, translate(err)
}

// SetFlags sets a resident's price tiers (nil leaves a flag as it is).
func (s *Store) SetFlags(ctx context.Context, residentID uint, elder, worker *bool) error {
	updates := map[string]any{}
	if elder != nil {
		updates["elder"] = *elder
	}
	if worker != nil {
		updates["worker"] = *worker
	}
	if len(updates) == 0 {
		return nil
	}
	res := s.db.WithContext(ctx).Model(&store.Resident{}).Where("id = ?", residentID).Updates(updates)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// Register links an account to the household at building and room, creating
// the household on first registration. confirmed marks a household that needs
// no building head's confirmation; an already confirmed household stays so.
func (s *Store) Register(ctx context.Context, residentID uint, building, room string, confirmed bool) (store.Household, error) {
	var h store.Household
	err := s.tx(ctx, func(tx *gorm.DB) error {
		h = store.Household{Building: building, Room: room, Confirmed: confirmed, CreatedAt: s.now()}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&h).Error; err != nil {
			return err
		}
		if err := tx.Where("building = ? AND room = ?", building, room).First(&h).Error; err != nil {
			return err
		}
		if confirmed && !h.Confirmed {
			if err := tx.Model(&h).Update("confirmed", true).Error; err != nil {
				return err
			}
		}
		link := map[string]any{"household_id": h.ID, "pending_household_id": nil}
		if !confirmed {
			// Each account waits for the head, also to join a household
			// confirmed before: anyone can type a room number. One that is
			// in it already stays.
			link = map[string]any{"pending_household_id": gorm.Expr("CASE WHEN household_id = ? THEN NULL ELSE CAST(? AS BIGINT) END", h.ID, h.ID)}
		}
		res := tx.Model(&store.Resident{}).Where("id = ?", residentID).Updates(link)
		if res.Error == nil && res.RowsAffected == 0 {
			return gorm.ErrRecordNotFound
		}
		return res.Error
	})
	return h, translate(err)
}

// ConfirmHousehold marks a household as confirmed by its building head and
// the accounts waiting to join it as its members; it returns the household
// and those accounts.
func (s *Store) ConfirmHousehold(ctx context.Context, building, room string) (store.Household, []store.Resident, error) {
	var h store.Household
	var joined []store.Resident
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("building = ? AND room = ?", building, room).First(&h).Error; err != nil {
			return err
		}
		h.Confirmed = true
		if err := tx.Model(&h).Update("confirmed", true).Error; err != nil {
			return err
		}
		if err := tx.Where("pending_household_id = ?", h.ID).Order("id").Find(&joined).Error; err != nil {
			return err
		}
		return tx.Model(&store.Resident{}).Where("pending_household_id = ?", h.ID).
			Updates(map[string]any{"household_id": h.ID, "pending_household_id": nil}).Error
	})
	return h, joined, translate(err)
}

// HouseholdByID is one household.
func (s *Store) HouseholdByID(ctx context.Context, id uint) (store.Household, error) {
	var h store.Household
	err := s.db.WithContext(ctx).First(&h, id).Error
	return h, translate(err)
}

// HouseholdMembers lists the accounts registered to a household.
func (s *Store) HouseholdMembers(ctx context.Context, householdID uint) ([]store.Resident, error) {
	var rs []store.Resident
	err := s.db.WithContext(ctx).Where("household_id = ? AND platform <> ?", householdID, store.ProxyPlatform).Order("id").Find(&rs).Error
	return rs, translate(err)
}
