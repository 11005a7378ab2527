package app

import (
	"context"
	"path/filepath"
	"testing"

	"linli/internal/httpserver/httpservertest"
)

// TestMetricsServerLimits: the health and metrics server cuts off a client
// that sends headers a byte at a time, never finishes its body, idles on a
// kept-alive connection or sends headers beyond the cap; the limits New
// gives it are all set.
func TestMetricsServerLimits(t *testing.T) {
	cfg := demoConfig()
	cfg.Database.DSN = filepath.Join(t.TempDir(), "m.db")
	cfg.Metrics.Addr = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := New(ctx, fakesOnly(cfg), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	httpservertest.Set(t, "health and metrics", a.httpLimits.Server(nil))
	a.httpLimits = httpservertest.Short()
	addr, err := a.listenMetrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	httpservertest.Check(t, httpservertest.Probe{Addr: addr.String(), Method: "GET", Path: "/healthz"}, a.httpLimits)
}
