package sqldb

import "time"

// The tables, as gorm maps them: one row type per store record, with the
// same fields in the same order (the columns' order) and the tags that make
// the schema — keys, NOT NULL, defaults, indexes, foreign keys and their ON
// DELETE. The migrations make the tables from these types, and queries
// that need the mapping (a composite key, a table name the record's name
// would not give, a relation gorm cannot guess) use them; the rest read
// and write the store's own records, which gorm maps by field name alone.
// A record's and its row's fields must stay the same:
// TestRowsMatchRecords checks it. Has-many relations name their foreign
// key, which gorm would otherwise guess from the record's type name.

type householdRow struct {
	ID        uint   `gorm:"primaryKey"`
	Building  string `gorm:"not null;uniqueIndex:idx_household_place"`
	Room      string `gorm:"not null;uniqueIndex:idx_household_place"`
	Confirmed bool   `gorm:"not null;default:false"`
	CreatedAt time.Time
}

func (householdRow) TableName() string { return "households" }

type residentRow struct {
	ID                 uint          `gorm:"primaryKey"`
	Platform           string        `gorm:"not null;uniqueIndex:idx_resident_account"`
	UserID             string        `gorm:"not null;uniqueIndex:idx_resident_account"`
	Name               string        `gorm:"not null;default:'';index"`
	HouseholdID        *uint         `gorm:"index"`
	Household          *householdRow `gorm:"constraint:OnDelete:SET NULL"`
	PendingHouseholdID *uint         `gorm:"index"`
	Elder              bool          `gorm:"not null;default:false"`
	Worker             bool          `gorm:"not null;default:false"`
	Handle             string        `gorm:"not null;default:'';index"`
	CreatedAt          time.Time
	SeenAt             time.Time
}

func (residentRow) TableName() string { return "residents" }

type roleRow struct {
	ID         uint        `gorm:"primaryKey"`
	ResidentID uint        `gorm:"not null;uniqueIndex:idx_role_grant"`
	Resident   residentRow `gorm:"constraint:OnDelete:CASCADE"`
	Name       string      `gorm:"not null;uniqueIndex:idx_role_grant;index"`
	Building   string      `gorm:"not null;default:'';uniqueIndex:idx_role_grant"`
	Source     string      `gorm:"not null;default:''"`
	CreatedAt  time.Time
}

func (roleRow) TableName() string { return "roles" }

type verifyCodeRow struct {
	ID        uint   `gorm:"primaryKey"`
	Digest    string `gorm:"not null;uniqueIndex"`
	Role      string `gorm:"not null"`
	Building  string `gorm:"not null;default:''"`
	Source    string `gorm:"not null;default:''"`
	IssuedBy  *uint
	ExpiresAt time.Time `gorm:"not null"`
	UsedAt    *time.Time
	UsedBy    *uint
	CreatedAt time.Time
}

func (verifyCodeRow) TableName() string { return "verify_codes" }

type chatRow struct {
	ID        uint   `gorm:"primaryKey"`
	Platform  string `gorm:"not null;uniqueIndex:idx_chat_platform_id"`
	ChatID    string `gorm:"not null;uniqueIndex:idx_chat_platform_id"`
	Title     string `gorm:"not null;default:''"`
	Group     bool   `gorm:"not null;default:false"`
	Building  string `gorm:"not null;default:'';index"`
	Active    bool   `gorm:"not null;default:true"`
	CreatedAt time.Time
	SeenAt    time.Time
}

func (chatRow) TableName() string { return "chats" }

type memberRow struct {
	ChatID     uint        `gorm:"primaryKey;autoIncrement:false"`
	Chat       chatRow     `gorm:"constraint:OnDelete:CASCADE"`
	ResidentID uint        `gorm:"primaryKey;autoIncrement:false;index"`
	Resident   residentRow `gorm:"constraint:OnDelete:CASCADE"`
	SeenAt     time.Time
}

func (memberRow) TableName() string { return "members" }

// handledRow remembers platform message ids already handled, so a redelivered
// message or update is not acted on twice. A message is claimed (Pending,
// by Owner, the handling process) before its handler runs and finished
// once it has answered: a redelivery of a message whose process died in
// between is handled again rather than lost.
type handledRow struct {
	Platform  string    `gorm:"primaryKey"`
	MessageID string    `gorm:"primaryKey"`
	At        time.Time `gorm:"index"`
	Owner     string    `gorm:"not null;default:''"`
	Pending   bool      `gorm:"not null;default:false"`
}

func (handledRow) TableName() string { return "handled_messages" }

// anonymousHandledRow remembers that an anonymous command (匿名建议) was
// handled, so a redelivery does not file it twice, without saying whose or
// when: Hash is a keyed hash of the platform's message id (which names the
// chat, and so the person, on Telegram), Day the start of the day it was
// handled. It is a table of its own, so its rows sit in no order beside the
// named messages' exact records.
type anonymousHandledRow struct {
	Hash string    `gorm:"primaryKey"`
	Day  time.Time `gorm:"index"`
}

func (anonymousHandledRow) TableName() string { return "anonymous_handled" }

type jobRunRow struct {
	Job       string    `gorm:"primaryKey"`
	Due       time.Time `gorm:"primaryKey"`
	ClaimedAt time.Time
}

func (jobRunRow) TableName() string { return "job_runs" }

// jobFailureRow is a scheduled run that failed (migration 92).
type jobFailureRow struct {
	ID    uint      `gorm:"primaryKey"`
	Job   string    `gorm:"not null"`
	Due   time.Time `gorm:"not null"`
	At    time.Time `gorm:"not null;index"`
	Error string    `gorm:"not null;default:''"`
}

func (jobFailureRow) TableName() string { return "job_failures" }

type outageRow struct {
	Name  string `gorm:"primaryKey"`
	Down  bool   `gorm:"not null;default:false"`
	Since time.Time
}

func (outageRow) TableName() string { return "outages" }

type noticeRow struct {
	ID        uint        `gorm:"primaryKey"`
	AuthorID  uint        `gorm:"not null;index"`
	Author    residentRow `gorm:"constraint:OnDelete:CASCADE"`
	Buildings string      `gorm:"not null"`
	Text      string      `gorm:"not null"`
	SendAt    time.Time   `gorm:"not null;index"`
	SentAt    *time.Time
	Groups    int
	CreatedAt time.Time
}

func (noticeRow) TableName() string { return "notices" }

type menuRow struct {
	ID          uint   `gorm:"primaryKey"`
	Date        string `gorm:"not null;uniqueIndex:idx_menu_meal"`
	Meal        string `gorm:"not null;uniqueIndex:idx_menu_meal"`
	Price       int64  `gorm:"not null;default:0"`
	ElderPrice  int64  `gorm:"not null;default:0"`
	WorkerPrice *int64
	Capacity    int       `gorm:"not null;default:0"`
	Booked      int       `gorm:"not null;default:0"`
	Cutoff      time.Time `gorm:"not null;index"`
	Stopped     bool      `gorm:"not null;default:false"`
	StatsSentAt *time.Time
	Dishes      []dishRow `gorm:"foreignKey:MenuID;constraint:OnDelete:CASCADE"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (menuRow) TableName() string { return "menus" }

type dishRow struct {
	ID       uint   `gorm:"primaryKey"`
	MenuID   uint   `gorm:"not null;index"`
	Position int    `gorm:"not null"`
	Name     string `gorm:"not null"`
	Price    int64  `gorm:"not null;default:0"`
}

func (dishRow) TableName() string { return "dishes" }

// mealOrderRow: idx_order_status_menu is widened by migration 93 with the
// columns the period sums read (tier, quantity, unit_price, resident_id),
// and idx_order_resident by migration 98 (status, menu_id, tier, quantity,
// unit_price after resident_id).
type mealOrderRow struct {
	ID          uint        `gorm:"primaryKey"`
	MenuID      uint        `gorm:"not null;uniqueIndex:idx_order_person;index:idx_order_status_menu,priority:2"`
	Menu        menuRow     `gorm:"constraint:OnDelete:CASCADE"`
	ResidentID  uint        `gorm:"not null;uniqueIndex:idx_order_person;index:idx_order_resident"`
	Resident    residentRow `gorm:"constraint:OnDelete:CASCADE"`
	Quantity    int         `gorm:"not null"`
	Tier        string      `gorm:"not null"`
	UnitPrice   int64       `gorm:"not null"`
	Status      string      `gorm:"not null;index:idx_order_status_menu,priority:1"`
	BookedAt    time.Time
	UpdatedAt   time.Time
	CancelledAt *time.Time
	PickedUpAt  *time.Time // 核销: handed over at the counter (migration 86)
	ActedByID   *uint      // 代: who booked it for the household (migration 97)
}

func (mealOrderRow) TableName() string { return "meal_orders" }

type eventRow struct {
	ID        uint      `gorm:"primaryKey"`
	Title     string    `gorm:"not null"`
	Place     string    `gorm:"not null;default:''"`
	Notes     string    `gorm:"not null;default:''"`
	StartsAt  time.Time `gorm:"not null;index"`
	Deadline  *time.Time
	Capacity  int    `gorm:"not null;default:0"`
	Status    string `gorm:"not null;default:'open';index"`
	CreatorID uint   `gorm:"not null;index"`
	Creator   residentRow
	Arrivals  int64 `gorm:"not null;default:0"`
	// SeatsTaken: migration 71.
	SeatsTaken int `gorm:"not null;default:0"`
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Buildings  []eventBuildingRow `gorm:"foreignKey:EventID;constraint:OnDelete:CASCADE"`
	// Volunteer marks a 志愿 activity (migration 97).
	Volunteer bool `gorm:"not null;default:false"`
}

func (eventRow) TableName() string { return "events" }

type eventBuildingRow struct {
	EventID  uint   `gorm:"primaryKey;autoIncrement:false"`
	Building string `gorm:"primaryKey"`
}

func (eventBuildingRow) TableName() string { return "event_buildings" }

type signupRow struct {
	ID           uint `gorm:"primaryKey"`
	EventID      uint `gorm:"not null;uniqueIndex:idx_signup_person"`
	Event        eventRow
	ResidentID   uint `gorm:"not null;uniqueIndex:idx_signup_person;index"`
	Resident     residentRow
	Party        int    `gorm:"not null"`
	Status       string `gorm:"not null;index"`
	Arrival      int64  `gorm:"not null"`
	ChatPlatform string `gorm:"not null;default:''"`
	ChatID       string `gorm:"not null;default:''"`
	SignedUpAt   time.Time
	UpdatedAt    time.Time
	ActedByID    *uint // 代: who signed the household up (migration 97)
}

func (signupRow) TableName() string { return "signups" }

type eventNoticeRow struct {
	EventID uint   `gorm:"primaryKey;autoIncrement:false"`
	Kind    string `gorm:"primaryKey"`
	SentAt  time.Time
}

func (eventNoticeRow) TableName() string { return "event_notices" }

type suggestionRow struct {
	ID            uint         `gorm:"primaryKey"`
	ResidentID    *uint        `gorm:"index"`
	Resident      *residentRow `gorm:"constraint:OnDelete:SET NULL"`
	AuthorHash    string       `gorm:"not null;default:'';index"`
	Anonymous     bool         `gorm:"not null;default:false"`
	Text          string       `gorm:"not null"`
	Category      string       `gorm:"not null;index"`
	Building      string       `gorm:"not null;default:'';index"`
	Status        string       `gorm:"not null;index"`
	ReplyPlatform string       `gorm:"not null;default:''"`
	ReplyChatID   string       `gorm:"not null;default:''"`
	ReplyTitle    string       `gorm:"not null;default:''"`
	Attachments   string       `gorm:"not null;default:''"`
	CreatedAt     time.Time    `gorm:"index"`
	AnsweredAt    *time.Time
	ClosedAt      *time.Time
	Notes         []suggestionNoteRow `gorm:"foreignKey:SuggestionID;constraint:OnDelete:CASCADE"`
}

func (suggestionRow) TableName() string { return "suggestions" }

type suggestionNoteRow struct {
	ID           uint   `gorm:"primaryKey"`
	SuggestionID uint   `gorm:"not null;index"`
	Kind         string `gorm:"not null"`
	Text         string `gorm:"not null;default:''"`
	ByResidentID *uint
	By           *residentRow `gorm:"foreignKey:ByResidentID;constraint:OnDelete:SET NULL"`
	CreatedAt    time.Time
}

func (suggestionNoteRow) TableName() string { return "suggestion_notes" }

type outboxMessageRow struct {
	ID           int64  `gorm:"primaryKey"`
	Platform     string `gorm:"not null;index:idx_outbox_queue,priority:1"`
	Status       string `gorm:"not null;index:idx_outbox_queue,priority:2"`
	ChatID       string `gorm:"not null;index:idx_outbox_queue,priority:3"`
	ChatTitle    string `gorm:"not null;default:''"`
	ChatGroup    bool   `gorm:"not null;default:false"`
	Text         string `gorm:"not null"`
	Mention      string `gorm:"not null;default:''"`
	ReplyTo      string `gorm:"not null;default:''"`
	Buttons      string `gorm:"not null;default:''"`
	Fallback     string `gorm:"not null;default:''"`
	Discreet     bool   `gorm:"not null;default:false"`
	Attempts     int    `gorm:"not null;default:0"`
	NextAt       time.Time
	ClaimedBy    string `gorm:"not null;default:''"`
	ClaimedUntil time.Time
	LastError    string `gorm:"not null;default:''"`
	CreatedAt    time.Time
	SentAt       *time.Time
	// FileName and FileData (migration 94) are a file sent with the text;
	// FileData is set to NULL once the message is sent or given up on.
	FileName string `gorm:"not null;default:''"`
	FileData []byte
}

func (outboxMessageRow) TableName() string { return "outbox_messages" }

// hintRow is when a person was last given a one-line hint of a kind
// (migration 96).
type hintRow struct {
	ResidentID uint   `gorm:"primaryKey;autoIncrement:false"`
	Kind       string `gorm:"primaryKey"`
	At         time.Time
}

func (hintRow) TableName() string { return "hints" }
