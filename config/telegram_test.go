package config_test

import (
	"strings"
	"testing"
	"time"

	"linli/config"
	"linli/scheduler"
)

func TestTelegramWebhookAndPacing(t *testing.T) {
	bad := []struct{ name, yaml, want string }{
		{"http webhook", "webhook_url: http://x.org/h\n  listen: :8443\n  secret: s", "telegram.webhook_url"},
		{"no listen", "webhook_url: https://x.org/h\n  secret: s", "telegram.listen"},
		{"no secret", "webhook_url: https://x.org/h\n  listen: :8443", "telegram.secret"},
		{"bad secret", "webhook_url: https://x.org/h\n  listen: :8443\n  secret: \"a b\"", "telegram.secret"},
		{"negative", "per_second: -1", "cannot be negative"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := config.Parse([]byte("console: {enabled: true}\ntelegram:\n  "+c.yaml+"\n"), scheduler.Validate)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want it to mention %q", err, c.want)
			}
		})
	}
	cfg, err := config.Parse([]byte("telegram:\n  enabled: true\n  token: t\n  webhook_url: https://x.org/h\n  listen: \":8443\"\n  secret: s3\n  per_chat_interval: 2s\n"), scheduler.Validate)
	if err != nil {
		t.Fatal(err)
	}
	tg := cfg.Telegram
	if tg.PerChatInterval != 2*time.Second || tg.GroupPerMinute != 20 || tg.PerSecond != 30 || tg.Listen != ":8443" {
		t.Errorf("telegram = %+v; want the 2s given and Telegram's defaults for the rest", tg)
	}
}
