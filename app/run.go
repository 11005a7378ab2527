package app

import (
	"context"
	"io"
	"log/slog"

	"linli/bot"
	"linli/bot/console"
	"linli/bot/wechat"
	"linli/config"
	"linli/scheduler"
)

// Run serves every enabled platform of the configuration at path until ctx
// ends (SIGINT or SIGTERM).
func Run(ctx context.Context, path string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, err := config.Load(path, scheduler.Validate)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.Log)
	var platforms []bot.Platform
	if cfg.Console.Enabled {
		platforms = append(platforms, &console.Adapter{In: stdin, Out: stdout, BotNames: botNames(cfg)})
	}
	if cfg.Telegram.Enabled {
		tg, err := newTelegram(cfg, log)
		if err != nil {
			return err
		}
		platforms = append(platforms, tg)
	}
	alert := func(string) {} // replaced once the app exists, before serving
	if cfg.WeChat.Enabled {
		platforms = append(platforms, newWeChat(cfg, log, stdout, func(t string) { alert(t) }))
	}
	a, err := newApp(ctx, cfg, log, nil, platforms...)
	if err != nil {
		return err
	}
	defer a.close()
	alert = func(text string) { a.alertAdmins(ctx, text) }
	log.Info("linli started", "community", cfg.Community, "platforms", len(platforms))
	err = a.serve(ctx, false)
	log.Info("linli stopped")
	return err
}

func botNames(cfg config.Config) []string {
	return []string{"Linli", "邻里", cfg.Community}
}

// newWeChat is the WeChat adapter as configured; alert reaches the admins
// (on Telegram when it is on: WeChat itself may be what is down).
func newWeChat(cfg config.Config, log *slog.Logger, out io.Writer, alert func(string)) *wechat.Adapter {
	w := cfg.WeChat
	return &wechat.Adapter{
		Storage:  w.Storage,
		BotNames: botNames(cfg),
		Out:      out,
		Log:      log.With("platform", "wechat"),
		Limits:   bot.Pacing{MinGap: w.MinGap, Jitter: w.Jitter, PerMinute: w.PerMinute, PerChat: w.PerChat},
		OnQR: func(url string) {
			alert("机器人的微信需要扫码登录：请用机器人的手机微信扫描这个链接里的二维码 " + url)
		},
		OnAlert: alert,
	}
}
