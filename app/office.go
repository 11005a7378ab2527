package app

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	xport "linli/export"
	"linli/handlers"
	"linli/web"
)

// officeServer is the community office's web panel as the app runs it:
// links are made only once its address is bound.
type officeServer struct {
	srv    *web.Server
	addr   string
	served atomic.Bool
}

// newOffice builds the panel (unless web.addr is empty) and the chat
// side of it: the 后台 command and the audit of chat commands.
func (a *app) newOffice() (*handlers.Office, error) {
	if a.cfg.Web.Addr == "" {
		return handlers.NewOffice(a.store, nil, a.log), nil
	}
	base := ""
	if a.cfg.Web.PublicURL != "" || !bindsAnyPort(a.cfg.Web.Addr) {
		base = a.cfg.Web.Base()
	}
	srv, err := web.New(web.Config{Store: a.store, Community: a.cfg.Community, Base: base, Secure: a.cfg.Web.Secure(),
		Location: a.cfg.Location, Now: a.now, Log: a.log.With("part", "web"), Spreadsheet: a.spreadsheet,
		Command: a.panelCommand, CommandAbout: a.panelCommandAbout, Platforms: a.officePlatforms, LastBackup: a.officeBackup()})
	if err != nil {
		return nil, err
	}
	a.office = &officeServer{srv: srv, addr: a.cfg.Web.Addr}
	link := func(ctx context.Context, residentID uint) (string, time.Time, error) {
		if !a.office.served.Load() {
			return "", time.Time{}, handlers.ErrOfficeClosed
		}
		return srv.IssueLink(ctx, residentID)
	}
	return handlers.NewOffice(a.store, link, a.log), nil
}

// spreadsheet writes one of `linli export`'s spreadsheets as xlsx, for the
// panel's downloads: the same columns, from the same code.
func (a *app) spreadsheet(ctx context.Context, w io.Writer, kind string, from, to time.Time) error {
	q := handlers.ExportQuery{From: from, To: to, Location: a.cfg.Location}
	if k, event, ok := strings.Cut(kind, ":"); ok { // signups:3, one activity's
		n, err := strconv.Atoi(event)
		if err != nil || n <= 0 {
			return fmt.Errorf("spreadsheet: bad kind %q", kind)
		}
		kind, q = k, handlers.ExportQuery{Event: n, Location: a.cfg.Location}
	}
	export, ok := exporters()[kind]
	if !ok {
		return fmt.Errorf("spreadsheet: unknown kind %q", kind)
	}
	t, err := export(ctx, a.store, q)
	if err != nil {
		return err
	}
	return xport.WriteXLSX(w, sheetName(kind, false), xport.Table(t))
}

// chatSheet writes a spreadsheet asked for in the chat (导出订餐 …) as
// `linli export --format xlsx` writes it: the same sheet, the same columns.
func chatSheet(w io.Writer, kind string, t handlers.Table) error {
	return xport.WriteXLSX(w, sheetName(kind, false), xport.Table(t))
}

// bindsAnyPort reports whether addr asks for a free port (…:0), whose
// links can only be made once it is bound.
func bindsAnyPort(addr string) bool {
	return len(addr) >= 2 && addr[len(addr)-2:] == ":0"
}

// listenOffice serves the panel until ctx ends. An address that cannot be
// bound is logged once and the chats are served anyway: the panel is a
// convenience, the chats are the service; 后台 then says it is off.
func (a *app) listenOffice(ctx context.Context) {
	if a.office == nil || a.office.served.Load() {
		return // off, or served already (linli chat binds it first)
	}
	addr, err := a.office.srv.Listen(ctx, a.office.addr)
	if err != nil {
		a.log.Error("the web panel is not served: its address cannot be bound; the chats are served", "web.addr", a.office.addr, "err", err)
		return
	}
	a.office.served.Store(true)
	a.log.Info("web panel served", "addr", addr.String(), "links", a.office.srv.Base())
}

// officeBase is where the panel is reached, once served ("" if not).
func (a *app) officeBase() string {
	if a.office == nil || !a.office.served.Load() {
		return ""
	}
	return a.office.srv.Base()
}
