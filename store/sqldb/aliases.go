package sqldb

import "linli/store"

// The records and errors are the store package's: these aliases let the
// queries here name them as their own.
type (
	Chat             = store.Chat
	Member           = store.Member
	Handled          = store.Handled
	AnonymousHandled = store.AnonymousHandled
	Event            = store.Event
	EventBuilding    = store.EventBuilding
	Signup           = store.Signup
	EventNotice      = store.EventNotice
	EventCount       = store.EventCount
	EventChange      = store.EventChange
	EditResult       = store.EditResult
	SignupRequest    = store.SignupRequest
	Moves            = store.Moves
	Waiting          = store.Waiting
	SignupResult     = store.SignupResult
	CancelResult     = store.CancelResult
	JobRun           = store.JobRun
	Outage           = store.Outage
	BookInput        = store.BookInput
	Booking          = store.Booking
	OrderLine        = store.OrderLine
	OrderQuery       = store.OrderQuery
	Menu             = store.Menu
	Dish             = store.Dish
	MealOrder        = store.MealOrder
	MenuInput        = store.MenuInput
	Notice           = store.Notice
	OutboxMessage    = store.OutboxMessage
	Household        = store.Household
	JoinResult       = store.JoinResult
	Resident         = store.Resident
	Role             = store.Role
	VerifyCode       = store.VerifyCode
	Suggestion       = store.Suggestion
	SuggestionNote   = store.SuggestionNote
	Author           = store.Author
	SuggestionFilter = store.SuggestionFilter
	Change           = store.Change
)

// Constants of the records (statuses, kinds), as the store package has them.
const (
	AllBuildings     = store.AllBuildings
	EventOpen        = store.EventOpen
	EventCancelled   = store.EventCancelled
	SignupConfirmed  = store.SignupConfirmed
	SignupWaitlist   = store.SignupWaitlist
	SignupCancelled  = store.SignupCancelled
	TierStandard     = store.TierStandard
	TierElder        = store.TierElder
	TierWorker       = store.TierWorker
	OrderBooked      = store.OrderBooked
	OrderCancelled   = store.OrderCancelled
	OutboxPending    = store.OutboxPending
	OutboxSending    = store.OutboxSending
	OutboxSent       = store.OutboxSent
	OutboxFailed     = store.OutboxFailed
	StatusNew        = store.StatusNew
	StatusAccepted   = store.StatusAccepted
	StatusInProgress = store.StatusInProgress
	StatusResolved   = store.StatusResolved
	StatusDeclined   = store.StatusDeclined
	NoteReply        = store.NoteReply
	NoteCategory     = store.NoteCategory
)

// Errors callers test with errors.Is.
var (
	ErrCancelled              = store.ErrCancelled
	ErrStopped                = store.ErrStopped
	ErrPastCutoff             = store.ErrPastCutoff
	ErrNotFound               = store.ErrNotFound
	ErrDuplicate              = store.ErrDuplicate
	ErrFull                   = store.ErrFull
	ErrConflict               = store.ErrConflict
	ErrClosed                 = store.ErrClosed
	_             store.Store = (*Store)(nil)
	OpenStatuses              = store.OpenStatuses
	ErrTooMany                = store.ErrTooMany
)

// Store implements the store package's interface.
var _ store.Store = (*Store)(nil)

// ErrHouseholdLimit is the per-household cap of a limited meal or activity.
var ErrHouseholdLimit = store.ErrHouseholdLimit
