package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", to read row versions

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

var voteDeadline = time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)

// voters registers n households of 8号楼, each with one account, and a
// second account for the first twins of them; it returns the households'
// ids and their accounts.
func voters(t *testing.T, s *sqldb.Store, n, twins int) ([]uint, [][]uint) {
	t.Helper()
	ctx := context.Background()
	hhs, accounts := make([]uint, n), make([][]uint, n)
	for i := range n {
		for k := 0; k < 1 || (k < 2 && i < twins); k++ {
			r, err := s.TouchResident(ctx, "telegram", fmt.Sprint(1000+i, "-", k), fmt.Sprint("住户", i, "-", k))
			if err != nil {
				t.Fatal(err)
			}
			hh, err := s.Register(ctx, r.ID, "8号楼", fmt.Sprint(101+i), true)
			if err != nil {
				t.Fatal(err)
			}
			hhs[i], accounts[i] = hh.ID, append(accounts[i], r.ID)
		}
	}
	return hhs, accounts
}

func newVote(t *testing.T, s *sqldb.Store, anonymous bool) store.Vote {
	t.Helper()
	v, err := s.CreateVote(context.Background(), store.Vote{Title: "楼组公约第三条", Options: []string{"赞成", "反对", "弃权"},
		Buildings: []string{"8号楼"}, Deadline: voteDeadline, Anonymous: anonymous, AuthorName: "王阿姨"})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBallotsUnderConcurrency: 200 households vote at once, 50 of them
// from two accounts with different choices. Each household ends with
// exactly one ballot, one of the two it cast, and the count is the count
// of those ballots; a second ballot says what it replaced.
func TestBallotsUnderConcurrency(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		hhs, accounts := voters(t, s, 200, 50)
		v := newVote(t, s, false)
		var wg sync.WaitGroup
		errs := make(chan error, 250)
		for i, hh := range hhs {
			for k, by := range accounts[i] {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := s.CastBallot(ctx, store.Ballot{VoteID: v.ID, HouseholdID: hh, By: by, Choice: 1 + (i+k)%3, At: voteDeadline.Add(-time.Hour)})
					errs <- err
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		ballots, err := s.NamedBallots(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ballots) != 200 {
			t.Fatalf("%d ballots for 200 households", len(ballots))
		}
		replay := make([]int, 3)
		for _, b := range ballots {
			var i int
			fmt.Sscan(b.Room, &i)
			i -= 101
			if b.Choice != 1+i%3 && !(i < 50 && b.Choice == 1+(i+1)%3) {
				t.Errorf("room %s holds choice %d, which it never cast", b.Room, b.Choice)
			}
			replay[b.Choice-1]++
		}
		tally, err := s.Tally(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if tally.Households != 200 || fmt.Sprint(tally.Counts) != fmt.Sprint(replay) {
			t.Errorf("tally %v (%d households), ballots say %v", tally.Counts, tally.Households, replay)
		}
		res, err := s.CastBallot(ctx, store.Ballot{VoteID: v.ID, HouseholdID: hhs[100], By: accounts[100][0], Choice: 3, At: voteDeadline.Add(-time.Minute)})
		if err != nil || res.Previous != 1+100%3 {
			t.Errorf("changing a ballot: %+v %v, want previous %d", res, err, 1+100%3)
		}
	})
}

// TestAnonymousBallotsUnderConcurrency: the same crowd in an anonymous
// vote, each household's two accounts choosing alike: 200 ballots count,
// the 50 second ones are refused as already cast, and the counts equal a
// one-by-one replay.
func TestAnonymousBallotsUnderConcurrency(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		hhs, accounts := voters(t, s, 200, 50)
		v := newVote(t, s, true)
		var wg sync.WaitGroup
		var mu sync.Mutex
		counted, already := 0, 0
		for i, hh := range hhs {
			for _, by := range accounts[i] {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := s.CastBallot(ctx, store.Ballot{VoteID: v.ID, HouseholdID: hh, By: by, Choice: 1 + i%3, At: voteDeadline.Add(-time.Hour)})
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						counted++
					case errors.Is(err, store.ErrAlreadyVoted):
						already++
					default:
						t.Error(err)
					}
				}()
			}
		}
		wg.Wait()
		if counted != 200 || already != 50 {
			t.Errorf("%d counted, %d refused as already cast; want 200 and 50", counted, already)
		}
		tally, err := s.Tally(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		replay := []int{67, 67, 66} // 200 households choosing 1, 2, 3, 1, 2, 3 …
		if tally.Households != 200 || fmt.Sprint(tally.Counts) != fmt.Sprint(replay) {
			t.Errorf("tally %v (%d households), want %v", tally.Counts, tally.Households, replay)
		}
		if b, err := s.NamedBallots(ctx, v.ID); err != nil || len(b) != 0 {
			t.Errorf("an anonymous vote keeps ballots by household: %v %v", b, err)
		}
	})
}

// TestBallotAfterDeadline: the deadline is kept by the database, and the
// results are claimed once.
func TestBallotAfterDeadline(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		hhs, accounts := voters(t, s, 1, 0)
		v := newVote(t, s, false)
		_, err := s.CastBallot(ctx, store.Ballot{VoteID: v.ID, HouseholdID: hhs[0], By: accounts[0][0], Choice: 1, At: voteDeadline})
		if !errors.Is(err, store.ErrVoteClosed) {
			t.Errorf("a ballot at the deadline: %v, want ErrVoteClosed", err)
		}
		_, err = s.CastBallot(ctx, store.Ballot{VoteID: v.ID, HouseholdID: hhs[0], By: accounts[0][0], Choice: 4, At: voteDeadline.Add(-time.Hour)})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("option 4 of 3: %v, want ErrNotFound", err)
		}
		due, err := s.DueVotes(ctx, voteDeadline)
		if err != nil || len(due) != 1 {
			t.Fatalf("due at the deadline: %v %v", due, err)
		}
		var claims int
		var wg sync.WaitGroup
		var mu sync.Mutex
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.ClaimVoteResults(ctx, v.ID, voteDeadline)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					claims++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if claims != 1 {
			t.Errorf("the results were claimed %d times", claims)
		}
		if due, _ := s.DueVotes(ctx, voteDeadline.Add(time.Hour)); len(due) != 0 {
			t.Errorf("still due after the claim: %v", due)
		}
	})
}

// TestAnonymousCountsRowVersions: on PostgreSQL a row's xmin names the
// transaction that last wrote it, and the voter's row carries the same
// one. Were only the chosen count rewritten, the count a voter raised
// would be the one sharing their row's xmin; every count row of the vote
// is rewritten instead, so they all carry the last ballot's.
func TestAnonymousCountsRowVersions(t *testing.T) {
	sqldbtest.ForEachDSN(t, func(t *testing.T, driver, dsn string) {
		if driver != "postgres" {
			t.Skip("xmin is PostgreSQL's")
		}
		s := sqldbtest.MustOpenDSN(t, driver, dsn)
		ctx := context.Background()
		hhs, accounts := voters(t, s, 3, 0)
		v := newVote(t, s, true)
		for i, hh := range hhs {
			if _, err := s.CastBallot(ctx, store.Ballot{VoteID: v.ID, HouseholdID: hh, By: accounts[i][0], Choice: 1 + i%2, At: voteDeadline.Add(-time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		raw, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var versions int
		if err := raw.QueryRowContext(ctx, "SELECT COUNT(DISTINCT xmin::text) FROM vote_tallies WHERE vote_id = $1", v.ID).Scan(&versions); err != nil {
			t.Fatal(err)
		}
		if versions != 1 {
			t.Errorf("the counts of one vote carry %d row versions: the last ballots' choices can be read from them", versions)
		}
	})
}
