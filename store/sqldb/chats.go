package sqldb

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"linli/store"
)

// TouchChat records that a chat was seen, keeping its title current, and
// returns it. A chat that speaks again is active again.
func (s *Store) TouchChat(ctx context.Context, platform, chatID, title string, group bool) (store.Chat, error) {
	now := s.now()
	if s.enclosed(ctx) {
		// Known, active and under this title: only the sighting to
		// write, at the command's end (see later).
		c, err := s.Chat(ctx, platform, chatID)
		if err == nil && c.Active && c.Group == group && (title == "" || c.Title == title) {
			c.SeenAt = now
			return c, s.later(ctx, `UPDATE chats SET seen_at = ? WHERE id = ?`, now, c.ID)
		}
	}
	c := store.Chat{Platform: platform, ChatID: chatID, Title: title, Group: group, Active: true, CreatedAt: now, SeenAt: now}
	update := []string{"seen_at", "active"}
	if title != "" {
		update = append(update, "title")
	}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "platform"}, {Name: "chat_id"}},
		DoUpdates: clause.AssignmentColumns(update),
	}).Create(&c).Error
	if err != nil {
		return store.Chat{}, translate(err)
	}
	return s.Chat(ctx, platform, chatID)
}

// Chat finds a chat by its platform ids.
func (s *Store) Chat(ctx context.Context, platform, chatID string) (store.Chat, error) {
	var c store.Chat
	err := s.db.WithContext(ctx).Where("platform = ? AND chat_id = ?", platform, chatID).First(&c).Error
	return c, translate(err)
}

// Bind attaches a group to a building ("" unbinds it).
func (s *Store) Bind(ctx context.Context, chatID uint, building string) error {
	res := s.db.WithContext(ctx).Model(&store.Chat{}).Where("id = ?", chatID).Update("building", building)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// SetChatActive records whether the bot can still write to a chat.
func (s *Store) SetChatActive(ctx context.Context, platform, chatID string, active bool) error {
	return translate(s.db.WithContext(ctx).Model(&store.Chat{}).
		Where("platform = ? AND chat_id = ?", platform, chatID).Update("active", active).Error)
}

// Groups lists group chats, bound ones first by building, for admins.
func (s *Store) Groups(ctx context.Context) ([]store.Chat, error) {
	var cs []store.Chat
	err := s.db.WithContext(ctx).Where(`"group" = ?`, true).
		Order("building = '', building, title, id").Find(&cs).Error
	return cs, translate(err)
}

// GroupsOf lists the active groups bound to any of the buildings; with
// AllBuildings among them, every bound group.
func (s *Store) GroupsOf(ctx context.Context, buildings ...string) ([]store.Chat, error) {
	var cs []store.Chat
	q := s.db.WithContext(ctx).Where(`"group" = ? AND active = ? AND building <> ''`, true, true)
	all := false
	for _, b := range buildings {
		all = all || b == store.AllBuildings
	}
	if !all {
		q = q.Where("building IN ?", buildings)
	}
	err := q.Order("building, title, id").Find(&cs).Error
	return cs, translate(err)
}

// SawMember records that a resident spoke in a chat.
func (s *Store) SawMember(ctx context.Context, chatID, residentID uint) error {
	if s.enclosed(ctx) {
		return s.later(ctx, `INSERT INTO members (chat_id, resident_id, seen_at) VALUES (?, ?, ?)
			ON CONFLICT (chat_id, resident_id) DO UPDATE SET seen_at = excluded.seen_at`, chatID, residentID, s.now())
	}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "chat_id"}, {Name: "resident_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"seen_at"}),
	}).Create(&store.Member{ChatID: chatID, ResidentID: residentID, SeenAt: s.now()}).Error
	return translate(err)
}

// MembersNamed finds the residents seen in a chat under a display name, for
// resolving "@张阿姨". Two results mean two people share the name.
func (s *Store) MembersNamed(ctx context.Context, chatID uint, name string) ([]store.Resident, error) {
	var rs []store.Resident
	err := s.db.WithContext(ctx).Preload("Household").
		Joins("JOIN members ON members.resident_id = residents.id AND members.chat_id = ?", chatID).
		Where("residents.name = ?", name).Order("residents.id").Find(&rs).Error
	return rs, translate(err)
}

// FirstHandling records a platform message id as handled and reports
// whether this is the first time; a redelivery answers false.
func (s *Store) FirstHandling(ctx context.Context, platform, messageID string) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&handledRow{Platform: platform, MessageID: messageID, At: s.now()})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ForgetHandled drops records of handled messages older than before; they
// only guard against redelivery, which platforms do within minutes.
func (s *Store) ForgetHandled(ctx context.Context, before time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("at < ?", before.UTC()).Delete(&handledRow{})
	if res.Error != nil {
		return 0, translate(res.Error)
	}
	anon := s.db.WithContext(ctx).Where("day < ?", before.UTC()).Delete(&anonymousHandledRow{})
	return res.RowsAffected + anon.RowsAffected, translate(anon.Error)
}
