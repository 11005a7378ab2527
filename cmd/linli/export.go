package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"linli/app"
)

// cmdExport reads the flags of `linli export KIND`.
func cmdExport(ctx context.Context, args []string, stdout io.Writer) error {
	names := app.ExportKinds()
	var o app.ExportOptions
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		o.Kind, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.StringVar(&o.Config, "config", "", "the configuration file")
	fs.StringVar(&o.DB, "db", "", "the SQLite database file (default: the config's)")
	fs.StringVar(&o.From, "from", "", "first date, YYYY-MM-DD")
	fs.StringVar(&o.To, "to", "", "last date, YYYY-MM-DD")
	fs.IntVar(&o.Event, "event", 0, "only this activity (signups)")
	fs.StringVar(&o.Format, "format", "csv", "csv or xlsx")
	fs.StringVar(&o.Out, "out", "", "the file to write (default: standard output)")
	lang := fs.String("lang", "zh", "zh (columns and values in Chinese) or en")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	switch {
	case o.Kind == "":
		return usageError{"export: say what to export: " + strings.Join(names, ", ")}
	case !slices.Contains(names, o.Kind):
		return usageError{fmt.Sprintf("export: unknown kind %q (use %s)", o.Kind, strings.Join(names, ", "))}
	case o.Format == "xlsx" && o.Out == "" && isTerminal(stdout):
		return usageError{"export: an xlsx file is binary: give --out FILE (or send it through a pipe)"}
	}
	if *lang != "zh" && *lang != "en" {
		return usageError{fmt.Sprintf("export: --lang %q: use zh or en", *lang)}
	}
	o.English = *lang == "en"
	if o.Format != "csv" && o.Format != "xlsx" {
		return usageError{fmt.Sprintf("export: --format %q: use csv or xlsx", o.Format)}
	}
	for _, d := range []string{o.From, o.To} {
		if _, err := time.Parse("2006-01-02", d); d != "" && err != nil {
			return usageError{fmt.Sprintf("export: %q is not a date such as 2026-11-28", d)}
		}
	}
	return app.Export(ctx, o, stdout)
}

// isTerminal reports whether w is a terminal, where binary output would
// only garble the screen.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
