package app

import (
	"context"
	"io"

	"linli/config"
	"linli/scheduler"
)

// Run serves every enabled platform of the configuration at path until ctx
// ends (SIGINT or SIGTERM).
func Run(ctx context.Context, path string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, err := config.Load(path, scheduler.Validate)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.Log, cfg.Location)
	a, err := New(ctx, cfg, Options{Log: log, In: stdin, Out: stdout})
	if err != nil {
		return err
	}
	defer a.close()
	log.Info("linli started", "community", cfg.Community, "platforms", len(a.platforms))
	err = a.serve(ctx, false)
	log.Info("linli stopped")
	return err
}

// botNames are the names an @mention of the bot may use.
func botNames(cfg config.Config) []string {
	return []string{"Linli", "邻里", cfg.Community}
}
