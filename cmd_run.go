package main

import (
	"context"
	"flag"
	"io"

	"linli/bot"
	"linli/bot/console"
	"linli/config"
	"linli/scheduler"
)

// cmdRun serves every enabled platform until SIGINT or SIGTERM.
func cmdRun(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfgPath := fs.String("config", "", "the configuration file (see config.example.yaml)")
	if err := fs.Parse(args); err != nil {
		return usageError{"run: " + err.Error()}
	}
	if *cfgPath == "" {
		return usageError{"run: --config FILE is required (start from config.example.yaml, or try `linli chat` for a demo)"}
	}
	cfg, err := config.Load(*cfgPath, scheduler.Validate)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.Log)
	var platforms []bot.Platform
	if cfg.Console.Enabled {
		platforms = append(platforms, &console.Adapter{In: stdin, Out: stdout, BotNames: botNames(cfg)})
	}
	if cfg.Telegram.Enabled {
		tg, err := newTelegram(cfg, log)
		if err != nil {
			return err
		}
		platforms = append(platforms, tg)
	}
	a, err := newApp(ctx, cfg, log, nil, platforms...)
	if err != nil {
		return err
	}
	defer a.close()
	log.Info("linli started", "community", cfg.Community, "platforms", len(platforms))
	err = a.serve(ctx, false)
	log.Info("linli stopped")
	return err
}

func botNames(cfg config.Config) []string {
	return []string{"Linli", "邻里", cfg.Community}
}
