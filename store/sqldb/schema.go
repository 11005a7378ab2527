package sqldb

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
			return tx.AutoMigrate(&householdRow{}, &residentRow{}, &roleRow{}, &chatRow{}, &memberRow{}, &handledRow{})
		}},
		{2, "scheduled job runs", func(tx *gorm.DB) error { return tx.AutoMigrate(&jobRunRow{}) }},
		{3, "scheduled notices", func(tx *gorm.DB) error { return tx.AutoMigrate(&noticeRow{}) }},
		{10, "canteen menus, dishes and meal orders", func(tx *gorm.DB) error {
			return tx.AutoMigrate(&menuRow{}, &dishRow{}, &mealOrderRow{})
		}},
		{20, "activities, their buildings, sign-ups and notices sent", func(tx *gorm.DB) error {
			return tx.AutoMigrate(&eventRow{}, &eventBuildingRow{}, &signupRow{}, &eventNoticeRow{})
		}},
		{30, "suggestions and their notes", func(tx *gorm.DB) error { return tx.AutoMigrate(&suggestionRow{}, &suggestionNoteRow{}) }},
		{40, "outbox of messages to send", func(tx *gorm.DB) error { return tx.AutoMigrate(&outboxMessageRow{}) }},
		{41, "handled messages claimed until their handling finished", func(tx *gorm.DB) error { return tx.AutoMigrate(&handledRow{}) }},
		{50, "meal orders found by status within a menu, not by status alone", migrateOrderStatusIndex},
		{60, "outages reported once across replicas", func(tx *gorm.DB) error { return tx.AutoMigrate(&outageRow{}) }},
		{61, "each account confirmed in its household, not the household once", migratePendingHousehold},
		{62, "one-time codes, roles' sources, accounts' @usernames", migrateTrust},
		{63, "a WeChat name proves nothing: no role, household or price tier for one", migrateNamedWeChat},
		{70, "anonymous commands handled, kept apart and without their message ids", func(tx *gorm.DB) error {
			return tx.AutoMigrate(&anonymousHandledRow{})
		}},
		{71, "each activity keeps its count of confirmed people", migrateSeatsTaken},
		{72, "an activity's waitlist counted by index", func(tx *gorm.DB) error {
			return tx.Exec("CREATE INDEX IF NOT EXISTS idx_signup_queue ON signups (event_id, status, arrival)").Error
		}},
		{80, "votes: named ballots by household; anonymous voters and counts kept apart", migrateVotes},
		{81, "notices asking for 收到, and each household's receipt", migrateReceipts},
		{82, "楼组众筹: funds and their entries, kept as written", migrateFunds},
		{83, "volunteer hours: check-ins at activities and their hours", migrateVolunteering},
		{85, "the community office: login links, sessions, the audit log", func(tx *gorm.DB) error {
			return tx.AutoMigrate(&webLogin{}, &webSession{}, &auditEntry{})
		}},
		{86, "meal orders picked up at the counter (核销)", migratePickedUp},
		{87, "newcomers welcomed to a group, once each", func(tx *gorm.DB) error { return tx.AutoMigrate(&welcomeRow{}) }},
		{92, "scheduled runs that failed, for the office's 状态 page", func(tx *gorm.DB) error { return tx.AutoMigrate(&jobFailureRow{}) }},
		{93, "meal orders summed from their index alone (图表, 月报)", migrateOrderSums},
		{94, "outbox messages carry a file (a spreadsheet asked for in the chat)", migrateOutboxFiles},
		{96, "one-line hints given at most once in a while", func(tx *gorm.DB) error { return tx.AutoMigrate(&hintRow{}) }},
		{97, "who acted for a household (代) on orders and sign-ups; activities marked 志愿", migrateActedBy},
		{98, "meal orders summed per account from their index alone (月报, 图表)", migrateOrderResidentSums},
	}
}

// KnownSchema is the newest schema this build knows: the version of its
// last migration.
func KnownSchema() int {
	ms := migrations()
	return ms[len(ms)-1].version
}

// tooNew refuses a database a newer linli has migrated: this build would
// run on tables it does not know and might undo what the newer one relies
// on. Both versions are named, so the deployer knows which binary to run.
func tooNew(db *gorm.DB) error {
	var v int
	if !db.Migrator().HasTable(&schemaVersion{}) {
		return nil
	}
	if err := db.Model(&schemaVersion{}).Select("COALESCE(MAX(version), 0)").Scan(&v).Error; err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	if known := KnownSchema(); v > known {
		return fmt.Errorf("the database has schema %d, newer than this linli knows (%d): it was upgraded by a newer linli; run that one (or restore a backup made before the upgrade)", v, known)
	}
	return nil
}

// SchemaVersion reports the newest migration applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.WithContext(ctx).Model(&schemaVersion{}).Select("COALESCE(MAX(version), 0)").Scan(&v).Error
	return v, err
}

// migrationLock is the PostgreSQL advisory lock key that serialises
// replicas starting together (an arbitrary constant: "linli" in ASCII).
const migrationLock = 0x6c696e6c69

func (s *Store) migrate(ctx context.Context) error {
	// Replicas (or an export beside the bot) starting together would both
	// see a step missing. One transaction around every step serialises
	// them: on SQLite it begins IMMEDIATE and so holds the write lock; on
	// PostgreSQL, where READ COMMITTED lets both read, an advisory lock
	// makes the second wait and then find every step applied. DDL is
	// transactional in both, so a failed step leaves nothing half-made.
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.driver == "postgres" {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", migrationLock).Error; err != nil {
				return fmt.Errorf("migrate: lock: %w", err)
			}
		}
		if err := tooNew(tx); err != nil {
			return err
		}
		return s.migrateSteps(tx)
	})
}

// migrateSteps applies each step not yet recorded, each in its own
// transaction (a savepoint when db is already one).
func (s *Store) migrateSteps(db *gorm.DB) error {
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
