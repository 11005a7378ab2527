package app

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"linli/config"
	"linli/handlers"
	"linli/scheduler"
	"linli/store"
	"linli/store/sqldb"
)

// exporters are the spreadsheets `linli export` can write, by name. Each
// feature's handlers shape its own rows; this file only writes them.
func exporters() map[string]func(ctx context.Context, st store.Store, q handlers.ExportQuery) (handlers.Table, error) {
	return map[string]func(context.Context, store.Store, handlers.ExportQuery) (handlers.Table, error){
		"meals":       handlers.ExportMeals,
		"signups":     handlers.ExportSignups,
		"suggestions": handlers.ExportSuggestions,
		"settlement":  handlers.ExportSettlement,
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
	cfg := config.Default()
	if o.Config != "" {
		var err error
		if cfg, err = config.Load(o.Config, scheduler.Validate); err != nil {
			return err
		}
	} else if loc, err := time.LoadLocation(cfg.Timezone); err == nil {
		cfg.Location = loc
	}
	if o.DB != "" {
		cfg.Database.Driver, cfg.Database.DSN = "sqlite", o.DB
	}
	q := handlers.ExportQuery{Event: o.Event, Location: cfg.Location}
	for _, d := range []struct {
		flag string
		dst  *time.Time
	}{{o.From, &q.From}, {o.To, &q.To}} {
		if d.flag == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.flag, cfg.Location)
		if err != nil {
			return fmt.Errorf("export: %q is not a date such as 2026-11-28", d.flag)
		}
		*d.dst = t
	}
	st, err := sqldb.Open(ctx, cfg.Database.Driver, cfg.Database.DSN)
	if err != nil {
		return err
	}
	defer st.Close()
	table, err := export(ctx, st, q)
	if err != nil {
		return err
	}
	write := writeCSV
	if o.Format == "xlsx" {
		write = func(w io.Writer, t handlers.Table) error { return writeXLSX(w, o.Kind, t) }
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

func writeCSV(w io.Writer, t handlers.Table) error {
	cw := csv.NewWriter(w)
	cw.Write(t.Header)
	cw.WriteAll(t.Rows)
	return cw.Error()
}

// writeXLSX writes the same columns as the CSV, plus the totals row.
func writeXLSX(w io.Writer, sheet string, t handlers.Table) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	rows := append([][]string{t.Header}, t.Rows...)
	if len(t.Totals) > 0 {
		rows = append(rows, t.Totals)
	}
	for i, row := range rows {
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = cellValue(v, i == 0)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// cellValue keeps numbers numeric so a spreadsheet can sum them; ids such
// as D12 and rooms such as 0301 stay text.
func cellValue(v string, header bool) any {
	if header || v == "" || (len(v) > 1 && v[0] == '0' && v[1] != '.') {
		return v
	}
	var f float64
	if _, err := fmt.Sscan(v, &f); err == nil && fmt.Sprint(f) == strings.TrimRight(strings.TrimRight(v, "0"), ".") {
		return f
	}
	return v
}
