package main

import (
	"context"
	"flag"
	"io"
	"strings"

	"linli/app"
)

// cmdCode reads the flags of `linli code`.
func cmdCode(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("code", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "the configuration file")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if *cfgPath == "" || fs.NArg() != 1 || !strings.Contains(fs.Arg(0), ":") {
		return usageError{"code: want --config FILE and one account as listed there, such as wechat:社区小王"}
	}
	return app.Code(ctx, *cfgPath, fs.Arg(0), stdout)
}
