package app

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"linli/bot"
	"linli/internal/version"
)

// exposition writes what g gathers in the text format, as a scrape sees it.
func exposition(t *testing.T, g prometheus.Gatherer) string {
	t.Helper()
	fams, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	enc := expfmt.NewEncoder(&b, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, f := range fams {
		if err := enc.Encode(f); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// scrape GETs /metrics and parses it as Prometheus does.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	res, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %s", res.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("/metrics does not parse: %v", err)
	}
	return fams
}

// sample finds the series of family name whose labels are exactly labels.
func sample(fams map[string]*dto.MetricFamily, name string, labels map[string]string) (*dto.Metric, bool) {
	f, ok := fams[name]
	if !ok {
		return nil, false
	}
	for _, m := range f.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		if len(got) == len(labels) && func() bool {
			for k, v := range labels {
				if got[k] != v {
					return false
				}
			}
			return true
		}() {
			return m, true
		}
	}
	return nil, false
}

// value is a counter's or gauge's value, or -1 when the series is missing.
func value(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	m, ok := sample(fams, name, labels)
	switch {
	case !ok:
		return -1
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	}
	return -1
}

// TestMetricsScrapedByPrometheus scrapes /metrics over HTTP after some
// activity and reads it with Prometheus' own parser: today's series keep
// their names, types, labels and values, and the Go runtime, the process
// and the build are there beside them.
func TestMetricsScrapedByPrometheus(t *testing.T) {
	cfg := demoConfig()
	cfg.Database.DSN = filepath.Join(t.TempDir(), "m.db")
	user := bot.User{Platform: bot.Telegram, ID: "42", Name: "张阿姨"}
	p := &scriptedPlatform{done: make(chan struct{}), msgs: []bot.Message{
		{ID: "1", Chat: bot.PrivateChat(user), Sender: user, Text: "帮助"},
		{ID: "2", Chat: bot.PrivateChat(user), Sender: user, Text: "菜单"},
		{ID: "3", Chat: bot.PrivateChat(user), Sender: user, Text: "我的"},
	}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := New(ctx, fakesOnly(cfg), Options{Platforms: []bot.Platform{p}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	stuck := bot.Chat{Platform: bot.Telegram, ID: "stuck", Group: true}
	if err := a.out.Send(ctx, stuck, bot.Reply{Text: "通知"}); err != nil {
		t.Fatal(err)
	}
	probe := a.metrics.job("probe", func(_ context.Context, due time.Time) error {
		if due.IsZero() {
			return errors.New("no due time")
		}
		return nil
	})
	probe(ctx, time.Now())
	probe(ctx, time.Now())
	probe(ctx, time.Time{})
	served := make(chan error, 1)
	go func() { served <- a.serve(ctx, false) }()
	<-p.done
	srv := httptest.NewServer(a.metricsHandler())
	defer srv.Close()

	tg := map[string]string{"platform": bot.Telegram}
	var fams map[string]*dto.MetricFamily
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		fams = scrape(t, srv.URL)
		if value(fams, "linli_messages_sent_total", tg) == 3 && value(fams, "linli_outbox_unsent", tg) == 1 {
			break
		}
	}
	for _, c := range []struct {
		name   string
		typ    dto.MetricType
		labels map[string]string
		want   float64
	}{
		{"linli_messages_received_total", dto.MetricType_COUNTER, tg, 3},
		{"linli_messages_sent_total", dto.MetricType_COUNTER, tg, 3},
		{"linli_messages_send_failures_total", dto.MetricType_COUNTER, tg, 1},
		{"linli_outbox_unsent", dto.MetricType_GAUGE, tg, 1},
		{"linli_job_runs_total", dto.MetricType_COUNTER, map[string]string{"job": "probe"}, 3},
		{"linli_job_failures_total", dto.MetricType_COUNTER, map[string]string{"job": "probe"}, 1},
		// A registered job that has not run yet is there, at 0.
		{"linli_job_failures_total", dto.MetricType_COUNTER, map[string]string{"job": "forget_handled"}, 0},
		{"linli_platform_up", dto.MetricType_GAUGE, tg, 1},
		{"linli_platform_session", dto.MetricType_GAUGE, map[string]string{"platform": bot.Telegram, "state": sessionServing}, 1},
		{"linli_platform_session", dto.MetricType_GAUGE, map[string]string{"platform": bot.Telegram, "state": sessionStandby}, 0},
		{"linli_platform_session", dto.MetricType_GAUGE, map[string]string{"platform": bot.Telegram, "state": sessionLogin}, 0},
		{"linli_platform_session", dto.MetricType_GAUGE, map[string]string{"platform": bot.Telegram, "state": sessionStopped}, 0},
	} {
		if f := fams[c.name]; f == nil || f.GetType() != c.typ {
			t.Errorf("%s: family %v, want type %v", c.name, f, c.typ)
			continue
		}
		if got := value(fams, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if age := value(fams, "linli_outbox_oldest_seconds", tg); age < 0 {
		t.Errorf("linli_outbox_oldest_seconds{telegram} missing")
	}
	checkHistogram(t, fams["linli_handling_seconds"], 3)
	checkBuildInfo(t, fams)
	for _, name := range []string{"go_goroutines", "go_info", "go_memstats_heap_alloc_bytes",
		"process_start_time_seconds", "process_resident_memory_bytes", "process_open_fds"} {
		if v := value(fams, name, nil); v <= 0 && name != "go_info" {
			t.Errorf("%s = %v, want a positive value", name, v)
		}
	}
	if _, ok := sample(fams, "go_info", map[string]string{"version": runtime.Version()}); !ok {
		t.Errorf("go_info{version=%q} missing", runtime.Version())
	}
	cancel()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
}

// checkHistogram asserts the handling-time histogram counted n messages
// into today's buckets.
func checkHistogram(t *testing.T, f *dto.MetricFamily, n uint64) {
	t.Helper()
	if f == nil || f.GetType() != dto.MetricType_HISTOGRAM || len(f.GetMetric()) != 1 {
		t.Fatalf("linli_handling_seconds: %v", f)
	}
	h := f.GetMetric()[0].GetHistogram()
	var bounds []float64
	for _, b := range h.GetBucket() {
		bounds = append(bounds, b.GetUpperBound())
	}
	if want := append(slices.Clone(latencyBuckets), math.Inf(1)); !slices.Equal(bounds, want) {
		t.Errorf("buckets %v, want %v", bounds, want)
	}
	if h.GetSampleCount() != n || h.GetSampleSum() <= 0 {
		t.Errorf("linli_handling_seconds count %d sum %v, want count %d", h.GetSampleCount(), h.GetSampleSum(), n)
	}
	if last := h.GetBucket()[len(h.GetBucket())-1]; last.GetCumulativeCount() != n {
		t.Errorf("bucket le=%v holds %d of %d", last.GetUpperBound(), last.GetCumulativeCount(), n)
	}
}

// checkBuildInfo asserts linli_build_info is 1 with the labels `linli
// version` reads from the binary.
func checkBuildInfo(t *testing.T, fams map[string]*dto.MetricFamily) {
	t.Helper()
	v := version.Get()
	goVersion := v.GoVersion
	if goVersion == "" {
		goVersion = runtime.Version()
	}
	want := map[string]string{"version": v.Module, "commit": v.Commit, "goversion": goVersion}
	if got := value(fams, "linli_build_info", want); got != 1 {
		t.Errorf("linli_build_info%v = %v, want 1; family: %v", want, got, fams["linli_build_info"])
	}
}
