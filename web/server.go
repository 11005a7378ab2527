// Package web is the community office: a panel in the browser for the
// people who run the community (community workers, building heads, canteen
// staff). It has no passwords: the bot sends a one-time login link
// privately to someone with a role (IssueLink), and the session it opens
// can do what that person's roles allow, read again on every request.
//
// Pages are server-rendered html/template with embedded assets; every form
// works without JavaScript and carries a CSRF token; every change is
// written to the audit log. The package speaks store's interfaces and
// never a database driver.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"linli/store"
)

// Store is what the panel reads and writes, all of it narrow store
// interfaces or their methods; *sqldb.Store is one.
type Store interface {
	store.Office
	store.Settlements
	ResidentByID(ctx context.Context, id uint) (store.Resident, error)
	RolesOf(ctx context.Context, residentID uint) ([]store.Role, error)
	MenusOn(ctx context.Context, date string) ([]store.Menu, error)
	Orders(ctx context.Context, q store.OrderQuery) ([]store.OrderLine, error)
	store.PickupLists
	Suggestions(ctx context.Context, f store.SuggestionFilter) ([]store.Suggestion, error)
	// 活动, 社区 and 通知 (events.go, community.go, notices.go).
	store.Desk
	UpcomingEvents(ctx context.Context, now time.Time, buildings ...string) ([]store.EventCount, error)
	CountEvent(ctx context.Context, id uint) (store.EventCount, error)
	Signups(ctx context.Context, eventID uint, statuses ...string) ([]store.Signup, error)
	Groups(ctx context.Context) ([]store.Chat, error)
	HouseholdByID(ctx context.Context, id uint) (store.Household, error)
	// The 状态, 图表, 投票, 收到情况 and 众筹 pages (desk.go).
	deskStore
}

// Config is what the panel needs from the rest of Linli.
type Config struct {
	Store     Store
	Community string
	// Base is the address browsers use (web.public_url), without a
	// trailing slash; empty until Listen learns the bound address.
	Base string
	// Secure marks the session cookie https-only (public_url is https).
	Secure   bool
	Location *time.Location
	Now      func() time.Time
	Log      *slog.Logger
	// Spreadsheet writes an xlsx file of kind ("meals", "settlement";
	// "signups:3" is one activity's sign-ups, whatever the days) for
	// the days from..to, through the app's export code (the only importer
	// of the spreadsheet library); nil: no downloads.
	Spreadsheet func(ctx context.Context, w io.Writer, kind string, from, to time.Time) error
	// Command runs a chat command as the resident logged in, given from a
	// browser at from (设置菜单 …, 停餐 …), with the chat's reading,
	// permissions, validation, notifications and audit, and returns the
	// bot's answer; nil: the panel's forms are off.
	Command func(ctx context.Context, residentID uint, from, text string) (string, error)
	// CommandAbout is Command for a command about someone (设置楼组长 @某人,
	// 移出 8号楼301 @某人): about is the account picked in the panel, given
	// to the chat side as the chat's @mention of that account, so no name
	// is looked up; nil: the forms that name a person are off.
	CommandAbout func(ctx context.Context, residentID uint, from, text string, about store.Resident) (string, error)
	// Platforms are the platforms' sessions for the 状态 page, as this
	// process sees them (nil: none shown); LastBackup the newest nightly
	// backup, ok false when there is none (nil: backups are off).
	Platforms  func() []PlatformSession
	LastBackup func() (f BackupFile, ok bool, err error)
}

// Lifetimes of what the panel hands out.
const (
	// LinkLife is how long a login link waits to be opened.
	LinkLife = 10 * time.Minute
	// IdleLife ends a session nobody has used for this long: a desk
	// computer left open at the community centre.
	IdleLife = 30 * time.Minute
	// MaxLife ends any session after a working day.
	MaxLife = 12 * time.Hour
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Server is the panel. Build it with New; Handler serves it, Listen binds
// and serves it until its context ends.
type Server struct {
	cfg   Config
	base  atomic.Pointer[string]
	pages map[string]*template.Template
	mux   *http.ServeMux
	// pages are rendered into these before anything is sent (see render):
	// kept from one request to the next, a pick-up list of 2,000 orders
	// (1.5 MB) is not grown from nothing each time.
	buffers sync.Pool
}

// New builds the panel; templates that do not parse are a programming
// error reported here, at start.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, pages: map[string]*template.Template{}}
	s.base.Store(&cfg.Base)
	for _, page := range []string{"message", "home", "canteen", "audit", "report", "command", "suggestions",
		"events", "event", "signsheet", "community", "notices", "status", "charts", "votes", "receipts", "funds"} {
		t, err := template.New(page).Funcs(funcs()).ParseFS(templateFS, "templates/layout.html", "templates/part_*.html", "templates/"+page+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", page, err)
		}
		s.pages[page] = t
	}
	s.routes()
	return s, nil
}

// routes registers every page; a conflicting pattern panics at start.
func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux = http.NewServeMux()
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /login/{token}", s.login)
	s.mux.HandleFunc("POST /logout", s.authed(anyRole, s.logout))
	s.mux.HandleFunc("GET /{$}", s.authed(anyRole, s.home))
	s.mux.HandleFunc("GET /canteen", s.authed(canteen, s.canteenPage))
	s.mux.HandleFunc("POST /canteen/pickup", s.authed(canteen, s.pickUp))
	s.mux.HandleFunc("POST /canteen/menu", s.authed(canteen, s.setMenu))
	s.mux.HandleFunc("POST /canteen/stop", s.authed(canteen, s.stopMeal))
	s.mux.HandleFunc("GET /canteen.xlsx", s.authed(canteen, s.canteenSheet))
	s.mux.HandleFunc("GET /report", s.authed(canteen, s.reportPage))
	s.mux.HandleFunc("GET /report.xlsx", s.authed(canteen, s.reportSheet))
	s.mux.HandleFunc("GET /suggestions", s.authed(staff, s.suggestionsPage))
	s.mux.HandleFunc("POST /suggestions/act", s.authed(staff, s.actOnSuggestion))
	s.mux.HandleFunc("GET /audit", s.authed(admin, s.auditPage))
	s.eventRoutes()
	s.communityRoutes()
	s.noticeRoutes()
	s.mux.HandleFunc("GET /status", s.authed(admin, s.statusPage))
	s.mux.HandleFunc("GET /charts", s.authed(desk, s.chartsPage))
	s.mux.HandleFunc("GET /votes", s.authed(staff, s.votesPage))
	s.mux.HandleFunc("GET /receipts", s.authed(staff, s.receiptsPage))
	s.mux.HandleFunc("GET /funds", s.authed(staff, s.fundsPage))
}

// Handler is the panel with its security headers.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		// A login link's token must not leave in a Referer.
		h.Set("Referrer-Policy", "no-referrer")
		s.mux.ServeHTTP(w, r)
	})
}

// Base is the address links start with.
func (s *Server) Base() string { return *s.base.Load() }

// Listen binds addr and serves the panel until ctx ends. When no public
// address was configured the links point at the bound one (`linli chat`
// asks for a free port with 127.0.0.1:0).
func (s *Server) Listen(ctx context.Context, addr string) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	if s.Base() == "" {
		base := "http://" + ln.Addr().String()
		s.base.Store(&base)
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second,
		ErrorLog: slog.NewLogLogger(s.cfg.Log.Handler(), slog.LevelWarn)}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.cfg.Log.Error("web panel stopped", "err", err)
		}
	}()
	return ln.Addr(), nil
}

// render writes a page, or logs why it could not.
func (s *Server) render(w http.ResponseWriter, status int, page string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	b, _ := s.buffers.Get().(*bytes.Buffer)
	if b == nil {
		b = new(bytes.Buffer)
	}
	defer s.buffers.Put(b)
	b.Reset()
	if err := s.pages[page].ExecuteTemplate(b, "layout", data); err != nil {
		s.cfg.Log.Error("web: render", "page", page, "err", err)
		http.Error(w, "页面出错了，请稍后再试。", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// message is a page that only says something (a dead link, a refusal).
type message struct {
	Title, Text string
	View        *viewer
}

func (s *Server) say(w http.ResponseWriter, status int, v *viewer, title, text string) {
	s.render(w, status, "message", message{Title: title, Text: text, View: v})
}

// fail logs an internal error once and tells the person briefly.
func (s *Server) fail(w http.ResponseWriter, v *viewer, what string, err error) {
	s.cfg.Log.Error("web: "+what, "err", err)
	s.say(w, http.StatusInternalServerError, v, "出错了", "这一页暂时打不开，请稍后再试；一直这样请告诉社区工作人员。")
}
