package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/creack/pty"

	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// `linli version` (and --version) prints the module version and the Go
// release of this very binary, and succeeds.
func TestVersionCommand(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		var out bytes.Buffer
		if err := run(context.Background(), []string{arg}, nil, &out, &out); err != nil {
			t.Fatalf("linli %s: %v", arg, err)
		}
		got := strings.TrimSpace(out.String())
		if !strings.HasPrefix(got, "linli ") || !strings.HasSuffix(got, runtime.Version()) || strings.Contains(got, "\n") {
			t.Errorf("linli %s printed %q, want one line: linli VERSION … %s", arg, got, runtime.Version())
		}
	}
}

// An xlsx file is binary: written to a terminal it would garble the
// screen, so `export --format xlsx` without --out refuses one (a usage
// mistake, exit 2) and writes nothing there; to a pipe or a file it writes
// the workbook.
func TestExportXLSXRefusesATerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "linli.db")
	sqldbtest.MustOpenDSN(t, "sqlite", db).Close()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	defer tty.Close()
	err = run(context.Background(), []string{"export", "meals", "--db", db, "--format", "xlsx"}, nil, tty, tty)
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "--out FILE") {
		t.Errorf("xlsx to a terminal: %v, want a usage error asking for --out", err)
	}

	var piped bytes.Buffer
	if err := run(context.Background(), []string{"export", "meals", "--db", db, "--format", "xlsx"}, nil, &piped, &piped); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(piped.Bytes(), []byte("PK")) {
		t.Errorf("xlsx to a pipe is not a workbook: %q", piped.Bytes()[:min(piped.Len(), 20)])
	}
}

// `linli export` beside an older bot's database does not migrate it: it
// refuses, saying to run the new linli first, and the file keeps every
// byte.
func TestExportLeavesAnOlderDatabaseAlone(t *testing.T) {
	db := filepath.Join(t.TempDir(), "linli.db")
	sqldbtest.MustOpenDSN(t, "sqlite", db).Close()
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("DELETE FROM schema_versions WHERE version = ?", sqldb.KnownSchema()); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	sum := func() [32]byte {
		data, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(data)
	}
	was := sum()
	var out bytes.Buffer
	err = run(context.Background(), []string{"export", "meals", "--db", db}, nil, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "older than this linli") {
		t.Errorf("export of an older database: %v, want it refused as older", err)
	}
	if sum() != was {
		t.Error("export changed an older database")
	}
}
