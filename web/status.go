package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"rsc.io/qr"

	"linli/bot"
	"linli/store"
)

// PlatformSession is a platform's session as this process sees it, for
// the 状态 page. State is serving, standby (another replica serves it),
// login (waiting for a person to log the account in) or stopped; Scan is
// what WeChat's login QR code encodes while a scan is needed, At when it
// was shown.
type PlatformSession struct {
	Platform, State, Scan string
	At                    time.Time
}

// BackupFile is the newest nightly backup on disk.
type BackupFile struct {
	Name string
	Size int64
	At   time.Time
}

// statusView is the 状态 page, for admins.
type statusView struct {
	View      *viewer
	Platforms []platformLine
	Backlog   []backlogLine
	Failures  []failureLine
	Backup    backupLine
}

type platformLine struct {
	Name, State, Since string
	Login              bool
	QR                 template.HTML // the login QR code, drawn here
	Link               string        // its address, when it cannot be drawn
}

type backlogLine struct {
	Platform, Oldest, Age string
	Unsent                int
	Late                  bool
}

type failureLine struct{ Job, Due, At, Error string }

type backupLine struct {
	On                      bool
	File, Size, At, LastRun string
	Failed, FailedAt        string
	Stale                   bool
	Err                     string
}

// Windows of the 状态 page: failures shown, and a backlog or backup old
// enough to be worth a warning.
const (
	failuresShown = 30 * 24 * time.Hour
	failuresMost  = 100
	backlogLate   = 10 * time.Minute
	backupStale   = 36 * time.Hour
)

func (s *Server) statusPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx, now := r.Context(), s.cfg.Now()
	page := statusView{View: v}
	if s.cfg.Platforms != nil {
		for _, p := range s.cfg.Platforms() {
			page.Platforms = append(page.Platforms, s.platformLine(p, now))
		}
	}
	backlog, err := s.cfg.Store.OutboxBacklog(ctx)
	if err != nil {
		s.fail(w, v, "outbox backlog", err)
		return
	}
	for _, b := range backlog {
		page.Backlog = append(page.Backlog, backlogLine{Platform: platformTitle(b.Platform), Unsent: b.Unsent,
			Oldest: b.Oldest.In(s.cfg.Location).Format("1月2日 15:04:05"), Age: ago(now.Sub(b.Oldest)), Late: now.Sub(b.Oldest) > backlogLate})
	}
	failures, err := s.cfg.Store.JobFailures(ctx, now.Add(-failuresShown), failuresMost)
	if err != nil {
		s.fail(w, v, "job failures", err)
		return
	}
	for _, f := range failures {
		page.Failures = append(page.Failures, failureLine{Job: f.Job, Due: f.Due.In(s.cfg.Location).Format("1月2日 15:04"),
			At: f.At.In(s.cfg.Location).Format("1月2日 15:04:05"), Error: f.Error})
	}
	if page.Backup, err = s.backupLine(r, failures, now); err != nil {
		s.fail(w, v, "last backup", err)
		return
	}
	s.render(w, http.StatusOK, "status", page)
}

// platformLine says how a platform is; on WeChat waiting for a scan, it
// draws the latest login QR code for an admin to scan with the bot's phone.
func (s *Server) platformLine(p PlatformSession, now time.Time) platformLine {
	l := platformLine{Name: platformTitle(p.Platform)}
	switch p.State {
	case "serving":
		l.State = "在线，正在收发消息"
	case "standby":
		l.State = "由另一台服务器收发（本机待命）"
	case "login":
		l.State, l.Login = "等待扫码登录", true
	case "stopped":
		l.State = "已停止"
	default:
		l.State = p.State
	}
	if l.Login && p.Scan != "" {
		l.Since = "二维码生成于 " + p.At.In(s.cfg.Location).Format("15:04:05") + "（" + ago(now.Sub(p.At)) + "）"
		if svg, err := qrSVG(p.Scan); err == nil {
			l.QR = svg
		} else {
			l.Link = p.Scan
		}
	}
	return l
}

// backupLine is the newest backup on disk, the ledger's last run of the
// backup job and its latest failure.
func (s *Server) backupLine(r *http.Request, failures []store.JobFailure, now time.Time) (backupLine, error) {
	var b backupLine
	if s.cfg.LastBackup == nil {
		return b, nil
	}
	b.On = true
	file, ok, err := s.cfg.LastBackup()
	switch {
	case err != nil:
		b.Err = err.Error()
	case !ok:
		b.Stale = true
	default:
		b.File, b.Size, b.At = file.Name, size(file.Size), file.At.In(s.cfg.Location).Format("2006-01-02 15:04")
		b.Stale = now.Sub(file.At) > backupStale
	}
	last, err := s.cfg.Store.LastRun(r.Context(), "backup")
	if err != nil {
		return b, err
	}
	if !last.IsZero() {
		b.LastRun = last.In(s.cfg.Location).Format("2006-01-02 15:04")
	}
	if i := slices.IndexFunc(failures, func(f store.JobFailure) bool { return f.Job == "backup" }); i >= 0 {
		b.Failed, b.FailedAt = failures[i].Error, failures[i].At.In(s.cfg.Location).Format("2006-01-02 15:04")
	}
	return b, nil
}

// qrSVG draws a QR code as SVG, one square a module and a quiet zone of
// four, from the address alone: the page needs nothing from WeChat.
func qrSVG(text string) (template.HTML, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", err
	}
	n := code.Size + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="微信登录二维码" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n, n*6, n*6, n, n)
	for y := range code.Size {
		for x := range code.Size {
			if code.Black(x, y) {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+4, y+4)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()), nil // numbers only
}

func platformTitle(p string) string {
	switch p {
	case bot.WeChat:
		return "微信"
	case bot.Telegram:
		return "Telegram"
	case bot.Console:
		return "控制台"
	}
	return p
}

// ago says how long ago, roughly, in words.
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "刚刚"
	case d < time.Hour:
		return fmt.Sprintf("%d 分钟前", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d 小时前", int(d.Hours()))
	}
	return fmt.Sprintf("%d 天前", int(d.Hours()/24))
}

func size(n int64) string {
	units := []string{"B", "KB", "MB", "GB"}
	f, i := float64(n), 0
	for f >= 1024 && i < len(units)-1 {
		f, i = f/1024, i+1
	}
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", f), "0"), ".") + " " + units[i]
}
