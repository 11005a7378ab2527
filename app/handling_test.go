package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/bot"
	"linli/store/sqldb"
)

// A process serving alone claims messages in memory and writes only the
// finished record: the same message arriving many times at once is handled
// once; once finished, a redelivery (after a restart too) is dropped; one a
// crashed predecessor claimed but never finished is handled.
func TestHandlingAloneClaimsInMemory(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "linli.db")
	st, err := sqldb.Open(ctx, "sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	newDedup := func() *handlingDedup {
		d := newHandlingDedup(st, 0, slog.New(slog.DiscardHandler))
		if err := d.startAlone(ctx); err != nil {
			t.Fatal(err)
		}
		return d
	}
	d := newDedup()
	var handled atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			first, err := d.FirstHandling(ctx, "telegram", "42")
			if err != nil {
				t.Error(err)
				return
			}
			if first {
				handled.Add(1)
				time.Sleep(time.Millisecond) // the others arrive while it is handled
				d.Finish(ctx, "telegram", "42", nil)
			}
		})
	}
	wg.Wait()
	if n := handled.Load(); n != 1 {
		t.Fatalf("a message arriving 16 times at once was handled %d times", n)
	}
	if first, err := newDedup().FirstHandling(ctx, "telegram", "42"); err != nil || first {
		t.Errorf("after a restart, a finished message: first = %v, %v", first, err)
	}
	// A predecessor claimed 43 in the database and died.
	if got, err := st.ClaimHandling(ctx, "telegram", "43", "dead", time.Now()); err != nil || got != sqldb.HandlingClaimed {
		t.Fatal(got, err)
	}
	d2 := newDedup()
	if first, err := d2.FirstHandling(ctx, "telegram", "43"); err != nil || !first {
		t.Fatalf("a message whose handler died: first = %v, %v; want handled again", first, err)
	}
	d2.Finish(ctx, "telegram", "43", []bot.Held{{Chat: bot.Chat{Platform: "telegram", ID: "-1", Group: true}, Reply: bot.Reply{Text: "好的"}}})
	if first, err := newDedup().FirstHandling(ctx, "telegram", "43"); err != nil || first {
		t.Errorf("taken over and finished, then after a restart: first = %v, %v; want dropped", first, err)
	}
	if n, _ := st.OutboxUnsent(ctx, "telegram"); n != 1 {
		t.Errorf("the reply held for it: %d stored, want 1", n)
	}
}

// A process alone remembers the latest finished messages, at most
// recentDone, the newest kept.
func TestRecentSetKeepsTheNewest(t *testing.T) {
	r := newRecentSet(3)
	for _, k := range []string{"a", "b", "c", "b", "d"} {
		r.add(k)
	}
	for k, want := range map[string]bool{"a": false, "b": true, "c": true, "d": true, "e": false} {
		if r.has(k) != want {
			t.Errorf("has(%q) = %v, want %v", k, !want, want)
		}
	}
}
