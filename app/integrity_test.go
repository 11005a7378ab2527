package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"linli/bot"
	"linli/bot/bottest"
	"linli/config"
	"linli/store/sqldb/sqldbtest"
)

// damagedApp starts the app on a real database file, stops it, writes
// garbage over the first page of table, and starts it again; it returns the
// second app and what it logged.
func damagedApp(t *testing.T, table string) (*app, *bottest.Buffer) {
	t.Helper()
	cfg := fakesOnly(demoConfig())
	cfg.Database.DSN = filepath.Join(t.TempDir(), "linli.db")
	cfg.Admins = []string{"telegram:42"}
	open := func(cfg config.Config, logs *bottest.Buffer) *app {
		t.Helper()
		p := &scriptedPlatform{done: make(chan struct{})}
		a, err := New(context.Background(), cfg, Options{Platforms: []bot.Platform{p},
			Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
		if err != nil {
			t.Fatalf("New on a damaged %s: %v\n%s", table, err, logs)
		}
		return a
	}
	first := open(cfg, &bottest.Buffer{})
	if h := first.health(context.Background()); !h.OK || first.damaged != "" {
		t.Fatalf("a whole database: health %+v, damaged %q", h, first.damaged)
	}
	first.close()
	sqldbtest.Corrupt(t, cfg.Database.DSN, table)
	logs := &bottest.Buffer{}
	a := open(cfg, logs)
	t.Cleanup(func() { a.close() })
	return a, logs
}

// healthz GETs /healthz from the app's handler.
func healthz(t *testing.T, a *app) (int, health) {
	t.Helper()
	srv := httptest.NewServer(a.metricsHandler())
	defer srv.Close()
	code, body := get(t, srv.URL+"/healthz")
	var h health
	if err := json.Unmarshal([]byte(body), &h); err != nil {
		t.Fatal(err, body)
	}
	return code, h
}

// TestDamagedDatabaseFailsHealthAndTellsAdminsOnce: a page of the database
// file overwritten with garbage is found by PRAGMA quick_check at start;
// the log says so at Error, /healthz fails naming it, and the admin gets
// one private message (queued in the outbox, which is whole here).
func TestDamagedDatabaseFailsHealthAndTellsAdminsOnce(t *testing.T) {
	a, logs := damagedApp(t, "suggestions")
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "DATABASE DAMAGED") {
		t.Errorf("the log does not say the database is damaged at Error:\n%s", logs)
	}
	for range 3 {
		code, h := healthz(t, a)
		if code != http.StatusServiceUnavailable || h.OK || !strings.Contains(h.Database, "damaged") ||
			!strings.Contains(h.Database, "quick_check") {
			t.Fatalf("/healthz on a damaged database: %d %+v", code, h)
		}
	}
	queued, err := a.store.OutboxHeads(context.Background(), bot.Telegram)
	if err != nil {
		t.Fatal(err)
	}
	var alerts int
	for _, m := range queued {
		if m.ChatID == "42" && strings.Contains(m.Text, "数据库文件损坏") && strings.Contains(m.Text, "linli restore") {
			alerts++
		}
	}
	if alerts != 1 {
		t.Errorf("the admin was told %d times, want once: %+v", alerts, queued)
	}
}

// TestDamagedOutboxStillFailsHealth: when the damage is in the outbox, the
// admins cannot be told through it; the Error line and /healthz still say so.
func TestDamagedOutboxStillFailsHealth(t *testing.T) {
	a, logs := damagedApp(t, "outbox_messages")
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "DATABASE DAMAGED") {
		t.Errorf("the log does not say the database is damaged at Error:\n%s", logs)
	}
	if code, h := healthz(t, a); code != http.StatusServiceUnavailable || h.OK || !strings.Contains(h.Database, "damaged") {
		t.Errorf("/healthz on a damaged outbox: %d %+v", code, h)
	}
}
