package telegram_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/telegram"
	"linli/bot/telegram/telegramtest"
	"linli/internal/httpserver/httpservertest"
)

// webhookAdapter starts an adapter in webhook mode at
// https://linli.example.org/tg/hook with secret, and returns how to post an
// update to it (with a secret), answering the HTTP status.
func webhookAdapter(t *testing.T, fake *telegramtest.Server, deliver bot.DeliverFunc, secret string) (post func(update map[string]any, secret string) int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	start(t, fake, deliver, setup{cfg: telegram.Config{
		WebhookURL: "https://linli.example.org/tg/hook", Listen: addr, Secret: secret}})
	deadline := time.Now().Add(5 * time.Second)
	for fake.Webhook() == "" && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return func(update map[string]any, secret string) int {
		body, _ := json.Marshal(update)
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
		t.Error("the webhook never answered")
		return 0
	}
}

func TestWebhookChecksTheSecretAndDeliversOnce(t *testing.T) {
	fake := newFake(t)
	in := newInbox()
	post := webhookAdapter(t, fake, in.deliver, "s3cret-Token_1")
	if fake.Webhook() != "https://linli.example.org/tg/hook" || fake.Calls("getUpdates") != 0 {
		t.Fatalf("webhook %q, getUpdates called %d times", fake.Webhook(), fake.Calls("getUpdates"))
	}
	update := telegramtest.Message(group8, zhang, "帮助")
	update["update_id"] = 1
	if code := post(update, "guess"); code != http.StatusUnauthorized {
		t.Errorf("a post without the secret got %d, want 401", code)
	}
	if code := post(update, "s3cret-Token_1"); code != http.StatusOK {
		t.Errorf("a genuine post got %d, want 200", code)
	}
	if got := in.waitFor(t, 1); len(got) != 1 || got[0].Text != "帮助" {
		t.Errorf("delivered %+v", got)
	}
}

// Updates posted at once over several connections are handled one at a
// time per chat (different chats at once).
func TestWebhookHandlesOneChatAtATime(t *testing.T) {
	fake := newFake(t)
	var mu sync.Mutex
	busy := map[string]int{}
	overlapped, both := 0, false
	in := newInbox()
	deliver := func(ctx context.Context, m bot.Message) bot.Pending {
		mu.Lock()
		busy[m.Chat.ID]++
		if busy[m.Chat.ID] > 1 {
			overlapped++
		}
		if len(busy) > 1 && busy[m.Chat.ID] == 1 {
			both = true // another chat is being handled meanwhile
		}
		mu.Unlock()
		time.Sleep(2 * time.Millisecond) // a handler takes a moment
		mu.Lock()
		if busy[m.Chat.ID]--; busy[m.Chat.ID] == 0 {
			delete(busy, m.Chat.ID)
		}
		mu.Unlock()
		return in.deliver(ctx, m)
	}
	post := webhookAdapter(t, fake, deliver, "s")
	other := telegramtest.Chat{ID: -2002, Type: "group", Title: "9号楼群"}
	var wg sync.WaitGroup
	for i := range 20 {
		chat := group8
		if i%2 == 1 {
			chat = other
		}
		wg.Go(func() {
			u := telegramtest.Message(chat, zhang, "帮助")
			u["update_id"] = 100 + i
			post(u, "s")
		})
	}
	wg.Wait()
	in.waitFor(t, 20)
	if overlapped > 0 {
		t.Errorf("%d updates of a chat were handled while another of the same chat was", overlapped)
	}
	if !both {
		t.Log("the two chats never overlapped this time (the test still checks one at a time per chat)")
	}
}

// TestWebhookServerLimits: the webhook faces the internet (behind a TLS
// proxy at best). Its server cuts off a client that sends headers a byte
// at a time, never finishes its body, idles on a kept-alive connection or
// sends headers beyond the cap; the shipped limits are all set.
func TestWebhookServerLimits(t *testing.T) {
	httpservertest.Set(t, "webhook", telegram.WebhookLimits().Server(nil))
	fake := newFake(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	start(t, fake, newInbox().deliver, setup{cfg: telegram.Config{
		WebhookURL: "https://linli.example.org/tg/hook", Listen: addr, Secret: "s3cret", Limits: httpservertest.Short()}})
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
	}
	httpservertest.Check(t, httpservertest.Probe{Addr: addr, Method: "POST", Path: "/tg/hook",
		Header: map[string]string{"X-Telegram-Bot-Api-Secret-Token": "s3cret"}}, httpservertest.Short())
}
