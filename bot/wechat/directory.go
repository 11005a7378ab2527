package wechat

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/eatmoreapple/openwechat"

	"linli/bot"
)

// Stable keys. WeChat's UserName changes at every login, so Linli never
// stores it: a group is "g:" + its title and a person "m:" + their name
// (group display name, else nickname; for a friend in a private chat, the
// remark the account gave them, else their nickname). The price is that
// renaming a group or a person looks like a new one, and two people with one
// name in one group share a key; household registration ties a key to a
// household, so a rename means registering again.
const (
	groupPrefix = "g:"
	// PersonPrefix starts every person's id, so a person and a group with
	// one name never share a key.
	PersonPrefix = "m:"
)

// maxKeyRunes bounds the name in a key. WeChat keeps names short, but a
// key is stored with every message to and from its chat, so a name longer
// than this (hostile, or a future limit) is keyed by its first runes and
// a digest of the whole: still stable, still one key per name, bounded.
const maxKeyRunes = 64

// key is the part of a stable key that names a group or a person.
func key(name string) string {
	if utf8.RuneCountInString(name) <= maxKeyRunes {
		return name
	}
	r := []rune(name)
	sum := sha256.Sum256([]byte(name))
	return string(r[:maxKeyRunes-16]) + "…" + hex.EncodeToString(sum[:])[:15]
}

// PersonID is the id of the person WeChat shows under name, as the adapter
// gives it in bot.User.ID.
func PersonID(name string) string { return PersonPrefix + key(name) }

func groupID(title string) string { return groupPrefix + key(title) }

// directory maps stable keys to this login's UserNames. It is rebuilt after
// every login and grows as unknown groups and people speak. The adapter's
// mu guards it.
type directory struct {
	groups  map[string][]string // title → UserNames with that title
	titleOf map[string]string   // group UserName → title
	friends map[string][]string // remark or nickname → friend UserNames
	friend  map[string]bool     // UserNames of friends
	learned map[string]string   // person name → UserName seen speaking
}

func (d *directory) reset() {
	*d = directory{
		groups:  map[string][]string{},
		titleOf: map[string]string{},
		friends: map[string][]string{},
		friend:  map[string]bool{},
		learned: map[string]string{},
	}
}

// addContact records a group or friend from a contact list and returns the
// title when it makes two groups share one.
func (d *directory) addContact(u *openwechat.User, self string) string {
	if d.groups == nil {
		d.reset()
	}
	switch {
	case strings.HasPrefix(u.UserName, "@@"):
		title := openwechat.FormatEmoji(u.NickName)
		if title == "" {
			return "" // an unnamed group has no stable key
		}
		if d.addGroup(title, u.UserName) {
			return title
		}
	case u.IsFriend() && u.UserName != self:
		d.friend[u.UserName] = true
		for _, name := range []string{u.RemarkName, u.NickName} {
			if name = key(openwechat.FormatEmoji(name)); name != "" && !contains(d.friends[name], u.UserName) {
				d.friends[name] = append(d.friends[name], u.UserName)
			}
		}
	}
	return ""
}

// addGroup binds title to a group's current UserName. It reports true when
// this makes the title ambiguous, the one time that happens.
func (d *directory) addGroup(title, user string) bool {
	if d.groups == nil {
		d.reset()
	}
	title = key(title)
	if contains(d.groups[title], user) {
		return false
	}
	d.groups[title] = append(d.groups[title], user)
	d.titleOf[user] = title
	return len(d.groups[title]) == 2
}

// served reports whether messages of the group titled title are handled.
func (d *directory) served(title string) bool { return len(d.groups[key(title)]) == 1 }

// learn remembers the UserName of a person seen speaking, so a private
// message can reach them when they are a friend.
func (d *directory) learn(name, user string) {
	if d.learned == nil {
		d.reset()
	}
	d.learned[key(name)] = user
}

// target is the UserName to send to for chat, or a *bot.SendError saying
// why there is none.
func (d *directory) target(chat bot.Chat) (string, error) {
	if chat.Group {
		title, ok := strings.CutPrefix(chat.ID, groupPrefix)
		if !ok {
			return "", permanent("wechat: %q is not a WeChat group key", chat.ID)
		}
		switch users := d.groups[title]; len(users) {
		case 0:
			return "", &bot.SendError{RetryAfter: 300, Err: fmt.Errorf(
				"wechat: group 「%s」 not seen since login (save it to contacts, or wait until someone speaks in it)", title)}
		case 1:
			return users[0], nil
		default:
			return "", permanent("wechat: %d groups are titled 「%s」; rename one", len(users), title)
		}
	}
	name, ok := strings.CutPrefix(chat.ID, PersonPrefix)
	if !ok {
		return "", permanent("wechat: %q is not a WeChat person key", chat.ID)
	}
	if u, ok := d.learned[name]; ok && d.friend[u] {
		return u, nil
	}
	switch users := d.friends[name]; len(users) {
	case 0:
		return "", permanent("wechat: %s is not a friend of the account; only friends can be written to privately", name)
	case 1:
		return users[0], nil
	default:
		return "", permanent("wechat: %d friends are called %s", len(users), name)
	}
}

func permanent(format string, args ...any) error {
	return &bot.SendError{Permanent: true, Err: fmt.Errorf(format, args...)}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
