// Package telegram is Linli on Telegram: it turns Bot API updates into
// bot.Messages and bot.Replies into sendMessage calls. It is the only
// package that imports telego.
//
// Updates are fetched with its own getUpdates loop rather than telego's, so
// that the offset that confirms an update to Telegram moves on only after
// the update was handled: a crash never loses a message, and a redelivered
// one is dropped by the router's dedup on the message id.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/mymmrac/telego"
	ta "github.com/mymmrac/telego/telegoapi"

	"linli/bot"
	"linli/internal/httpserver"
)

// Command is one entry of the command menu Telegram shows beside the text
// box (setMyCommands): a slash name and what it does, in Chinese.
type Command struct {
	Name        string
	Description string
}

// Config is what the adapter needs. Token is required.
type Config struct {
	Token string
	// APIServer is the Bot API server, Telegram's by default.
	APIServer string
	// WebhookURL switches from long polling to a webhook: Telegram posts
	// updates to it, and Listen is the address this process serves them on.
	// Secret is the token Telegram must echo in each request.
	WebhookURL, Listen, Secret string
	// Limits bound the webhook server's clients; a zero one is taken from
	// WebhookLimits.
	Limits httpserver.Limits
	// Pacing are Telegram's sending limits the outbox keeps.
	Pacing bot.Pacing
	// PollTimeout is how long one getUpdates waits for updates (30s).
	PollTimeout time.Duration
	// PollBackoff is the first wait after a failed getUpdates (1s),
	// doubled each time up to 30s.
	PollBackoff time.Duration
	// Workers is how many chats' updates are handled at once (16: a
	// getUpdates batch spans a few dozen chats, and their commands finish
	// in shared commits when handled together); the
	// updates of one chat are always handled in order.
	Workers int
	Log     *slog.Logger
	Now     func() time.Time
	// Commands gives the menu set at start (nil: none).
	Commands func() []Command
	// OnMigrate is told when a group became a supergroup with a new id,
	// so the group's binding and history follow it.
	OnMigrate func(ctx context.Context, oldID, newID string) error
}

// Adapter is the Telegram platform.
type Adapter struct {
	cfg Config
	bot *telego.Bot

	me       *telego.User
	taps     *taps
	tokens   *tokens
	handles  *handles
	mu       sync.Mutex
	lastSeen int       // the highest update id handled
	chats    chatLocks // one update of a chat at a time (webhook)
}

// DefaultPacing is Telegram's documented limits: about one message a
// second to a chat, twenty a minute to a group, thirty a second in all.
func DefaultPacing() bot.Pacing {
	return bot.Pacing{PerChat: time.Second, GroupPerMinute: 20, PerSecond: 30}
}

// New builds the adapter; it does not talk to Telegram until Run.
func New(cfg Config) (*Adapter, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 30 * time.Second
	}
	if cfg.PollBackoff <= 0 {
		cfg.PollBackoff = time.Second
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 16
	}
	cfg.Limits = cfg.Limits.Or(WebhookLimits())
	if cfg.APIServer == "" {
		cfg.APIServer = "https://api.telegram.org"
	}
	cfg.APIServer = strings.TrimRight(cfg.APIServer, "/")
	// net/http rather than telego's default fasthttp: a long poll must end
	// when the context is cancelled, and fasthttp only honours deadlines.
	b, err := telego.NewBot(cfg.Token,
		telego.WithAPIServer(cfg.APIServer),
		telego.WithAPICaller(ta.HTTPCaller{Client: &http.Client{}}),
		telego.WithLogger(hiddenToken{log: cfg.Log, token: cfg.Token}))
	if err != nil {
		// telego's token errors do not contain the token
		return nil, fmt.Errorf("telegram: %w", err)
	}
	return &Adapter{cfg: cfg, bot: b, taps: newTaps(5 * time.Second), tokens: newTokens(4096), handles: newHandles()}, nil
}

// Name is bot.Telegram.
func (a *Adapter) Name() string { return bot.Telegram }

// Pacing implements bot.Paced.
func (a *Adapter) Pacing() bot.Pacing { return a.cfg.Pacing }

// Run learns who the bot is, sets the command menu, then receives updates
// by long polling, or through the webhook when one is configured.
func (a *Adapter) Run(ctx context.Context, deliver bot.DeliverFunc) error {
	if err := a.start(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	if a.cfg.WebhookURL != "" {
		return a.serveWebhook(ctx, deliver)
	}
	return a.poll(ctx, deliver)
}

// start asks getMe who the bot is (needed to recognise /cmd@ThisBot and
// @mentions), retrying a network failure; a refusal (bad token) is fatal.
func (a *Adapter) start(ctx context.Context) error {
	wait := time.Second
	for {
		me, err := a.bot.GetMe(ctx)
		if err == nil {
			a.me = me
			break
		}
		var apiErr *ta.Error
		if errors.As(err, &apiErr) && (apiErr.ErrorCode == 401 || apiErr.ErrorCode == 404) {
			return fmt.Errorf("telegram: the Bot API refused the token (check telegram.token: it is what @BotFather gave, such as 123456:ABC…): %w", a.redact(err))
		}
		if errors.As(err, &apiErr) || ctx.Err() != nil {
			return fmt.Errorf("telegram: getMe: %w", a.redact(err))
		}
		a.cfg.Log.Warn("telegram: cannot reach the Bot API, retrying", "in", wait, "err", a.redact(err))
		if bot.Sleep(ctx, wait) != nil {
			return ctx.Err()
		}
		wait = min(wait*2, time.Minute)
	}
	a.cfg.Log.Info("telegram: connected", "bot", a.me.Username)
	a.setCommands(ctx)
	return nil
}

// setCommands registers the command menu; a failure only costs the menu.
func (a *Adapter) setCommands(ctx context.Context) {
	var cmds []telego.BotCommand
	if a.cfg.Commands == nil {
		return
	}
	for _, c := range a.cfg.Commands() {
		if !validCommand(c.Name) || c.Description == "" {
			a.cfg.Log.Warn("telegram: command left out of the menu", "command", c.Name)
			continue
		}
		cmds = append(cmds, telego.BotCommand{Command: c.Name, Description: clipRunes(c.Description, 256)})
	}
	if len(cmds) == 0 {
		return
	}
	if err := a.bot.SetMyCommands(ctx, &telego.SetMyCommandsParams{Commands: cmds}); err != nil {
		a.cfg.Log.Warn("telegram: setMyCommands failed", "err", a.redact(err))
	}
}

func validCommand(name string) bool {
	if name == "" || len(name) > 32 {
		return false
	}
	for _, r := range name {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// hiddenToken is telego's logger: its lines go to slog at debug level
// (the adapter logs what matters itself) with the token blanked out and
// without the bodies of updates, requests and responses.
type hiddenToken struct {
	log   *slog.Logger
	token string
}

func (h hiddenToken) Debugf(format string, args ...any) { h.line(format, args...) }
func (h hiddenToken) Errorf(format string, args ...any) { h.line(format, args...) }

// withoutBody shortens telego's debug lines that end with a whole update,
// request or response: who wrote what to the bot, and what it answered
// whom. They would put an anonymous suggestion's author beside its text and
// its ticket number, in a log read by more people than the database; the
// method and the address are enough to follow a problem.
func withoutBody(format string) (string, bool) {
	switch format {
	case "API response %s: %s":
		return "API response %s", true
	case "API call to: %q, with data: %s":
		return "API call to: %q", true
	case "Webhook request with data: %s":
		return "Webhook request", true
	}
	return format, false
}

func (h hiddenToken) line(format string, args ...any) {
	if short, ok := withoutBody(format); ok && len(args) > 0 {
		format, args = short, args[:len(args)-1]
	}
	h.log.Debug("telego: " + strings.ReplaceAll(fmt.Sprintf(format, args...), h.token, "<token>"))
}

// redact removes the token from an error's text (net/http errors quote the
// request URL, which contains it) while keeping errors.Is working.
func (a *Adapter) redact(err error) error {
	if err == nil || !strings.Contains(err.Error(), a.cfg.Token) {
		return err
	}
	return redacted{msg: strings.ReplaceAll(err.Error(), a.cfg.Token, "<token>"), err: err}
}

type redacted struct {
	msg string
	err error
}

func (r redacted) Error() string { return r.msg }
func (r redacted) Unwrap() error { return r.err }
