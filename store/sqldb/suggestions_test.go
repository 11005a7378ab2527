package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

func fixedClock(s *sqldb.Store, t time.Time) *time.Time {
	now := t
	s.Now = func() time.Time { return now }
	return &now
}

func TestFileSuggestionKeepsNoAuthorWhenAnonymous(t *testing.T) {
	ctx := context.Background()
	s := sqldbtest.MustOpen(t)
	fixedClock(s, time.Date(2026, 11, 24, 8, 47, 13, 0, time.UTC))
	r, _ := s.TouchResident(ctx, "console", "赵大爷", "赵大爷")
	by := store.Author{ResidentID: r.ID, Hash: "h-abc"}

	sg, err := s.FileSuggestion(ctx, store.Suggestion{Text: "有人高空抛物", Category: "安全", Anonymous: true}, by, 5)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.SuggestionByID(ctx, sg.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ResidentID != nil || got.Resident != nil || got.AuthorHash != "h-abc" || got.Status != store.StatusNew {
		t.Errorf("anonymous ticket = %+v; want no resident, the hash, status new", got)
	}
	if want := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC); !got.CreatedAt.Equal(want) {
		t.Errorf("anonymous created_at = %v, want it floored to the day %v", got.CreatedAt, want)
	}
	named, err := s.FileSuggestion(ctx, store.Suggestion{Text: "楼道灯坏了", Category: "设施"}, by, 5)
	if err != nil {
		t.Fatal(err)
	}
	if named.ResidentID == nil || *named.ResidentID != r.ID || named.AuthorHash != "" {
		t.Errorf("named ticket = %+v; want the resident and no hash (a hash beside a name would unmask the anonymous ones)", named)
	}
	mine, err := s.MySuggestions(ctx, by, 10)
	if err != nil || len(mine) != 2 || mine[0].ID != named.ID || mine[1].ID != sg.ID {
		t.Errorf("my suggestions = %v, %v; want both, newest first", mine, err)
	}
	other, _ := s.MySuggestions(ctx, store.Author{ResidentID: r.ID + 100, Hash: "h-other"}, 10)
	if len(other) != 0 {
		t.Errorf("someone else sees %d tickets", len(other))
	}
}

func TestFileSuggestionRateLimitHoldsUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	s := sqldbtest.MustOpen(t)
	now := fixedClock(s, time.Date(2026, 11, 24, 8, 30, 0, 0, time.UTC))
	r, _ := s.TouchResident(ctx, "console", "张阿姨", "张阿姨")
	by := store.Author{ResidentID: r.ID, Hash: "h-zhang"}

	var wg sync.WaitGroup
	var mu sync.Mutex
	filed, refused := 0, 0
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.FileSuggestion(ctx, store.Suggestion{Text: "x", Category: "其他", Anonymous: i%2 == 0}, by, 5)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				filed++
			case errors.Is(err, store.ErrTooMany):
				refused++
			default:
				t.Errorf("file: %v", err)
			}
		}()
	}
	wg.Wait()
	if filed != 5 || refused != 15 {
		t.Fatalf("filed %d, refused %d; want 5 and 15", filed, refused)
	}
	// Anonymous tickets are dated to their day, so they count until it ends.
	anon := store.Author{ResidentID: r.ID + 1000, Hash: "h-anon"}
	for range 5 {
		if _, err := s.FileSuggestion(ctx, store.Suggestion{Text: "x", Category: "其他", Anonymous: true}, anon, 5); err != nil {
			t.Fatal(err)
		}
	}
	*now = time.Date(2026, 11, 24, 9, 59, 0, 0, time.UTC)
	if _, err := s.FileSuggestion(ctx, store.Suggestion{Text: "x", Category: "其他", Anonymous: true}, anon, 5); !errors.Is(err, store.ErrTooMany) {
		t.Errorf("within the anonymous tickets' day: err = %v, want ErrTooMany", err)
	}
	*now = time.Date(2026, 11, 24, 23, 59, 0, 0, time.UTC)
	if _, err := s.FileSuggestion(ctx, store.Suggestion{Text: "x", Category: "其他", Anonymous: true}, anon, 5); !errors.Is(err, store.ErrTooMany) {
		t.Errorf("later the same day: err = %v, want ErrTooMany", err)
	}
	*now = time.Date(2026, 11, 25, 0, 1, 0, 0, time.UTC)
	if _, err := s.FileSuggestion(ctx, store.Suggestion{Text: "x", Category: "其他", Anonymous: true}, anon, 5); err != nil {
		t.Errorf("the next day: %v", err)
	}
}

func TestChangeSuggestionMovesOnlyFromAllowedStatuses(t *testing.T) {
	ctx := context.Background()
	s := sqldbtest.MustOpen(t)
	fixedClock(s, time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	r, _ := s.TouchResident(ctx, "console", "张阿姨", "张阿姨")
	admin, _ := s.TouchResident(ctx, "console", "社区小王", "社区小王")
	sg, _ := s.FileSuggestion(ctx, store.Suggestion{Text: "楼道灯坏了", Category: "设施"}, store.Author{ResidentID: r.ID}, 5)

	// Many admins resolve at once: exactly one moves it.
	var wg sync.WaitGroup
	var mu sync.Mutex
	moved, conflicts := 0, 0
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.ChangeSuggestion(ctx, sg.ID, store.Change{Kind: store.StatusResolved, Text: "已修好", By: admin.ID, From: store.OpenStatuses})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				moved++
			case errors.Is(err, store.ErrConflict):
				conflicts++
			default:
				t.Errorf("resolve: %v", err)
			}
		}()
	}
	wg.Wait()
	if moved != 1 || conflicts != 9 {
		t.Fatalf("moved %d, conflicts %d; want 1 and 9", moved, conflicts)
	}
	got, _ := s.SuggestionByID(ctx, sg.ID)
	if got.Status != store.StatusResolved || got.ClosedAt == nil || got.AnsweredAt == nil || len(got.Notes) != 1 {
		t.Errorf("after resolve: %+v", got)
	}
	if got.Notes[0].By == nil || got.Notes[0].By.Name != "社区小王" {
		t.Errorf("note should name who acted: %+v", got.Notes[0])
	}
	if _, err := s.ChangeSuggestion(ctx, sg.ID, store.Change{Kind: store.NoteReply, Text: "补充说明", By: admin.ID}); err != nil {
		t.Errorf("reply to a closed ticket: %v", err)
	}
	if _, err := s.ChangeSuggestion(ctx, 999, store.Change{Kind: store.NoteReply, Text: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing ticket: err = %v, want ErrNotFound", err)
	}
	if got, err := s.ChangeSuggestion(ctx, sg.ID, store.Change{Kind: store.NoteCategory, Text: "安全", By: admin.ID}); err != nil || got.Category != "安全" {
		t.Errorf("categorize: %v, %v", got.Category, err)
	}
}

func TestSuggestionsFilter(t *testing.T) {
	ctx := context.Background()
	s := sqldbtest.MustOpen(t)
	now := fixedClock(s, time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC))
	r, _ := s.TouchResident(ctx, "console", "张阿姨", "张阿姨")
	by := store.Author{ResidentID: r.ID}
	a, _ := s.FileSuggestion(ctx, store.Suggestion{Text: "a", Category: "停车", Building: "8号楼"}, by, 0)
	*now = now.Add(48 * time.Hour)
	b, _ := s.FileSuggestion(ctx, store.Suggestion{Text: "b", Category: "设施", Building: "1号楼"}, by, 0)
	s.ChangeSuggestion(ctx, b.ID, store.Change{Kind: store.StatusDeclined, Text: "不归社区管", From: store.OpenStatuses})

	for _, c := range []struct {
		name string
		f    store.SuggestionFilter
		want []uint
	}{
		{"open", store.SuggestionFilter{Statuses: store.OpenStatuses}, []uint{a.ID}},
		{"category", store.SuggestionFilter{Category: "设施"}, []uint{b.ID}},
		{"building", store.SuggestionFilter{Buildings: []string{"8号楼", "3号楼"}}, []uint{a.ID}},
		{"newest first", store.SuggestionFilter{NewestFirst: true}, []uint{b.ID, a.ID}},
		{"dates", store.SuggestionFilter{From: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)}, []uint{b.ID}},
		{"until", store.SuggestionFilter{To: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)}, []uint{a.ID}},
	} {
		got, err := s.Suggestions(ctx, c.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []uint
		for _, g := range got {
			ids = append(ids, g.ID)
		}
		if len(ids) != len(c.want) || (len(ids) > 0 && ids[0] != c.want[0]) || (len(ids) > 1 && ids[1] != c.want[1]) {
			t.Errorf("%s: got %v, want %v", c.name, ids, c.want)
		}
	}
}

// TestAnonymousTicketsCannotBeDatedByTheirNeighbours: an anonymous ticket
// numbered between two named ones, whose exact times are kept, is dated to
// the minute by them (and so to whoever was active in that minute). It is
// numbered in its own series and dated to its day only.
func TestAnonymousTicketsCannotBeDatedByTheirNeighbours(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		now := fixedClock(s, time.Date(2026, 11, 24, 8, 47, 13, 0, time.UTC))
		r, _ := s.TouchResident(ctx, "console", "赵大爷", "赵大爷")
		by := store.Author{ResidentID: r.ID, Hash: "h-zhao"}
		var got []store.Suggestion
		for i, anon := range []bool{false, true, false, true, false} {
			*now = now.Add(time.Duration(i) * time.Minute)
			sg, err := s.FileSuggestion(ctx, store.Suggestion{Text: "x", Category: "其他", Anonymous: anon}, by, 0)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, sg)
		}
		named := []uint{got[0].ID, got[2].ID, got[4].ID}
		if named[0] != 1 || named[1] != 2 || named[2] != 3 {
			t.Errorf("named tickets numbered %v; want S1, S2, S3 as before", named)
		}
		for _, sg := range []store.Suggestion{got[1], got[3]} {
			if sg.ID <= sqldb.AnonymousNumbers {
				t.Errorf("anonymous ticket numbered S%d among the named ones (S1 S2 S3); want it in its own series", sg.ID)
			}
			kept, _ := s.SuggestionByID(ctx, sg.ID)
			if want := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC); !kept.CreatedAt.Equal(want) {
				t.Errorf("anonymous S%d dated %v; want its day only, %v", sg.ID, kept.CreatedAt, want)
			}
		}
		if got[3].ID != got[1].ID+1 {
			t.Errorf("anonymous tickets numbered S%d then S%d; want one after the other", got[1].ID, got[3].ID)
		}
	})
}

// TestTicketNumbersHoldUnderConcurrency: tickets filed at once each get a
// number of their series, none twice, none refused, on both databases
// (PostgreSQL lets two transactions read the same last number).
func TestTicketNumbersHoldUnderConcurrency(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		fixedClock(s, time.Date(2026, 11, 24, 8, 30, 0, 0, time.UTC))
		var ids []uint
		for i := range 16 {
			r, err := s.TouchResident(ctx, "console", fmt.Sprint("居民", i), fmt.Sprint("居民", i))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		seen := map[uint]bool{}
		for i := range 16 {
			wg.Go(func() {
				by := store.Author{ResidentID: ids[i], Hash: fmt.Sprint("h", i)}
				sg, err := s.FileSuggestion(ctx, store.Suggestion{Text: "x", Category: "其他", Anonymous: i%2 == 0}, by, 0)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					t.Errorf("file: %v", err)
					return
				}
				if seen[sg.ID] || (sg.Anonymous != (sg.ID > sqldb.AnonymousNumbers)) {
					t.Errorf("ticket S%d (anonymous %v) given twice or in the wrong series", sg.ID, sg.Anonymous)
				}
				seen[sg.ID] = true
			})
		}
		wg.Wait()
		for id := uint(1); id <= 8; id++ {
			if !seen[id] || !seen[sqldb.AnonymousNumbers+id] {
				t.Errorf("numbers S%d and S%d should both be given: %v", id, sqldb.AnonymousNumbers+id, seen)
			}
		}
	})
}

// A reply takes a new ticket up (待受理 → 已受理) and leaves one in hand
// as it is.
func TestReplyTakesATicketUp(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		r, _ := s.TouchResident(ctx, "console", "张阿姨", "张阿姨")
		by := store.Author{ResidentID: r.ID, Hash: "h-reply"}
		fresh, _ := s.FileSuggestion(ctx, store.Suggestion{Text: "楼道灯坏了", Category: "设施"}, by, 5)
		busy, _ := s.FileSuggestion(ctx, store.Suggestion{Text: "井盖松了", Category: "设施"}, by, 5)
		if _, err := s.ChangeSuggestion(ctx, busy.ID, store.Change{Kind: store.StatusInProgress, From: store.OpenStatuses}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []uint{fresh.ID, busy.ID} {
			if _, err := s.ChangeSuggestion(ctx, id, store.Change{Kind: store.NoteReply, Text: "已联系物业"}); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := s.SuggestionByID(ctx, fresh.ID); got.Status != store.StatusAccepted {
			t.Errorf("a replied new ticket is %q, want %q", got.Status, store.StatusAccepted)
		}
		if got, _ := s.SuggestionByID(ctx, busy.ID); got.Status != store.StatusInProgress {
			t.Errorf("a replied ticket in hand is %q, want it left %q", got.Status, store.StatusInProgress)
		}
	})
}
