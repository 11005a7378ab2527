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
	fs.SetOutput(io.Discard)
	cfgPath := fs.String("config", "", "the configuration file (default: a demo community)")
	dbPath := fs.String("db", "", "the SQLite database file (default: the config's, or a temporary one)")
	if err := fs.Parse(args); err != nil {
		return usageError{"chat: " + err.Error()}
	}
	return app.Chat(ctx, app.ChatOptions{Config: *cfgPath, DB: *dbPath}, stdin, stdout, stderr)
}
