package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"linli/config"
	"linli/internal/healthcheck"
	"linli/internal/version"
	"linli/scheduler"
	"linli/store/sqldb"
)

// DataOptions name the database a data command works on: the
// configuration's, or a SQLite file given directly (DB wins).
type DataOptions struct {
	Config, DB string
}

// database is the driver and DSN of o.
func (o DataOptions) database() (config.Config, error) {
	cfg := config.Default()
	if o.Config != "" {
		var err error
		if cfg, err = config.Load(o.Config, scheduler.Validate); err != nil {
			return cfg, err
		}
	}
	if o.DB != "" {
		cfg.Database.Driver, cfg.Database.DSN = "sqlite", o.DB
	}
	if o.Config == "" && o.DB == "" {
		return cfg, fmt.Errorf("say which database: --config FILE or --db FILE")
	}
	return cfg, nil
}

// Backup writes a consistent copy of the SQLite database to out while the
// bot may be running (PostgreSQL: use pg_dump, it says).
func Backup(ctx context.Context, o DataOptions, out string, stdout io.Writer) error {
	cfg, err := o.database()
	if err != nil {
		return err
	}
	if err := sqldb.Backup(ctx, cfg.Database.Driver, cfg.Database.DSN, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", cfg.Database.DSN, out)
	return nil
}

// Restore puts the backup file in place of the SQLite database, refusing
// while Linli has it open; the database it replaces is set aside.
func Restore(ctx context.Context, o DataOptions, file string, stdout io.Writer) error {
	cfg, err := o.database()
	if err != nil {
		return err
	}
	if cfg.Database.Driver == "postgres" {
		return fmt.Errorf("restore: the database is PostgreSQL: restore it with pg_restore")
	}
	aside, err := sqldb.Restore(ctx, file, cfg.Database.DSN, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s from %s\n", cfg.Database.DSN, file)
	if aside != "" {
		fmt.Fprintf(stdout, "the database it replaced is kept as %s\n", aside)
	}
	return nil
}

// Health asks the running Linli of the configuration at path whether it is
// well, and returns the exit status (0 healthy, 1 not).
func Health(ctx context.Context, path string, stdout io.Writer) (int, error) {
	cfg := config.Default()
	if path != "" {
		var err error
		if cfg, err = config.Load(path, scheduler.Validate); err != nil {
			return 1, err
		}
	}
	return healthcheck.Check(ctx, cfg.Metrics.Addr, 10*time.Second, stdout), nil
}

// Version is what `linli version` prints: module version, commit, build time.
func Version() string { return version.Get().String() }
