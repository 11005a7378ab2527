package sqldb

import (
	"context"
	"fmt"
	"path/filepath"
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
