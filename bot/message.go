// Package bot is Linli's platform-neutral core: the message every platform
// delivers, the reader that turns Chinese text into an intent, the router that
// hands an intent to its handler, and the outbox that paces what is sent.
//
// It imports the standard library only, so that the rules of the bot can be
// read and tested without a chat account, a database or a network.
package bot

import (
	"strings"
	"time"
	"unicode"
)

// Platform names as they appear in configuration (admins: ["telegram:123"])
// and in the database. Adapters use these constants so a typo cannot split one
// platform's data in two.
const (
	Console  = "console"
	Telegram = "telegram"
	WeChat   = "wechat"
)

// Chat is a conversation the bot takes part in: a group, or a private chat
// with one person. ID is the platform's stable identifier for it; for a
// private chat it equals the other person's user ID, so the bot can write to a
// person it knows without having seen a private message from them.
type Chat struct {
	Platform string
	ID       string
	Title    string
	Group    bool
	// Twin is set for a group titled like a group bound to a building,
	// itself not bound: anyone can create a group under any title, so the
	// bot hears only 绑定 there until an admin binds it.
	Twin bool
}

// Key identifies the chat across platforms ("telegram:-100123").
func (c Chat) Key() string { return c.Platform + ":" + c.ID }

// User is the person who sent a message, as the platform knows them.
type User struct {
	Platform string
	ID       string
	Name     string
	// Handle is the account's @username where the platform has one
	// (Telegram), so "设置食堂 @li_shifu" finds the person shown as 李师傅.
	Handle string
	// Namesake is set when another account spoke under the same
	// unverified name in this session: the bot cannot tell the two apart,
	// so it answers them with what anyone may read, and nothing more.
	Namesake bool
}

// NamedPrefix starts the ID of a person the platform knows only by a name
// they chose (a WeChat group member who is not a verified friend of the
// account). Anyone can take that name, so such an account acts for itself
// only: no role and no household is ever granted to it.
const NamedPrefix = "m:"

// Verified reports whether the account's ID is one its owner cannot
// choose: a platform's own id, a verified WeChat friend, the console's
// operator — not a name anyone can take.
func (u User) Verified() bool {
	return !(u.Platform == WeChat && strings.HasPrefix(u.ID, NamedPrefix))
}

// Key identifies the user across platforms ("console:张阿姨"), the form used
// for admins and canteen managers in configuration.
func (u User) Key() string { return u.Platform + ":" + u.ID }

// Message is what every adapter delivers, whatever the platform: the text is
// already stripped of platform noise (a WeChat group member prefix, the
// "@bot" of a Telegram command) but otherwise as the person typed it.
type Message struct {
	// ID is unique per platform and is used to drop redelivered messages.
	ID     string
	Chat   Chat
	Sender User
	Text   string
	// Mentioned is true when the message addressed the bot by an @mention.
	Mentioned bool
	// Mentions are the people the message @mentions, other than the bot,
	// when the platform tells who they are (Telegram entities). WeChat only
	// gives names, which the reader finds in Text.
	Mentions []User
	// Quoted is the person whose message this one replies to, when the
	// platform says (Telegram): "设置楼组长 8号楼" in reply to 张阿姨's
	// message names her without a name anyone could share.
	Quoted *User
	// Callback is set when the message comes from a button tap rather than
	// typing; the platform acknowledges it with the first reply.
	Callback string
	// Attachments are the platform's file ids of what came with the text
	// (a Telegram photo whose caption is the command), so a problem report
	// keeps its photo. Platforms without files leave it empty.
	Attachments []string
	At          time.Time
	// Joined are the people who just joined the group (Telegram's
	// new_chat_members, WeChat's 「…加入了群聊」); Text is empty. A bound
	// group greets each once (groups.welcome).
	Joined []User
	// NotText is set for a voice message, picture or sticker sent to the
	// bot privately: it reads text only and says so, kindly, rather than
	// leave an elder who spoke to it in silence. Text is empty.
	NotText bool
	// Faceless is set when the platform does not say which person sent the
	// message: a Telegram group admin who posts anonymously speaks as the
	// group. The bot reads it, but cannot act for nobody in particular.
	Faceless bool
}

// Private reports whether the message came from a one-to-one chat.
func (m Message) Private() bool { return !m.Chat.Group }

// Addressed reports whether the message is meant for the bot whatever it
// says: a private message, an @mention or a button tap.
func (m Message) Addressed() bool { return m.Private() || m.Mentioned || m.Callback != "" }

// PrivateChat is the private chat with u, which the bot may use to reach a
// person directly where the platform allows it.
func PrivateChat(u User) Chat {
	return Chat{Platform: u.Platform, ID: u.ID, Title: "@" + u.Name}
}

// Reply is one message the bot sends. Text is plain; platforms that support it
// may render Buttons as an inline keyboard, others list them as text hints.
type Reply struct {
	Text string
	// Mention is the person the reply answers in a group; platforms prefix
	// or quote as they can.
	Mention *User
	// ReplyTo is the platform message ID being answered, if any.
	ReplyTo string
	Buttons []Button
	// Fallback is where the text goes when Chat cannot be reached at all
	// (someone who never started the bot on Telegram, or who is not the
	// account's friend on WeChat): a group they use, naming them.
	Fallback *Fallback
	// Discreet replies answer an anonymous command: once delivered (or
	// given up on) the outbox forgets them, so no stored message ties the
	// person's private chat to what they filed.
	Discreet bool
	// File is a document sent with the reply (a spreadsheet asked for in
	// the chat), Text its caption. It goes to the chat only: a fallback
	// to a group never carries it, and merged or split replies keep it
	// once, with their last part.
	File *File
}

// File is a document to send: the name the person sees and its bytes.
type File struct {
	Name string
	Data []byte
}

// Fallback is a group to say a private message in, naming the person.
type Fallback struct {
	Chat    Chat
	Mention *User
	// Text, when set, is said in the group instead of the private text:
	// for a message that must stay private (a list naming residents), the
	// group hears only what the person can do to receive it.
	Text string `json:",omitempty"`
}

// fallback is the reply to send instead when r's chat is unreachable.
func (r Reply) fallback() (Chat, Reply, bool) {
	if r.Fallback == nil {
		return Chat{}, Reply{}, false
	}
	if r.Fallback.Text != "" {
		return r.Fallback.Chat, Reply{Text: r.Fallback.Text, Mention: r.Fallback.Mention}, true
	}
	return r.Fallback.Chat, Reply{Text: r.Text, Mention: r.Fallback.Mention, Buttons: r.Buttons}, true
}

// Button is a tap that stands for a typed command: tapping it runs Command
// exactly as if the person had typed it, so buttons need no handlers of their own.
type Button struct {
	Label   string
	Command string
	// Typed is what to type instead on a platform without buttons, when it
	// should differ from Command: a person reading now types 「订餐 明天
	// 午餐」, while a button may be tapped after midnight and carries the
	// date itself.
	Typed string `json:",omitempty"`
}

// Say is what a person types for the button on a platform without buttons.
func (b Button) Say() string {
	if b.Typed != "" {
		return b.Typed
	}
	return b.Command
}

// Lines joins non-empty lines with newlines: replies are built line by line.
func Lines(lines ...string) string {
	kept := lines[:0:0]
	for _, l := range lines {
		if l != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}

// Visible drops the invisible format characters phones and copied text
// carry — zero-width spaces, byte order marks, left-to-right and
// right-to-left marks and overrides — so that "帮\u200b助" or "\u202e订餐" is
// read as the person sees it. Adapters apply it to what people type. The
// zero-width joiner stays: it holds emoji sequences (👨‍👩‍👧) together.
func Visible(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\u200d' && unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}
