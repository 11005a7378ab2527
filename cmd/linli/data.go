package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"linli/app"
)

// dataFlags reads --config FILE and --db FILE, how the data commands name
// their database, and whatever else add declares.
func dataFlags(name string, args []string, stdout io.Writer, add func(fs *flag.FlagSet)) (app.DataOptions, *flag.FlagSet, error) {
	var o app.DataOptions
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&o.Config, "config", "", "the configuration file")
	fs.StringVar(&o.DB, "db", "", "the SQLite database file (instead of the config's)")
	if add != nil {
		add(fs)
	}
	if err := parseFlags(fs, args, stdout); err != nil {
		return o, fs, err
	}
	if o.Config == "" && o.DB == "" {
		return o, fs, usageError{name + ": say which database: --config FILE or --db FILE"}
	}
	return o, fs, nil
}

// cmdBackup reads the flags of `linli backup`.
func cmdBackup(ctx context.Context, args []string, stdout io.Writer) error {
	var out string
	o, _, err := dataFlags("backup", args, stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "the backup file to write (must not exist)")
	})
	if err != nil {
		return err
	}
	if out == "" {
		return usageError{"backup: --out FILE is required"}
	}
	return app.Backup(ctx, o, out, stdout)
}

// cmdRestore reads the flags of `linli restore FILE`.
func cmdRestore(ctx context.Context, args []string, stdout io.Writer) error {
	o, fs, err := dataFlags("restore", args, stdout, nil)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"restore: name the backup file: linli restore --config FILE BACKUP"}
	}
	return app.Restore(ctx, o, fs.Arg(0), stdout)
}

// cmdHealth reads the flags of `linli health`; its exit status is the
// answer (0 healthy, 1 not), for a container's HEALTHCHECK.
func cmdHealth(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("health", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "the configuration file (its metrics.addr)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	status, err := app.Health(ctx, *cfgPath, stdout)
	if err != nil {
		return err
	}
	if status != 0 {
		return exitStatus(status)
	}
	return nil
}

// exitStatus is an exit status with nothing more to say (it was said).
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }
