package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"linli/bot"
	"linli/config"
	"linli/handlers"
	"linli/scheduler"
	"linli/store/sqldb"
)

// cmdCode prints a one-time code for an account the configuration lists
// as an admin or canteen manager: on WeChat, where anyone can show any
// name, that is how the first admin proves who they are (验证 CODE, sent
// privately to the bot account).
func cmdCode(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("code", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfgPath := fs.String("config", "", "the configuration file")
	if err := fs.Parse(args); err != nil {
		return usageError{"code: " + err.Error()}
	}
	if *cfgPath == "" || fs.NArg() != 1 || !strings.Contains(fs.Arg(0), ":") {
		return usageError{"code: want --config FILE and one account as listed there, such as wechat:社区小王"}
	}
	cfg, err := config.Load(*cfgPath, scheduler.Validate)
	if err != nil {
		return err
	}
	st, err := sqldb.Open(ctx, cfg.Database.Driver, cfg.Database.DSN)
	if err != nil {
		return err
	}
	defer st.Close()
	h := handlers.New(st, noSend{}, handlers.Config{
		Location: cfg.Location, Admins: cfg.Admins, CanteenManagers: cfg.Canteen.Managers,
	}, nil, nil)
	lines, err := h.IssueConfigCode(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	return nil
}

// noSend is the sender of a command that only writes to the database.
type noSend struct{}

func (noSend) Send(context.Context, bot.Chat, bot.Reply) error {
	return errors.New("linli code sends nothing")
}
