package telegram

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/mymmrac/telego"

	"linli/bot"
)

// handle turns one update into at most one delivered message. Edits,
// channel posts and messages from bots are not for Linli. The Pending is
// to be waited for before the update is confirmed to Telegram.
func (a *Adapter) handle(ctx context.Context, u telego.Update, deliver bot.DeliverFunc) bot.Pending {
	switch {
	case u.Message != nil:
		if m, ok := a.message(ctx, u.Message); ok {
			return deliver(ctx, m)
		}
	case u.CallbackQuery != nil:
		if m, ok := a.tap(ctx, u.CallbackQuery); ok {
			return deliver(ctx, m)
		}
	}
	return bot.Pending{}
}

// message translates a Telegram message, or reports false when it is not
// one the bot should read.
func (a *Adapter) message(ctx context.Context, tm *telego.Message) (bot.Message, bool) {
	if tm.MigrateToChatID != 0 {
		a.migrate(ctx, tm.Chat.ID, tm.MigrateToChatID)
		return bot.Message{}, false
	}
	faceless := false
	if sc := tm.SenderChat; sc != nil {
		if sc.ID != tm.Chat.ID {
			return bot.Message{}, false // a channel speaking in the group
		}
		// An admin posting anonymously: Telegram says only that the group
		// spoke (From is its GroupAnonymousBot).
		faceless = true
	}
	if tm.From == nil || (tm.From.IsBot && !faceless) {
		return bot.Message{}, false
	}
	if !faceless {
		a.handles.saw(*tm.From)
	}
	chat, ok := a.chat(tm.Chat, *tm.From)
	if !ok {
		return bot.Message{}, false
	}
	if len(tm.NewChatMembers) > 0 && chat.Group {
		return joinedMessage(tm, chat)
	}
	text, ents := tm.Text, tm.Entities
	if text == "" {
		text, ents = tm.Caption, tm.CaptionEntities
	}
	if strings.TrimSpace(text) == "" {
		if tm.Chat.Type == "private" {
			// A voice message, picture or sticker to the bot: told it reads text.
			return bot.Message{ID: strconv.FormatInt(tm.Chat.ID, 10) + ":" + strconv.Itoa(tm.MessageID), Chat: chat,
				Sender: user(*tm.From), NotText: true, At: time.Unix(tm.Date, 0)}, true
		}
		return bot.Message{}, false
	}
	read, ok := a.read(text, ents)
	if !ok || read.text == "" {
		return bot.Message{}, false // a command for another bot, or nothing visible
	}
	quoted, toMe := a.repliedTo(tm)
	return bot.Message{
		ID:        strconv.FormatInt(tm.Chat.ID, 10) + ":" + strconv.Itoa(tm.MessageID),
		Chat:      chat,
		Sender:    user(*tm.From),
		Text:      read.text,
		Mentioned: read.mentioned || toMe,
		Mentions:  read.mentions,
		Quoted:    quoted,
		// what came with a caption: a problem report keeps its photo
		Attachments: attachments(tm),
		At:          time.Unix(tm.Date, 0),
		Faceless:    faceless,
	}, true
}

// attachments are the file ids of what a message carries: of a photo its
// largest size (Telegram lists the sizes of one picture, smallest first),
// and a file sent as a document.
func attachments(tm *telego.Message) []string {
	var ids []string
	if n := len(tm.Photo); n > 0 {
		ids = append(ids, tm.Photo[n-1].FileID)
	}
	if tm.Document != nil {
		ids = append(ids, tm.Document.FileID)
	}
	return ids
}

// chat maps a Telegram chat; channels are not served.
func (a *Adapter) chat(c telego.Chat, from telego.User) (bot.Chat, bool) {
	id := strconv.FormatInt(c.ID, 10)
	switch c.Type {
	case telego.ChatTypePrivate:
		return bot.Chat{Platform: bot.Telegram, ID: id, Title: "@" + displayName(from)}, true
	case telego.ChatTypeGroup, telego.ChatTypeSupergroup:
		return bot.Chat{Platform: bot.Telegram, ID: id, Title: c.Title, Group: true}, true
	}
	return bot.Chat{}, false
}

func user(u telego.User) bot.User {
	return bot.User{Platform: bot.Telegram, ID: strconv.FormatInt(u.ID, 10), Name: displayName(u), Handle: u.Username}
}

// displayName joins first and last name as the person would write it:
// Chinese names without a space (张 + 阿姨), others with one.
func displayName(u telego.User) string {
	first, last := strings.TrimSpace(u.FirstName), strings.TrimSpace(u.LastName)
	switch {
	case last == "":
		return first
	case first == "":
		return last
	case isHan(first) || isHan(last):
		return first + last
	}
	return first + " " + last
}

func isHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// reading is a message's text with Telegram's noise removed.
type reading struct {
	text      string
	mentioned bool
	mentions  []bot.User
}

// read strips "@ThisBot" from a leading command and the bot's @mention
// from the text, and collects the other people mentioned. It reports false
// for a command addressed to another bot. Entity offsets count UTF-16
// units, as the Bot API does.
func (a *Adapter) read(text string, ents []telego.MessageEntity) (reading, bool) {
	units := utf16.Encode([]rune(text))
	part := func(e telego.MessageEntity) string {
		if e.Offset < 0 || e.Length < 0 || e.Offset+e.Length > len(units) {
			return ""
		}
		return string(utf16.Decode(units[e.Offset : e.Offset+e.Length]))
	}
	var r reading
	cut := make([]bool, len(units))
	drop := func(from, n int) {
		for i := from; i < from+n && i < len(cut); i++ {
			cut[i] = true
		}
	}
	for _, e := range ents {
		s := part(e)
		switch e.Type {
		case "bot_command":
			name, target, addressed := strings.Cut(s, "@")
			if e.Offset != 0 || !addressed {
				continue
			}
			if !a.isMe(target) {
				return reading{}, false
			}
			drop(e.Offset+len(utf16.Encode([]rune(name))), e.Length-len(utf16.Encode([]rune(name))))
		case "mention":
			if a.isMe(strings.TrimPrefix(s, "@")) {
				r.mentioned = true
				drop(e.Offset, e.Length)
			} else if s != "" {
				r.mentions = append(r.mentions, a.mentioned(strings.TrimPrefix(s, "@")))
			}
		case "text_mention":
			if e.User == nil {
				continue
			}
			if a.me != nil && e.User.ID == a.me.ID {
				r.mentioned = true
				drop(e.Offset, e.Length)
				continue
			}
			r.mentions = append(r.mentions, user(*e.User))
		}
	}
	kept := units[:0:0]
	for i, u := range units {
		if !cut[i] {
			kept = append(kept, u)
		}
	}
	r.text = bot.Visible(string(utf16.Decode(kept)))
	r.text = strings.TrimLeft(strings.TrimSpace(r.text), ",，:：")
	r.text = strings.TrimSpace(r.text)
	return r, true
}

// repliedTo reads the message tm answers: the bot's own (the person
// addresses the bot), or a person's, who is then named by id — 设置楼组长
// 8号楼 in reply to her message — not by a name anyone could use.
func (a *Adapter) repliedTo(tm *telego.Message) (*bot.User, bool) {
	r := tm.ReplyToMessage
	switch {
	case r == nil || r.From == nil:
		return nil, false
	case a.me != nil && r.From.ID == a.me.ID:
		return nil, true
	case r.From.IsBot:
		return nil, false
	}
	a.handles.saw(*r.From)
	u := user(*r.From)
	return &u, false
}

// mentioned is the person behind a plain @username: the account that wrote
// under it, when the bot has seen one. A mention entity carries no id, so
// an unseen username stays a name without an ID, which handlers must not
// turn into an account: a guess would give a role to someone imagined.
func (a *Adapter) mentioned(username string) bot.User {
	if u, ok := a.handles.lookup(username); ok {
		return user(u)
	}
	return bot.User{Platform: bot.Telegram, Name: username, Handle: username}
}

func (a *Adapter) isMe(username string) bool {
	return a.me != nil && username != "" && strings.EqualFold(username, a.me.Username)
}

// migrate tells the bot a group has a new id (it became a supergroup).
func (a *Adapter) migrate(ctx context.Context, from, to int64) {
	oldID, newID := strconv.FormatInt(from, 10), strconv.FormatInt(to, 10)
	a.cfg.Log.Info("telegram: group became a supergroup", "old", oldID, "new", newID)
	if a.cfg.OnMigrate == nil {
		return
	}
	if err := a.cfg.OnMigrate(ctx, oldID, newID); err != nil {
		a.cfg.Log.Error("telegram: moving the group to its new id failed", "old", oldID, "new", newID, "err", err)
	}
}

// joinedMessage is the people a group message says joined (not bots): the
// group greets them once.
func joinedMessage(tm *telego.Message, chat bot.Chat) (bot.Message, bool) {
	var joined []bot.User
	for _, u := range tm.NewChatMembers {
		if !u.IsBot {
			joined = append(joined, user(u))
		}
	}
	return bot.Message{ID: strconv.FormatInt(tm.Chat.ID, 10) + ":" + strconv.Itoa(tm.MessageID), Chat: chat,
		Sender: user(*tm.From), Joined: joined, At: time.Unix(tm.Date, 0)}, len(joined) > 0
}
