package bot_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"linli/bot"
)

// TestAnonymousCommandsAreLoggedWithoutTheirAuthor: an anonymous suggestion
// must not be undone by the router's own log lines, neither when handled nor
// when the handler fails; other commands keep naming who sent them.
func TestAnonymousCommandsAreLoggedWithoutTheirAuthor(t *testing.T) {
	var logs bytes.Buffer
	fail := true
	rt, err := bot.NewRouter(bot.RouterConfig{
		Read: func(m bot.Message, _ time.Time) bot.Intent {
			return bot.Intent{Name: bot.IntentSuggest, Text: m.Text, Anonymous: strings.HasPrefix(m.Text, "匿名")}
		},
		Directory: directory{},
		Out:       &sent{},
		Log:       slog.New(slog.NewTextHandler(&logs, nil)),
	}, bot.Route{Intent: bot.IntentSuggest, Handle: func(ctx context.Context, r *bot.Request) error {
		if fail {
			return errors.New("disk full")
		}
		return r.Reply(ctx, "收到")
	}})
	if err != nil {
		t.Fatal(err)
	}
	author := bot.User{Platform: bot.Telegram, ID: "424242", Name: "赵大爷"}
	for _, f := range []bool{true, false} {
		fail = f
		rt.Deliver(context.Background(), bot.Message{ID: "p", Text: "匿名建议 有人高空抛物", Sender: author, Chat: bot.PrivateChat(author)})
		g := bot.Message{ID: "g", Text: "匿名建议 有人高空抛物", Sender: author, Chat: bot.Chat{Platform: bot.Telegram, ID: "-100", Group: true}}
		rt.Deliver(context.Background(), g)
	}
	if strings.Count(logs.String(), "\n") < 4 {
		t.Fatalf("expected four log lines, got:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "424242") || strings.Contains(logs.String(), "赵大爷") {
		t.Errorf("the anonymous author is in the log:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "telegram:-100") {
		t.Errorf("the group of an anonymous command should still be logged:\n%s", logs.String())
	}
	logs.Reset()
	rt.Deliver(context.Background(), bot.Message{ID: "n", Text: "建议 楼道灯坏了", Sender: author, Chat: bot.PrivateChat(author)})
	if !strings.Contains(logs.String(), "telegram:424242") {
		t.Errorf("a named command should be logged with its sender:\n%s", logs.String())
	}
}

// TestAnonymousRepliesDoNotNameTheSender: in a group, the answer to an
// anonymous command neither mentions nor quotes who sent it.
func TestAnonymousRepliesDoNotNameTheSender(t *testing.T) {
	out := &sent{}
	rt, err := bot.NewRouter(bot.RouterConfig{
		Read: func(m bot.Message, _ time.Time) bot.Intent {
			return bot.Intent{Name: bot.IntentSuggest, Anonymous: strings.HasPrefix(m.Text, "匿名")}
		},
		Directory: directory{},
		Out:       out,
	}, bot.Route{Intent: bot.IntentSuggest, Handle: func(ctx context.Context, r *bot.Request) error {
		return r.Reply(ctx, "收到")
	}})
	if err != nil {
		t.Fatal(err)
	}
	rt.Deliver(context.Background(), group("赵大爷", "匿名建议 有人高空抛物"))
	rt.Deliver(context.Background(), group("赵大爷", "建议 楼道灯坏了"))
	if len(out.replies) != 2 {
		t.Fatalf("replies = %+v", out.replies)
	}
	if r := out.replies[0]; r.Mention != nil || r.ReplyTo != "" {
		t.Errorf("anonymous reply names its sender: %+v", r)
	}
	if r := out.replies[1]; r.Mention == nil || r.Mention.Name != "赵大爷" {
		t.Errorf("named reply should mention its sender: %+v", r)
	}
}
