package store

import (
	"context"
	"time"
)

// Receipts are the notices that ask for 收到 (a notice whose last line is
// 请回复收到): each gets an N-number, and each household's 收到 is kept once,
// so a head sees who has read it and reminds only the others.
type Receipts interface {
	// AskReceipts stores a notice asking for 收到 and returns its number.
	AskReceipts(ctx context.Context, a Ask) (Ask, error)
	// AskByID returns a notice asking for 收到, or ErrNotFound.
	AskByID(ctx context.Context, id uint) (Ask, error)
	// AsksSince lists the notices asking for 收到 made at or after since,
	// newest first.
	AsksSince(ctx context.Context, since time.Time) ([]Ask, error)
	// Receive records a household's 收到; first is false when the
	// household had confirmed already.
	Receive(ctx context.Context, askID, householdID, residentID uint, at time.Time) (first bool, err error)
	// ReceiptsByBuilding counts, per building of the notice's scope, the
	// registered households and those that confirmed.
	ReceiptsByBuilding(ctx context.Context, askID uint) ([]BuildingReceipts, error)
	// Unreceived lists the registered households of the notice's scope
	// that have not confirmed, with their accounts.
	Unreceived(ctx context.Context, askID uint) ([]HouseholdAccounts, error)
	// ClaimAskSummary and ClaimAskReminder are conditional updates: true
	// for one caller when the last summary (reminder) is older than
	// before, or there was none.
	ClaimAskSummary(ctx context.Context, askID uint, now, before time.Time) (bool, error)
	ClaimAskReminder(ctx context.Context, askID uint, now, before time.Time) (bool, error)
}

// Ask is a notice asking for 收到.
type Ask struct {
	ID         uint
	Text       string
	Buildings  []string // AllBuildings: the whole community
	AuthorID   uint
	AuthorName string
	CreatedAt  time.Time
}

// BuildingReceipts is one building's count of a notice's receipts.
type BuildingReceipts struct {
	Building              string
	Households, Confirmed int
}

// HouseholdAccounts is a household and the accounts that belong to it.
type HouseholdAccounts struct {
	Household Household
	Members   []Resident
}
