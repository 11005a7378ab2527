package store

import (
	"context"
	"errors"
	"time"
)

// Votes are the households' decisions (发起投票, 投票 2 1): one ballot per
// household, counted in the database. Handlers hold this narrow interface;
// the app gives them the database that implements it.
type Votes interface {
	// CreateVote stores a vote and returns it with its number (V-number).
	CreateVote(ctx context.Context, v Vote) (Vote, error)
	// VoteByID returns a vote, or ErrNotFound.
	VoteByID(ctx context.Context, id uint) (Vote, error)
	// CastBallot records a household's choice: a first ballot, or the
	// replacement of its earlier one (for a named vote). It is
	// ErrVoteClosed at or after the deadline, and for an anonymous vote
	// the household already voted in, ErrAlreadyVoted.
	CastBallot(ctx context.Context, b Ballot) (BallotResult, error)
	// Tally counts a vote's ballots.
	Tally(ctx context.Context, id uint) (Tally, error)
	// DueVotes lists the votes whose deadline is at or before now and
	// whose results have not been pushed.
	DueVotes(ctx context.Context, now time.Time) ([]Vote, error)
	// ClaimVoteResults marks a vote's results pushed and reports whether
	// this caller claimed it, so each result goes out once across replicas
	// and restarts.
	ClaimVoteResults(ctx context.Context, id uint, now time.Time) (bool, error)
	// VotesBetween lists the votes created in [from, to) (zero: open), for
	// the export; NamedBallots the ballots of a named vote, by household.
	VotesBetween(ctx context.Context, from, to time.Time) ([]Vote, error)
	NamedBallots(ctx context.Context, id uint) ([]NamedBallot, error)
}

// Errors of casting a ballot.
var (
	ErrVoteClosed   = errors.New("vote closed")
	ErrAlreadyVoted = errors.New("household already voted in an anonymous vote")
)

// Vote is one question put to the households of some buildings.
type Vote struct {
	ID      uint
	Title   string
	Options []string // numbered from 1
	// Buildings is the scope; AllBuildings means the whole community.
	Buildings []string
	Deadline  time.Time
	// Anonymous: nothing links a household to its choice; a household's
	// ballot is final, since changing it would need such a link.
	Anonymous bool
	AuthorID  uint
	// AuthorName is who started it, as shown to residents.
	AuthorName    string
	CreatedAt     time.Time
	ResultsSentAt *time.Time
}

// Ballot is one household's choice in a vote; By is the account that cast
// it (kept for a named vote only).
type Ballot struct {
	VoteID      uint
	HouseholdID uint
	By          uint
	Choice      int // 1-based
	At          time.Time
}

// BallotResult says what a ballot did: Previous is the household's earlier
// choice it replaced (named votes), 0 for a first ballot.
type BallotResult struct {
	Previous int
}

// Tally is a vote's count: Counts[i] is how many households chose option
// i+1; Households how many voted.
type Tally struct {
	Vote       Vote
	Counts     []int
	Households int
}

// NamedBallot is a household's ballot in a named vote, for its export.
type NamedBallot struct {
	Building, Room string
	Choice         int
	At             time.Time
}
