package config_test

import (
	"net"
	"os"
	"strings"
	"testing"

	"linli/config"
	"linli/scheduler"
)

// TestExampleWebhookListensOnLoopback: a deployer who turns the webhook on
// by uncommenting the example's lines gets a server on loopback, behind
// their TLS proxy, not one open on every interface.
func TestExampleWebhookListensOnLoopback(t *testing.T) {
	t.Setenv("TELEGRAM_SECRET", "s3cret")
	data, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, key := range []string{"listen:", "secret:"} {
		if !strings.Contains(text, "  # "+key) {
			t.Fatalf("config.example.yaml has no commented telegram %s line", key)
		}
		text = strings.Replace(text, "  # "+key, "  "+key, 1)
	}
	text = strings.Replace(text, `webhook_url: ""`, "webhook_url: https://linli.example.org/tg/hook", 1)
	cfg, err := config.Parse([]byte(text), scheduler.Validate)
	if err != nil {
		t.Fatalf("the example with its webhook lines uncommented: %v", err)
	}
	host, _, err := net.SplitHostPort(cfg.Telegram.Listen)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		t.Errorf("telegram.listen = %q: the example should listen on loopback (127.0.0.1:8443)", cfg.Telegram.Listen)
	}
}
