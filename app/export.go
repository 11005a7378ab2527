package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"linli/config"
	xport "linli/export"
	"linli/handlers"
	"linli/scheduler"
	"linli/store"
	"linli/store/sqldb"
)

// exporters are the spreadsheets `linli export` can write, by name. Each
// feature's handlers shape its own rows; this file only writes them.
func exporters() map[string]exporter {
	return map[string]exporter{
		"meals":       exportWith(handlers.ExportMeals),
		"signups":     exportWith(handlers.ExportSignups),
		"suggestions": exportWith(handlers.ExportSuggestions),
		"votes":       exportWith(handlers.ExportVotes),
		"funds":       exportWith(handlers.ExportFunds),
		"volunteers":  exportWith(handlers.ExportVolunteers),
		"settlement":  exportWith(handlers.ExportSettlement),
	}
}

// exporter shapes one kind's table from the database.
type exporter func(ctx context.Context, st *sqldb.Store, q handlers.ExportQuery) (handlers.Table, error)

// exportWith hands a feature's exporter the one narrow store it takes.
// *sqldb.Store implements every one (store/sqldb/implements.go checks it
// at compile time), so the assertion cannot fail.
func exportWith[S any](f func(context.Context, S, handlers.ExportQuery) (handlers.Table, error)) exporter {
	return func(ctx context.Context, st *sqldb.Store, q handlers.ExportQuery) (handlers.Table, error) {
		return f(ctx, any(st).(S), q)
	}
}

// ExportKinds are the names `linli export` takes, sorted.
func ExportKinds() []string {
	var names []string
	for k := range exporters() {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// ExportOptions are what `linli export` was given; From and To are
// YYYY-MM-DD in the community's time zone (empty: open).
type ExportOptions struct {
	Kind, Config, DB, From, To, Format, Out string
	Event                                   int
	// English writes the columns and values in English, for scripts
	// written before the spreadsheets spoke Chinese (--lang en).
	English bool
}

// sheets are the Chinese names of each kind's xlsx sheet.
func sheetName(kind string, english bool) string {
	if english {
		return kind
	}
	if name, ok := map[string]string{"meals": "订餐", "signups": "报名", "suggestions": "建议", "settlement": "月报",
		"votes": "投票", "funds": "众筹", "volunteers": "志愿时长"}[kind]; ok {
		return name
	}
	return kind
}

// Export writes one feature's records as CSV or xlsx, reading the same
// database the bot uses (safe while it runs: SQLite in WAL lets readers in).
func Export(ctx context.Context, o ExportOptions, stdout io.Writer) error {
	if o.Format == "" {
		o.Format = "csv"
	}
	export, ok := exporters()[o.Kind]
	if !ok {
		return fmt.Errorf("export: unknown kind %q (use %s)", o.Kind, strings.Join(ExportKinds(), ", "))
	}
	cfg, q, err := exportQuery(o)
	if err != nil {
		return err
	}
	// Read-only: an export beside a running bot of another version must
	// not migrate its database.
	st, err := sqldb.OpenReadOnly(ctx, cfg.Database.Driver, cfg.Database.DSN)
	if err != nil {
		return err
	}
	defer st.Close()
	if o.Event > 0 {
		if _, err := st.Event(ctx, uint(o.Event)); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("export: there is no activity %d (活动 %d 不存在)", o.Event, o.Event)
		}
	}
	table, err := export(ctx, st, q)
	if err != nil {
		return err
	}
	write := func(w io.Writer, t handlers.Table) error { return xport.WriteCSV(w, xport.Table(t)) }
	if o.Format == "xlsx" {
		write = func(w io.Writer, t handlers.Table) error {
			return xport.WriteXLSX(w, sheetName(o.Kind, o.English), xport.Table(t))
		}
	}
	if o.Out == "" {
		return write(stdout, table)
	}
	f, err := createPrivate(o.Out)
	if err != nil {
		return err
	}
	if err := write(f, table); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// exportQuery is the configuration and query of an export's options.
func exportQuery(o ExportOptions) (config.Config, handlers.ExportQuery, error) {
	cfg := config.Default()
	if o.Config != "" {
		var err error
		if cfg, err = config.Load(o.Config, scheduler.Validate); err != nil {
			return cfg, handlers.ExportQuery{}, err
		}
	} else if loc, err := time.LoadLocation(cfg.Timezone); err == nil {
		cfg.Location = loc
	}
	if o.DB != "" {
		cfg.Database.Driver, cfg.Database.DSN = "sqlite", o.DB
	}
	q := handlers.ExportQuery{Event: o.Event, Location: cfg.Location, English: o.English}
	for _, d := range []struct {
		flag string
		dst  *time.Time
	}{{o.From, &q.From}, {o.To, &q.To}} {
		if d.flag == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.flag, cfg.Location)
		if err != nil {
			return cfg, q, fmt.Errorf("export: %q is not a date such as 2026-11-28", d.flag)
		}
		*d.dst = t
	}
	return cfg, q, nil
}

// createPrivate creates (or empties) a file only its owner may read or
// write: an export names residents, their rooms and what they asked for.
// The mode is set after opening, as the umask may narrow or a file that
// was already there may carry a wider one.
func createPrivate(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
