package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"linli/bot"
)

// scriptedPlatform delivers its messages, then waits; it refuses to send
// to the chat "stuck" (the platform asks to retry later).
type scriptedPlatform struct {
	msgs []bot.Message
	done chan struct{}
}

func (p *scriptedPlatform) Name() string { return bot.Telegram }
func (p *scriptedPlatform) Run(ctx context.Context, deliver bot.DeliverFunc) error {
	for _, m := range p.msgs {
		deliver(ctx, m).Wait()
	}
	close(p.done)
	<-ctx.Done()
	return nil
}
func (p *scriptedPlatform) Send(_ context.Context, chat bot.Chat, _ bot.Reply) error {
	if chat.ID == "stuck" {
		return &bot.SendError{RetryAfter: 3600, Err: errors.New("429")}
	}
	return nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestMetricsAndHealth(t *testing.T) {
	cfg := demoConfig()
	cfg.Database.DSN = filepath.Join(t.TempDir(), "m.db")
	user := bot.User{Platform: bot.Telegram, ID: "42", Name: "张阿姨"}
	p := &scriptedPlatform{done: make(chan struct{}), msgs: []bot.Message{
		{ID: "1", Chat: bot.PrivateChat(user), Sender: user, Text: "帮助"},
		{ID: "2", Chat: bot.PrivateChat(user), Sender: user, Text: "菜单"},
	}}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := New(ctx, fakesOnly(cfg), Options{Platforms: []bot.Platform{p}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	if err := a.out.Send(ctx, bot.Chat{Platform: bot.Telegram, ID: "stuck", Group: true}, bot.Reply{Text: "通知"}); err != nil {
		t.Fatal(err)
	}
	served := make(chan error)
	go func() { served <- a.serve(ctx, false) }()
	<-p.done
	srv := httptest.NewServer(a.metricsHandler())
	defer srv.Close()

	// The two answers leave through the outbox; the stuck one stays. A send
	// is counted when the platform takes it and recorded in the outbox a
	// moment later: wait for both.
	deadline := time.Now().Add(10 * time.Second)
	var body string
	for time.Now().Before(deadline) {
		_, body = get(t, srv.URL+"/metrics")
		if strings.Contains(body, `linli_messages_sent_total{platform="telegram"} 2`) &&
			strings.Contains(body, `linli_outbox_unsent{platform="telegram"} 1`) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, want := range []string{
		`linli_messages_received_total{platform="telegram"} 2`,
		`linli_messages_sent_total{platform="telegram"} 2`,
		`linli_messages_send_failures_total{platform="telegram"} 1`,
		`linli_handling_seconds_count 2`,
		`linli_handling_seconds_bucket{le="+Inf"} 2`,
		`linli_outbox_unsent{platform="telegram"} 1`,
		`linli_platform_up{platform="telegram"} 1`,
		`linli_platform_session{platform="telegram",state="serving"} 1`,
		`linli_platform_session{platform="telegram",state="standby"} 0`,
		"# TYPE linli_handling_seconds histogram",
		"# TYPE linli_job_runs_total counter",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
	line := regexp.MustCompile(`^(# (HELP|TYPE) .+|[a-z_]+(\{[a-z]+="[^"]*"(,[a-z]+="[^"]*")*\})? [0-9.e+-]+|[a-z_]+(\{le="[^"]+"\})? [0-9]+)$`)
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		if !line.MatchString(l) {
			t.Errorf("not the exposition format: %q", l)
		}
	}

	code, hz := get(t, srv.URL+"/healthz")
	var h health
	if err := json.Unmarshal([]byte(hz), &h); err != nil {
		t.Fatal(err, hz)
	}
	if code != 200 || !h.OK || h.Database != "ok" || h.Platforms[bot.Telegram] != "receiving" || h.Outbox[bot.Telegram].Unsent != 1 {
		t.Errorf("/healthz while running: %d %s", code, hz)
	}
	cancel()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	code, hz = get(t, srv.URL+"/healthz")
	if code != http.StatusServiceUnavailable || !strings.Contains(hz, `"telegram":"stopped"`) {
		t.Errorf("/healthz after the platform stopped: %d %s", code, hz)
	}
	if _, body := get(t, srv.URL+"/metrics"); !strings.Contains(body, `linli_platform_session{platform="telegram",state="stopped"} 1`) ||
		!strings.Contains(body, `linli_platform_up{platform="telegram"} 0`) {
		t.Errorf("/metrics after the platform stopped:\n%s", body)
	}
}

func TestJobMetricsCountRunsAndFailures(t *testing.T) {
	m := newMetrics()
	ok := m.job("digest", func(context.Context, time.Time) error { return nil })
	bad := m.job("menu", func(context.Context, time.Time) error { return errors.New("no") })
	ok(context.Background(), time.Time{})
	ok(context.Background(), time.Time{})
	bad(context.Background(), time.Time{})
	b := exposition(t, m.gatherer(nil, time.Now()))
	for _, want := range []string{`linli_job_runs_total{job="digest"} 2`, `linli_job_runs_total{job="menu"} 1`,
		`linli_job_failures_total{job="menu"} 1`} {
		if !strings.Contains(b, want) {
			t.Errorf("lacks %q:\n%s", want, b)
		}
	}
}
