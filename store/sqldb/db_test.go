package sqldb_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", to make and drop test schemas

	"linli/store/sqldb"
)

// postgresEnv names a PostgreSQL server for the store tests: a DSN such as
// postgres://linli@127.0.0.1:5432/linli?sslmode=disable. .ci/run sets it.
const postgresEnv = "LINLI_TEST_POSTGRES"

// forEachDB runs body once on a fresh SQLite file and, when postgresEnv is
// set, once more on a fresh schema of that PostgreSQL server, as subtests
// named sqlite and postgres. Without a server the postgres subtest skips
// locally and fails on CI (CI=true), where the servers must be there.
func forEachDB(t *testing.T, body func(t *testing.T, s *sqldb.Store)) {
	t.Helper()
	forEachDSN(t, func(t *testing.T, driver, dsn string) {
		body(t, mustOpenDSN(t, driver, dsn))
	})
}

// forEachDSN is forEachDB for tests that open (and reopen) the store
// themselves: it gives each subtest a fresh, empty database.
func forEachDSN(t *testing.T, body func(t *testing.T, driver, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { body(t, "sqlite", filepath.Join(t.TempDir(), "linli.db")) })
	t.Run("postgres", func(t *testing.T) { body(t, "postgres", freshPostgres(t)) })
}

// mustOpen opens a real SQLite database of the test's own. Tests that must
// hold on PostgreSQL too use forEachDB instead.
func mustOpen(tb testing.TB) *sqldb.Store {
	tb.Helper()
	return mustOpenDSN(tb, "sqlite", filepath.Join(tb.TempDir(), "linli.db"))
}

func mustOpenDSN(tb testing.TB, driver, dsn string) *sqldb.Store {
	tb.Helper()
	s, err := sqldb.Open(context.Background(), driver, dsn)
	if err != nil {
		tb.Fatalf("open %s: %v", driver, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// freshPostgres makes a schema of the test's own on the server named by
// postgresEnv, dropped when the test ends, and returns a DSN that uses it.
func freshPostgres(tb testing.TB) string {
	tb.Helper()
	dsn := postgresDSN(tb)
	schema := "linli_test_" + randomHex(tb)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		tb.Fatalf("postgres at %s: create schema: %v", postgresEnv, err)
	}
	// Registered first, so it runs after the stores' own Close.
	tb.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("postgres: drop schema %s: %v", schema, err)
		}
	})
	return withSearchPath(tb, dsn, schema)
}

// postgresDSN is the server to test against, or the reason there is none.
func postgresDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn != "" {
		return dsn
	}
	const how = postgresEnv + " is not set: to run the PostgreSQL variants give it a DSN, e.g. " +
		postgresEnv + "='postgres://linli@127.0.0.1:5432/linli?sslmode=disable' go test ./store (.ci/run starts a server and sets it)"
	if os.Getenv("CI") == "true" {
		tb.Fatal("CI must run the PostgreSQL tests: " + how)
	}
	tb.Skip(how)
	return ""
}

// withSearchPath points a DSN (URL or key=value form) at one schema.
func withSearchPath(tb testing.TB, dsn, schema string) string {
	tb.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			tb.Fatalf("%s: %v", postgresEnv, err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " search_path=" + schema
}

func randomHex(tb testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		tb.Fatal(err)
	}
	return hex.EncodeToString(b)
}
