// Command linli is a bot for neighbourhood group chats: canteen meals,
// activities, suggestions and notices, on WeChat, Telegram and a console.
//
//	linli chat [--config FILE] [--db FILE]   the console simulator (demo with no config)
//	linli run --config FILE                  every enabled platform
//	linli parse [--now RFC3339] [--private] [--mentioned] [TEXT]
//	linli load [--orders N] [--commands N] [--workers N] [--db FILE]
//	linli code --config FILE wechat:NAME
//	linli backup|restore|health|version
//
// This package only reads flags, prints usage and turns errors into exit
// codes; package linli/app wires and runs everything. It is the only place
// that exits.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the community's time zone works on machines without zoneinfo

	"linli/app"
)

const usage = `linli — 邻里, a bot for neighbourhood group chats

usage:
  linli chat  [--config FILE] [--db FILE]   try it in the terminal (a demo community with no config)
  linli run   --config FILE                 serve every enabled platform
  linli parse [--now RFC3339] [--private] [--mentioned] [--config FILE] [TEXT]
                                            print what the bot understood, as JSON
  linli export KIND [--config FILE] [--db FILE] [--from DATE] [--to DATE] [--event N]
                    [--format csv|xlsx] [--lang zh|en] [--out FILE]
                                            write records as a spreadsheet
  linli load  [--orders N] [--commands N] [--workers N] [--residents N] [--db FILE] [--cpuprofile FILE]
                                            measure a mix of commands on SQLite
  linli code  --config FILE wechat:NAME     print a one-time code that makes a listed admin or
                                            canteen manager who they are on WeChat (验证 CODE)
  linli backup  (--config FILE | --db FILE) --out FILE
                                            a consistent copy of the SQLite database, also while Linli runs
  linli restore (--config FILE | --db FILE) BACKUP
                                            put a backup in place (refused while Linli runs)
  linli health  [--config FILE]             ask the running Linli (exit 0 healthy, 1 not)
  linli version                             module version, commit and build time
  linli help CMD, linli CMD --help          that command's flags
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, errHelped) {
		var ue usageError
		var status exitStatus
		if errors.As(err, &status) {
			os.Exit(int(status))
		}
		if errors.As(err, &ue) {
			fmt.Fprint(os.Stderr, ue.Error())
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "linli:", err)
		os.Exit(1)
	}
}

// usageError is a mistake on the command line; main prints it with usage.
type usageError struct{ msg string }

func (e usageError) Error() string {
	if e.msg == "" {
		return usage
	}
	return e.msg + "\n\n" + usage
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{}
	}
	switch args[0] {
	case "chat":
		return cmdChat(ctx, args[1:], stdin, stdout, stderr)
	case "run":
		return cmdRun(ctx, args[1:], stdin, stdout, stderr)
	case "parse":
		return cmdParse(args[1:], stdin, stdout)
	case "export":
		return cmdExport(ctx, args[1:], stdout)
	case "load":
		return cmdLoad(ctx, args[1:], stdout)
	case "code":
		return cmdCode(ctx, args[1:], stdout)
	case "backup":
		return cmdBackup(ctx, args[1:], stdout)
	case "restore":
		return cmdRestore(ctx, args[1:], stdout)
	case "health":
		return cmdHealth(ctx, args[1:], stdout)
	case "version", "--version":
		fmt.Fprintln(stdout, app.Version())
		return nil
	case "help", "-h", "--help":
		if len(args) > 1 { // linli help CMD: that command's flags
			return run(ctx, []string{args[1], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}
