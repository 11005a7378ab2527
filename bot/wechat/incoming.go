package wechat

import (
	"fmt"
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
	if !msg.IsText() && !msg.IsSendByGroup() && !msg.IsSendBySelf() && !msg.IsSystem() && (msg.IsVoice() || msg.IsPicture() || msg.IsEmoticon()) {
		// A voice message, picture or sticker from a friend: told it reads text.
		m, ok := a.fromFriend(s, msg, bot.Message{ID: msg.MsgId, At: time.Unix(msg.CreateTime, 0)})
		m.Text, m.NotText = "", true
		return m, ok
	}
	if msg.IsJoinGroup() {
		return a.fromJoin(s, msg, bot.Message{ID: msg.MsgId, At: time.Unix(msg.CreateTime, 0)})
	}
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
		// The UserName is this login's id of the group: the operator finds
		// it in the log of the group's messages, and it is all there is.
		a.log().Info("wechat: message from a group without a name ignored; give the group a name",
			"group", group.UserName, "members", len(group.MemberList))
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
	seen := seenGroup{user: group.UserName, title: title, members: groupMembers(group, s.self)}
	a.mu.Lock()
	live := s.ctx.Err() == nil
	var lookalikes []string
	if live {
		m.Chat, lookalikes = a.groupChat(seen)
		m.Sender = a.dir.person(member.UserName, name)
	}
	a.mu.Unlock()
	if !live {
		return m, false
	}
	m.Chat.Twin = a.twin(m.Chat.ID, lookalikes)
	text, mentioned := stripMention(bot.Visible(msg.Content), a.selfNames(s, group))
	m.Text, m.Mentioned = text, mentioned || msg.IsAt()
	return m, true
}

// groupChat is the chat of a group of this login, keyed (and the book
// saved) on first sight, and the keys of other groups with its title. The
// caller holds mu.
func (a *Adapter) groupChat(g seenGroup) (bot.Chat, []string) {
	a.learnGroups([]seenGroup{g})
	k := a.dir.groupKey[g.user]
	return bot.Chat{Platform: bot.WeChat, ID: k, Title: g.title, Group: true}, a.dir.book.titled(g.title, k)
}

// twin reports whether a group, titled like the groups others, is a Twin:
// not bound itself while one of those is. The router hears only 绑定
// there, so a copy of a building's group serves nobody until an admin
// says it is real.
func (a *Adapter) twin(k string, others []string) bool {
	if len(others) == 0 || a.cfg.Bound == nil || a.cfg.Bound(k) {
		return false
	}
	for _, o := range others {
		if a.cfg.Bound(o) {
			return true
		}
	}
	return false
}

// learnGroups keys groups of this login, saves the book when it changed,
// and tells the admins of a newcomer titled like an older group. The
// caller holds mu.
func (a *Adapter) learnGroups(groups []seenGroup) {
	lookalikes, changed := a.dir.resolve(groups)
	if changed {
		if err := a.dir.book.save(); err != nil {
			a.log().Warn("wechat: could not save the groups it knows", "file", a.dir.book.path, "err", err)
		}
	}
	for _, title := range lookalikes {
		a.log().Warn("wechat: a new group has the title of an older one; it waits for 绑定", "title", title)
		go a.alert(fmt.Sprintf("微信里出现了一个新群，也叫「%s」。原来的群照常服务；新群在管理员到群里发「绑定 楼栋」之前，我不会在里面办理任何事。如果新群不是社区建的，请提醒大家留意。", title))
	}
}

// groupMembers are the display names of a group's members, without the
// account; nil when WeChat did not list them.
func groupMembers(group *openwechat.User, self string) []string {
	if len(group.MemberList) == 0 {
		return nil
	}
	names := make([]string, 0, len(group.MemberList))
	for _, u := range group.MemberList {
		if u.UserName != self {
			names = append(names, displayName(u))
		}
	}
	return memberNames(names)
}

func (a *Adapter) fromFriend(s *session, msg *openwechat.Message, m bot.Message) (bot.Message, bool) {
	if !msg.IsSendByFriend() {
		return m, false
	}
	user, err := msg.Sender()
	if err != nil || !user.IsFriend() {
		return m, false // not a friend: an official account, a stranger
	}
	name := openwechat.FormatEmoji(user.NickName)
	if name == "" {
		return m, false
	}
	if _, ok := tokenIn(user.RemarkName); !ok && s.ctx.Err() == nil {
		a.verify(s, user)
	}
	a.mu.Lock()
	live := s.ctx.Err() == nil
	if live {
		a.dir.addFriend(user.UserName, user.RemarkName)
		m.Sender = a.dir.person(user.UserName, name)
	}
	a.mu.Unlock()
	if !live {
		return m, false
	}
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
	return append(names, a.cfg.BotNames...)
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

// fromJoin reads WeChat's notice of people joining a group — 「"张三"邀请
// "李四"、"王五"加入了群聊」 or 「"李四"通过扫描"张三"分享的二维码加入群聊」 —
// as the people who joined, known by the names the notice gives.
func (a *Adapter) fromJoin(s *session, msg *openwechat.Message, m bot.Message) (bot.Message, bool) {
	group, err := msg.Sender()
	if err != nil {
		return m, false
	}
	title := openwechat.FormatEmoji(group.NickName)
	names := joinedNames(msg.Content)
	if title == "" || len(names) == 0 {
		return m, false
	}
	seen := seenGroup{user: group.UserName, title: title, members: groupMembers(group, s.self)}
	a.mu.Lock()
	live := s.ctx.Err() == nil
	if live {
		m.Chat, _ = a.groupChat(seen)
		for _, n := range names {
			m.Joined = append(m.Joined, bot.User{Platform: bot.WeChat, ID: PersonID(n), Name: n})
		}
	}
	a.mu.Unlock()
	return m, live
}

// joinedNames are the names of the people a join notice says joined.
func joinedNames(content string) []string {
	content = strings.NewReplacer("“", "\"", "”", "\"").Replace(content)
	part := content
	switch {
	case strings.Contains(content, "邀请"):
		part = content[strings.Index(content, "邀请")+len("邀请"):]
	case strings.Contains(content, "通过扫描"):
		part = content[:strings.Index(content, "通过扫描")]
	}
	var names []string
	for _, f := range strings.Split(part, "\"") {
		f = strings.TrimSpace(f)
		if f != "" && f != "、" && !strings.Contains(f, "加入") {
			names = append(names, openwechat.FormatEmoji(f))
		}
	}
	return names
}
