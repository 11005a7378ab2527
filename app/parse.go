package app

import (
	"bufio"
	"encoding/json"
	"io"
	"time"

	"linli/bot/reader"
	"linli/config"
)

// ParseOptions are what `linli parse` was given.
type ParseOptions struct {
	// Now is the clock for relative dates; zero is now.
	Now                time.Time
	Private, Mentioned bool
	// Config applies a configuration's cut-offs and time zone ("": defaults).
	Config string
	// Text is the message; empty reads one message a line from stdin.
	Text string
}

// Parse prints what the bot understood of a message, one JSON object on
// one line, so anyone can check the reader without running the bot.
func Parse(o ParseOptions, stdin io.Reader, stdout io.Writer) error {
	cfg := config.Default()
	if o.Config != "" {
		var err error
		if cfg, err = config.Load(o.Config, nil); err != nil {
			return err
		}
	} else {
		loc, err := time.LoadLocation(cfg.Timezone)
		if err != nil {
			return err
		}
		cfg.Location = loc
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	rd, err := newReader(cfg)
	if err != nil {
		return err
	}
	mode := reader.Mode{Private: o.Private, Mentioned: o.Mentioned}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if o.Text != "" {
		return enc.Encode(rd.Read(o.Text, mode, now))
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
