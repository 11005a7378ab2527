package main

import (
	"context"
	"encoding/csv"
	"flag"
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
	}
}

// cmdExport writes one feature's records as CSV or xlsx, reading the same
// database the bot uses (safe while it runs: SQLite in WAL lets readers in).
func cmdExport(ctx context.Context, args []string, stdout io.Writer) error {
	kinds := exporters()
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError{"export: say what to export: " + strings.Join(names, ", ")}
	}
	export, ok := kinds[args[0]]
	if !ok {
		return usageError{fmt.Sprintf("export: unknown kind %q (use %s)", args[0], strings.Join(names, ", "))}
	}
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfgPath := fs.String("config", "", "the configuration file")
	dbPath := fs.String("db", "", "the SQLite database file (default: the config's)")
	from := fs.String("from", "", "first date, YYYY-MM-DD")
	to := fs.String("to", "", "last date, YYYY-MM-DD")
	event := fs.Int("event", 0, "only this activity (signups)")
	format := fs.String("format", "csv", "csv or xlsx")
	outPath := fs.String("out", "", "the file to write (default: standard output)")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{"export: " + err.Error()}
	}
	if *format != "csv" && *format != "xlsx" {
		return usageError{fmt.Sprintf("export: --format %q: use csv or xlsx", *format)}
	}
	cfg := config.Default()
	if *cfgPath != "" {
		var err error
		if cfg, err = config.Load(*cfgPath, scheduler.Validate); err != nil {
			return err
		}
	} else if loc, err := time.LoadLocation(cfg.Timezone); err == nil {
		cfg.Location = loc
	}
	if *dbPath != "" {
		cfg.Database.Driver, cfg.Database.DSN = "sqlite", *dbPath
	}
	q := handlers.ExportQuery{Event: *event, Location: cfg.Location}
	for _, d := range []struct {
		flag string
		dst  *time.Time
	}{{*from, &q.From}, {*to, &q.To}} {
		if d.flag == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.flag, cfg.Location)
		if err != nil {
			return usageError{fmt.Sprintf("export: %q is not a date such as 2026-11-28", d.flag)}
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
	if *format == "xlsx" {
		write = func(w io.Writer, t handlers.Table) error { return writeXLSX(w, args[0], t) }
	}
	if *outPath == "" {
		return write(stdout, table)
	}
	f, err := createPrivate(*outPath)
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
