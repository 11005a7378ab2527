package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"linli/bot/reader"
	"linli/config"
)

// cmdParse prints what the bot understood of a message, one JSON object on
// one line, so anyone can check the reader without running the bot.
func cmdParse(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	nowFlag := fs.String("now", "", "the clock, RFC3339 (default: now)")
	private := fs.Bool("private", false, "read as a private message to the bot")
	mentioned := fs.Bool("mentioned", false, "read as a group message that @mentions the bot")
	cfgPath := fs.String("config", "", "apply this configuration's cut-offs and time zone")
	if err := fs.Parse(args); err != nil {
		return usageError{"parse: " + err.Error()}
	}
	cfg := config.Default()
	if *cfgPath != "" {
		var err error
		if cfg, err = config.Load(*cfgPath, nil); err != nil {
			return err
		}
	} else {
		loc, err := time.LoadLocation(cfg.Timezone)
		if err != nil {
			return err
		}
		cfg.Location = loc
	}
	now := time.Now()
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return usageError{fmt.Sprintf("parse: --now %q is not RFC3339 (2026-11-24T08:00:00+08:00)", *nowFlag)}
		}
		now = t
	}
	rd, err := newReader(cfg)
	if err != nil {
		return err
	}
	mode := reader.Mode{Private: *private, Mentioned: *mentioned}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if fs.NArg() > 0 {
		return enc.Encode(rd.Read(strings.Join(fs.Args(), " "), mode, now))
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		if err := enc.Encode(rd.Read(sc.Text(), mode, now)); err != nil {
			return err
		}
	}
	return sc.Err()
}

func newReader(cfg config.Config) (*reader.Reader, error) {
	return reader.New(reader.Config{
		Location: cfg.Location,
		Cutoffs:  cfg.ServedCutoffs(),
		BotNames: []string{"Linli", "linli", "邻里", cfg.Community},
	})
}
