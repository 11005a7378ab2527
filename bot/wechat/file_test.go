package wechat

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"linli/bot"
	"linli/bot/wechat/wechattest"
)

// TestAReplyWithAFileIsUploadedAndSentAsAFile: through openwechat's upload
// (in chunks: more than 512 KB) and a file message, a friend receives the
// file under its own name with every byte, after the reply's text; the
// server's paths go nowhere. WeChat refusing the file message is an error
// the outbox retries.
func TestAReplyWithAFileIsUploadedAndSentAsAFile(t *testing.T) {
	fake := buildingFake(t)
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)
	fake.Whisper("wang", "导出订餐", 1)
	wang := h.next().Sender

	data := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0, 1, 0xfe, 'x'}, 300_000)...) // 1.2 MB, 3 chunks
	ctx := context.Background()
	err := h.a.Send(ctx, bot.PrivateChat(wang), bot.Reply{Text: "11月订餐表，共3单。", File: &bot.File{Name: "订餐-2026-11.xlsx", Data: data}})
	if err != nil {
		t.Fatalf("file reply: %v", err)
	}
	sent := fake.Sent()
	if len(sent) != 2 || sent[0].File != nil || sent[0].Content != "11月订餐表，共3单。" || sent[1].File == nil {
		t.Fatalf("sent %d messages %+v, want the text then the file", len(sent), sent)
	}
	f := sent[1].File
	if sent[1].To != "@wang-1" || f.Name != "订餐-2026-11.xlsx" || f.Uploaded != "订餐-2026-11.xlsx" || !bytes.Equal(f.Data, data) {
		t.Errorf("file to %s named %q (uploaded as %q), %d bytes; want 订餐-2026-11.xlsx whole to @wang-1",
			sent[1].To, f.Name, f.Uploaded, len(f.Data))
	}
	if n := fake.Count("webwxuploadmedia"); n != 3 {
		t.Errorf("uploaded in %d requests, want 3 chunks of 512 KB", n)
	}

	fake.Set(func(f *wechattest.Fake) { f.SendRet = 1205 })
	err = h.a.Send(ctx, bot.PrivateChat(wang), bot.Reply{File: &bot.File{Name: "建议.xlsx", Data: data[:100]}})
	var se *bot.SendError
	if !errors.As(err, &se) || se.Permanent || se.RetryAfter == 0 || !strings.Contains(err.Error(), "1205") {
		t.Errorf("a refused file message: %v, want a retry later", err)
	}
}
