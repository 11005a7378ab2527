package wechat

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/eatmoreapple/openwechat"

	"linli/bot"
)

// session is one login: one openwechat.Bot and its message loop. A session
// never calls the Bot's Exit, whose write of the current user races with
// the loop's reads; it ends by cancelling the context the Bot was made with,
// which stops the loop at its next turn and makes Block-style waiting
// unnecessary.
type session struct {
	a      *Adapter
	bot    *openwechat.Bot
	ctx    context.Context
	cancel context.CancelFunc

	endOnce  sync.Once
	ended    chan struct{}
	reason   error
	failures atomic.Int64 // consecutive message loop errors

	// self is the account's UserName in this login, set once logged in.
	self     string
	selfName string
}

func (a *Adapter) newSession(ctx context.Context) *session {
	sctx, cancel := context.WithCancel(ctx)
	s := &session{a: a, ctx: sctx, cancel: cancel, ended: make(chan struct{})}
	b := openwechat.NewBot(sctx)
	openwechat.Desktop.Prepare(b)
	client := b.Caller.Client
	client.HTTPClient().Transport = a.transport()
	// One try per request: the adapter backs off itself rather than let
	// the client retry at once, five times, against a network that is down.
	client.MaxRetryTimes = 1
	b.UUIDCallback = a.showQR
	b.ScanCallBack = func(openwechat.CheckLoginResponse) {
		a.log().Info("wechat: QR code scanned, waiting for confirmation on the phone")
	}
	b.SyncCheckCallback = s.onSyncCheck
	b.MessageErrorHandler = s.onSyncError
	b.MessageHandler = func(m *openwechat.Message) { a.receive(s, m) }
	s.bot = b
	return s
}

// transport keeps Go's standard proxy and certificate handling.
func (a *Adapter) transport() http.RoundTripper {
	if a.cfg.Transport != nil {
		return a.cfg.Transport
	}
	return http.DefaultTransport.(*http.Transport).Clone()
}

// onSyncCheck runs on openwechat's message loop after each heartbeat; a
// good one ends a run of errors.
func (s *session) onSyncCheck(resp openwechat.SyncCheckResponse) {
	if resp.Success() {
		s.failures.Store(0)
	}
}

// onSyncError replaces openwechat's default handler, which retries a
// network error at once, forever. A logout code ends the session; any other
// error waits, longer each time, before the loop tries again. It never
// returns an error, so openwechat never calls Exit on its own.
func (s *session) onSyncError(err error) error {
	if s.ctx.Err() != nil {
		return nil
	}
	if loggedOut(err) {
		s.end(err)
		return nil
	}
	n := s.failures.Add(1)
	d := backoff(int(n), syncBase, syncCap)
	s.a.log().Warn("wechat: message loop error", "err", err, "retry_in", d, "failures", n)
	s.a.sleep(s.ctx, d)
	return nil
}

// loggedOut reports whether WeChat ended the session: 1100 (logged out on
// the phone or elsewhere), 1101 (login check failed), 1102 (cookie invalid).
func loggedOut(err error) bool {
	var ret openwechat.Ret
	if !errors.As(err, &ret) {
		return false
	}
	return ret == 1100 || ret == 1101 || ret == 1102
}

func (s *session) end(reason error) {
	s.endOnce.Do(func() {
		s.reason = reason
		close(s.ended)
		s.cancel()
	})
}

// wait blocks until the session ends or ctx is done.
func (s *session) wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-s.ended:
		return s.reason
	}
}

func (s *session) stop() { s.end(context.Canceled) }

// login tries, in order: resuming the stored session without any action on
// the phone (only when it may still be alive), a push login that asks the
// phone to confirm, then a QR code to scan.
func (a *Adapter) login(ctx context.Context, resumable bool) (*session, error) {
	a.mu.Lock()
	// Messages may arrive before bind: the loop starts inside login.
	a.dir.reset(loadGroupBook(groupBookPath(a.cfg.Storage)))
	a.mu.Unlock()
	stored := readStored(a.cfg.Storage)
	if stored != nil && resumable {
		s, err := a.try(ctx, func(b *openwechat.Bot) error {
			return b.HotLogin(a.storage(stored))
		})
		if err == nil {
			a.log().Info("wechat: resumed the stored session")
			return s, nil
		}
		a.log().Info("wechat: stored session not resumable", "err", err)
	}
	if stored != nil {
		s, err := a.try(ctx, func(b *openwechat.Bot) error {
			a.log().Info("wechat: asking the phone to confirm the login")
			return b.PushLogin(a.storage(stored))
		})
		if err == nil {
			return s, nil
		}
		a.log().Info("wechat: push login failed", "err", err)
	}
	// HotLogin on a storage with nothing to read falls back to the scan
	// and leaves the storage set, so openwechat saves the new session.
	return a.try(ctx, func(b *openwechat.Bot) error {
		return b.HotLogin(a.storage(nil), &scanInstead{})
	})
}

func (a *Adapter) try(ctx context.Context, login func(*openwechat.Bot) error) (*session, error) {
	s := a.newSession(ctx)
	if err := login(s.bot); err != nil {
		s.stop()
		return nil, err
	}
	self, err := s.bot.GetCurrentUser()
	if err != nil {
		s.stop()
		return nil, err
	}
	s.self, s.selfName = self.UserName, self.NickName
	a.log().Info("wechat: logged in", "account", s.selfName)
	a.loggedIn(true)
	return s, nil
}

// scanInstead turns a failed session reload into a QR login.
type scanInstead struct {
	openwechat.BaseBotLoginOption
	tried bool
}

func (o *scanInstead) OnError(b *openwechat.Bot, err error) error {
	if o.tried {
		return err
	}
	o.tried = true
	return b.Login()
}

// bind makes s the live session and learns this login's ids of the groups
// (with their members, to recognise them) and friends saved to contacts.
func (a *Adapter) bind(ctx context.Context, s *session) {
	contacts := s.initContacts()
	a.call.Lock()
	saved, err := s.bot.Caller.WebWxGetContact(ctx, s.bot.Storage.LoginInfo)
	a.call.Unlock()
	if err != nil {
		a.log().Warn("wechat: contact list unavailable; groups will be found when they speak", "err", err)
	}
	contacts = append(contacts, saved...)
	var groups openwechat.Members
	for _, u := range contacts {
		if strings.HasPrefix(u.UserName, "@@") {
			groups = append(groups, u)
		}
	}
	seen := a.groupDetails(ctx, s, groups)
	a.mu.Lock()
	for _, u := range contacts {
		if !strings.HasPrefix(u.UserName, "@@") && u.IsFriend() && u.UserName != s.self {
			a.dir.addFriend(u.UserName, u.RemarkName)
		}
	}
	a.learnGroups(seen)
	groupCount := len(a.dir.groupUser)
	a.sess = s
	a.mu.Unlock()
	a.log().Info("wechat: serving", "groups", groupCount)
}

// groupDetails fetches the members of groups, a batch at a time (WeChat
// answers up to 50), so that each is recognised by who is in it; a group
// whose members could not be fetched is known by its title alone.
func (a *Adapter) groupDetails(ctx context.Context, s *session, groups openwechat.Members) []seenGroup {
	const batch = 50
	var seen []seenGroup
	for len(groups) > 0 {
		n := min(batch, len(groups))
		part := groups[:n]
		groups = groups[n:]
		a.call.Lock()
		detailed, err := s.bot.Caller.WebWxBatchGetContact(ctx, part, s.bot.Storage.Request)
		a.call.Unlock()
		if err != nil {
			a.log().Warn("wechat: members of saved groups unavailable; known by title", "err", err)
			detailed = part
		}
		for _, g := range detailed {
			seen = append(seen, seenGroup{user: g.UserName, title: openwechat.FormatEmoji(g.NickName), members: groupMembers(g, s.self)})
		}
	}
	return seen
}

// initContacts are the chats webwxinit listed: recent ones, which may
// include groups not saved to contacts. openwechat's loop never touches
// them after login.
func (s *session) initContacts() openwechat.Members {
	if r := s.bot.Storage.Response; r != nil {
		return r.ContactList
	}
	return nil
}

func (a *Adapter) unbind(s *session) {
	a.mu.Lock()
	if a.sess == s {
		a.sess = nil
	}
	a.mu.Unlock()
}

// notLoggedIn is what sending meets between sessions: worth retrying soon.
func notLoggedIn() error {
	return &bot.SendError{RetryAfter: 30, Err: errors.New("wechat: not logged in")}
}
