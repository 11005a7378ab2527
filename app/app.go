package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"linli/bot"
	"linli/bot/console"
	"linli/bot/reader"
	"linli/bot/telegram"
	"linli/bot/wechat"
	"linli/config"
	"linli/coord"
	"linli/handlers"
	"linli/internal/httpserver"
	"linli/scheduler"
	"linli/store"
	"linli/store/sqldb"
)

// app is Linli wired together: one store, one router, the scheduler and the
// platforms. Every command (run, chat) builds one.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	now      func() time.Time
	store    *sqldb.Store
	coord    *coord.Client // nil: one process, no Redis
	handlers *handlers.Handlers
	router   *bot.Router
	// anon keeps anonymous commands unrecorded (see anonymity).
	anon      *anonymity
	sched     *scheduler.Scheduler
	platforms []bot.Platform
	// commands is Telegram's command menu, known once the routes are.
	commands []telegram.Command
	out      bot.Sender
	outbox   *bot.Outbox
	metrics  *metrics
	// damaged is why the database failed PRAGMA quick_check at start
	// ("" when it passed): /healthz fails with it until a backup is restored.
	damaged string
	// httpLimits bound the health and metrics server's clients (tests
	// shorten them).
	httpLimits httpserver.Limits
	// office is the web panel (nil: web.addr is empty) and its chat side;
	// panelRouter runs the chat commands its forms give.
	office      *officeServer
	panelRouter *bot.Router
	// qr is WeChat's latest login QR code, for the office's 状态 page.
	qr loginQR
}

// Options are what a caller gives New beside the configuration.
type Options struct {
	// Now is the community's clock (nil: time.Now); tests fix it.
	Now func() time.Time
	// Log receives what the operator should know (nil: discarded).
	Log *slog.Logger
	// In and Out are the terminal: the console reads and prints there, and
	// the WeChat login QR code is drawn on Out.
	In  io.Reader
	Out io.Writer
	// Console and WeChat adjust those adapters' settings before they are
	// built: tests fix the console's clock, or point WeChat at a fake.
	Console func(*console.Adapter)
	WeChat  func(*wechat.Config)
	// Platforms are served beside the ones the configuration enables
	// (tests: fakes of a platform).
	Platforms []bot.Platform
}

// New opens the store, builds every platform the configuration enables
// and wires everything; Serve runs it and Close ends it.
func New(ctx context.Context, cfg config.Config, o Options) (*app, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	st, err := sqldb.Open(ctx, cfg.Database.Driver, cfg.Database.DSN)
	if err != nil {
		return nil, err
	}
	st.Now = o.Now
	a := &app{cfg: cfg, log: o.Log, now: o.Now, store: st, metrics: newMetrics(), httpLimits: metricsLimits()}
	a.checkIntegrity(ctx)
	if a.platforms, err = a.buildPlatforms(o); err != nil {
		st.Close()
		return nil, err
	}
	if a.coord, err = openCoord(ctx, cfg); err != nil {
		st.Close()
		return nil, err
	}
	if err := a.wire(ctx); err != nil {
		a.close()
		return nil, err
	}
	if a.damaged != "" {
		a.alertAdmins(ctx, "数据库文件损坏了，新的记录可能会丢失。请尽快停下 Linli，用最近的备份恢复（linli restore），详情见日志。")
	}
	return a, nil
}

// checkIntegrity runs PRAGMA quick_check on a SQLite database. A damaged
// file does not stop the start: the bot keeps serving what it can, the
// log says so at Error, /healthz fails with the reason, and the admins
// are told once wired (the outbox that tells them lives in the same file,
// so the log and /healthz do not depend on it).
func (a *app) checkIntegrity(ctx context.Context) {
	err := a.store.QuickCheck(ctx)
	if err == nil {
		return
	}
	a.damaged = err.Error()
	a.log.Error("DATABASE DAMAGED: restore the latest backup (linli restore) before more is written on top",
		"dsn", a.cfg.Database.DSN, "err", err)
}

func (a *app) wire(ctx context.Context) error {
	board, err := a.wireOutbox()
	if err != nil {
		return err
	}
	a.out = board
	a.handlers = handlers.New(storesOf(a.store), board, a.handlersConfig(), a.now, a.log)
	if a.cfg.Suggest.Secret == "" {
		a.log.Warn("suggestions.secret is empty: anonymous suggestions (匿名建议) are turned off; see config.example.yaml")
	}
	if err := a.handlers.Bootstrap(ctx); err != nil {
		return err
	}
	if err := a.wireRouter(ctx, board); err != nil {
		return err
	}
	a.sched = scheduler.New(a.cfg.Location, a.ledger(), a.log, a.now)
	a.sched.OnFailure = func(ctx context.Context, job string, due time.Time, err error) {
		a.alertAdmins(ctx, fmt.Sprintf("定时任务「%s」没有完成：%v", job, err))
		// Kept for the office's 状态 page, beside the ledger's claim.
		if err := a.store.JobFailed(ctx, store.JobFailure{Job: job, Due: due, At: a.now(), Error: err.Error()}); err != nil {
			a.log.Error("a failed run not kept", "job", job, "err", err)
		}
	}
	return a.addJobs()
}

// handlersConfig is the part of the configuration the features use.
func (a *app) handlersConfig() handlers.Config {
	return handlers.Config{
		Community:             a.cfg.Community,
		Location:              a.cfg.Location,
		HouseholdsConfirm:     a.cfg.House.Confirm,
		Buildings:             a.cfg.Buildings,
		Admins:                a.cfg.Admins,
		CanteenManagers:       a.cfg.Canteen.Managers,
		NoPromotionWithin:     a.cfg.Events.PromotionWindow(),
		SuggestionsPerHour:    a.cfg.Suggest.PerHour,
		SuggestionsSecret:     a.cfg.Suggest.Secret,
		Canteen:               canteenConfig(a.cfg),
		EventsMaxPerHousehold: a.cfg.Events.MaxPerHousehold,
		Retention:             a.cfg.RetentionPeriod(),
		Welcome:               a.cfg.Groups.Welcome,
	}
}

// wireRouter builds the reader and the router every platform delivers to.
func (a *app) wireRouter(ctx context.Context, board bot.Sender) error {
	rd, err := newReader(a.cfg)
	if err != nil {
		return err
	}
	office, err := a.newOffice()
	if err != nil {
		return err
	}
	routes := append(a.handlers.Routes(), office.Routes()...)
	routes = append(routes, a.handlers.Spreadsheets(chatSheet).Routes()...)
	a.commands = telegramCommands(rd.Commands(), routes)
	read := func(m bot.Message, now time.Time) bot.Intent {
		return rd.Read(m.Text, reader.Mode{Private: m.Private(), Mentioned: m.Mentioned, Replying: m.Quoted != nil}, now)
	}
	a.anon = newAnonymity(read, a.now, a.cfg.Location, a.cfg.Suggest.Secret)
	dedup, err := a.dedup(ctx)
	if err != nil {
		return err
	}
	a.router, err = bot.NewRouter(bot.RouterConfig{
		// A bare 收到 in a group answers the notice there asking for it.
		Read:       a.handlers.NoticeReplies(read),
		Directory:  quietDirectory{h: a.handlers, anon: a.anon},
		Dedup:      dedup,
		Out:        board,
		Now:        a.now,
		Log:        slog.New(quietLog{a.log.Handler()}),
		Middleware: []bot.Middleware{a.handlers.Guard, a.handlers.Behalf, office.Audit},
		Unknown:    a.handlers.Unknown,
		Welcome:    a.handlers.Welcome,
		// One resident repeating themselves gets a few answers, not a
		// hundred: see bot.FloodConfig for the defaults.
		Flood: &bot.FloodConfig{},
	}, routes...)
	if err != nil {
		return err
	}
	a.panelRouter, err = a.newPanelRouter(read, routes, []bot.Middleware{a.handlers.Guard, a.handlers.Behalf, office.Audit})
	return err
}

// addJobs registers the scheduled pushes. Features add theirs here.
func (a *app) addJobs() error {
	jobs := []scheduler.Job{
		{Name: "forget_handled", Spec: "17 3 * * *", Useful: 24 * time.Hour,
			Run: func(ctx context.Context, due time.Time) error {
				_, err := a.store.ForgetHandled(ctx, due.Add(-7*24*time.Hour))
				return err
			}},
		{Name: "forget_sent", Spec: "27 3 * * *", Useful: 24 * time.Hour,
			Run: func(ctx context.Context, due time.Time) error {
				_, err := a.store.ForgetSent(ctx, due.Add(-7*24*time.Hour))
				return err
			}},
		{Name: "retention", Spec: "47 3 * * *", Useful: 24 * time.Hour, Run: a.handlers.ForgetOld},
		{Name: "forget_logins", Spec: "57 3 * * *", Useful: 24 * time.Hour,
			Run: func(ctx context.Context, due time.Time) error {
				_, err := a.store.ForgetLogins(ctx, due.Add(-24*time.Hour))
				return err
			}},
		{Name: "scheduled_notices", Spec: a.cfg.Schedule.Tick, Useful: 24 * time.Hour, Run: a.handlers.SendDueNotices},
		{Name: "event_evening", Spec: a.cfg.Schedule.EventEvening, Useful: 18 * time.Hour, Run: a.handlers.RemindEventsEvening},
		{Name: "suggestion_digest", Spec: a.cfg.Schedule.Digest, Useful: 12 * time.Hour, Run: a.handlers.SuggestionDigest},
		{Name: "event_tick", Spec: a.cfg.Schedule.Tick, Useful: time.Hour, Run: a.handlers.EventTick},
		// A vote's results are worth sending however long the bot was down.
		{Name: "vote_results", Spec: a.cfg.Schedule.Tick, Useful: 30 * 24 * time.Hour, Run: a.handlers.PushVoteResults},
	}
	jobs = append(jobs, a.mealJobs()...)
	if a.cfg.BackupOn() {
		// A failed backup reaches the admins through OnFailure.
		jobs = append(jobs, scheduler.Job{Name: "backup", Spec: a.cfg.Schedule.Backup, Useful: 20 * time.Hour,
			Run: sqldb.Nightly{DSN: a.cfg.Database.DSN, Dir: a.cfg.BackupDir(), Keep: a.cfg.Backup.Keep, Location: a.cfg.Location}.Run})
	}
	for _, j := range jobs {
		j.Run = a.metrics.job(j.Name, j.Run)
		if err := a.sched.Add(j); err != nil {
			return err
		}
	}
	return nil
}

// bound reports whether a chat of platform is bound to a building: a
// WeChat group titled like a bound one waits until it is bound itself.
func (a *app) bound(platform string) func(chatID string) bool {
	return func(chatID string) bool {
		c, err := a.store.Chat(context.Background(), platform, chatID)
		return err == nil && c.Building != ""
	}
}

// alertAdmins tells every admin privately about something they must know.
func (a *app) alertAdmins(ctx context.Context, text string) {
	chats, err := a.handlers.AdminChats(ctx)
	if err != nil {
		a.log.Error("alert: admins unknown", "err", err, "alert", text)
		return
	}
	for _, c := range chats {
		if err := a.out.Send(ctx, c, bot.Reply{Text: "【提醒】" + text}); err != nil {
			a.log.Warn("alert not delivered", "admin", c.Key(), "err", err)
		}
	}
}

// serve runs the scheduler and every platform until ctx is done or, with
// untilFirstExit, until the first platform stops (the console at the end of
// its script).
func (a *app) serve(ctx context.Context, untilFirstExit bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	a.recoverAlone(ctx)
	if _, err := a.listenMetrics(ctx); err != nil {
		return err
	}
	a.listenOffice(ctx)
	a.sched.Start(ctx)
	defer a.sched.Stop()
	defer a.watchRedis(ctx)()
	var wg sync.WaitGroup
	errs := make(chan error, len(a.platforms))
	for _, p := range a.platforms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := a.runPlatform(ctx, p, a.metrics.deliver(a.router.Handle))
			a.metrics.setSession(p.Name(), sessionStopped)
			if err != nil && !errors.Is(err, context.Canceled) {
				a.log.Error("platform stopped", "platform", p.Name(), "err", err)
				errs <- fmt.Errorf("%s: %w", p.Name(), err)
			}
			if untilFirstExit {
				cancel()
			}
		}()
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	if len(all) == 0 && !untilFirstExit {
		// The console's input may end (a service has none) while the jobs,
		// the metrics and the office still serve: run stops on its signal.
		<-ctx.Done()
	}
	return errors.Join(all...)
}

// runPlatform runs one platform until ctx is done. With replicas sharing
// Redis, a chat platform is served by one replica at a time: the holder of
// its leader lease polls Telegram or holds the WeChat session, and another
// takes over within redis.failover when it dies. The console is local.
func (a *app) runPlatform(ctx context.Context, p bot.Platform, deliver bot.DeliverFunc) error {
	lease := a.leaderLease(p.Name())
	if lease == nil || p.Name() == bot.Console {
		return a.receiveAndSend(ctx, p, deliver)
	}
	a.metrics.setSession(p.Name(), sessionStandby)
	return lease.Run(ctx, func(lead context.Context) {
		a.log.Info("leading: serving the platform from this replica", "platform", p.Name())
		if err := a.receiveAndSend(lead, p, deliver); err != nil && lead.Err() == nil {
			a.log.Error("platform stopped while leading", "platform", p.Name(), "err", err)
		}
		a.metrics.setSession(p.Name(), sessionStandby)
		a.log.Info("no longer leading", "platform", p.Name())
	})
}

// receiveAndSend runs a platform and its outbox lane together: the process
// that receives for a platform is the one that sends for it.
func (a *app) receiveAndSend(ctx context.Context, p bot.Platform, deliver bot.DeliverFunc) error {
	a.metrics.setSession(p.Name(), sessionServing)
	if w, ok := p.(bot.LoginWatcher); ok {
		// Serving once logged in: until then nobody receives for it.
		a.metrics.setSession(p.Name(), sessionLogin)
		w.WatchLogin(func(in bool) {
			if ctx.Err() != nil {
				return
			}
			a.metrics.setSession(p.Name(), map[bool]string{true: sessionServing, false: sessionLogin}[in])
		})
	}
	sending, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { a.outbox.RunLane(sending, p.Name()) })
	err := p.Run(ctx, deliver)
	stop()
	wg.Wait()
	return err
}

func (a *app) close() error {
	if a.coord != nil {
		a.coord.Close()
	}
	return a.store.Close()
}

// newLogger writes structured logs to w at the configured level.
// Times are written in the community's time zone (loc), the one its
// people and its cut-offs speak in.
func newLogger(w io.Writer, cfg config.Log, loc *time.Location) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(cfg.Level))); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 && loc != nil {
			a.Value = slog.TimeValue(a.Value.Time().In(loc))
		}
		return a
	}}
	if cfg.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
