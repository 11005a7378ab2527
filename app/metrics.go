package app

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"linli/bot"
	"linli/store/sqldb"
)

// latencyBuckets are the upper bounds, in seconds, of the handling-time
// histogram: the targets are a p99 under 10 ms, so most buckets are there.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// metrics counts what Prometheus scrapes from /metrics. It is written in
// the text exposition format by hand: a dozen series need no library.
type metrics struct {
	mu       sync.Mutex
	in       map[string]uint64 // platform → messages received
	out      map[string]uint64 // platform → messages sent
	outFail  map[string]uint64 // platform → sends the platform refused
	buckets  []uint64          // cumulative at write time; per bucket here
	count    uint64
	sum      float64
	jobRuns  map[string]uint64
	jobFails map[string]uint64
	session  map[string]string // platform → its session's state (session* constants)
}

func newMetrics() *metrics {
	return &metrics{in: map[string]uint64{}, out: map[string]uint64{}, outFail: map[string]uint64{},
		buckets: make([]uint64, len(latencyBuckets)+1), jobRuns: map[string]uint64{},
		jobFails: map[string]uint64{}, session: map[string]string{}}
}

// deliver wraps the router's DeliverFunc: it counts each message and times
// its handling, identification and reply included.
func (m *metrics) deliver(next bot.DeliverFunc) bot.DeliverFunc {
	return func(ctx context.Context, msg bot.Message) {
		start := time.Now()
		next(ctx, msg)
		m.observe(msg.Chat.Platform, time.Since(start))
	}
}

func (m *metrics) observe(platform string, took time.Duration) {
	s := took.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, s)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.in[platform]++
	m.buckets[i]++
	m.count++
	m.sum += s
}

// sent counts one send to a platform, failed or not.
func (m *metrics) sent(platform string, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		m.outFail[platform]++
		return
	}
	m.out[platform]++
}

// job wraps a scheduled job's Run to count its runs and failures.
func (m *metrics) job(name string, run func(context.Context, time.Time) error) func(context.Context, time.Time) error {
	return func(ctx context.Context, due time.Time) error {
		err := run(ctx, due)
		m.mu.Lock()
		m.jobRuns[name]++
		if err != nil {
			m.jobFails[name]++
		}
		m.mu.Unlock()
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

// setSession records the state of a platform's session.
func (m *metrics) setSession(platform, state string) {
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

// write prints every series in the Prometheus text format (version 0.0.4).
func (m *metrics) write(w io.Writer, backlog []sqldb.Backlog, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	counter(w, "linli_messages_received_total", "Messages received, by platform.", "platform", m.in)
	counter(w, "linli_messages_sent_total", "Messages the platforms accepted, by platform.", "platform", m.out)
	counter(w, "linli_messages_send_failures_total", "Sends the platforms refused, by platform.", "platform", m.outFail)
	fmt.Fprintln(w, "# HELP linli_handling_seconds Time to handle one received message, up to its reply (stored with its record just after).")
	fmt.Fprintln(w, "# TYPE linli_handling_seconds histogram")
	var cum uint64
	for i, le := range latencyBuckets {
		cum += m.buckets[i]
		fmt.Fprintf(w, "linli_handling_seconds_bucket{le=\"%g\"} %d\n", le, cum)
	}
	fmt.Fprintf(w, "linli_handling_seconds_bucket{le=\"+Inf\"} %d\n", m.count)
	fmt.Fprintf(w, "linli_handling_seconds_sum %g\nlinli_handling_seconds_count %d\n", m.sum, m.count)
	depth, age := map[string]uint64{}, map[string]float64{}
	for _, b := range backlog {
		depth[b.Platform] = uint64(b.Unsent)
		age[b.Platform] = max(now.Sub(b.Oldest).Seconds(), 0)
	}
	for p := range m.session {
		if _, ok := depth[p]; !ok && p != bot.Console {
			depth[p], age[p] = 0, 0
		}
	}
	gauge(w, "linli_outbox_unsent", "Messages waiting in the outbox, by platform.", depth)
	gaugeF(w, "linli_outbox_oldest_seconds", "Age of the oldest unsent message, by platform.", age)
	counter(w, "linli_job_runs_total", "Scheduled job runs, by job.", "job", m.jobRuns)
	counter(w, "linli_job_failures_total", "Scheduled job runs that failed, by job.", "job", m.jobFails)
	up := map[string]uint64{}
	for p, st := range m.session {
		up[p] = map[bool]uint64{true: 1}[st == sessionServing]
	}
	gauge(w, "linli_platform_up", "1 while this process receives and sends for the platform.", up)
	fmt.Fprintln(w, "# HELP linli_platform_session The state of the platform's session in this process: 1 for the current state.")
	fmt.Fprintln(w, "# TYPE linli_platform_session gauge")
	for _, p := range slices.Sorted(maps.Keys(m.session)) {
		for _, st := range sessionStates {
			fmt.Fprintf(w, "linli_platform_session{platform=\"%s\",state=\"%s\"} %d\n", escapeLabel(p), st, map[bool]int{true: 1}[m.session[p] == st])
		}
	}
}

func counter(w io.Writer, name, help, label string, v map[string]uint64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n", name, help, name)
	for _, k := range slices.Sorted(maps.Keys(v)) {
		fmt.Fprintf(w, "%s{%s=\"%s\"} %d\n", name, label, escapeLabel(k), v[k])
	}
}

func gauge(w io.Writer, name, help string, v map[string]uint64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
	for _, k := range slices.Sorted(maps.Keys(v)) {
		fmt.Fprintf(w, "%s{platform=\"%s\"} %d\n", name, escapeLabel(k), v[k])
	}
}

func gaugeF(w io.Writer, name, help string, v map[string]float64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
	for _, k := range slices.Sorted(maps.Keys(v)) {
		fmt.Fprintf(w, "%s{platform=\"%s\"} %g\n", name, escapeLabel(k), v[k])
	}
}

// escapeLabel escapes a label value as the exposition format requires.
func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}
