package app

import (
	"context"
	"maps"
	"runtime"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"linli/bot"
	"linli/internal/version"
	"linli/store/sqldb"
)

// latencyBuckets are the upper bounds, in seconds, of the handling-time
// histogram: the targets are a p99 under 10 ms, so most buckets are there.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// metrics counts what Prometheus scrapes from /metrics. Each app has a
// registry of its own, not the library's global one, so two apps in one
// process (the tests) never share or collide on a series.
type metrics struct {
	reg      *prometheus.Registry
	in       *prometheus.CounterVec // platform → messages received
	out      *prometheus.CounterVec // platform → messages sent
	outFail  *prometheus.CounterVec // platform → sends the platform refused
	handling prometheus.Histogram
	jobRuns  *prometheus.CounterVec
	jobFails *prometheus.CounterVec

	mu      sync.Mutex
	session map[string]string // platform → its session's state (session* constants)
}

func newMetrics() *metrics {
	byPlatform := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{"platform"})
	}
	byJob := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{"job"})
	}
	m := &metrics{
		reg:     prometheus.NewRegistry(),
		in:      byPlatform("linli_messages_received_total", "Messages received, by platform."),
		out:     byPlatform("linli_messages_sent_total", "Messages the platforms accepted, by platform."),
		outFail: byPlatform("linli_messages_send_failures_total", "Sends the platforms refused, by platform."),
		handling: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "linli_handling_seconds",
			Help:    "Time to handle one received message, up to its reply (stored with its record just after).",
			Buckets: latencyBuckets}),
		jobRuns:  byJob("linli_job_runs_total", "Scheduled job runs, by job."),
		jobFails: byJob("linli_job_failures_total", "Scheduled job runs that failed, by job."),
		session:  map[string]string{},
	}
	m.reg.MustRegister(m.in, m.out, m.outFail, m.handling, m.jobRuns, m.jobFails, sessions{m},
		buildInfo(version.Get()),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// buildInfo is the constant 1 labelled with what `linli version` prints,
// so a dashboard can tell which build each replica runs.
func buildInfo(v version.Info) prometheus.Collector {
	goVersion := v.GoVersion
	if goVersion == "" {
		goVersion = runtime.Version()
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "linli_build_info",
		Help:        "Always 1; the labels say which build of Linli runs.",
		ConstLabels: prometheus.Labels{"version": v.Module, "commit": v.Commit, "goversion": goVersion}})
	g.Set(1)
	return g
}

// deliver wraps the router's DeliverFunc: it counts each message and times
// its handling, identification and reply included.
func (m *metrics) deliver(next bot.DeliverFunc) bot.DeliverFunc {
	return func(ctx context.Context, msg bot.Message) bot.Pending {
		start := time.Now()
		p := next(ctx, msg)
		m.observe(msg.Chat.Platform, time.Since(start))
		return p
	}
}

func (m *metrics) observe(platform string, took time.Duration) {
	m.in.WithLabelValues(platform).Inc()
	m.handling.Observe(took.Seconds())
}

// sent counts one send to a platform, failed or not.
func (m *metrics) sent(platform string, err error) {
	if err != nil {
		m.outFail.WithLabelValues(platform).Inc()
		return
	}
	m.out.WithLabelValues(platform).Inc()
}

// job wraps a scheduled job's Run to count its runs and failures. Both
// series start at 0 when the job is registered, so a job that never ran
// shows as 0 rather than missing (an alert on failures sees it from the start).
func (m *metrics) job(name string, run func(context.Context, time.Time) error) func(context.Context, time.Time) error {
	runs, fails := m.jobRuns.WithLabelValues(name), m.jobFails.WithLabelValues(name)
	return func(ctx context.Context, due time.Time) error {
		err := run(ctx, due)
		runs.Inc()
		if err != nil {
			fails.Inc()
		}
		return err
	}
}

// The states of a platform's session.
const (
	sessionServing = "serving" // receiving and sending
	sessionStandby = "standby" // another replica serves it (it holds the Redis lease)
	sessionLogin   = "login"   // waiting for a person to log the account in (WeChat)
	sessionStopped = "stopped" // its Run returned
)

var sessionStates = []string{sessionServing, sessionStandby, sessionLogin, sessionStopped}

// setSession records the state of a platform's session. A platform's
// message counters start at 0 with its session, so each is there to rate().
func (m *metrics) setSession(platform, state string) {
	m.in.WithLabelValues(platform)
	m.out.WithLabelValues(platform)
	m.outFail.WithLabelValues(platform)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.session[platform] = state
}

// platforms returns each platform's session state.
func (m *metrics) platforms() map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.session)
}

// gatherer is everything a scrape shows: the registry, and the outbox as
// the database had it for this scrape.
func (m *metrics) gatherer(backlog []sqldb.Backlog, now time.Time) prometheus.Gatherer {
	reg := prometheus.NewRegistry()
	reg.MustRegister(outbox{backlog: backlog, sessions: m.platforms(), now: now})
	return prometheus.Gatherers{m.reg, reg}
}

var (
	platformUpDesc = prometheus.NewDesc("linli_platform_up",
		"1 while this process receives and sends for the platform.", []string{"platform"}, nil)
	platformSessionDesc = prometheus.NewDesc("linli_platform_session",
		"The state of the platform's session in this process: 1 for the current state.", []string{"platform", "state"}, nil)
	outboxUnsentDesc = prometheus.NewDesc("linli_outbox_unsent",
		"Messages waiting in the outbox, by platform.", []string{"platform"}, nil)
	outboxOldestDesc = prometheus.NewDesc("linli_outbox_oldest_seconds",
		"Age of the oldest unsent message, by platform.", []string{"platform"}, nil)
)

// sessions reports each platform's session state when scraped.
type sessions struct{ m *metrics }

func (s sessions) Describe(ch chan<- *prometheus.Desc) {
	ch <- platformUpDesc
	ch <- platformSessionDesc
}

func (s sessions) Collect(ch chan<- prometheus.Metric) {
	for p, st := range s.m.platforms() {
		ch <- prometheus.MustNewConstMetric(platformUpDesc, prometheus.GaugeValue, one(st == sessionServing), p)
		for _, state := range sessionStates {
			ch <- prometheus.MustNewConstMetric(platformSessionDesc, prometheus.GaugeValue, one(st == state), p, state)
		}
	}
}

// outbox reports the outbox's backlog per platform; a platform with a
// session and nothing waiting shows 0 (the console sends nothing through it).
type outbox struct {
	backlog  []sqldb.Backlog
	sessions map[string]string
	now      time.Time
}

func (o outbox) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxUnsentDesc
	ch <- outboxOldestDesc
}

func (o outbox) Collect(ch chan<- prometheus.Metric) {
	depth, age := map[string]float64{}, map[string]float64{}
	for _, b := range o.backlog {
		depth[b.Platform] = float64(b.Unsent)
		age[b.Platform] = max(o.now.Sub(b.Oldest).Seconds(), 0)
	}
	for p := range o.sessions {
		if _, ok := depth[p]; !ok && p != bot.Console {
			depth[p], age[p] = 0, 0
		}
	}
	for p := range depth {
		ch <- prometheus.MustNewConstMetric(outboxUnsentDesc, prometheus.GaugeValue, depth[p], p)
		ch <- prometheus.MustNewConstMetric(outboxOldestDesc, prometheus.GaugeValue, age[p], p)
	}
}

func one(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
