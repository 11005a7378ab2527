package web

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// funcs are the templates' helpers.
func funcs() template.FuncMap {
	return template.FuncMap{
		"yuan": bot.Yuan,
		"hm": func(t *time.Time, loc *time.Location) string {
			if t == nil {
				return ""
			}
			return t.In(loc).Format("15:04")
		},
		"stamp":      func(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02 15:04:05") },
		"tier":       tierName,
		"pickRows":   pickRows,
		"splitLines": func(s string) []string { return strings.Split(s, "\n") },
	}
}

// home is the start page: who is working and the pages their roles open.
type home struct {
	View      *viewer
	Community string
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, v *viewer) {
	s.render(w, http.StatusOK, "home", home{View: v, Community: s.cfg.Community})
}

// auditView is the audit log page, for admins.
type auditView struct {
	View     *viewer
	Entries  []store.AuditEntry
	Location *time.Location
}

// auditShown is how many entries the audit page lists, newest first.
const auditShown = 500

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	entries, err := s.cfg.Store.AuditLog(r.Context(), auditShown)
	if err != nil {
		s.fail(w, v, "audit log", err)
		return
	}
	s.render(w, http.StatusOK, "audit", auditView{View: v, Entries: entries, Location: s.cfg.Location})
}
