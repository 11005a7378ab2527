package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"linli/store"
)

// The tables of votes. A named vote keeps one row per household in
// vote_ballots (its choice, changed in place). An anonymous vote keeps
// "has voted" and the choices in two tables that share nothing but the
// vote: vote_voters (vote, household; no time, no choice) and vote_tallies
// (vote, option, count; no household, no time), both written in the one
// transaction of the ballot. There is no row per anonymous ballot, so no
// id or insertion order pairs a voter with a choice; and every option's
// count row is rewritten by every ballot, so PostgreSQL's row versions
// (xmin, ctid) do not say which count the last voter raised.

// voteRow is a vote. Options are kept one a line, Buildings comma-separated.
type voteRow struct {
	ID            uint      `gorm:"primaryKey"`
	Title         string    `gorm:"not null"`
	Options       string    `gorm:"not null"`
	Buildings     string    `gorm:"not null"`
	Deadline      time.Time `gorm:"not null;index"`
	Anonymous     bool      `gorm:"not null;default:false"`
	AuthorID      uint      `gorm:"not null;default:0"`
	AuthorName    string    `gorm:"not null;default:''"`
	CreatedAt     time.Time `gorm:"not null"`
	ResultsSentAt *time.Time
}

func (voteRow) TableName() string { return "votes" }

// voteBallotRow is a household's ballot in a named vote: its primary key is
// the one-ballot-per-household rule.
type voteBallotRow struct {
	VoteID      uint      `gorm:"primaryKey;autoIncrement:false"`
	HouseholdID uint      `gorm:"primaryKey;autoIncrement:false"`
	ResidentID  uint      `gorm:"not null"`
	Choice      int       `gorm:"not null"`
	UpdatedAt   time.Time `gorm:"not null"`
}

func (voteBallotRow) TableName() string { return "vote_ballots" }

// voteVoterRow is that a household voted in an anonymous vote, and nothing
// more.
type voteVoterRow struct {
	VoteID      uint `gorm:"primaryKey;autoIncrement:false"`
	HouseholdID uint `gorm:"primaryKey;autoIncrement:false"`
}

func (voteVoterRow) TableName() string { return "vote_voters" }

// voteTallyRow is an anonymous vote's count for one option.
type voteTallyRow struct {
	VoteID uint `gorm:"primaryKey;autoIncrement:false"`
	Choice int  `gorm:"primaryKey;autoIncrement:false"`
	Count  int  `gorm:"not null;default:0"`
}

func (voteTallyRow) TableName() string { return "vote_tallies" }

func migrateVotes(tx *gorm.DB) error {
	return tx.AutoMigrate(&voteRow{}, &voteBallotRow{}, &voteVoterRow{}, &voteTallyRow{})
}

func (r voteRow) vote() store.Vote {
	return store.Vote{ID: r.ID, Title: r.Title, Options: strings.Split(r.Options, "\n"),
		Buildings: strings.Split(r.Buildings, ","), Deadline: r.Deadline, Anonymous: r.Anonymous,
		AuthorID: r.AuthorID, AuthorName: r.AuthorName, CreatedAt: r.CreatedAt, ResultsSentAt: r.ResultsSentAt}
}

// CreateVote implements store.Votes. An anonymous vote's counts start at
// zero for every option, in the same transaction.
func (s *Store) CreateVote(ctx context.Context, v store.Vote) (store.Vote, error) {
	for _, o := range v.Options {
		if o == "" || strings.Contains(o, "\n") {
			return store.Vote{}, fmt.Errorf("create vote: option %q", o)
		}
	}
	row := voteRow{Title: v.Title, Options: strings.Join(v.Options, "\n"), Buildings: strings.Join(v.Buildings, ","),
		Deadline: v.Deadline.UTC(), Anonymous: v.Anonymous, AuthorID: v.AuthorID, AuthorName: v.AuthorName, CreatedAt: s.now()}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		if !row.Anonymous {
			return nil
		}
		tallies := make([]voteTallyRow, len(v.Options))
		for i := range tallies {
			tallies[i] = voteTallyRow{VoteID: row.ID, Choice: i + 1}
		}
		return tx.Create(&tallies).Error
	})
	if err != nil {
		return store.Vote{}, translate(err)
	}
	return row.vote(), nil
}

// VoteByID implements store.Votes.
func (s *Store) VoteByID(ctx context.Context, id uint) (store.Vote, error) {
	var row voteRow
	if err := s.db.WithContext(ctx).First(&row, id).Error; err != nil {
		return store.Vote{}, translate(err)
	}
	return row.vote(), nil
}

// CastBallot implements store.Votes. On PostgreSQL the vote's row is locked
// first, so that ballots of one vote are counted one after the other (READ
// COMMITTED would let two accounts of a household both read "no ballot");
// SQLite's IMMEDIATE transactions admit one writer at a time already. The
// primary keys are the last word either way: one row per household.
func (s *Store) CastBallot(ctx context.Context, b store.Ballot) (store.BallotResult, error) {
	var res store.BallotResult
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if s.driver == "postgres" {
			if err := tx.Exec("UPDATE votes SET id = id WHERE id = ?", b.VoteID).Error; err != nil {
				return err
			}
		}
		var v voteRow
		if err := tx.First(&v, b.VoteID).Error; err != nil {
			return err
		}
		switch {
		case v.ResultsSentAt != nil || !b.At.Before(v.Deadline):
			return store.ErrVoteClosed
		case b.Choice < 1 || b.Choice > len(strings.Split(v.Options, "\n")):
			return fmt.Errorf("vote %d has no such option: %w", v.ID, store.ErrNotFound)
		case v.Anonymous:
			return castAnonymous(tx, b)
		}
		prev, err := castNamed(tx, b)
		res.Previous = prev
		return err
	})
	if errors.Is(err, store.ErrVoteClosed) || errors.Is(err, store.ErrAlreadyVoted) {
		return res, err
	}
	return res, translate(err)
}

// castAnonymous records that the household voted and raises the chosen
// count. Every count row of the vote is rewritten, the chosen one by one
// and the others by nothing, so that no row's version says which it was.
func castAnonymous(tx *gorm.DB, b store.Ballot) error {
	ins := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&voteVoterRow{VoteID: b.VoteID, HouseholdID: b.HouseholdID})
	if ins.Error != nil {
		return ins.Error
	}
	if ins.RowsAffected == 0 {
		return store.ErrAlreadyVoted
	}
	return tx.Exec("UPDATE vote_tallies SET count = count + CASE WHEN choice = ? THEN 1 ELSE 0 END WHERE vote_id = ?",
		b.Choice, b.VoteID).Error
}

// castNamed inserts the household's ballot, or changes its choice in place
// and returns the choice it had.
func castNamed(tx *gorm.DB, b store.Ballot) (int, error) {
	row := voteBallotRow{VoteID: b.VoteID, HouseholdID: b.HouseholdID, ResidentID: b.By, Choice: b.Choice, UpdatedAt: b.At.UTC()}
	ins := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if ins.Error != nil || ins.RowsAffected == 1 {
		return 0, ins.Error
	}
	var before voteBallotRow
	if err := tx.Where("vote_id = ? AND household_id = ?", b.VoteID, b.HouseholdID).First(&before).Error; err != nil {
		return 0, err
	}
	err := tx.Model(&voteBallotRow{}).Where("vote_id = ? AND household_id = ?", b.VoteID, b.HouseholdID).
		Updates(map[string]any{"choice": b.Choice, "resident_id": b.By, "updated_at": b.At.UTC()}).Error
	return before.Choice, err
}

// Tally implements store.Votes.
func (s *Store) Tally(ctx context.Context, id uint) (store.Tally, error) {
	v, err := s.VoteByID(ctx, id)
	if err != nil {
		return store.Tally{}, err
	}
	t := store.Tally{Vote: v, Counts: make([]int, len(v.Options))}
	db := s.db.WithContext(ctx)
	var rows []struct{ Choice, N int }
	if v.Anonymous {
		err = db.Raw("SELECT choice, count AS n FROM vote_tallies WHERE vote_id = ?", id).Scan(&rows).Error
	} else {
		err = db.Raw("SELECT choice, COUNT(*) AS n FROM vote_ballots WHERE vote_id = ? GROUP BY choice", id).Scan(&rows).Error
	}
	if err != nil {
		return store.Tally{}, translate(err)
	}
	for _, r := range rows {
		if r.Choice >= 1 && r.Choice <= len(t.Counts) {
			t.Counts[r.Choice-1] = r.N
			t.Households += r.N
		}
	}
	return t, nil
}

// DueVotes implements store.Votes.
func (s *Store) DueVotes(ctx context.Context, now time.Time) ([]store.Vote, error) {
	var rows []voteRow
	err := s.db.WithContext(ctx).Where("results_sent_at IS NULL AND deadline <= ?", now.UTC()).
		Order("deadline, id").Find(&rows).Error
	return votes(rows), translate(err)
}

// ClaimVoteResults implements store.Votes: a conditional update.
func (s *Store) ClaimVoteResults(ctx context.Context, id uint, now time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&voteRow{}).Where("id = ? AND results_sent_at IS NULL", id).
		Update("results_sent_at", now.UTC())
	return res.RowsAffected == 1, translate(res.Error)
}

// VotesBetween implements store.Votes.
func (s *Store) VotesBetween(ctx context.Context, from, to time.Time) ([]store.Vote, error) {
	q := s.db.WithContext(ctx).Order("id")
	if !from.IsZero() {
		q = q.Where("created_at >= ?", from.UTC())
	}
	if !to.IsZero() {
		q = q.Where("created_at < ?", to.UTC())
	}
	var rows []voteRow
	err := q.Find(&rows).Error
	return votes(rows), translate(err)
}

// NamedBallots implements store.Votes. An anonymous vote has none.
func (s *Store) NamedBallots(ctx context.Context, id uint) ([]store.NamedBallot, error) {
	var out []store.NamedBallot
	err := s.db.WithContext(ctx).Raw(`SELECT h.building, h.room, b.choice, b.updated_at AS at
		FROM vote_ballots b JOIN households h ON h.id = b.household_id
		WHERE b.vote_id = ? ORDER BY b.choice, h.building, h.room`, id).Scan(&out).Error
	return out, translate(err)
}

func votes(rows []voteRow) []store.Vote {
	out := make([]store.Vote, len(rows))
	for i, r := range rows {
		out[i] = r.vote()
	}
	return out
}
