package telegram_test

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"testing"
	"time"

	"linli/bot/telegram"
	"linli/bot/telegram/telegramtest"
)

func TestWebhookChecksTheSecretAndDeliversOnce(t *testing.T) {
	fake := newFake(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	in := newInbox()
	start(t, fake, in.deliver, setup{cfg: telegram.Config{
		WebhookURL: "https://linli.example.org/tg/hook", Listen: addr, Secret: "s3cret-Token_1"}})
	deadline := time.Now().Add(5 * time.Second)
	for fake.Webhook() == "" && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if fake.Webhook() != "https://linli.example.org/tg/hook" || fake.Calls("getUpdates") != 0 {
		t.Fatalf("webhook %q, getUpdates called %d times", fake.Webhook(), fake.Calls("getUpdates"))
	}
	update := telegramtest.Message(group8, zhang, "帮助")
	update["update_id"] = 1
	body, _ := json.Marshal(update)
	post := func(secret string) int {
		for time.Now().Before(deadline) {
			req, _ := http.NewRequest("POST", "http://"+addr+"/tg/hook", bytes.NewReader(body))
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				time.Sleep(10 * time.Millisecond) // not listening yet
				continue
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		t.Fatal("the webhook never answered")
		return 0
	}
	if code := post("guess"); code != http.StatusUnauthorized {
		t.Errorf("a post without the secret got %d, want 401", code)
	}
	if code := post("s3cret-Token_1"); code != http.StatusOK {
		t.Errorf("a genuine post got %d, want 200", code)
	}
	if got := in.waitFor(t, 1); len(got) != 1 || got[0].Text != "帮助" {
		t.Errorf("delivered %+v", got)
	}
}
