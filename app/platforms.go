package app

import (
	"context"

	"linli/bot"
	"linli/bot/console"
	"linli/bot/telegram"
	"linli/bot/wechat"
)

// buildPlatforms builds, one way, every adapter the configuration enables,
// with its hooks into the rest of the bot set in its configuration; the
// hooks read the app when they are called, once it is wired.
func (a *app) buildPlatforms(o Options) ([]bot.Platform, error) {
	var ps []bot.Platform
	if a.cfg.Console.Enabled {
		con := &console.Adapter{In: o.In, Out: o.Out, BotNames: botNames(a.cfg), FileDir: a.cfg.Console.Files}
		if o.Console != nil {
			o.Console(con)
		}
		ps = append(ps, con)
	}
	if a.cfg.Telegram.Enabled {
		tg, err := a.newTelegram()
		if err != nil {
			return nil, err
		}
		ps = append(ps, tg)
	}
	if a.cfg.WeChat.Enabled {
		wc := a.weChatConfig(o)
		if o.WeChat != nil {
			o.WeChat(&wc)
		}
		wx, err := wechat.New(wc)
		if err != nil {
			return nil, err
		}
		ps = append(ps, wx)
	}
	return append(ps, o.Platforms...), nil
}

// newTelegram is the Telegram adapter as configured.
func (a *app) newTelegram() (*telegram.Adapter, error) {
	t := a.cfg.Telegram
	return telegram.New(telegram.Config{
		Token:      t.Token,
		APIServer:  t.APIServer,
		WebhookURL: t.WebhookURL,
		Listen:     t.Listen,
		Secret:     t.Secret,
		Pacing:     bot.Pacing{PerChat: t.PerChatInterval, GroupPerMinute: t.GroupPerMinute, PerSecond: t.PerSecond},
		Log:        a.log,
		Commands:   func() []telegram.Command { return a.commands },
		OnMigrate: func(ctx context.Context, oldID, newID string) error {
			return a.store.MoveChat(ctx, bot.Telegram, oldID, newID)
		},
	})
}

// weChatConfig is the WeChat adapter's configuration; its alerts reach the
// admins (on Telegram when it is on: WeChat itself may be what is down).
func (a *app) weChatConfig(o Options) wechat.Config {
	w := a.cfg.WeChat
	alert := func(text string) { a.alertAdmins(context.Background(), text) }
	return wechat.Config{
		Storage:  w.Storage,
		BotNames: botNames(a.cfg),
		Out:      o.Out,
		Log:      a.log.With("platform", "wechat"),
		Limits:   bot.Pacing{MinGap: w.MinGap, Jitter: w.Jitter, PerMinute: w.PerMinute, PerChat: w.PerChat},
		OnQR: func(url string) {
			a.qr.shown(url, a.now())
			alert("机器人的微信需要扫码登录：请用机器人的手机微信扫描这个链接里的二维码 " + url)
		},
		OnAlert: alert,
		Bound:   a.bound(bot.WeChat),
	}
}

// telegram is the Telegram adapter being served, or nil.
func (a *app) telegram() *telegram.Adapter {
	for _, p := range a.platforms {
		if tg, ok := p.(*telegram.Adapter); ok {
			return tg
		}
	}
	return nil
}
