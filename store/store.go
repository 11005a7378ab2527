// Package store is Linli's data: the records every feature keeps (people,
// chats, roles, menus, orders, activities, suggestions, the outbox) and the
// operations on them, as the Store interface. It imports no database driver,
// so handlers and the scheduler depend on what is kept, not on how:
// store/sqldb implements Store with gorm over SQLite or PostgreSQL.
//
// Correctness under concurrency is the implementation's duty: every method
// that decides (a booking against a capacity, a sign-up against seats, a
// claim of a scheduled run) does so atomically in the database.
package store

import (
	"context"
	"time"
)

// Store is everything Linli reads and writes. Methods return the package's
// errors (ErrNotFound, ErrDuplicate, ErrFull …) for callers' errors.Is.
type Store interface {
	TouchChat(ctx context.Context, platform, chatID, title string, group bool) (Chat, error)
	Chat(ctx context.Context, platform, chatID string) (Chat, error)
	Bind(ctx context.Context, chatID uint, building string) error
	SetChatActive(ctx context.Context, platform, chatID string, active bool) error
	Groups(ctx context.Context) ([]Chat, error)
	GroupsOf(ctx context.Context, buildings ...string) ([]Chat, error)
	SawMember(ctx context.Context, chatID, residentID uint) error
	MembersNamed(ctx context.Context, chatID uint, name string) ([]Resident, error)
	FirstHandling(ctx context.Context, platform, messageID string) (bool, error)
	ForgetHandled(ctx context.Context, before time.Time) (int64, error)
	CreateEvent(ctx context.Context, e Event, buildings []string) (Event, error)
	Event(ctx context.Context, id uint) (Event, error)
	UpcomingEvents(ctx context.Context, now time.Time, buildings ...string) ([]EventCount, error)
	CountEvent(ctx context.Context, id uint) (EventCount, error)
	EventsStarting(ctx context.Context, from, to time.Time) ([]Event, error)
	ClaimEventNotice(ctx context.Context, eventID uint, kind string) (bool, error)
	Signups(ctx context.Context, eventID uint, statuses ...string) ([]Signup, error)
	SignupsOf(ctx context.Context, residentID uint, now time.Time) ([]Signup, error)
	WaitPosition(ctx context.Context, su Signup) (int, error)
	EditEvent(ctx context.Context, id uint, ch EventChange, now time.Time, noPromotionWithin time.Duration) (EditResult, error)
	CancelEvent(ctx context.Context, id uint, now time.Time) (Event, []Signup, error)
	ExportSignups(ctx context.Context, eventID uint, from, to time.Time) ([]Signup, error)
	SignUp(ctx context.Context, req SignupRequest) (SignupResult, error)
	CancelSignup(ctx context.Context, eventID, residentID uint, now time.Time, noPromotionWithin time.Duration) (CancelResult, error)
	Claim(ctx context.Context, job string, due time.Time) (bool, error)
	ReportOutage(ctx context.Context, name string, down bool, now, staleBefore time.Time) (bool, error)
	LastRun(ctx context.Context, job string) (time.Time, error)
	BookMeal(ctx context.Context, in BookInput) (Booking, error)
	CancelMeal(ctx context.Context, orderID, by uint, at time.Time) (OrderLine, error)
	StopMeals(ctx context.Context, date string, cutoffs map[string]time.Time, at time.Time) ([]OrderLine, error)
	Orders(ctx context.Context, q OrderQuery) ([]OrderLine, error)
	OrdersOfHousehold(ctx context.Context, residentID uint, from string) ([]OrderLine, error)
	DueCutoffs(ctx context.Context, after, upTo time.Time) ([]Menu, error)
	ClaimStatsPush(ctx context.Context, menuID uint) (bool, error)
	GroupsOfMember(ctx context.Context, residentID uint) ([]Chat, error)
	SetMenu(ctx context.Context, in MenuInput) (Menu, error)
	MenuOf(ctx context.Context, date, meal string) (Menu, error)
	MenusOn(ctx context.Context, date string) ([]Menu, error)
	ScheduleNotice(ctx context.Context, authorID uint, buildings []string, text string, sendAt time.Time) (Notice, error)
	DueNotices(ctx context.Context, now time.Time) ([]Notice, error)
	ClaimNotice(ctx context.Context, id uint, now time.Time) (bool, error)
	RecordNoticeGroups(ctx context.Context, id uint, groups int) error
	PendingNotices(ctx context.Context, authorID uint) ([]Notice, error)
	ResidentsNamed(ctx context.Context, platform, name string) ([]Resident, error)
	Enqueue(ctx context.Context, m *OutboxMessage) error
	OutboxHeads(ctx context.Context, platform string) ([]OutboxMessage, error)
	OutboxHead(ctx context.Context, platform, chatID string) (OutboxMessage, bool, error)
	FinishHandlingWith(ctx context.Context, platform, messageID, owner string, staleBefore time.Time, out []OutboxMessage) error
	FinishHandlingLater(ctx context.Context, platform, messageID, owner string, staleBefore time.Time, out []OutboxMessage) (wait func() error)
	RecentlyHandled(ctx context.Context, n int) ([][2]string, error)
	ClaimOutbox(ctx context.Context, id int64, owner string, now, until time.Time) (bool, error)
	OutboxSent(ctx context.Context, id int64, at time.Time) error
	OutboxRetry(ctx context.Context, id int64, next time.Time, reason string) error
	OutboxFail(ctx context.Context, id int64, reason string) error
	OutboxUnsent(ctx context.Context, platform string) (int, error)
	OutboxByStatus(ctx context.Context, platform, status string) ([]OutboxMessage, error)
	ForgetSent(ctx context.Context, before time.Time) (int64, error)
	MoveChat(ctx context.Context, platform, oldID, newID string) error
	Deactivate(ctx context.Context, platform, chatID string) (bool, error)
	TouchResident(ctx context.Context, platform, userID, name string) (Resident, error)
	Resident(ctx context.Context, platform, userID string) (Resident, error)
	ResidentByID(ctx context.Context, id uint) (Resident, error)
	RolesOf(ctx context.Context, residentID uint) ([]Role, error)
	Grant(ctx context.Context, residentID uint, role, building, source string) (bool, error)
	Revoke(ctx context.Context, residentID uint, role, building string) error
	ConfigRoles(ctx context.Context) ([]Role, error)
	IssueCode(ctx context.Context, c *VerifyCode) error
	RedeemCode(ctx context.Context, digest string, residentID uint, now time.Time) (VerifyCode, bool, error)
	VoidCode(ctx context.Context, digest string, now time.Time) (bool, error)
	SawHandle(ctx context.Context, residentID uint, handle string) error
	ResidentByHandle(ctx context.Context, platform, handle string) (Resident, error)
	HoldersOf(ctx context.Context, role, building string) ([]Resident, error)
	SetFlags(ctx context.Context, residentID uint, elder, worker *bool) error
	Register(ctx context.Context, residentID uint, building, room string, confirmed bool) (Household, error)
	ConfirmHousehold(ctx context.Context, building, room string) (Household, []Resident, error)
	HouseholdByID(ctx context.Context, id uint) (Household, error)
	HouseholdMembers(ctx context.Context, householdID uint) ([]Resident, error)
	RequestHousehold(ctx context.Context, residentID uint, building, room string, trusted bool) (JoinResult, error)
	HouseholdAt(ctx context.Context, building, room string) (Household, error)
	ProxyMember(ctx context.Context, building, room, name string) (Household, Resident, error)
	PendingMembers(ctx context.Context, householdID uint) ([]Resident, error)
	AcceptMember(ctx context.Context, householdID, residentID uint) error
	LeaveHousehold(ctx context.Context, residentID uint) (Household, error)
	RemoveMember(ctx context.Context, householdID, residentID uint) error
	Erase(ctx context.Context, residentID uint, now time.Time) error
	AnonymiseBefore(ctx context.Context, before time.Time) (int, error)
	SchemaVersion(ctx context.Context) (int, error)
	Close() error
	Ping(ctx context.Context) error
	FileSuggestion(ctx context.Context, sg Suggestion, by Author, perHour int) (Suggestion, error)
	SuggestionByID(ctx context.Context, id uint) (Suggestion, error)
	MySuggestions(ctx context.Context, by Author, limit int) ([]Suggestion, error)
	Suggestions(ctx context.Context, f SuggestionFilter) ([]Suggestion, error)
	ChangeSuggestion(ctx context.Context, id uint, c Change) (Suggestion, error)
}
