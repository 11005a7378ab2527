package main

import (
	"context"
	"flag"
	"io"

	"linli/app"
)

// cmdChat reads the flags of `linli chat`.
func cmdChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "the configuration file (default: a demo community)")
	dbPath := fs.String("db", "", "the SQLite database file (default: the config's, or a temporary one)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	return app.Chat(ctx, app.ChatOptions{Config: *cfgPath, DB: *dbPath}, stdin, stdout, stderr)
}
