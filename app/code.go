package app

import (
	"context"
	"errors"
	"fmt"
	"io"

	"linli/bot"
	"linli/config"
	"linli/handlers"
	"linli/scheduler"
	"linli/store/sqldb"
)

// Code prints a one-time code for an account the configuration at path
// lists as an admin or canteen manager: on WeChat, where anyone can show
// any name, that is how the first admin proves who they are (验证 CODE,
// sent privately to the bot account).
func Code(ctx context.Context, path, account string, stdout io.Writer) error {
	cfg, err := config.Load(path, scheduler.Validate)
	if err != nil {
		return err
	}
	st, err := sqldb.Open(ctx, cfg.Database.Driver, cfg.Database.DSN)
	if err != nil {
		return err
	}
	defer st.Close()
	h := handlers.New(storesOf(st), noSend{}, handlers.Config{
		Location: cfg.Location, Admins: cfg.Admins, CanteenManagers: cfg.Canteen.Managers,
	}, nil, nil)
	lines, err := h.IssueConfigCode(ctx, account)
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
