package sqldb_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// TestOutboxKeepsAFileUntilSentThenDropsIt: a spreadsheet asked for in the
// chat waits in the outbox with its bytes (queued alone or with the
// command's handled record), and once sent or given up on its bytes are
// gone: the row kept to answer "was it sent?" holds no resident's records.
func TestOutboxKeepsAFileUntilSentThenDropsIt(t *testing.T) {
	sqldbtest.ForEachDB(t, func(t *testing.T, s *sqldb.Store) {
		ctx := context.Background()
		now := time.Now()
		data := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0, 0xff, 'x'}, 300_000)...) // binary, ~1 MB
		file := func(chat string) *store.OutboxMessage {
			return &store.OutboxMessage{Platform: "telegram", ChatID: chat, Text: "订餐表", FileName: "订餐-2026-11.xlsx", FileData: data, NextAt: now}
		}
		if err := s.Enqueue(ctx, file("1")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ClaimHandling(ctx, "telegram", "m1", "me", now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishHandlingWith(ctx, "telegram", "m1", "me", now.Add(-time.Hour), []store.OutboxMessage{*file("2")}); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, chat := range []string{"1", "2"} {
			m, ok, err := s.OutboxHead(ctx, "telegram", chat)
			if err != nil || !ok {
				t.Fatalf("chat %s: head %v, %v", chat, ok, err)
			}
			if m.FileName != "订餐-2026-11.xlsx" || !bytes.Equal(m.FileData, data) {
				t.Errorf("chat %s: file %q of %d bytes, want the %d bytes queued", chat, m.FileName, len(m.FileData), len(data))
			}
			ids = append(ids, m.ID)
		}
		if err := s.OutboxSent(ctx, ids[0], now); err != nil {
			t.Fatal(err)
		}
		if err := s.OutboxFail(ctx, ids[1], "blocked"); err != nil {
			t.Fatal(err)
		}
		for _, status := range []string{store.OutboxSent, store.OutboxFailed} {
			ms, err := s.OutboxByStatus(ctx, "telegram", status)
			if err != nil || len(ms) != 1 {
				t.Fatalf("%s: %d messages, %v", status, len(ms), err)
			}
			if len(ms[0].FileData) != 0 || ms[0].FileName == "" {
				t.Errorf("%s message keeps %d bytes of its file (name %q), want none and the name", status, len(ms[0].FileData), ms[0].FileName)
			}
		}
	})
}
