package sqldb

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// PastEvents lists activities that started before now, newest first.
func (s *Store) PastEvents(ctx context.Context, now time.Time, limit int, buildings ...string) ([]store.EventCount, error) {
	q := s.db.WithContext(ctx).Preload("Buildings").Where("starts_at <= ?", now.UTC())
	if len(buildings) > 0 {
		q = q.Where("EXISTS (SELECT 1 FROM event_buildings eb WHERE eb.event_id = events.id AND eb.building IN ?)",
			append(buildings, store.AllBuildings))
	}
	var es []store.Event
	if err := q.Order("starts_at DESC, id DESC").Limit(limit).Find(&es).Error; err != nil {
		return nil, translate(err)
	}
	return s.withCounts(ctx, es)
}

// RoleHolders lists every role with its holder, by role, building and id.
func (s *Store) RoleHolders(ctx context.Context) ([]store.Role, error) {
	var roles []store.Role
	err := s.db.WithContext(ctx).Preload("Resident.Household").Order("name, building, id").Find(&roles).Error
	return roles, translate(err)
}

// FindResidents lists the chat accounts whose name contains part. LIKE's
// wildcards in part are escaped: 100% finds a name with "100%" in it.
func (s *Store) FindResidents(ctx context.Context, part string, limit int) ([]store.Resident, error) {
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(part)
	var rs []store.Resident
	err := s.db.WithContext(ctx).Preload("Household").
		Where(`name LIKE ? ESCAPE '\' AND platform <> ? AND name <> ''`, "%"+esc+"%", store.ProxyPlatform).
		Order("name, id").Limit(limit).Find(&rs).Error
	return rs, translate(err)
}

// WaitingMembers lists the accounts waiting to join a household of the
// buildings, by building, room and id.
func (s *Store) WaitingMembers(ctx context.Context, buildings ...string) ([]store.WaitingMember, error) {
	q := s.db.WithContext(ctx).Model(&store.Household{}).
		Where("EXISTS (SELECT 1 FROM residents r WHERE r.pending_household_id = households.id)")
	if len(buildings) > 0 {
		q = q.Where("building IN ?", buildings)
	}
	var hs []store.Household
	if err := q.Find(&hs).Error; err != nil {
		return nil, translate(err)
	}
	var out []store.WaitingMember
	for _, h := range hs {
		var rs []store.Resident
		if err := s.db.WithContext(ctx).Preload("Household").Where("pending_household_id = ?", h.ID).Order("id").Find(&rs).Error; err != nil {
			return nil, translate(err)
		}
		for _, r := range rs {
			out = append(out, store.WaitingMember{Resident: r, Household: h})
		}
	}
	sortWaiting(out)
	return out, nil
}

// sortWaiting puts 8号楼 before 10号楼 and 301 before 1201.
func sortWaiting(ws []store.WaitingMember) {
	slices.SortStableFunc(ws, func(a, b store.WaitingMember) int {
		return cmp.Or(store.NaturalCompare(a.Household.Building, b.Household.Building),
			store.NaturalCompare(a.Household.Room, b.Household.Room), cmp.Compare(a.Resident.ID, b.Resident.ID))
	})
}

// ScheduledNotices lists the unsent notices, soonest first.
func (s *Store) ScheduledNotices(ctx context.Context) ([]store.Notice, error) {
	var ns []store.Notice
	err := s.db.WithContext(ctx).Preload("Author").Where("sent_at IS NULL").Order("send_at, id").Find(&ns).Error
	return ns, translate(err)
}

// CancelNotice deletes an unsent notice. The DELETE names sent_at IS NULL
// inside the transaction that read it, so the sending job's ClaimNotice
// (a conditional UPDATE) and this cannot both win.
func (s *Store) CancelNotice(ctx context.Context, id uint) (store.Notice, error) {
	var n store.Notice
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Preload("Author").Where("id = ? AND sent_at IS NULL", id).First(&n).Error; err != nil {
			return err
		}
		res := tx.Where("id = ? AND sent_at IS NULL", id).Delete(&store.Notice{})
		if res.Error == nil && res.RowsAffected == 0 {
			return gorm.ErrRecordNotFound
		}
		return res.Error
	})
	return n, translate(err)
}
