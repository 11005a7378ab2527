package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

var eventNow = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

const window = 2 * time.Hour

func newEvent(t testing.TB, s *sqldb.Store, capacity int, starts time.Time) store.Event {
	t.Helper()
	creator, err := s.TouchResident(context.Background(), "console", "王阿姨", "王阿姨")
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.CreateEvent(context.Background(), store.Event{Title: "花卉讲座", Place: "党群服务站三楼",
		StartsAt: starts, Capacity: capacity, CreatorID: creator.ID}, []string{"8号楼"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func residents(t testing.TB, s *sqldb.Store, n int) []store.Resident {
	t.Helper()
	rs := make([]store.Resident, n)
	for i := range rs {
		r, err := s.TouchResident(context.Background(), "console", fmt.Sprintf("居民%02d", i), fmt.Sprintf("居民%02d", i))
		if err != nil {
			t.Fatal(err)
		}
		rs[i] = r
	}
	return rs
}

func signUp(t testing.TB, s *sqldb.Store, e store.Event, r store.Resident, party int, now time.Time) store.SignupResult {
	t.Helper()
	res, err := s.SignUp(context.Background(), store.SignupRequest{EventID: e.ID, ResidentID: r.ID, Party: party,
		Now: now, NoPromotionWithin: window})
	if err != nil {
		t.Fatalf("sign up %s ×%d: %v", r.Name, party, err)
	}
	return res
}

func TestSignupAgainChangesPartyNeverDoubles(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	e := newEvent(t, s, 5, eventNow.Add(72*time.Hour))
	rs := residents(t, s, 2)
	signUp(t, s, e, rs[0], 2, eventNow)
	res := signUp(t, s, e, rs[0], 3, eventNow)
	if res.Signup.Status != store.SignupConfirmed || res.Signup.Party != 3 || res.SeatsLeft != 2 {
		t.Fatalf("second 报名 = %+v, seats left %d; want confirmed 3, 2 left", res.Signup, res.SeatsLeft)
	}
	// 居民01 takes the last 2 seats; 居民00 cannot grow to 4 and keeps 3.
	signUp(t, s, e, rs[1], 2, eventNow)
	res = signUp(t, s, e, rs[0], 4, eventNow)
	if !res.Kept || res.Signup.Party != 3 || res.Signup.Status != store.SignupConfirmed {
		t.Fatalf("growing past capacity = %+v kept=%v; want kept at 3", res.Signup, res.Kept)
	}
	all, _ := s.Signups(context.Background(), e.ID)
	if len(all) != 2 {
		t.Fatalf("rows = %d, want 2 (one per person)", len(all))
	}
}

func TestCancelPromotesFirstPartyThatFitsAndReportsThePassed(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	e := newEvent(t, s, 4, eventNow.Add(72*time.Hour))
	rs := residents(t, s, 4)
	signUp(t, s, e, rs[0], 2, eventNow) // confirmed
	signUp(t, s, e, rs[1], 2, eventNow) // confirmed, full
	big := signUp(t, s, e, rs[2], 3, eventNow)
	small := signUp(t, s, e, rs[3], 2, eventNow)
	if big.Position != 1 || small.Position != 2 {
		t.Fatalf("positions = %d, %d; want 1, 2", big.Position, small.Position)
	}
	res, err := s.CancelSignup(ctx, e.ID, rs[0].ID, eventNow, window)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Moves.Promoted) != 1 || res.Moves.Promoted[0].ResidentID != rs[3].ID {
		t.Fatalf("promoted = %+v; want 居民03's party of 2", res.Moves.Promoted)
	}
	if len(res.Moves.Passed) != 1 || res.Moves.Passed[0].ResidentID != rs[2].ID || res.Moves.Passed[0].Position != 1 {
		t.Fatalf("passed = %+v; want 居民02 still first in line", res.Moves.Passed)
	}
	if _, err := s.CancelSignup(ctx, e.ID, rs[0].ID, eventNow, window); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("cancelling twice: %v, want ErrNotFound", err)
	}
}

func TestNoPromotionWithinWindow(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	e := newEvent(t, s, 1, eventNow.Add(90*time.Minute))
	rs := residents(t, s, 3)
	signUp(t, s, e, rs[0], 1, eventNow.Add(-24*time.Hour))
	signUp(t, s, e, rs[1], 1, eventNow.Add(-24*time.Hour)) // waitlisted the day before
	res, err := s.CancelSignup(ctx, e.ID, rs[0].ID, eventNow, window)
	if err != nil || len(res.Moves.Promoted) != 0 {
		t.Fatalf("cancel inside the window promoted %+v (%v); want nobody", res.Moves.Promoted, err)
	}
	if _, err := s.SignUp(ctx, store.SignupRequest{EventID: e.ID, ResidentID: rs[2].ID, Party: 2, Now: eventNow, NoPromotionWithin: window}); !errors.Is(err, store.ErrFull) {
		t.Errorf("a party that does not fit inside the window: %v, want ErrFull (no waitlist)", err)
	}
	if _, err := s.SignUp(ctx, store.SignupRequest{EventID: e.ID, ResidentID: rs[2].ID, Party: 1, Now: e.StartsAt, NoPromotionWithin: window}); !errors.Is(err, store.ErrClosed) {
		t.Errorf("sign-up at the start: %v, want ErrClosed", err)
	}
}

func TestEditCapacity(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	e := newEvent(t, s, 2, eventNow.Add(72*time.Hour))
	rs := residents(t, s, 3)
	signUp(t, s, e, rs[0], 2, eventNow)
	signUp(t, s, e, rs[1], 1, eventNow)
	one := 1
	if _, err := s.EditEvent(ctx, e.ID, store.EventChange{Capacity: &one}, eventNow, window); !errors.Is(err, store.ErrFull) {
		t.Fatalf("shrinking below the confirmed: %v, want ErrFull", err)
	}
	three := 3
	res, err := s.EditEvent(ctx, e.ID, store.EventChange{Capacity: &three}, eventNow, window)
	if err != nil || len(res.Moves.Promoted) != 1 || res.After.Capacity != 3 {
		t.Fatalf("growing: %+v, %v; want one promoted", res, err)
	}
	ev, had, err := s.CancelEvent(ctx, e.ID, eventNow)
	if err != nil || ev.Status != store.EventCancelled || len(had) != 2 {
		t.Fatalf("cancel event = %s, %d signed up, %v", ev.Status, len(had), err)
	}
	if _, _, err := s.CancelEvent(ctx, e.ID, eventNow); !errors.Is(err, store.ErrCancelled) {
		t.Errorf("cancelling twice: %v", err)
	}
}

// TestSignupRace: 40 residents sign up at once for 10 seats with parties of
// 1–3. Confirmed people never exceed 10, every answer is the truth, and the
// outcome is exactly what signing up one by one in arrival order gives.
func TestSignupRace(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	e := newEvent(t, s, 10, eventNow.Add(72*time.Hour))
	rs := residents(t, s, 40)
	results := make([]store.SignupResult, len(rs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, r := range rs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := s.SignUp(ctx, store.SignupRequest{EventID: e.ID, ResidentID: r.ID, Party: i%3 + 1,
				Now: eventNow, NoPromotionWithin: window})
			if err != nil {
				t.Errorf("%s: %v", r.Name, err)
			}
			results[i] = res
		}()
	}
	close(start)
	wg.Wait()
	if t.Failed() {
		return
	}
	c, err := s.CountEvent(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Taken > 10 {
		t.Fatalf("confirmed %d people for 10 seats", c.Taken)
	}
	final, _ := s.Signups(ctx, e.ID)
	byID := map[uint]store.Signup{}
	for _, su := range final {
		byID[su.ResidentID] = su
	}
	// Replay in arrival order: each party is confirmed iff it fits then.
	sort.Slice(results, func(i, j int) bool { return results[i].Signup.Arrival < results[j].Signup.Arrival })
	taken, waiting := 0, 0
	for i, res := range results {
		if res.Signup.Arrival != int64(i+1) {
			t.Fatalf("arrival numbers are not 1..40 without gaps: #%d has %d", i, res.Signup.Arrival)
		}
		want, pos := store.SignupConfirmed, 0
		if taken+res.Signup.Party <= 10 {
			taken += res.Signup.Party
		} else {
			want, waiting = store.SignupWaitlist, waiting+1
			pos = waiting
		}
		got := byID[res.Signup.ResidentID]
		if res.Signup.Status != want || got.Status != want || res.Position != pos {
			t.Errorf("arrival %d (party %d): told %s #%d, stored %s; want %s #%d",
				i+1, res.Signup.Party, res.Signup.Status, res.Position, got.Status, want, pos)
		}
	}
	if taken != c.Taken {
		t.Errorf("replay confirms %d, database %d", taken, c.Taken)
	}
	t.Logf("40 sign-ups at once: %d people confirmed for 10 seats, %d parties waitlisted in arrival order", c.Taken, waiting)
	raceCancels(t, s, e, rs)
}

// raceCancels cancels every confirmed sign-up at once: seats never overflow
// and the waitlist is consumed in arrival order among parties that fit.
func raceCancels(t *testing.T, s *sqldb.Store, e store.Event, rs []store.Resident) {
	ctx := context.Background()
	confirmed, _ := s.Signups(ctx, e.ID, store.SignupConfirmed)
	var wg sync.WaitGroup
	for _, su := range confirmed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.CancelSignup(ctx, e.ID, su.ResidentID, eventNow, window); err != nil {
				t.Errorf("cancel: %v", err)
			}
			if c, _ := s.CountEvent(ctx, e.ID); c.Taken > 10 {
				t.Errorf("confirmed %d people for 10 seats after a cancel", c.Taken)
			}
		}()
	}
	wg.Wait()
	now, _ := s.Signups(ctx, e.ID, store.SignupConfirmed)
	if len(now) == 0 {
		t.Fatal("nobody was moved up from the waitlist")
	}
	left, _ := s.Signups(ctx, e.ID, store.SignupWaitlist)
	var maxPromoted int64
	for _, su := range now {
		maxPromoted = max(maxPromoted, su.Arrival)
	}
	c, _ := s.CountEvent(ctx, e.ID)
	for _, w := range left {
		if w.Arrival < maxPromoted && w.Party <= 10-c.Taken {
			t.Errorf("arrival %d (party %d) still waits though it fits and later ones moved up", w.Arrival, w.Party)
		}
	}
}

func TestUpcomingAndMySignups(t *testing.T) {
	s := sqldbtest.MustOpen(t)
	ctx := context.Background()
	e := newEvent(t, s, 0, eventNow.Add(72*time.Hour))
	rs := residents(t, s, 1)
	res := signUp(t, s, e, rs[0], 3, eventNow)
	if res.SeatsLeft != -1 || res.Signup.Status != store.SignupConfirmed {
		t.Fatalf("unlimited activity: %+v", res)
	}
	up, err := s.UpcomingEvents(ctx, eventNow, "1号楼")
	if err != nil || len(up) != 0 {
		t.Fatalf("1号楼 sees %d activities of 8号楼 (%v)", len(up), err)
	}
	up, _ = s.UpcomingEvents(ctx, eventNow, "8号楼")
	if len(up) != 1 || up[0].Taken != 3 || up[0].SeatsLeft() != -1 {
		t.Fatalf("8号楼 upcoming = %+v", up)
	}
	mine, _ := s.SignupsOf(ctx, rs[0].ID, eventNow)
	if len(mine) != 1 || mine[0].Event.Title != "花卉讲座" {
		t.Fatalf("my sign-ups = %+v", mine)
	}
	if ok, _ := s.ClaimEventNotice(ctx, e.ID, "hour"); !ok {
		t.Fatal("first claim refused")
	}
	if ok, _ := s.ClaimEventNotice(ctx, e.ID, "hour"); ok {
		t.Fatal("a reminder claimed twice")
	}
}

// A household's accounts (its WeChat and its Telegram) see each other's
// sign-ups in 我的报名; a neighbour's stay theirs.
func TestSignupsOfShareTheHousehold(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		e := newEvent(t, s, 10, eventNow.Add(48*time.Hour))
		rs := residents(t, s, 3)
		for _, r := range rs[:2] {
			if _, err := s.Register(ctx, r.ID, "8号楼", "301", true); err != nil {
				t.Fatal(err)
			}
		}
		signUp(t, s, e, rs[0], 2, eventNow)
		signUp(t, s, e, rs[2], 1, eventNow)
		mine, err := s.SignupsOf(ctx, rs[1].ID, eventNow)
		if err != nil || len(mine) != 1 || mine[0].ResidentID != rs[0].ID || mine[0].Resident.Name != rs[0].Name {
			t.Fatalf("the other account of 301 sees %+v, %v; want 居民00's sign-up with its name", mine, err)
		}
		if theirs, _ := s.SignupsOf(ctx, rs[2].ID, eventNow); len(theirs) != 1 || theirs[0].ResidentID != rs[2].ID {
			t.Errorf("a neighbour with no household sees %+v, want only their own", theirs)
		}
	})
}
