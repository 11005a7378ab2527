package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// schemaVersion records which migrations a database has had, so a newer
// release upgrades an existing community's database in place on start.
type schemaVersion struct {
	Version   int `gorm:"primaryKey;autoIncrement:false"`
	Name      string
	AppliedAt time.Time
}

func (schemaVersion) TableName() string { return "schema_versions" }

// migration is one step of the schema. Steps are append-only: a released
// step is never edited, a change is a new step.
type migration struct {
	version int
	name    string
	up      func(tx *gorm.DB) error
}

// migrations lists every schema step in order. Each feature adds its own.
func migrations() []migration {
	return []migration{
		{1, "people, households, roles, chats, members, handled messages", func(tx *gorm.DB) error {
			return tx.AutoMigrate(&Household{}, &Resident{}, &Role{}, &Chat{}, &Member{}, &Handled{})
		}},
		{2, "scheduled job runs", func(tx *gorm.DB) error { return tx.AutoMigrate(&JobRun{}) }},
		{3, "scheduled notices", func(tx *gorm.DB) error { return tx.AutoMigrate(&Notice{}) }},
		{10, "canteen menus, dishes and meal orders", func(tx *gorm.DB) error {
			return tx.AutoMigrate(&Menu{}, &Dish{}, &MealOrder{})
		}},
		{20, "activities, their buildings, sign-ups and notices sent", func(tx *gorm.DB) error {
			return tx.AutoMigrate(&Event{}, &EventBuilding{}, &Signup{}, &EventNotice{})
		}},
		{30, "suggestions and their notes", func(tx *gorm.DB) error { return tx.AutoMigrate(&Suggestion{}, &SuggestionNote{}) }},
		{40, "outbox of messages to send", func(tx *gorm.DB) error { return tx.AutoMigrate(&OutboxMessage{}) }},
		{50, "meal orders found by status within a menu, not by status alone", migrateOrderStatusIndex},
	}
}

// SchemaVersion reports the newest migration applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.WithContext(ctx).Model(&schemaVersion{}).Select("COALESCE(MAX(version), 0)").Scan(&v).Error
	return v, err
}

func (s *Store) migrate(ctx context.Context) error {
	db := s.db.WithContext(ctx)
	if err := db.AutoMigrate(&schemaVersion{}); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range migrations() {
		err := db.Transaction(func(tx *gorm.DB) error {
			// Checked inside the transaction so two processes starting
			// together apply each step once.
			var n int64
			if err := tx.Model(&schemaVersion{}).Where("version = ?", m.version).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if err := m.up(tx); err != nil {
				return err
			}
			return tx.Create(&schemaVersion{Version: m.version, Name: m.name, AppliedAt: s.now()}).Error
		})
		if err != nil {
			return fmt.Errorf("migrate to schema %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}
