package store

import (
	"context"
	"time"
)

// Household is a flat: a building and a room. Accounts on several platforms
// that belong to one household share its orders and sign-ups.
type Household struct {
	ID        uint
	Building  string // "8号楼"
	Room      string // "301"
	Confirmed bool
	CreatedAt time.Time
}

// Resident is one chat account of a person. Platform and UserID are the
// platform's stable ids; Name is the display name last seen, for @mentions
// and lists.
type Resident struct {
	ID          uint
	Platform    string
	UserID      string
	Name        string
	HouseholdID *uint
	Household   *Household
	// PendingHouseholdID is a household this account registered to that a
	// building head has not confirmed it in yet (households.confirm): until
	// then it shares nothing with that household — not its orders, not its
	// sign-ups.
	PendingHouseholdID *uint
	// Elder is set by an admin after checking age (60+): 助老价.
	Elder bool
	// Worker is set by an admin for delivery and sanitation workers: 爱心餐.
	Worker bool
	// Handle is the account's @username, as last seen (Telegram), so an
	// @mention finds the person after a restart; one account holds it.
	Handle    string
	CreatedAt time.Time
	SeenAt    time.Time
}

// Role gives a resident a duty. Building is set for building heads, empty
// for community-wide roles (admin, canteen manager).
type Role struct {
	ID         uint
	ResidentID uint
	Resident   Resident
	Name       string
	Building   string
	// Source is where the role came from: "" given in a chat, or
	// ConfigSource(account) from the configuration file, which takes it
	// back when the account is no longer listed.
	Source    string
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
	ID       uint
	Digest   string
	Role     string
	Building string
	// Source is the Source the role gets (ConfigSource for a config admin).
	Source string
	// IssuedBy is the admin who asked for it; nil from the server's shell.
	IssuedBy  *uint
	ExpiresAt time.Time
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

// People are the accounts the bot has met, one row per platform account:
// found by id, by name or by @username when someone is named in a command,
// and marked with the tiers an admin verified. Every feature that answers a
// person uses it.
type People interface {
	TouchResident(ctx context.Context, platform, userID, name string) (Resident, error)
	Resident(ctx context.Context, platform, userID string) (Resident, error)
	ResidentByID(ctx context.Context, id uint) (Resident, error)
	ResidentsNamed(ctx context.Context, platform, name string) ([]Resident, error)
	ResidentByHandle(ctx context.Context, platform, handle string) (Resident, error)
	SawHandle(ctx context.Context, residentID uint, handle string) error
	SetFlags(ctx context.Context, residentID uint, elder, worker *bool) error
}

// Roles are the duties people hold (admin, canteen manager, building
// head), given in a chat or by the configuration file, which takes back
// what it no longer lists. Permission checks and 任命/撤销 use it.
type Roles interface {
	RolesOf(ctx context.Context, residentID uint) ([]Role, error)
	HoldersOf(ctx context.Context, role, building string) ([]Resident, error)
	Grant(ctx context.Context, residentID uint, role, building, source string) (bool, error)
	Revoke(ctx context.Context, residentID uint, role, building string) error
	ConfigRoles(ctx context.Context) ([]Role, error)
}

// Codes are the one-time codes that hand a role to a verified account
// (WeChat, where a name proves nothing): issued by an admin, redeemed once,
// or voided.
type Codes interface {
	IssueCode(ctx context.Context, c *VerifyCode) error
	RedeemCode(ctx context.Context, digest string, residentID uint, now time.Time) (VerifyCode, bool, error)
	VoidCode(ctx context.Context, digest string, now time.Time) (bool, error)
}

// Households are the flats accounts belong to, so that a family's accounts
// on several platforms share orders and sign-ups: joining (confirmed by a
// member or a building head), leaving, and who is in one.
type Households interface {
	Register(ctx context.Context, residentID uint, building, room string, confirmed bool) (Household, error)
	RequestHousehold(ctx context.Context, residentID uint, building, room string, trusted bool) (JoinResult, error)
	ConfirmHousehold(ctx context.Context, building, room string) (Household, []Resident, error)
	HouseholdByID(ctx context.Context, id uint) (Household, error)
	HouseholdAt(ctx context.Context, building, room string) (Household, error)
	ProxyMember(ctx context.Context, building, room, name string) (Household, Resident, error)
	HouseholdMembers(ctx context.Context, householdID uint) ([]Resident, error)
	PendingMembers(ctx context.Context, householdID uint) ([]Resident, error)
	AcceptMember(ctx context.Context, householdID, residentID uint) error
	LeaveHousehold(ctx context.Context, residentID uint) (Household, error)
	RemoveMember(ctx context.Context, householdID, residentID uint) error
}

// PersonalData is forgetting people: erasing one on request (删除我的信息)
// and anonymising what is older than the retention period. Erase reports
// how many lines of a fund's ledger the person recorded: the ledger is a
// book of account and is never changed, so those keep the name they were
// written with (the person is told so), while it is shown as erased.
type PersonalData interface {
	Erase(ctx context.Context, residentID uint, now time.Time) (ledgerLines int, err error)
	AnonymiseBefore(ctx context.Context, before time.Time) (int, error)
}
