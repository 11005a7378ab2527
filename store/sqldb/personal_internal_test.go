package sqldb

import (
	"context"
	"fmt"
	"testing"
	"time"

	"linli/store"
)

var erasedAt = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// TestEraseLeavesTheNameNowhere: 注销 says the name is deleted, so after it
// the name is in no column of any table — not beside a fund, a vote, a
// notice asking for 收到, nor in the office's log, each of which wrote the
// name down as it was then. The rows themselves stay. The one exception is
// a fund's ledger, a book of account no one may change: its line keeps the
// name, is read as erased, and the person is told how many lines there are.
func TestEraseLeavesTheNameNowhere(t *testing.T) {
	s := openUnitStore(t)
	ctx := context.Background()
	const name, account = "欧阳翠花", "oy-4242"
	me, err := s.TouchResident(ctx, "telegram", account, name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.CreateFund(ctx, store.Fund{Title: "楼道灯", Building: "8号楼", AuthorID: me.ID, AuthorName: name})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFundEntry(ctx, store.FundEntry{FundID: f.ID, Kind: store.FundReceived, Fen: 5000, Place: "302", ByID: me.ID, ByName: name, At: erasedAt}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateVote(ctx, store.Vote{Title: "装不装电梯", Options: []string{"装", "不装"}, Buildings: []string{"8号楼"},
		Deadline: erasedAt.Add(72 * time.Hour), AuthorID: me.ID, AuthorName: name}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AskReceipts(ctx, store.Ask{Text: "明天停水", Buildings: []string{"8号楼"}, AuthorID: me.ID, AuthorName: name}); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, store.AuditEntry{At: erasedAt, ResidentID: me.ID, Who: name, Action: "发起投票", Via: "telegram", From: "telegram:" + account}); err != nil {
		t.Fatal(err)
	}
	ledger, err := s.Erase(ctx, me.ID, erasedAt)
	if err != nil || ledger != 1 {
		t.Fatalf("erase: %d ledger lines, %v; want the one line they recorded", ledger, err)
	}
	for _, where := range textContaining(t, s, name, account) {
		if where != "fund_entries.by_name" { // the book of account, never changed
			t.Errorf("after 注销 the name or account is still in %s", where)
		}
	}
	if es, _ := s.FundEntries(ctx, f.ID); len(es) != 1 || es[0].Fen != 5000 || es[0].ByName != ErasedName {
		t.Errorf("the fund's ledger after 注销: %+v; want its line kept, by %s", es, ErasedName)
	}
}

// textContaining lists the table.column places of a SQLite store where any
// of words is found in a text column.
func textContaining(t *testing.T, s *Store, words ...string) []string {
	t.Helper()
	var tables []string
	if err := s.db.Raw("SELECT name FROM sqlite_master WHERE type = 'table'").Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, table := range tables {
		var cols []struct{ Name, Type string }
		if err := s.db.Raw("SELECT name, type FROM pragma_table_info(?)", table).Scan(&cols).Error; err != nil {
			t.Fatal(err)
		}
		for _, c := range cols {
			if c.Type != "text" && c.Type != "TEXT" {
				continue
			}
			for _, w := range words {
				var n int64
				q := fmt.Sprintf("SELECT COUNT(*) FROM %q WHERE %q LIKE ?", table, c.Name)
				if err := s.db.Raw(q, "%"+w+"%").Scan(&n).Error; err != nil {
					t.Fatal(err)
				}
				if n > 0 {
					found = append(found, table+"."+c.Name)
				}
			}
		}
	}
	return found
}
