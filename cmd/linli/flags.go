package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// errHelped ends a command whose help was asked for and printed: exit 0.
var errHelped = errors.New("help printed")

// synopses are each command's first usage line, for its --help.
func synopses() map[string]string {
	return map[string]string{
		"chat":    "linli chat [--config FILE] [--db FILE]",
		"run":     "linli run --config FILE",
		"parse":   "linli parse [--now RFC3339] [--private] [--mentioned] [--config FILE] [TEXT]",
		"export":  "linli export KIND [flags]   (KIND: meals, signups, suggestions)",
		"load":    "linli load [flags]",
		"code":    "linli code --config FILE wechat:NAME",
		"backup":  "linli backup (--config FILE | --db FILE) --out FILE",
		"restore": "linli restore (--config FILE | --db FILE) BACKUP",
		"health":  "linli health [--config FILE]",
	}
}

// parseFlags reads args into fs. -h or --help prints the command's usage
// and every flag to out and ends the command (errHelped); a mistake is a
// usageError naming the command.
func parseFlags(fs *flag.FlagSet, args []string, out io.Writer) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(out, "usage: %s\n\nflags:\n", synopses()[fs.Name()])
		fs.SetOutput(out)
		fs.PrintDefaults()
		return errHelped
	}
	if err != nil {
		return usageError{fs.Name() + ": " + err.Error()}
	}
	return nil
}
