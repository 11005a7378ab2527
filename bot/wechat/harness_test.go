package wechat

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"linli/bot/bottest"
	"linli/bot/wechat/wechattest"

	"linli/bot"
)

// harness runs one Adapter against a fake WeChat, recording what it
// delivers, the alerts and QR codes it raises and every wait it asks for.
type harness struct {
	t      *testing.T
	fake   *wechattest.Fake
	a      *Adapter
	msgs   chan bot.Message
	alerts chan string
	qrs    chan string
	out    *lockedBuffer
	logs   *lockedBuffer // what the adapter logged
	sleeps *sleeper
	stop   func()

	mu     sync.Mutex
	logins []bool // what WatchLogin was told, in order
}

// loginStates is what the adapter told its login watcher so far.
func (h *harness) loginStates() []bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bool(nil), h.logins...)
}

// sleeper stands in for time: each wait is recorded and added to a virtual
// clock, and returns at once; once the clock passes a limit set by hold,
// waits block until release, so a test can count what happened in a
// bounded stretch of virtual time.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
	total time.Duration
	limit time.Duration
	gate  chan struct{}
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.total += d
	gate := s.gate
	held := s.limit > 0 && s.total >= s.limit
	s.mu.Unlock()
	if held {
		select {
		case <-gate:
		case <-ctx.Done():
		}
	}
	return ctx.Err()
}

// hold makes waits block once d more virtual time has passed.
func (s *sleeper) hold(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit, s.gate = s.total+d, make(chan struct{})
}

func (s *sleeper) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gate != nil {
		close(s.gate)
	}
	s.limit, s.gate = 0, nil
}

func (s *sleeper) snapshot() ([]time.Duration, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...), s.total
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs an adapter keeping its session in storage; deliver, if not
// nil, is called for each message after it is recorded.
func start(t *testing.T, fake *wechattest.Fake, storage string, deliver func(context.Context, *Adapter, bot.Message)) *harness {
	t.Helper()
	return startWith(t, fake, storage, deliver, nil)
}

// startWith is start with bound as the adapter's Bound.
func startWith(t *testing.T, fake *wechattest.Fake, storage string, deliver func(context.Context, *Adapter, bot.Message), bound func(string) bool) *harness {
	t.Helper()
	h := &harness{
		t: t, fake: fake,
		msgs: make(chan bot.Message, 16), alerts: make(chan string, 16), qrs: make(chan string, 16),
		out: &lockedBuffer{}, sleeps: &sleeper{}, logs: &lockedBuffer{},
	}
	a, err := New(Config{
		Storage:   storage,
		Out:       h.out,
		Log:       slog.New(slog.NewTextHandler(io.MultiWriter(testWriter{t}, h.logs), &slog.HandlerOptions{Level: slog.LevelDebug})),
		OnQR:      func(url string) { h.qrs <- url },
		OnAlert:   func(text string) { h.alerts <- text },
		Transport: fake.Transport(),
		Sleep:     h.sleeps.Sleep,
		Bound:     bound,
	})
	if err != nil {
		t.Fatal(err)
	}
	h.a = a
	h.a.WatchLogin(func(in bool) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.logins = append(h.logins, in)
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- h.a.Run(ctx, bottest.Delivering(func(ctx context.Context, m bot.Message) {
			h.msgs <- m
			if deliver != nil {
				deliver(ctx, h.a, m)
			}
		}))
	}()
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run returned %v, want nil on shutdown", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not return after its context ended")
			}
		})
	}
	t.Cleanup(h.stop)
	return h
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(bytes.TrimRight(p, "\n")))
	return len(p), nil
}

func storagePath(t *testing.T) string { return filepath.Join(t.TempDir(), "wechat-session.json") }

// next waits for the next delivered message.
func (h *harness) next() bot.Message {
	h.t.Helper()
	select {
	case m := <-h.msgs:
		return m
	case <-time.After(10 * time.Second):
		h.t.Fatal("no message delivered")
		return bot.Message{}
	}
}

// noMessage checks nothing more was delivered once the fake has answered
// a few more heartbeats.
func (h *harness) noMessage() {
	h.t.Helper()
	h.heartbeats(3)
	select {
	case m := <-h.msgs:
		h.t.Fatalf("unexpected message delivered: %+v", m)
	default:
	}
}

// heartbeats waits until the message loop has polled n more times.
func (h *harness) heartbeats(n int) {
	h.t.Helper()
	want := h.fake.Count("synccheck") + n
	eventually(h.t, "heartbeats", func() bool { return h.fake.Count("synccheck") >= want })
}

func (h *harness) alert() string {
	h.t.Helper()
	select {
	case a := <-h.alerts:
		return a
	case <-time.After(10 * time.Second):
		h.t.Fatal("no alert raised")
		return ""
	}
}

// loggedIn waits until the adapter serves a session of generation gen.
func (h *harness) loggedIn(gen int) {
	h.t.Helper()
	eventually(h.t, "login", func() bool {
		h.a.mu.Lock()
		defer h.a.mu.Unlock()
		return h.a.sess != nil && h.fake.Generation() == gen
	})
}

// eventually polls cond until it holds; the adapter works on its own
// goroutines, so tests wait for what it does, never for the clock.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
