package store

import (
	"context"
	"time"
)

// Funds are a building's shared money kept in the open (楼组众筹): a fund,
// and its entries — pledges, money received and money spent — which are
// never changed or removed: a correction is a new entry.
type Funds interface {
	// CreateFund stores a fund and returns it with its number (C-number).
	CreateFund(ctx context.Context, f Fund) (Fund, error)
	// FundByID returns a fund, or ErrNotFound.
	FundByID(ctx context.Context, id uint) (Fund, error)
	// AddFundEntry appends an entry. Spending more than the fund holds is
	// ErrFull, checked in the entry's transaction.
	AddFundEntry(ctx context.Context, e FundEntry) (FundEntry, error)
	// FundEntries lists a fund's entries in the order they were made.
	FundEntries(ctx context.Context, id uint) ([]FundEntry, error)
	// FundsBetween lists the funds created in [from, to) (zero: open).
	FundsBetween(ctx context.Context, from, to time.Time) ([]Fund, error)
}

// Kinds of a fund's entry.
const (
	FundPledge   = "pledge"
	FundReceived = "received"
	FundSpent    = "spent"
)

// Fund is one collection for a building.
type Fund struct {
	ID         uint
	Title      string
	Building   string
	TargetFen  int64 // 0: no target
	AuthorID   uint
	AuthorName string
	CreatedAt  time.Time
}

// FundEntry is one line of a fund's ledger: Place is the household it is
// about ("8号楼301") for a pledge or money received; By the account that
// recorded it, ByName as shown.
type FundEntry struct {
	ID     uint
	FundID uint
	Kind   string
	Fen    int64
	Place  string
	ByID   uint
	ByName string
	Note   string
	At     time.Time
}
