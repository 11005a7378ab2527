package telegramtest

import (
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf16"
)

// User is a Telegram account in a test.
type User struct {
	ID        int64
	FirstName string
	LastName  string
	// Username is the @name, which not every account has.
	Username string
	IsBot    bool
}

func (u User) json() map[string]any {
	m := map[string]any{"id": u.ID, "is_bot": u.IsBot, "first_name": u.FirstName}
	if u.LastName != "" {
		m["last_name"] = u.LastName
	}
	if u.Username != "" {
		m["username"] = u.Username
	}
	return m
}

// Chat is a Telegram chat in a test: Type is private, group or supergroup.
type Chat struct {
	ID    int64
	Type  string
	Title string
}

func (c Chat) json() map[string]any {
	m := map[string]any{"id": c.ID, "type": c.Type}
	if c.Title != "" {
		m["title"] = c.Title
	}
	return m
}

var messageIDs atomic.Int64

// NextMessageID gives message ids unique within a test binary.
func NextMessageID() int { return int(messageIDs.Add(1)) }

// Message builds a message update as Telegram sends it: a leading /command
// gets a bot_command entity and @username words get mention entities,
// with offsets in UTF-16 units as the Bot API counts them.
func Message(chat Chat, from User, text string) map[string]any {
	return map[string]any{"message": MessageBody(chat, from, NextMessageID(), text)}
}

// MessageBody is the message object of Message, to nest or modify.
func MessageBody(chat Chat, from User, id int, text string) map[string]any {
	m := map[string]any{"message_id": id, "date": time.Now().Unix(), "chat": chat.json(),
		"from": from.json(), "text": text}
	if ents := Entities(text); len(ents) > 0 {
		m["entities"] = ents
	}
	return m
}

// Entities finds the bot_command and mention entities of text.
func Entities(text string) []map[string]any {
	var ents []map[string]any
	units := func(s string) int { return len(utf16.Encode([]rune(s))) }
	if strings.HasPrefix(text, "/") {
		end := strings.IndexAny(text, " \n")
		if end < 0 {
			end = len(text)
		}
		ents = append(ents, map[string]any{"type": "bot_command", "offset": 0, "length": units(text[:end])})
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '@' || (i > 0 && text[i-1] != ' ' && text[i-1] != '\n') {
			continue
		}
		j := i + 1
		for j < len(text) && (isWord(text[j])) {
			j++
		}
		if j > i+1 {
			ents = append(ents, map[string]any{"type": "mention", "offset": units(text[:i]), "length": units(text[i:j])})
		}
	}
	return ents
}

func isWord(b byte) bool {
	return b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
}

// Callback builds a button tap on a message the bot sent to chat.
func Callback(id string, chat Chat, from User, messageID int, data string) map[string]any {
	return map[string]any{"callback_query": map[string]any{
		"id": id, "from": from.json(), "chat_instance": "ci", "data": data,
		"message": map[string]any{"message_id": messageID, "date": time.Now().Unix(), "chat": chat.json(),
			"from": map[string]any{"id": BotID, "is_bot": true, "first_name": "邻里", "username": BotUsername},
			"text": "…"},
	}}
}

// Migration builds the service message Telegram posts in a group that
// became a supergroup.
func Migration(chat Chat, from User, to int64) map[string]any {
	return map[string]any{"message": map[string]any{"message_id": NextMessageID(), "date": time.Now().Unix(),
		"chat": chat.json(), "from": from.json(), "migrate_to_chat_id": to}}
}

// Photo builds a photo message whose caption is text, as Telegram sends
// it: the sizes of one picture, smallest first, each with its own file id.
func Photo(chat Chat, from User, fileID, caption string) map[string]any {
	m := MessageBody(chat, from, NextMessageID(), caption)
	delete(m, "text")
	m["caption"] = caption
	if ents, ok := m["entities"]; ok {
		delete(m, "entities")
		m["caption_entities"] = ents
	}
	m["photo"] = []map[string]any{
		{"file_id": fileID + "-s", "file_unique_id": fileID + "-us", "width": 90, "height": 90},
		{"file_id": fileID, "file_unique_id": fileID + "-u", "width": 1280, "height": 960},
	}
	return map[string]any{"message": m}
}

// TextMention builds a message whose words name someone without a
// username, as a Telegram client does when a person is picked from the
// list: the name is plain text with a text_mention entity over it.
func TextMention(chat Chat, from User, text, name string, who User) map[string]any {
	m := MessageBody(chat, from, NextMessageID(), text)
	at := strings.Index(text, name)
	if at < 0 {
		panic("telegramtest: " + name + " is not in " + text)
	}
	units := func(s string) int { return len(utf16.Encode([]rune(s))) }
	ents, _ := m["entities"].([]map[string]any)
	m["entities"] = append(ents, map[string]any{"type": "text_mention", "offset": units(text[:at]),
		"length": units(name), "user": who.json()})
	return map[string]any{"message": m}
}
