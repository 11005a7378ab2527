package wechat

import (
	"strings"
	"time"

	"github.com/eatmoreapple/openwechat"

	"linli/bot"
)

// receive runs on openwechat's message loop, the only goroutine that touches
// openwechat's contact cache: everything that reads the cache (the sender,
// the group's members) is read here, and only a bot.Message leaves.
func (a *Adapter) receive(s *session, msg *openwechat.Message) {
	m, ok := a.convert(s, msg)
	if !ok {
		return
	}
	select {
	case a.incoming <- m:
	case <-s.ctx.Done():
	}
}

// convert keeps text from groups and friends; the account's own messages,
// system notices, official accounts and media are not for the bot.
func (a *Adapter) convert(s *session, msg *openwechat.Message) (bot.Message, bool) {
	if msg.IsSendBySelf() || msg.IsSystem() || !msg.IsText() || !strings.HasPrefix(msg.FromUserName, "@") {
		return bot.Message{}, false
	}
	m := bot.Message{ID: msg.MsgId, At: time.Unix(msg.CreateTime, 0)}
	if msg.IsSendByGroup() {
		return a.fromGroup(s, msg, m)
	}
	return a.fromFriend(s, msg, m)
}

func (a *Adapter) fromGroup(s *session, msg *openwechat.Message, m bot.Message) (bot.Message, bool) {
	group, err := msg.Sender()
	if err != nil {
		a.log().Warn("wechat: group of a message unknown", "err", err)
		return m, false
	}
	title := openwechat.FormatEmoji(group.NickName)
	if title == "" {
		a.log().Info("wechat: message from a group without a name ignored; give the group a name")
		return m, false
	}
	member, err := msg.SenderInGroup()
	if err != nil {
		a.log().Warn("wechat: sender of a group message unknown", "group", title, "err", err)
		return m, false
	}
	name := displayName(member)
	if name == "" {
		return m, false
	}
	a.mu.Lock()
	live := s.ctx.Err() == nil
	clash, served := false, false
	if live {
		clash = a.dir.addGroup(title, group.UserName)
		served = a.dir.served(title)
		a.dir.learn(name, member.UserName)
	}
	a.mu.Unlock()
	if clash {
		a.alertClash(title)
	}
	if !served {
		return m, false
	}
	m.Chat = bot.Chat{Platform: bot.WeChat, ID: groupID(title), Title: title, Group: true}
	m.Sender = bot.User{Platform: bot.WeChat, ID: PersonID(name), Name: name}
	text, mentioned := stripMention(bot.Visible(msg.Content), a.selfNames(s, group))
	m.Text, m.Mentioned = text, mentioned || msg.IsAt()
	return m, true
}

func (a *Adapter) fromFriend(s *session, msg *openwechat.Message, m bot.Message) (bot.Message, bool) {
	if !msg.IsSendByFriend() {
		return m, false
	}
	user, err := msg.Sender()
	if err != nil || !user.IsFriend() {
		return m, false // not a friend: an official account, a stranger
	}
	name := openwechat.FormatEmoji(user.RemarkName)
	if name == "" {
		name = openwechat.FormatEmoji(user.NickName)
	}
	if name == "" {
		return m, false
	}
	a.mu.Lock()
	live := s.ctx.Err() == nil
	if live {
		a.dir.addContact(user, s.self)
		a.dir.learn(name, user.UserName)
	}
	a.mu.Unlock()
	if !live {
		return m, false
	}
	m.Sender = bot.User{Platform: bot.WeChat, ID: PersonID(name), Name: name}
	m.Chat = bot.PrivateChat(m.Sender)
	m.Text = strings.TrimSpace(bot.Visible(msg.Content))
	return m, true
}

// displayName is how a member appears in the group: their group nickname,
// else their WeChat nickname.
func displayName(u *openwechat.User) string {
	if n := openwechat.FormatEmoji(u.DisplayName); n != "" {
		return n
	}
	return openwechat.FormatEmoji(u.NickName)
}

// selfNames are the names an @mention of the bot may use in group: its
// display name there, its nickname and the configured names.
func (a *Adapter) selfNames(s *session, group *openwechat.User) []string {
	var names []string
	if me := group.MemberList.SearchByUserName(1, s.self).First(); me != nil && me.DisplayName != "" {
		names = append(names, openwechat.FormatEmoji(me.DisplayName))
	}
	names = append(names, s.selfName)
	return append(names, a.BotNames...)
}

// stripMention removes WeChat's "@名字\u2005" for the bot from text and
// reports whether there was one. WeChat ends a mention with a
// four-per-em space; one typed by hand may end with an ordinary space or
// end the message.
func stripMention(text string, names []string) (string, bool) {
	for _, name := range names {
		if name == "" {
			continue
		}
		tag := "@" + name
		for _, end := range []string{"\u2005", " ", "\u00a0"} {
			if i := strings.Index(text, tag+end); i >= 0 {
				return strings.TrimSpace(text[:i] + text[i+len(tag+end):]), true
			}
		}
		if rest, ok := strings.CutSuffix(text, tag); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return strings.TrimSpace(text), false
}
