package store

import "time"

// Household is a flat: a building and a room. Accounts on several platforms
// that belong to one household share its orders and sign-ups.
type Household struct {
	ID        uint   `gorm:"primaryKey"`
	Building  string `gorm:"not null;uniqueIndex:idx_household_place"` // "8号楼"
	Room      string `gorm:"not null;uniqueIndex:idx_household_place"` // "301"
	Confirmed bool   `gorm:"not null;default:false"`
	CreatedAt time.Time
}

// Resident is one chat account of a person. Platform and UserID are the
// platform's stable ids; Name is the display name last seen, for @mentions
// and lists.
type Resident struct {
	ID          uint       `gorm:"primaryKey"`
	Platform    string     `gorm:"not null;uniqueIndex:idx_resident_account"`
	UserID      string     `gorm:"not null;uniqueIndex:idx_resident_account"`
	Name        string     `gorm:"not null;default:'';index"`
	HouseholdID *uint      `gorm:"index"`
	Household   *Household `gorm:"constraint:OnDelete:SET NULL"`
	// PendingHouseholdID is a household this account registered to that a
	// building head has not confirmed it in yet (households.confirm): until
	// then it shares nothing with that household — not its orders, not its
	// sign-ups.
	PendingHouseholdID *uint `gorm:"index"`
	// Elder is set by an admin after checking age (60+): 助老价.
	Elder bool `gorm:"not null;default:false"`
	// Worker is set by an admin for delivery and sanitation workers: 爱心餐.
	Worker bool `gorm:"not null;default:false"`
	// Handle is the account's @username, as last seen (Telegram), so an
	// @mention finds the person after a restart; one account holds it.
	Handle    string `gorm:"not null;default:'';index"`
	CreatedAt time.Time
	SeenAt    time.Time
}

// Role gives a resident a duty. Building is set for building heads, empty
// for community-wide roles (admin, canteen manager).
type Role struct {
	ID         uint     `gorm:"primaryKey"`
	ResidentID uint     `gorm:"not null;uniqueIndex:idx_role_grant"`
	Resident   Resident `gorm:"constraint:OnDelete:CASCADE"`
	Name       string   `gorm:"not null;uniqueIndex:idx_role_grant;index"`
	Building   string   `gorm:"not null;default:'';uniqueIndex:idx_role_grant"`
	// Source is where the role came from: "" given in a chat, or
	// ConfigSource(account) from the configuration file, which takes it
	// back when the account is no longer listed.
	Source    string `gorm:"not null;default:''"`
	CreatedAt time.Time
}

// ConfigSource is the Source of a role the configuration gives account
// ("wechat:社区小王").
func ConfigSource(account string) string { return "config:" + account }

// VerifyCode is a one-time code that gives a role to the verified account
// that sends it privately: on WeChat, where a name proves nothing, roles
// are handed over in person this way. Only a digest of the code is kept,
// so a copy of the database holds no usable code.
type VerifyCode struct {
	ID       uint   `gorm:"primaryKey"`
	Digest   string `gorm:"not null;uniqueIndex"`
	Role     string `gorm:"not null"`
	Building string `gorm:"not null;default:''"`
	// Source is the Source the role gets (ConfigSource for a config admin).
	Source string `gorm:"not null;default:''"`
	// IssuedBy is the admin who asked for it; nil from the server's shell.
	IssuedBy  *uint
	ExpiresAt time.Time `gorm:"not null"`
	UsedAt    *time.Time
	UsedBy    *uint
	CreatedAt time.Time
}

// JoinResult is how a 登记 ended. Joined is set when the account is a
// member of the household now (or was already: Already); otherwise it
// waits (its PendingHouseholdID) for a yes, and Members are the accounts
// of the household to ask.
type JoinResult struct {
	Household Household
	Joined    bool
	Already   bool
	Members   []Resident
}

// ProxyPlatform is the Platform of a household member with no chat account
// (an elder without a phone), recorded by a liaison or building head so
// that pick-up lists and rosters name them and others can act for them.
const ProxyPlatform = "household"
