// Package wechat serves Linli on WeChat through a personal account, speaking
// WeChat's desktop web protocol with openwechat. It is the only package that
// imports openwechat.
//
// WeChat gives every contact and group a new internal id at each login, ends
// sessions without warning and restricts accounts that send like machines.
// The adapter hides all of that: friends are known by a remark it writes,
// groups by who is in them (directory.go), the session is renewed by
// itself, and sending is paced.
package wechat

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"linli/bot"
)

// Config is what the WeChat adapter is built with: where it keeps its
// session, and the hooks it calls into the rest of the bot. Storage is
// required; everything else has a safe default.
type Config struct {
	// Storage is the file that keeps the login session, so that a restart
	// needs no new scan.
	Storage string
	// BotNames are extra names an @mention of the bot may use, besides the
	// account's own nickname and its display name in each group.
	BotNames []string
	// Out is where the login QR code is drawn (the terminal).
	Out io.Writer
	// Log receives what the operator should know; nil discards.
	Log *slog.Logger
	// Limits is how fast the outbox may send; zero fields take
	// DefaultPacing's values.
	Limits bot.Pacing
	// OnQR is called with the address of the login QR code each time a
	// scan is needed, so that admins can be sent it.
	OnQR func(url string)
	// OnAlert is called with a message for the admins: the session ended,
	// a new group took an older group's title.
	OnAlert func(text string)
	// Bound reports whether the group with a chat id is bound to a
	// building; a group titled like a bound one waits until it is bound
	// itself (nil: no group waits).
	Bound func(chatID string) bool
	// Transport carries openwechat's HTTP; nil is a copy of Go's default
	// transport, which honours HTTPS_PROXY, NO_PROXY and SSL_CERT_FILE.
	// Tests point it at a fake of WeChat's web endpoints.
	Transport http.RoundTripper
	// Sleep waits d unless ctx ends first; tests replace it to count the
	// waits of every backoff without waiting.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Adapter is the WeChat platform; New builds it.
type Adapter struct {
	cfg      Config
	mu       sync.Mutex // guards sess, dir and onLogin
	sess     *session   // the live session, nil while logged out
	onLogin  func(loggedIn bool)
	dir      directory
	call     sync.Mutex // serialises the adapter's own calls into openwechat
	incoming chan bot.Message
}

// Backoff bounds: how soon a failed login is tried again, and how long the
// message loop waits after a network error, doubling up to the cap.
const (
	loginBase = 5 * time.Second
	loginCap  = 10 * time.Minute
	syncBase  = 1 * time.Second
	syncCap   = 2 * time.Minute
)

// DefaultPacing is deliberately slow: WeChat restricts personal accounts
// that send in bursts, and a restricted account silences every group.
func DefaultPacing() bot.Pacing {
	return bot.Pacing{
		MinGap:    3 * time.Second,
		Jitter:    2 * time.Second,
		PerMinute: 15,
		PerChat:   3 * time.Second,
	}
}

// New builds the adapter; it refuses a configuration without Storage.
func New(cfg Config) (*Adapter, error) {
	if cfg.Storage == "" {
		return nil, errors.New("wechat: no session storage file (wechat.storage)")
	}
	return &Adapter{cfg: cfg}, nil
}

// Name is bot.WeChat.
func (a *Adapter) Name() string { return bot.WeChat }

// Pacing gives the outbox WeChat's limits: the configured ones, with
// DefaultPacing where a limit is not set.
func (a *Adapter) Pacing() bot.Pacing {
	p := a.cfg.Limits
	d := DefaultPacing()
	if p.MinGap == 0 {
		p.MinGap = d.MinGap
	}
	if p.Jitter == 0 {
		p.Jitter = d.Jitter
	}
	if p.PerMinute == 0 {
		p.PerMinute = d.PerMinute
	}
	if p.PerChat == 0 {
		p.PerChat = d.PerChat
	}
	return p
}

// Run logs in and serves until ctx is done, logging in again whenever
// WeChat ends the session. It returns nil when ctx ends; it gives up only on
// a configuration mistake.
func (a *Adapter) Run(ctx context.Context, deliver bot.DeliverFunc) error {
	a.incoming = make(chan bot.Message, 64)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case m := <-a.incoming:
				deliver(ctx, m).Wait()
			}
		}
	}()
	a.serve(ctx)
	wg.Wait()
	return nil
}

// serve is the session loop: log in, serve until the session ends, tell the
// admins, log in again. The stored session is resumed silently only the
// first time; once WeChat has ended a session its cookies are known dead.
func (a *Adapter) serve(ctx context.Context) {
	resumable := true
	failures := 0
	for ctx.Err() == nil {
		s, err := a.login(ctx, resumable)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures++
			d := backoff(failures, loginBase, loginCap)
			a.log().Warn("wechat: login failed", "err", err, "retry_in", d)
			a.sleep(ctx, d)
			continue
		}
		failures = 0
		a.bind(ctx, s)
		reason := s.wait(ctx)
		a.unbind(s)
		s.stop()
		if ctx.Err() != nil {
			return
		}
		resumable = false
		a.loggedIn(false)
		a.log().Warn("wechat: session ended", "reason", reason)
		a.alert(fmt.Sprintf("微信登录失效了（%v），正在重新登录。如果机器人的手机上出现登录确认，请点「登录」；需要扫码时会再发二维码。", reason))
	}
}

// backoff is base doubled for each failure after the first, at most max.
func backoff(failures int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < failures && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

func (a *Adapter) sleep(ctx context.Context, d time.Duration) error {
	if a.cfg.Sleep != nil {
		return a.cfg.Sleep(ctx, d)
	}
	return bot.Sleep(ctx, d)
}

func (a *Adapter) log() *slog.Logger {
	if a.cfg.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return a.cfg.Log
}

func (a *Adapter) alert(text string) {
	if a.cfg.OnAlert != nil {
		a.cfg.OnAlert(text)
	}
}

// WatchLogin implements bot.LoginWatcher.
func (a *Adapter) WatchLogin(f func(loggedIn bool)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.onLogin = f
}

func (a *Adapter) loggedIn(in bool) {
	a.mu.Lock()
	f := a.onLogin
	a.mu.Unlock()
	if f != nil {
		f(in)
	}
}
