package main

import (
	"context"
	"flag"
	"io"

	"linli/app"
)

// cmdRun reads the flags of `linli run`.
func cmdRun(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "the configuration file (see config.example.yaml)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if *cfgPath == "" {
		return usageError{"run: --config FILE is required (start from config.example.yaml, or try `linli chat` for a demo)"}
	}
	return app.Run(ctx, *cfgPath, stdin, stdout, stderr)
}
