package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"linli/store/sqldb/sqldbtest"
)

// updateSchemaEnv, set to 1, rewrites the golden schemas from what the
// migrations make now: only when a new migration step changes the schema
// on purpose, never to make this test pass after a refactoring.
const updateSchemaEnv = "LINLI_UPDATE_SCHEMA"

// TestSchemaMatchesGolden checks that the migrations make exactly the
// schema recorded in testdata (tables and their columns' order, types,
// NOT NULL and defaults, indexes, keys and foreign keys with their ON
// DELETE): the golden files were written before the gorm mapping moved out
// of the store package's records, so the move provably changed no table.
func TestSchemaMatchesGolden(t *testing.T) {
	sqldbtest.ForEachDSN(t, func(t *testing.T, driver, dsn string) {
		s := sqldbtest.MustOpenDSN(t, driver, dsn)
		s.Close()
		compareSchema(t, driver, dsn)
	})
}

// TestMigrationsReplayOnAnExistingSchema forgets every applied step and
// reopens, so each step's AutoMigrate runs over tables that already exist,
// as an upgrade of an existing community's database does: the mapping must
// find nothing to alter, and the schema stays the golden one.
func TestMigrationsReplayOnAnExistingSchema(t *testing.T) {
	sqldbtest.ForEachDSN(t, func(t *testing.T, driver, dsn string) {
		sqldbtest.MustOpenDSN(t, driver, dsn).Close()
		db := rawDB(t, driver, dsn)
		if _, err := db.Exec("DELETE FROM schema_versions"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		s := sqldbtest.MustOpenDSN(t, driver, dsn)
		if v, err := s.SchemaVersion(context.Background()); err != nil || v < 70 {
			t.Fatalf("schema version after replay: %d, %v", v, err)
		}
		s.Close()
		compareSchema(t, driver, dsn)
	})
}

// compareSchema compares the database's schema with the driver's golden
// file, or rewrites the file when updateSchemaEnv is set.
func compareSchema(t *testing.T, driver, dsn string) {
	t.Helper()
	db := rawDB(t, driver, dsn)
	defer db.Close()
	got := dumpSchema(t, driver, db)
	golden := filepath.Join("testdata", "schema."+driver+".golden")
	if os.Getenv(updateSchemaEnv) == "1" {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("schema differs from %s:\n%s", golden, lineDiff(string(want), got))
	}
}

// rawDB opens the store's database with database/sql, beside gorm, to read
// the catalogue as the server has it.
func rawDB(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	name := map[string]string{"sqlite": "sqlite3", "postgres": "pgx"}[driver]
	db, err := sql.Open(name, dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// dumpSchema lists the schema one line per object, in a stable order.
func dumpSchema(t *testing.T, driver string, db *sql.DB) string {
	t.Helper()
	queries := []string{
		`SELECT type, name, tbl_name, sql FROM sqlite_master
		 WHERE name NOT LIKE 'sqlite_%' ORDER BY type, tbl_name, name`,
	}
	if driver == "postgres" {
		queries = []string{
			`SELECT table_name, ordinal_position, column_name, data_type,
			        COALESCE(character_maximum_length, 0), is_nullable, COALESCE(column_default, '')
			 FROM information_schema.columns WHERE table_schema = current_schema()
			 ORDER BY table_name, ordinal_position`,
			`SELECT tablename, indexname, replace(indexdef, current_schema() || '.', '')
			 FROM pg_indexes WHERE schemaname = current_schema() ORDER BY tablename, indexname`,
			`SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
			 FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
			 ORDER BY 1, 2`,
		}
	}
	var b strings.Builder
	for _, q := range queries {
		dumpRows(t, db, q, &b)
	}
	return b.String()
}

// dumpRows writes each row of q as one tab-separated line.
func dumpRows(t *testing.T, db *sql.DB, q string, b *strings.Builder) {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if i > 0 {
				b.WriteByte('\t')
			}
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			if s, ok := v.(string); ok {
				v = sortConstraints(s)
			}
			fmt.Fprint(b, v)
		}
		b.WriteByte('\n')
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// sortConstraints puts the CONSTRAINT clauses of a CREATE TABLE in name
// order: gorm writes a table's foreign keys in map order, which differs
// from run to run and means nothing; the columns keep their order.
func sortConstraints(s string) string {
	open, end := strings.Index(s, "("), strings.LastIndex(s, ")")
	if !strings.HasPrefix(s, "CREATE TABLE") || open < 0 || end < open {
		return s
	}
	parts := strings.Split(s[open+1:end], ",CONSTRAINT ")
	slices.Sort(parts[1:])
	return s[:open+1] + strings.Join(parts, ",CONSTRAINT ") + s[end:]
}

// lineDiff shows the lines only one side has.
func lineDiff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}
