package wechat

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot/wechat/wechattest"

	"linli/bot"
)

func buildingFake(t *testing.T) *wechattest.Fake {
	f := wechattest.NewFake(t)
	f.Groups = []wechattest.Group{{
		ID: "g8", Title: "8号楼业主群", Saved: true,
		Members: []wechattest.User{
			{ID: "wang", NickName: "Wang", DisplayName: "王阿姨"},
			{ID: "li", NickName: "李叔"},
		},
	}}
	f.Friends = []wechattest.User{{ID: "wang", NickName: "Wang", RemarkName: "王阿姨"}}
	return f
}

var group8 = bot.Chat{Platform: bot.WeChat, ID: "g:8号楼业主群", Title: "8号楼业主群", Group: true}

// replyWith answers every message in its chat, @mentioning the sender, as
// the router does.
func replyWith(text string) func(context.Context, *Adapter, bot.Message) {
	return func(ctx context.Context, a *Adapter, m bot.Message) {
		sender := m.Sender
		if err := a.Send(ctx, m.Chat, bot.Reply{Text: text, Mention: &sender}); err != nil {
			panic(err)
		}
	}
}

func TestQRLoginGroupMessageAndReply(t *testing.T) {
	fake := buildingFake(t)
	storage := storagePath(t)
	h := start(t, fake, storage, replyWith("今天午餐：红烧肉"))

	select {
	case url := <-h.qrs:
		if url != "https://login.weixin.qq.com/qrcode/QRUUID" {
			t.Errorf("OnQR got %q", url)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no QR code offered")
	}
	h.loggedIn(1)
	out := h.out.String()
	if !strings.Contains(out, "https://login.weixin.qq.com/qrcode/QRUUID") || !strings.ContainsAny(out, "▀▄█") {
		t.Errorf("terminal shows no QR code and address:\n%s", out)
	}
	if data, err := os.ReadFile(storage); err != nil || !strings.Contains(string(data), "4242") {
		t.Errorf("session not stored for the next start: %v %q", err, data)
	}

	// The account's own message and a system notice are not for the bot.
	fake.Set(func(f *wechattest.Fake) {
		f.Pending = append(f.Pending,
			map[string]any{"MsgId": "1", "MsgType": 1, "FromUserName": f.Self(), "ToUserName": f.User("@@", "g8"), "Content": "我自己发的"},
			map[string]any{"MsgId": "2", "MsgType": 10000, "FromUserName": f.User("@@", "g8"), "ToUserName": f.Self(), "Content": "王阿姨邀请李叔加入了群聊"})
	})
	id := fake.Say("g8", "wang", "@邻里\u2005菜单")
	m := h.next()
	want := bot.Message{
		ID: id, Chat: group8, Text: "菜单", Mentioned: true, At: time.Unix(1764000000, 0),
		Sender: bot.User{Platform: bot.WeChat, ID: "m:王阿姨", Name: "王阿姨"},
	}
	if m.ID != want.ID || m.Chat != want.Chat || m.Sender != want.Sender || m.Text != want.Text || m.Mentioned != want.Mentioned || !m.At.Equal(want.At) {
		t.Errorf("delivered\n %+v\nwant\n %+v", m, want)
	}
	eventually(t, "reply", func() bool { return len(fake.Sent()) == 1 })
	sent := fake.Sent()[0]
	if sent.To != "@@g8-1" || sent.Content != "@王阿姨\u2005今天午餐：红烧肉" {
		t.Errorf("sent %+v", sent)
	}

	// A message without the mention is delivered unaddressed.
	fake.Say("g8", "li", "菜单")
	if m := h.next(); m.Mentioned || m.Sender.ID != "m:李叔" || m.Text != "菜单" {
		t.Errorf("unmentioned message: %+v", m)
	}
	h.noMessage()
}

func TestRestartResumesStoredSessionWithoutScan(t *testing.T) {
	fake := buildingFake(t)
	storage := storagePath(t)
	first := start(t, fake, storage, nil)
	first.loggedIn(1)
	first.stop()

	second := start(t, fake, storage, nil)
	eventually(t, "resumed session", func() bool {
		second.a.mu.Lock()
		defer second.a.mu.Unlock()
		return second.a.sess != nil
	})
	if n := fake.Count("jslogin"); n != 1 {
		t.Errorf("restart asked for %d QR codes in all, want only the first start's", n)
	}
	if n := fake.Count("webwxinit"); n != 2 {
		t.Errorf("webwxinit called %d times, want 2 (login, resume)", n)
	}
	select {
	case url := <-second.qrs:
		t.Errorf("restart offered a QR code %s", url)
	default:
	}
	fake.Say("g8", "wang", "菜单")
	if m := second.next(); m.Chat != group8 {
		t.Errorf("resumed session delivered %+v", m)
	}
}

func TestLogout1101LogsInAgainKeepingGroupBinding(t *testing.T) {
	fake := buildingFake(t)
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)
	fake.Say("g8", "wang", "菜单")
	before := h.next()

	fake.Set(func(f *wechattest.Fake) { f.Kill = "1101" })
	if a := h.alert(); !strings.Contains(a, "重新登录") {
		t.Errorf("alert %q does not say the bot logs in again", a)
	}
	h.loggedIn(2)
	if n := fake.Count("webwxpushloginurl"); n != 1 {
		t.Errorf("push login tried %d times, want 1 (the session was stored)", n)
	}
	if n := fake.Count("jslogin"); n != 1 {
		t.Errorf("%d QR codes, want only the first login's: push login should have sufficed", n)
	}

	// The stored binding (the chat key) reaches the group's new UserName.
	if err := h.a.Send(context.Background(), before.Chat, bot.Reply{Text: "明天停水"}); err != nil {
		t.Fatalf("send after re-login: %v", err)
	}
	if sent := fake.Sent(); len(sent) != 1 || sent[0].To != "@@g8-2" {
		t.Errorf("sent %+v, want one message to @@g8-2", sent)
	}
	fake.Say("g8", "wang", "菜单")
	if after := h.next(); after.Chat != before.Chat || after.Sender != before.Sender {
		t.Errorf("after re-login chat %+v sender %+v; before %+v %+v", after.Chat, after.Sender, before.Chat, before.Sender)
	}
	// The login watcher (health and metrics) heard: a QR code to scan,
	// logged in, logged out, logged in again by the phone.
	if got := fmt.Sprint(h.loginStates()); got != "[false true false true]" {
		t.Errorf("login states %s, want [false true false true]", got)
	}
}

func TestNetworkFailureBacksOffInsteadOfSpinning(t *testing.T) {
	fake := buildingFake(t)
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)
	waitsBefore, _ := h.sleeps.snapshot()
	polls := fake.Count("synccheck")

	const outage = 10 * time.Minute
	h.sleeps.hold(outage)
	fake.Set(func(f *wechattest.Fake) { f.NetDown = true })
	eventually(t, "ten virtual minutes of outage", func() bool {
		_, total := h.sleeps.snapshot()
		return total >= outage
	})
	failed := fake.Count("synccheck") - polls
	waits, _ := h.sleeps.snapshot()
	waits = waits[len(waitsBefore):]
	fake.Set(func(f *wechattest.Fake) { f.NetDown = false })
	h.sleeps.release()

	// Every failure waits. Go's transport may itself retry a GET once when
	// a kept-alive connection turns out closed, hence the small slack.
	if failed > len(waits)+2 {
		t.Errorf("%d failed heartbeats but %d waits: every failure must wait", failed, len(waits))
	}
	// Exponential from one second, capped at two minutes: about a dozen
	// tries in ten minutes where the default handler makes thousands.
	if failed > 15 {
		t.Errorf("%d heartbeats in %v of outage, want at most 15", failed, outage)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, 64 * time.Second, 2 * time.Minute, 2 * time.Minute}
	for i, w := range want {
		if i >= len(waits) || waits[i] != w {
			t.Fatalf("waits %v, want them to start %v", waits, want)
		}
	}

	// Once the network is back the bot hears the group again, and the next
	// failure starts from a short wait.
	fake.Say("g8", "wang", "菜单")
	if m := h.next(); m.Text != "菜单" {
		t.Errorf("after the outage delivered %+v", m)
	}
	n := len(h.sleepsNow())
	fake.Set(func(f *wechattest.Fake) { f.NetDown = true })
	eventually(t, "a new failure", func() bool { return len(h.sleepsNow()) > n })
	if w := h.sleepsNow()[n]; w != time.Second {
		t.Errorf("first wait after recovery %v, want 1s", w)
	}
}

func (h *harness) sleepsNow() []time.Duration {
	w, _ := h.sleeps.snapshot()
	return w
}

func TestGroupNotSavedIsPickedUpWhenItSpeaks(t *testing.T) {
	fake := buildingFake(t)
	fake.Groups = append(fake.Groups, wechattest.Group{ID: "g1", Title: "1号楼群", Members: []wechattest.User{{ID: "zhang", NickName: "张阿姨"}}})
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)
	chat := bot.Chat{Platform: bot.WeChat, ID: "g:1号楼群", Title: "1号楼群", Group: true}

	err := h.a.Send(context.Background(), chat, bot.Reply{Text: "通知"})
	var se *bot.SendError
	if !errors.As(err, &se) || se.Permanent || se.RetryAfter <= 0 {
		t.Fatalf("send to an unseen group: %v, want a SendError to retry later", err)
	}
	fake.Say("g1", "zhang", "@邻里 帮助")
	m := h.next()
	if m.Chat != chat || m.Text != "帮助" || !m.Mentioned || m.Sender.Name != "张阿姨" {
		t.Errorf("delivered %+v", m)
	}
	if err := h.a.Send(context.Background(), chat, bot.Reply{Text: "通知"}); err != nil {
		t.Fatalf("send once the group spoke: %v", err)
	}
	if sent := fake.Sent(); len(sent) != 1 || sent[0].To != "@@g1-1" {
		t.Errorf("sent %+v", sent)
	}
}

func TestPrivateChatsReachFriendsOnly(t *testing.T) {
	fake := buildingFake(t)
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)

	fake.Whisper("wang", "帮助", 1)
	m := h.next()
	if m.Chat.Group || m.Chat.ID != "f:"+strings.TrimPrefix(fake.Remark("wang"), "邻里") || m.Sender.ID != m.Chat.ID || m.Text != "帮助" || !m.Addressed() {
		t.Errorf("private message %+v, remark %q", m, fake.Remark("wang"))
	}
	ctx := context.Background()
	if err := h.a.Send(ctx, bot.PrivateChat(m.Sender), bot.Reply{Text: "您好"}); err != nil {
		t.Fatalf("private reply: %v", err)
	}
	if sent := fake.Sent(); len(sent) != 1 || sent[0].To != "@wang-1" {
		t.Errorf("sent %+v", sent)
	}

	// 李叔 is in the group but not a friend: handlers must fall back.
	fake.Say("g8", "li", "菜单")
	li := h.next().Sender
	if err := h.a.Send(ctx, bot.PrivateChat(li), bot.Reply{Text: "您好"}); !bot.IsPermanent(err) {
		t.Errorf("private send to a non-friend: %v, want permanent", err)
	}
	// A picture from a friend is delivered as not text: the bot says it
	// reads text only, rather than leave her in silence.
	fake.Whisper("wang", "<msg>图片</msg>", 3)
	if m := h.next(); !m.NotText || m.Text != "" || m.Chat.Group {
		t.Errorf("a picture from a friend: %+v, want a private NotText message", m)
	}
	h.noMessage()
}

func TestTooOftenAsksTheOutboxToWait(t *testing.T) {
	fake := buildingFake(t)
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)
	fake.Set(func(f *wechattest.Fake) { f.SendRet = 1205 })
	err := h.a.Send(context.Background(), group8, bot.Reply{Text: "通知"})
	var se *bot.SendError
	if !errors.As(err, &se) || se.RetryAfter < 60 || se.Permanent {
		t.Errorf("1205 gave %v, want a SendError with RetryAfter ≥ 60", err)
	}
}

func TestSendWhileLoggedOutIsRetried(t *testing.T) {
	a, _ := New(Config{Storage: "unused"})
	err := a.Send(context.Background(), group8, bot.Reply{Text: "x"})
	var se *bot.SendError
	if !errors.As(err, &se) || se.RetryAfter <= 0 || se.Permanent {
		t.Errorf("send before login: %v", err)
	}
}

func TestLogoutWithPushRefusedOffersANewQRCode(t *testing.T) {
	fake := buildingFake(t)
	h := start(t, fake, storagePath(t), nil)
	<-h.qrs
	h.loggedIn(1)
	fake.Set(func(f *wechattest.Fake) { f.PushOK = false; f.Kill = "1100" })
	h.alert()
	select {
	case url := <-h.qrs:
		if !strings.HasSuffix(url, "QRUUID") {
			t.Errorf("second QR %q", url)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no new QR code after the phone refused the push login")
	}
	h.loggedIn(2)
	if err := h.a.Send(context.Background(), group8, bot.Reply{Text: "恢复了"}); err != nil {
		t.Fatalf("send after QR re-login: %v", err)
	}
	if sent := fake.Sent(); len(sent) != 1 || sent[0].To != "@@g8-2" {
		t.Errorf("sent %+v", sent)
	}
}

// The outbox may send from several goroutines while openwechat's loop
// receives: the adapter must keep them apart (checked under -race).
func TestConcurrentSendsWhileReceiving(t *testing.T) {
	fake := buildingFake(t)
	fake.Groups = append(fake.Groups, wechattest.Group{ID: "g1", Title: "1号楼群", Members: []wechattest.User{{ID: "zhang", NickName: "张阿姨"}}})
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)
	const senders, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, senders*each)
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				errs <- h.a.Send(context.Background(), group8, bot.Reply{Text: "通知"})
			}
		}()
	}
	for i := range 5 {
		fake.Say("g1", "zhang", fmt.Sprintf("第%d条", i))
		if m := h.next(); m.Chat.ID != "g:1号楼群" {
			t.Errorf("delivered %+v", m)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("send: %v", err)
		}
	}
	sent := fake.Sent()
	if len(sent) != senders*each {
		t.Fatalf("%d messages sent, want %d", len(sent), senders*each)
	}
	for _, s := range sent {
		if s.To != "@@g8-1" {
			t.Fatalf("sent to %s", s.To)
		}
	}
}

// A group not saved to contacts costs openwechat one look-up of its
// details (two when the first message @mentions: its @ check fetches the
// group without keeping it), and none for the messages after: the adapter
// reads the sender from the group openwechat keeps, and never asks WeChat
// per message (issue 14 reported two batch-contact calls a message).
func TestGroupNotSavedIsLookedUpOncePerLogin(t *testing.T) {
	fake := buildingFake(t)
	fake.Groups = append(fake.Groups, wechattest.Group{ID: "g1", Title: "1号楼群", Members: []wechattest.User{
		{ID: "zhang", NickName: "张阿姨"}, {ID: "li", NickName: "李叔"}}})
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)
	before := fake.Count("webwxbatchgetcontact")
	first := 0
	for i := range 10 {
		who := []string{"zhang", "li"}[i%2]
		fake.Say("g1", who, fmt.Sprint([]string{"@邻里 ", ""}[i%2], "帮助", i))
		if m := h.next(); m.Chat.Title != "1号楼群" || m.Sender.Name != map[string]string{"zhang": "张阿姨", "li": "李叔"}[who] {
			t.Fatalf("message %d delivered as %+v", i, m)
		}
		if i == 0 {
			first = fake.Count("webwxbatchgetcontact") - before
		}
	}
	if n := fake.Count("webwxbatchgetcontact") - before; first > 2 || n != first {
		t.Errorf("10 messages from a group not saved to contacts took %d batch-contact calls (%d for the first), want at most 2, all for the first", n, first)
	}
}

// The log line about a group without a name says which group it is (its
// UserName of this login), so the operator can find and name it.
func TestNamelessGroupIsLoggedWithItsUserName(t *testing.T) {
	fake := buildingFake(t)
	fake.Groups = append(fake.Groups, wechattest.Group{ID: "nameless", Members: []wechattest.User{{ID: "zhang", NickName: "张阿姨"}}})
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)
	fake.Say("nameless", "zhang", "帮助")
	fake.Say("g8", "li", "帮助")
	if m := h.next(); m.Chat.Title != "8号楼业主群" {
		t.Fatalf("delivered %+v, want only the named group's message", m)
	}
	if logs := h.logs.String(); !strings.Contains(logs, "without a name") || !strings.Contains(logs, "@@nameless-1") {
		t.Errorf("the nameless group's log line does not name it:\n%s", logs)
	}
}
