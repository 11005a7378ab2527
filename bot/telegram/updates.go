package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/mymmrac/telego"

	"linli/bot"
	"linli/internal/httpserver"
)

// allowed are the update kinds Linli reads; edits and the rest are not
// even fetched.
func allowed() []string { return []string{"message", "callback_query"} }

// poll long-polls getUpdates. Each batch is handled completely before the
// next request, whose offset confirms the batch to Telegram: an update is
// confirmed only once handled.
func (a *Adapter) poll(ctx context.Context, deliver bot.DeliverFunc) error {
	if err := a.bot.DeleteWebhook(ctx, &telego.DeleteWebhookParams{}); err != nil && ctx.Err() == nil {
		a.cfg.Log.Warn("telegram: deleteWebhook failed", "err", a.redact(err))
	}
	offset := 0
	var down outage
	for ctx.Err() == nil {
		ups, err := a.bot.GetUpdates(ctx, &telego.GetUpdatesParams{
			Offset: offset, Timeout: int(a.cfg.PollTimeout / time.Second), AllowedUpdates: allowed(),
		})
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if bot.Sleep(ctx, down.failed(a, err)) != nil {
				break
			}
			continue
		}
		down.over(a)
		// a batch under way is finished even if shutdown begins
		a.handleBatch(context.WithoutCancel(ctx), ups, deliver)
		if n := len(ups); n > 0 {
			offset = ups[n-1].UpdateID + 1
		}
	}
	a.confirm(offset)
	return nil
}

// confirm tells Telegram the last batch was handled, so a restart does not
// fetch it again (the router would drop it anyway).
func (a *Adapter) confirm(offset int) {
	if offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err := a.bot.GetUpdates(ctx, &telego.GetUpdatesParams{Offset: offset, Limit: 1, AllowedUpdates: allowed()})
	if err != nil {
		a.cfg.Log.Warn("telegram: could not confirm the last batch; it is fetched again after the restart and dropped as seen",
			"err", a.redact(err))
	}
}

// outage is a streak of failed getUpdates: the first failure is logged
// with the error, the rest only counted (a Bot API down for an hour made a
// line every 30 s), and the end of the streak is logged with the count.
// Waits between tries double from PollBackoff up to 30 s.
type outage struct {
	failures int
	since    time.Time
	wait     time.Duration
	last     error
}

// failed records a failure and returns how long to wait before the next try.
func (o *outage) failed(a *Adapter, err error) time.Duration {
	o.failures++
	o.last = err
	if o.failures == 1 {
		o.since, o.wait = time.Now(), a.cfg.PollBackoff
		a.cfg.Log.Warn("telegram: getUpdates failed, retrying with backoff (logged once until it works again)",
			"in", o.wait, "err", a.redact(err))
	} else {
		o.wait = min(o.wait*2, 30*time.Second)
		a.cfg.Log.Debug("telegram: getUpdates failed again", "failures", o.failures, "in", o.wait, "err", a.redact(err))
	}
	return o.wait
}

// over ends a streak, if there was one.
func (o *outage) over(a *Adapter) {
	if o.failures == 0 {
		return
	}
	a.cfg.Log.Info("telegram: getUpdates works again", "failures", o.failures,
		"down_for", time.Since(o.since).Round(time.Second), "last_err", a.redact(o.last))
	*o = outage{}
}

// handleBatch handles updates chat by chat: each chat's in order, several
// chats at once, and returns when all are handled. An update id already
// handled (a redelivery) is skipped.
func (a *Adapter) handleBatch(ctx context.Context, ups []telego.Update, deliver bot.DeliverFunc) {
	// The batch is confirmed to Telegram (by the next getUpdates) only once
	// every command in it is recorded as handled, its replies stored; the
	// records are made in shared commits meanwhile.
	var mu sync.Mutex
	var pending []bot.Pending
	handle := func(u telego.Update) {
		p := a.handle(ctx, u, deliver)
		mu.Lock()
		pending = append(pending, p)
		mu.Unlock()
	}
	defer func() {
		for _, p := range pending {
			p.Wait()
		}
	}()
	var order []int64
	byChat := map[int64][]telego.Update{}
	for _, u := range ups {
		if !a.fresh(u.UpdateID) {
			continue
		}
		c := chatOf(u)
		if _, ok := byChat[c]; !ok {
			order = append(order, c)
		}
		byChat[c] = append(byChat[c], u)
	}
	if len(order) == 1 {
		for _, u := range byChat[order[0]] {
			handle(u)
		}
		return
	}
	sem := make(chan struct{}, a.cfg.Workers)
	var wg sync.WaitGroup
	for _, c := range order {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			for _, u := range byChat[c] {
				handle(u)
			}
		})
	}
	wg.Wait()
}

// fresh records id as seen and reports whether it is newer than every id
// seen before: update ids grow, so an older one is a redelivery.
func (a *Adapter) fresh(id int) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if id <= a.lastSeen {
		return false
	}
	a.lastSeen = id
	return true
}

func chatOf(u telego.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil:
		return u.CallbackQuery.Message.GetChat().ID
	}
	return 0
}

// serveWebhook registers the webhook with Telegram and serves it until ctx
// is done. Telegram posts each update and retries until answered 200, so
// an update is answered only once handled.
func (a *Adapter) serveWebhook(ctx context.Context, deliver bot.DeliverFunc) error {
	u, err := url.Parse(a.cfg.WebhookURL)
	if err != nil {
		return fmt.Errorf("telegram: webhook_url: %w", err)
	}
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fmt.Errorf("telegram: webhook: %w", err)
	}
	err = a.bot.SetWebhook(ctx, &telego.SetWebhookParams{URL: a.cfg.WebhookURL, SecretToken: a.cfg.Secret, AllowedUpdates: allowed()})
	if err != nil {
		ln.Close()
		return fmt.Errorf("telegram: setWebhook: %w", a.redact(err))
	}
	mux := http.NewServeMux()
	path := u.Path
	if path == "" {
		path = "/"
	}
	mux.Handle("POST "+path, a.webhook(ctx, deliver))
	srv := a.cfg.Limits.Server(mux)
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	a.cfg.Log.Info("telegram: webhook listening", "addr", ln.Addr().String(), "path", path)
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("telegram: webhook: %w", err)
	}
	return nil
}

// WebhookLimits bound the webhook server's clients. Telegram posts one
// update (at most a few hundred kilobytes) per request and waits for the
// answer, which is sent once the update is handled: the write limit leaves
// room for a busy moment. It keeps connections open between updates.
func WebhookLimits() httpserver.Limits {
	return httpserver.Limits{ReadHeader: 10 * time.Second, Read: 30 * time.Second, Write: 60 * time.Second,
		Idle: 2 * time.Minute, MaxHeaderBytes: 16 << 10}
}

// webhook handles one posted update, after checking it carries the secret
// given to setWebhook (anyone can post to a public address).
func (a *Adapter) webhook(ctx context.Context, deliver bot.DeliverFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.Secret)) != 1 {
			http.Error(w, "forbidden", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		var u telego.Update
		if err == nil {
			err = json.Unmarshal(body, &u)
		}
		if err != nil {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		a.cfg.Log.Debug("telegram: webhook update", "id", strconv.Itoa(u.UpdateID))
		unlock := a.chats.lock(chatOf(u))
		a.handle(context.WithoutCancel(ctx), u, deliver).Wait()
		unlock()
		w.WriteHeader(http.StatusOK)
	})
}

// chatLocks lets one update of a chat be handled at a time. Telegram posts
// a webhook's updates over several connections at once; those of one chat
// must still run one after another, in the order they arrive, as the
// getUpdates loop runs them.
type chatLocks struct {
	mu   sync.Mutex
	held map[int64]*chatLock
}

type chatLock struct {
	sync.Mutex
	users int
}

// lock waits for chat's turn and returns the function that ends it.
func (c *chatLocks) lock(chat int64) (unlock func()) {
	c.mu.Lock()
	if c.held == nil {
		c.held = map[int64]*chatLock{}
	}
	l := c.held[chat]
	if l == nil {
		l = &chatLock{}
		c.held[chat] = l
	}
	l.users++
	c.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		c.mu.Lock()
		defer c.mu.Unlock()
		if l.users--; l.users == 0 {
			delete(c.held, chat)
		}
	}
}
