package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// cookieName holds the session's token; the database keeps its digest.
const cookieName = "linli_office"

// digest is what is kept of a token: its SHA-256, so a copy of the
// database opens nothing.
func digest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// csrfToken is the session's form token, derived from the session's own
// token: it needs no storage, and the database (holding only digests)
// cannot forge it.
func csrfToken(sessionToken string) string {
	sum := sha256.Sum256([]byte("linli csrf\x00" + sessionToken))
	return hex.EncodeToString(sum[:16])
}

// IssueLink makes a one-time login link for a resident, valid LinkLife.
// The chat command 后台 sends it privately; the caller has checked that
// the resident holds a role (the panel checks again on every request).
func (s *Server) IssueLink(ctx context.Context, residentID uint) (string, time.Time, error) {
	if s.Base() == "" {
		return "", time.Time{}, errors.New("web: the panel is not served")
	}
	token := rand.Text() // 26 characters, 130 bits
	until := s.cfg.Now().Add(LinkLife)
	if err := s.cfg.Store.IssueLogin(ctx, digest(token), residentID, until); err != nil {
		return "", time.Time{}, fmt.Errorf("issue a login link: %w", err)
	}
	return s.Base() + "/login/" + token, until, nil
}

// login opens a link: a plain GET, so that it works when tapped in a chat
// app. It starts the session and redirects to the clean address, so the
// token is neither in the address bar nor in the history's last page.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead || previewer(r.UserAgent()) {
		// A link checker or a chat app's preview must not spend the link
		// before the person taps it (Telegram's previews are turned off
		// when the bot sends, but a forwarded link may still be fetched).
		s.say(w, http.StatusOK, nil, "邻里后台", "请在手机或电脑的浏览器里打开这个链接。")
		return
	}
	token := r.PathValue("token")
	session := rand.Text()
	ws, err := s.cfg.Store.OpenSession(r.Context(), digest(token), digest(session), remote(r), s.cfg.Now())
	if errors.Is(err, store.ErrNotFound) {
		s.say(w, http.StatusGone, nil, "链接已失效", "这个登录链接已经用过或过期了（10分钟内有效，只能用一次）。\n请在聊天里私聊机器人发「后台」，再取一个。")
		return
	}
	if err != nil {
		s.fail(w, nil, "open a session", err)
		return
	}
	who, _ := s.cfg.Store.ResidentByID(r.Context(), ws.ResidentID)
	s.audit(r.Context(), &viewer{Resident: who}, r, "登录后台", "")
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: session, Path: "/", HttpOnly: true,
		Secure: s.cfg.Secure, SameSite: http.SameSiteLaxMode, MaxAge: int(MaxLife.Seconds())})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// previewer reports whether a User-Agent is a robot fetching a link for a
// preview rather than a person's browser. WeChat's own browser
// (MicroMessenger) and Telegram's in-app one are browsers.
func previewer(ua string) bool {
	ua = strings.ToLower(ua)
	for _, robot := range []string{"bot", "preview", "facebookexternalhit", "whatsapp", "crawler", "spider"} {
		if strings.Contains(ua, robot) {
			return true
		}
	}
	return false
}

// viewer is the person behind a request and what they may do now.
type viewer struct {
	Resident store.Resident
	Grants   []bot.Grant
	CSRF     string
	token    string
}

// caller is the viewer as the chat side knows a person.
func (v *viewer) caller() bot.Caller {
	return bot.Caller{ResidentID: v.Resident.ID, Grants: v.Grants}
}

// Titles are the viewer's roles as people call them, for the page header.
func (v *viewer) Titles() []string {
	var ts []string
	for _, g := range v.Grants {
		t := bot.RoleTitle(g.Role)
		if g.Building != "" {
			t = g.Building + t
		}
		ts = append(ts, t)
	}
	return ts
}

// access decides whether a viewer may open a page.
type access func(bot.Caller) bool

func anyRole(c bot.Caller) bool { return len(c.Grants) > 0 }
func admin(c bot.Caller) bool   { return c.IsAdmin() }
func canteen(c bot.Caller) bool { return c.May([]string{bot.RoleCanteenManager}) }

// Canteen and Admin tell the templates which pages to link.
func (v *viewer) Canteen() bool { return canteen(v.caller()) }
func (v *viewer) Admin() bool   { return admin(v.caller()) }

// authed wraps a page: a live session, its person's roles read now (a
// role taken back ends the session), the page's own rule, and on a POST
// the form's CSRF token.
func (s *Server) authed(may access, next func(http.ResponseWriter, *http.Request, *viewer)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := s.session(w, r)
		if !ok {
			return
		}
		if !may(v.caller()) {
			s.say(w, http.StatusForbidden, v, "没有权限", "这一页不在您的身份范围内。")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
			if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(v.CSRF)) != 1 {
				s.say(w, http.StatusForbidden, v, "请重新操作", "这个表单已经过期或不是从本页提交的，没有执行。请刷新页面再试一次。")
				return
			}
		}
		next(w, r, v)
	}
}

// session finds the request's live session and its person's roles now;
// without one it answers and reports false.
func (s *Server) session(w http.ResponseWriter, r *http.Request) (*viewer, bool) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		s.say(w, http.StatusUnauthorized, nil, "请先登录", "请在聊天里私聊机器人发「后台」，点它回复的链接登录。")
		return nil, false
	}
	now := s.cfg.Now()
	ws, err := s.cfg.Store.Session(r.Context(), digest(c.Value), now, now.Add(-IdleLife), now.Add(-MaxLife))
	if errors.Is(err, store.ErrNotFound) {
		clearCookie(w, s.cfg.Secure)
		s.say(w, http.StatusUnauthorized, nil, "已退出", "太久没有操作，后台已自动退出。\n请在聊天里私聊机器人发「后台」，再取一个登录链接。")
		return nil, false
	}
	if err != nil {
		s.fail(w, nil, "find a session", err)
		return nil, false
	}
	v, err := s.viewerOf(r.Context(), ws.ResidentID)
	if err != nil {
		s.fail(w, nil, "roles of a session", err)
		return nil, false
	}
	if len(v.Grants) == 0 {
		s.cfg.Store.EndSession(r.Context(), digest(c.Value), now)
		clearCookie(w, s.cfg.Secure)
		s.say(w, http.StatusForbidden, nil, "已退出", "您现在没有社区里的身份，后台已退出。如有疑问请联系社区工作人员。")
		return nil, false
	}
	v.token, v.CSRF = c.Value, csrfToken(c.Value)
	return v, true
}

func (s *Server) viewerOf(ctx context.Context, residentID uint) (*viewer, error) {
	who, err := s.cfg.Store.ResidentByID(ctx, residentID)
	if errors.Is(err, store.ErrNotFound) {
		return &viewer{}, nil // erased (注销): no roles
	}
	if err != nil {
		return nil, err
	}
	roles, err := s.cfg.Store.RolesOf(ctx, residentID)
	if err != nil {
		return nil, err
	}
	v := &viewer{Resident: who}
	for _, ro := range roles {
		g := bot.Grant{Role: ro.Name, Building: ro.Building}
		if !slices.Contains(v.Grants, g) {
			v.Grants = append(v.Grants, g)
		}
	}
	return v, nil
}

func clearCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := s.cfg.Store.EndSession(r.Context(), digest(v.token), s.cfg.Now()); err != nil {
		s.fail(w, v, "end a session", err)
		return
	}
	s.audit(r.Context(), v, r, "退出后台", "")
	clearCookie(w, s.cfg.Secure)
	s.say(w, http.StatusOK, nil, "已退出", "后台已退出。下次请在聊天里私聊机器人发「后台」。")
}

// audit writes a change to the audit log; a failure is logged, since the
// change itself is made.
func (s *Server) audit(ctx context.Context, v *viewer, r *http.Request, action, detail string) {
	e := store.AuditEntry{At: s.cfg.Now(), ResidentID: v.Resident.ID, Who: v.Resident.Name,
		Action: action, Detail: detail, Via: "web", From: remote(r)}
	if err := s.cfg.Store.Audit(ctx, e); err != nil {
		s.cfg.Log.Error("web: audit not written", "action", action, "err", err)
	}
}

// remote is the browser's address as the connection shows it.
func remote(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
