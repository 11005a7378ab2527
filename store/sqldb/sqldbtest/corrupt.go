package sqldbtest

import (
	"bytes"
	"database/sql"
	"os"
	"testing"

	_ "github.com/mattn/go-sqlite3" // database/sql driver "sqlite3", to read the file's layout
)

// Corrupt damages the closed SQLite database at path as a disk fault
// would: it writes garbage over the first page of table's b-tree, leaving
// the schema page and every other table whole, so the file still opens.
// The write-ahead log is folded into the file first, so the garbage is
// what SQLite reads.
func Corrupt(tb testing.TB, path, table string) {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		tb.Fatal(err)
	}
	var root, pageSize int64
	_, err = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	if err == nil {
		err = db.QueryRow("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&root)
	}
	if err == nil {
		err = db.QueryRow("PRAGMA page_size").Scan(&pageSize)
	}
	db.Close()
	if err != nil {
		tb.Fatalf("corrupt %s: %v", table, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	garbage := bytes.Repeat([]byte("garbage!"), int(pageSize)/8)
	if _, err := f.WriteAt(garbage, (root-1)*pageSize); err != nil {
		tb.Fatal(err)
	}
}
