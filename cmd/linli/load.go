package main

import (
	"context"
	"flag"
	"io"

	"linli/app"
)

// cmdLoad reads the flags of `linli load`.
func cmdLoad(ctx context.Context, args []string, stdout io.Writer) error {
	var o app.LoadOptions
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.IntVar(&o.Orders, "orders", 1000, "stored meal orders to seed")
	fs.IntVar(&o.Commands, "commands", 20000, "commands to send")
	fs.IntVar(&o.Workers, "workers", 4, "concurrent senders")
	fs.IntVar(&o.Residents, "residents", 2000, "resident accounts")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the measured part to FILE")
	fs.StringVar(&o.DB, "db", "", "the SQLite file (default: a temporary one; an existing file is reused)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if o.Orders < 0 || o.Commands < 1 || o.Workers < 1 || o.Residents < 1 {
		return usageError{"load: --orders, --commands, --workers and --residents must be positive"}
	}
	return app.Load(ctx, o, stdout)
}
