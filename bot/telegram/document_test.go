package telegram_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"linli/bot"
	"linli/bot/telegram"
)

// TestAReplyWithAFileIsUploadedAsADocument: the real telego client uploads
// the file with sendDocument (multipart, as the Bot API takes a new file),
// its name and bytes intact and the text as its caption; a text too long
// for a caption follows as a message; a person who blocked the bot is a
// chat gone for good, as for text.
func TestAReplyWithAFileIsUploadedAsADocument(t *testing.T) {
	fake := newFake(t)
	a := newAdapter(t, fake, telegram.Config{})
	ctx := context.Background()
	data := append([]byte("PK\x03\x04\x00\xff"), bytes.Repeat([]byte("行"), 200_000)...)
	me := bot.Chat{Platform: bot.Telegram, ID: "42"}
	file := &bot.File{Name: "订餐-2026-11.xlsx", Data: data}
	if err := a.Send(ctx, me, bot.Reply{Text: "11月订餐表，共3单。", File: file}); err != nil {
		t.Fatal(err)
	}
	docs := fake.Documents()
	if len(docs) != 1 {
		t.Fatalf("documents sent: %+v", fake.Sent())
	}
	d := docs[0]
	if d.ChatID != 42 || d.Document.Name != "订餐-2026-11.xlsx" || !bytes.Equal(d.Document.Data, data) || d.Text != "11月订餐表，共3单。" {
		t.Errorf("document to %d named %q, %d bytes, caption %q; want the file whole to 42 with its caption",
			d.ChatID, d.Document.Name, len(d.Document.Data), d.Text)
	}

	long := strings.Repeat("说明", 600) // 1200 characters: more than a caption takes
	if err := a.Send(ctx, me, bot.Reply{Text: long, File: file}); err != nil {
		t.Fatal(err)
	}
	sent := fake.Sent()
	if n := len(sent); n != 3 || sent[1].Document == nil || sent[1].Text != "" || sent[2].Document != nil || sent[2].Text != long {
		t.Errorf("a long caption: sent %d messages; want the file without a caption, then the whole text", n)
	}

	fake.Kick(43)
	if err := a.Send(ctx, bot.Chat{Platform: bot.Telegram, ID: "43"}, bot.Reply{Text: "表", File: file}); !bot.IsPermanent(err) {
		t.Errorf("a file to someone who blocked the bot: %v, want a permanent failure", err)
	}
	if refused := fake.Refused(); len(refused) != 1 || !strings.HasPrefix(refused[0], "sendDocument 403") {
		t.Errorf("refused calls = %v, want only the blocked one", refused)
	}
}
