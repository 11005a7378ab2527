package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"linli/bot"
	"linli/internal/httpserver"
)

// counted is a platform whose sends are counted; it keeps the platform's
// pacing, which the outbox reads through bot.Paced.
type counted struct {
	bot.Platform
	m *metrics
}

func (c counted) Send(ctx context.Context, chat bot.Chat, r bot.Reply) error {
	err := c.Platform.Send(ctx, chat, r)
	c.m.sent(c.Name(), err)
	return err
}

// Pacing is the platform's own, or none.
func (c counted) Pacing() bot.Pacing {
	if p, ok := c.Platform.(bot.Paced); ok {
		return p.Pacing()
	}
	return bot.Pacing{}
}

// health is what GET /healthz answers, as JSON.
type health struct {
	OK        bool                    `json:"ok"`
	Database  string                  `json:"database"`
	Platforms map[string]string       `json:"platforms"`
	Outbox    map[string]outboxHealth `json:"outbox"`
}

type outboxHealth struct {
	Unsent        int     `json:"unsent"`
	OldestSeconds float64 `json:"oldest_seconds"`
}

// metricsHandler serves /healthz and /metrics.
func (a *app) metricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		backlog, err := a.store.OutboxBacklog(r.Context())
		if err != nil {
			http.Error(w, "outbox: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		promhttp.HandlerFor(a.metrics.gatherer(backlog, time.Now()), promhttp.HandlerOpts{
			ErrorLog:      slog.NewLogLogger(a.log.Handler(), slog.LevelError),
			ErrorHandling: promhttp.HTTPErrorOnError,
		}).ServeHTTP(w, r)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		h := a.health(r.Context())
		w.Header().Set("Content-Type", "application/json")
		if !h.OK {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		json.NewEncoder(w).Encode(h)
	})
	return mux
}

// health checks the database answers within two seconds and passed
// PRAGMA quick_check at start, every platform is receiving (or on standby
// while another replica serves it; the console may have come to the end of
// its input), and reports the outbox.
func (a *app) health(ctx context.Context) health {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	h := health{OK: true, Database: "ok", Platforms: map[string]string{}, Outbox: map[string]outboxHealth{}}
	if err := a.store.Ping(ctx); err != nil {
		h.OK, h.Database = false, err.Error()
	}
	for p, st := range a.metrics.platforms() {
		switch st {
		case sessionServing:
			h.Platforms[p] = "receiving"
		case sessionStandby:
			h.Platforms[p] = "standby" // healthy: another replica serves it
		case sessionStopped:
			if p != bot.Console {
				h.OK, h.Platforms[p] = false, st
				break
			}
			// The console's input ended (a service has none); Linli
			// serves on, as PRODUCT.md's console protocol says.
			h.Platforms[p] = "input ended"
		default:
			h.OK, h.Platforms[p] = false, st // waiting for a login, or stopped
		}
	}
	backlog, err := a.store.OutboxBacklog(ctx)
	if err != nil {
		h.OK, h.Database = false, "outbox: "+err.Error()
	}
	if a.damaged != "" {
		h.OK, h.Database = false, a.damaged // the cause of anything else failing
	}
	for _, b := range backlog {
		h.Outbox[b.Platform] = outboxHealth{Unsent: b.Unsent, OldestSeconds: max(time.Since(b.Oldest).Seconds(), 0)}
	}
	return h
}

// listenMetrics starts the health and metrics server on metrics.addr until
// ctx is done; with no address it does nothing. A port already taken fails
// the start, not silently later.
func (a *app) listenMetrics(ctx context.Context) (net.Addr, error) {
	if a.cfg.Metrics.Addr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", a.cfg.Metrics.Addr)
	if err != nil {
		return nil, fmt.Errorf("metrics.addr: %w", err)
	}
	srv := a.httpLimits.Server(a.metricsHandler())
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("metrics server stopped", "err", err)
		}
	}()
	a.log.Info("health and metrics served", "addr", ln.Addr().String())
	return ln.Addr(), nil
}

// metricsLimits bound the health and metrics server's clients: a scrape or
// a health probe is a small GET, answered within the health check's two
// seconds; Prometheus keeps its connection between scrapes (every 15 to
// 60 seconds), so an idle one is kept two minutes.
func metricsLimits() httpserver.Limits {
	return httpserver.Limits{ReadHeader: 5 * time.Second, Read: 10 * time.Second, Write: 30 * time.Second,
		Idle: 2 * time.Minute, MaxHeaderBytes: 16 << 10}
}
