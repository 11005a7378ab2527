package sqldb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"linli/store"
)

// No commit checkpoints the WAL (each connection has SQLite's automatic
// checkpoint off), and Checkpoint copies all of it when nobody reads an
// older snapshot.
func TestCheckpointsAreLeftToTheCheckpointer(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "sqlite", filepath.Join(t.TempDir(), "linli.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Every connection of the pool: hold them all at once.
	conns := make([]interface{ Close() error }, 0, 4)
	for i := range 4 {
		c, err := s.compiled.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var every int
		if err := c.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&every); err != nil || every != 0 {
			t.Errorf("connection %d checkpoints every %d pages (%v), want never", i, every, err)
		}
	}
	for _, c := range conns {
		c.Close()
	}
	for i := range 300 {
		m := store.OutboxMessage{Platform: "telegram", ChatID: fmt.Sprint(i % 7), Text: fmt.Sprint("第", i, "条")}
		if err := s.Enqueue(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	frames, copied, err := s.Checkpoint(ctx)
	if err != nil || copied != frames {
		t.Errorf("checkpoint copied %d of %d frames (%v)", copied, frames, err)
	}
	if n, err := s.OutboxUnsent(ctx, "telegram"); err != nil || n != 300 {
		t.Errorf("%d messages (%v), want 300", n, err)
	}
}

// Under steady writes with readers always about, the WAL stays small: a
// passive checkpoint copies it but never starts it over, so it grew
// without end (1.1 GB in the load run); past a bound, the checkpointer
// truncates it.
func TestWALStaysSmallUnderSteadyLoad(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "linli.db")
	s, err := Open(ctx, "sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.walResetFrames = 200
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.OutboxUnsent(ctx, "telegram"); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	most, interval := int64(0), int64(0)
	for i := range 3000 {
		m := store.OutboxMessage{Platform: "telegram", ChatID: fmt.Sprint(i % 50), Text: strings.Repeat("消息", 200)}
		if err := s.Enqueue(ctx, &m); err != nil {
			t.Fatal(err)
		}
		if i == 99 {
			if fi, err := os.Stat(path + "-wal"); err == nil {
				interval = fi.Size() // what 100 writes add between two checkpoints
			}
		}
		if i%100 == 99 {
			if _, _, err := s.Checkpoint(ctx); err != nil {
				t.Fatal(err)
			}
			if fi, err := os.Stat(path + "-wal"); err == nil {
				most = max(most, fi.Size())
			}
		}
	}
	close(stop)
	readers.Wait()
	fi, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("WAL after 3,000 writes under readers: %d KB, at most %d KB", fi.Size()/1024, most/1024)
	// A reset can lose to a reader (it waits for them resetWait at most):
	// the WAL may then hold the reset bound and two intervals' writes
	// before the next one succeeds. Never reset, it reached 30-36 MB.
	// (The bound was twice the reset bound, 1.6 MB, less than two
	// intervals of these writes, 2.4 MB: one lost reset failed it.)
	if bound := int64(200*4200) + 2*interval; most > bound {
		t.Errorf("the WAL reached %d KB, want at most %d KB (the reset bound and two checkpoints' writes)", most/1024, bound/1024)
	}
}
