package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"linli/app"
)

// cmdParse reads the flags of `linli parse`.
func cmdParse(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	nowFlag := fs.String("now", "", "the clock, RFC3339 (default: now)")
	private := fs.Bool("private", false, "read as a private message to the bot")
	mentioned := fs.Bool("mentioned", false, "read as a group message that @mentions the bot")
	cfgPath := fs.String("config", "", "apply this configuration's cut-offs and time zone")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	o := app.ParseOptions{Private: *private, Mentioned: *mentioned, Config: *cfgPath, Text: strings.Join(fs.Args(), " ")}
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return usageError{fmt.Sprintf("parse: --now %q is not RFC3339 (2026-11-24T08:00:00+08:00)", *nowFlag)}
		}
		o.Now = t
	}
	return app.Parse(o, stdin, stdout)
}
