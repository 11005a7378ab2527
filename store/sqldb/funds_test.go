package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb/sqldbtest"
)

// TestFundEntriesStandAsWritten: the database itself refuses to change or
// remove a ledger entry, on SQLite and PostgreSQL: a correction is a new
// entry. Twenty spendings at once against the balance: only what the fund
// holds is spent.
func TestFundEntriesStandAsWritten(t *testing.T) {
	sqldbtest.ForEachDSN(t, func(t *testing.T, driver, dsn string) {
		s := sqldbtest.MustOpenDSN(t, driver, dsn)
		ctx := context.Background()
		at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
		f, err := s.CreateFund(ctx, store.Fund{Title: "楼道绿植", Building: "8号楼", TargetFen: 60000, AuthorName: "王阿姨"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddFundEntry(ctx, store.FundEntry{FundID: f.ID, Kind: store.FundReceived, Fen: 100000, Place: "8号楼301", ByName: "王阿姨", At: at}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		spent, refused := 0, 0
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.AddFundEntry(ctx, store.FundEntry{FundID: f.ID, Kind: store.FundSpent, Fen: 10000, Note: "买绿植", ByName: "王阿姨", At: at})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					spent++
				case errors.Is(err, store.ErrFull):
					refused++
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if spent != 10 || refused != 10 {
			t.Errorf("%d spent and %d refused of 20 × 100元 from 1000元", spent, refused)
		}
		rawDriver := map[string]string{"sqlite": "sqlite3", "postgres": "pgx"}[driver]
		raw, err := sql.Open(rawDriver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		for _, q := range []string{"UPDATE fund_entries SET fen = 1", "DELETE FROM fund_entries"} {
			if _, err := raw.ExecContext(ctx, q); err == nil {
				t.Errorf("%s: the database let an entry change", q)
			}
		}
		es, err := s.FundEntries(ctx, f.ID)
		if err != nil || len(es) != 11 || es[0].Fen != 100000 {
			t.Errorf("entries after the attempts: %d %v", len(es), err)
		}
	})
}
