package sqldb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"linli/store"
)

// ErasedPlatform marks an account whose person asked to be forgotten (注销)
// or whose records outlived the retention: it has no name, no platform id
// and no household, and only keeps the rows that count (orders, sign-ups)
// from pointing nowhere.
const ErasedPlatform = "erased"

// ErasedName stands where an erased account's name was written beside
// what it did (a fund's ledger, a vote, the office's log).
const ErasedName = "已注销的居民"

// LeaveHousehold takes an account out of its household, and out of the one
// it waits to join; it returns the household left, or ErrNotFound when the
// account was in none.
func (s *Store) LeaveHousehold(ctx context.Context, residentID uint) (store.Household, error) {
	var h store.Household
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var me store.Resident
		if err := tx.First(&me, residentID).Error; err != nil {
			return err
		}
		id := me.HouseholdID
		if id == nil {
			id = me.PendingHouseholdID
		}
		if id == nil {
			return gorm.ErrRecordNotFound
		}
		if err := tx.First(&h, *id).Error; err != nil {
			return err
		}
		return tx.Model(&store.Resident{}).Where("id = ?", residentID).
			Updates(map[string]any{"household_id": nil, "pending_household_id": nil}).Error
	})
	return h, translate(err)
}

// RemoveMember takes an account out of a household it is in or waits to
// join (移出, a member who moved out); ErrNotFound when it is not there.
func (s *Store) RemoveMember(ctx context.Context, householdID, residentID uint) error {
	res := s.db.WithContext(ctx).Model(&store.Resident{}).
		Where("id = ? AND (household_id = ? OR pending_household_id = ?)", residentID, householdID, householdID).
		Updates(map[string]any{"household_id": nil, "pending_household_id": nil})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// Erase forgets a person (注销): their name, platform id, household, tiers,
// roles and group memberships go; their orders and sign-ups stay only as
// rows of a nameless account, so the canteen's and activities' counts
// hold; their named suggestions lose their author and reply chat; what
// waits to be sent to them is dropped. An account with an order or a
// sign-up still to come is ErrConflict: those must be cancelled first, or
// the kitchen would cook for nobody.
func (s *Store) Erase(ctx context.Context, residentID uint, now time.Time) (int, error) {
	var ledger int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var me store.Resident
		if err := tx.First(&me, residentID).Error; err != nil {
			return err
		}
		var open int64
		err := tx.Raw(`SELECT (SELECT COUNT(*) FROM meal_orders o JOIN menus m ON m.id = o.menu_id
				WHERE o.resident_id = ? AND o.status = ? AND m.cutoff > ?)
			+ (SELECT COUNT(*) FROM signups su JOIN events e ON e.id = su.event_id
				WHERE su.resident_id = ? AND su.status <> ? AND e.status = ? AND e.starts_at > ?)`,
			residentID, store.OrderBooked, now.UTC(), residentID, store.SignupCancelled, store.EventOpen, now.UTC()).Scan(&open).Error
		if err != nil {
			return err
		}
		if open > 0 {
			return store.ErrConflict
		}
		if err := tx.Where("platform = ? AND chat_id = ?", me.Platform, me.UserID).Delete(&store.OutboxMessage{}).Error; err != nil {
			return err
		}
		if err := tx.Raw("SELECT COUNT(*) FROM fund_entries WHERE by_id = ?", residentID).Scan(&ledger).Error; err != nil {
			return err
		}
		return blank(tx, []uint{residentID}, now)
	})
	if errors.Is(err, store.ErrConflict) {
		return 0, err
	}
	return int(ledger), translate(err)
}

// blank empties accounts in place (see Erase): rows that count keep
// pointing at them, nothing points back at the person.
func blank(tx *gorm.DB, ids []uint, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	day := now.UTC().Truncate(24 * time.Hour)
	for _, q := range []struct{ sql string }{
		{"DELETE FROM roles WHERE resident_id IN ?"},
		{"DELETE FROM members WHERE resident_id IN ?"},
		{"DELETE FROM hints WHERE resident_id IN ?"},
		{"UPDATE suggestions SET resident_id = NULL, reply_platform = '', reply_chat_id = '', reply_title = '' WHERE resident_id IN ?"},
		{"UPDATE signups SET chat_platform = '', chat_id = '' WHERE resident_id IN ?"},
	} {
		if err := tx.Exec(q.sql, ids).Error; err != nil {
			return err
		}
	}
	// Where a name was written down beside the account, as it was then:
	// what they started (a fund, a vote, a notice asking for 收到) and what
	// the office's log says they did. The rows stay, for the record; the
	// name does not. A fund's ledger is a book of account, never changed
	// (a trigger refuses it): its lines keep the name they were written
	// with, and are shown as ErasedName (see FundEntries).
	for _, q := range []string{
		"UPDATE funds SET author_name = ? WHERE author_id IN ?",
		"UPDATE notice_asks SET author_name = ? WHERE author_id IN ?",
		"UPDATE votes SET author_name = ? WHERE author_id IN ?",
		`UPDATE audit_log SET who = ?, "from" = '' WHERE resident_id IN ?`,
	} {
		if err := tx.Exec(q, ErasedName, ids).Error; err != nil {
			return err
		}
	}
	for _, id := range ids {
		err := tx.Model(&store.Resident{}).Where("id = ?", id).Updates(map[string]any{
			"platform": ErasedPlatform, "user_id": fmt.Sprint("erased-", id), "name": "",
			"household_id": nil, "pending_household_id": nil, "elder": false, "worker": false,
			"created_at": day, "seen_at": day,
		}).Error
		if err != nil {
			return err
		}
	}
	return nil
}

// AnonymiseBefore is the retention job's work: what is older than before
// keeps only its counts. Accounts not seen since then (and holding no role)
// are blanked as by Erase; every other account's orders for meals and
// sign-ups for activities before then move to a nameless account of their
// own (one per account and run, with a random id), so the numbers stay and
// the person does not; suggestions filed then lose their author, notes
// their writer; sent scheduled notices and group memberships not seen
// since then are deleted. It returns how many accounts were blanked.
func (s *Store) AnonymiseBefore(ctx context.Context, before time.Time) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var gone []uint
		err := tx.Model(&store.Resident{}).Where("platform <> ? AND seen_at < ?", ErasedPlatform, before.UTC()).
			Where("id NOT IN (SELECT resident_id FROM roles)").Pluck("id", &gone).Error
		if err != nil {
			return err
		}
		if err := blank(tx, gone, before); err != nil {
			return err
		}
		n = len(gone)
		if err := s.detachOld(tx, before); err != nil {
			return err
		}
		for _, q := range []string{
			"UPDATE suggestions SET resident_id = NULL, author_hash = '', reply_platform = '', reply_chat_id = '', reply_title = '' WHERE created_at < ?",
			"UPDATE suggestion_notes SET by_resident_id = NULL WHERE created_at < ?",
			"DELETE FROM notices WHERE sent_at IS NOT NULL AND sent_at < ?",
			"DELETE FROM members WHERE seen_at < ?",
		} {
			if err := tx.Exec(q, before.UTC()).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return n, translate(err)
}

// detachOld moves each named account's orders and sign-ups from before
// `before` to a fresh nameless account.
func (s *Store) detachOld(tx *gorm.DB, before time.Time) error {
	date := before.UTC().Format("2006-01-02")
	var owners []uint
	err := tx.Raw(`SELECT DISTINCT r.id FROM residents r WHERE r.platform <> ? AND (
			r.id IN (SELECT resident_id FROM meal_orders WHERE menu_id IN (SELECT id FROM menus WHERE date < ?))
			OR r.id IN (SELECT resident_id FROM signups WHERE event_id IN (SELECT id FROM events WHERE starts_at < ?)))`,
		ErasedPlatform, date, before.UTC()).Scan(&owners).Error
	if err != nil {
		return err
	}
	for _, id := range owners {
		token := make([]byte, 12)
		if _, err := rand.Read(token); err != nil {
			return err
		}
		day := before.UTC().Truncate(24 * time.Hour)
		shadow := store.Resident{Platform: ErasedPlatform, UserID: "anon-" + hex.EncodeToString(token), CreatedAt: day, SeenAt: day}
		if err := tx.Create(&shadow).Error; err != nil {
			return err
		}
		if err := tx.Exec("UPDATE meal_orders SET resident_id = ? WHERE resident_id = ? AND menu_id IN (SELECT id FROM menus WHERE date < ?)",
			shadow.ID, id, date).Error; err != nil {
			return err
		}
		if err := tx.Exec("UPDATE signups SET resident_id = ?, chat_platform = '', chat_id = '' WHERE resident_id = ? AND event_id IN (SELECT id FROM events WHERE starts_at < ?)",
			shadow.ID, id, before.UTC()).Error; err != nil {
			return err
		}
	}
	return nil
}
