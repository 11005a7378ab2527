package wechat

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"linli/bot"
)

// Stable keys. WeChat's UserName changes at every login and anyone can
// change the name they show, so Linli keys people and groups by what it
// controls:
//   - a friend of the account is "f:" + a token the adapter wrote into the
//     friend's remark (备注), which only the account can set (people.go);
//   - anyone else is bot.NamedPrefix + the name they show: served for
//     themselves only, never with a role or a household;
//   - a group is "g:" + the title it had when first seen, kept through a
//     rename while its members stay recognisably the same (groups.go).
const (
	groupPrefix = "g:"
	// PersonPrefix starts the id of a person known only by their name.
	PersonPrefix = bot.NamedPrefix
	// friendPrefix starts the id of a friend the adapter has verified.
	friendPrefix = "f:"
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

// PersonID is the id of an unverified person WeChat shows under name.
func PersonID(name string) string { return PersonPrefix + key(name) }

func groupID(title string) string { return groupPrefix + key(title) }

// directory maps stable keys to this login's UserNames. It is rebuilt after
// every login and grows as unknown groups and people speak. The adapter's
// mu guards it.
type directory struct {
	book      *groupBook        // every group ever seen, across logins
	groupUser map[string]string // group key → UserName
	groupKey  map[string]string // group UserName → key
	friend    map[string]bool   // UserNames of friends
	byToken   map[string]string // verified friend's token → UserName
	tokenOf   map[string]string // UserName → verified friend's token
	// named lists, by name, the UserNames of unverified people who spoke
	// under it in this login: two are namesakes the bot cannot tell apart.
	named map[string][]string
}

func (d *directory) reset(book *groupBook) {
	*d = directory{
		book:      book,
		groupUser: map[string]string{},
		groupKey:  map[string]string{},
		friend:    map[string]bool{},
		byToken:   map[string]string{},
		tokenOf:   map[string]string{},
		named:     map[string][]string{},
	}
}

func (d *directory) ready() {
	if d.groupUser == nil {
		d.reset(d.book)
	}
	if d.book == nil {
		d.book = &groupBook{}
	}
}

// addFriend records a friend from the contact list or a private message;
// a remark the adapter wrote makes them verified.
func (d *directory) addFriend(user, remark string) {
	d.ready()
	d.friend[user] = true
	tok, ok := tokenIn(remark)
	if !ok {
		return
	}
	if other, taken := d.byToken[tok]; taken && other != user {
		return // a remark copied by hand to a second friend proves nothing
	}
	d.byToken[tok], d.tokenOf[user] = user, tok
}

// person is the sender behind a UserName showing name: the verified friend,
// else an unverified person by name, marked as a namesake when another
// unverified account has spoken under the same name in this login.
func (d *directory) person(user, name string) bot.User {
	d.ready()
	if tok, ok := d.tokenOf[user]; ok {
		return bot.User{Platform: bot.WeChat, ID: friendPrefix + tok, Name: name}
	}
	k := key(name)
	if !contains(d.named[k], user) {
		d.named[k] = append(d.named[k], user)
	}
	return bot.User{Platform: bot.WeChat, ID: PersonID(name), Name: name, Namesake: len(d.named[k]) > 1}
}

// target is the UserName to send to for chat, or a *bot.SendError saying
// why there is none.
func (d *directory) target(chat bot.Chat) (string, error) {
	d.ready()
	if chat.Group {
		if !strings.HasPrefix(chat.ID, groupPrefix) {
			return "", permanent("wechat: %q is not a WeChat group key", chat.ID)
		}
		if u, ok := d.groupUser[chat.ID]; ok {
			return u, nil
		}
		return "", &bot.SendError{RetryAfter: 300, Err: fmt.Errorf(
			"wechat: group 「%s」 not seen since login (save it to contacts, or wait until someone speaks in it)", chat.Title)}
	}
	if tok, ok := strings.CutPrefix(chat.ID, friendPrefix); ok {
		if u, ok := d.byToken[tok]; ok && d.friend[u] {
			return u, nil
		}
		return "", &bot.SendError{RetryAfter: 300, Err: fmt.Errorf(
			"wechat: friend %s not in the contact list of this login", chat.ID)}
	}
	name, ok := strings.CutPrefix(chat.ID, PersonPrefix)
	if !ok {
		return "", permanent("wechat: %q is not a WeChat person key", chat.ID)
	}
	// Someone unverified is written to only when exactly one friend spoke
	// under the name: a second account taking the name gets nothing meant
	// for the first.
	var friends []string
	for _, u := range d.named[name] {
		if d.friend[u] {
			friends = append(friends, u)
		}
	}
	switch {
	case len(d.named[name]) > 1:
		return "", permanent("wechat: %d accounts speak as %s; not guessing which", len(d.named[name]), name)
	case len(friends) == 1:
		return friends[0], nil
	}
	return "", permanent("wechat: %s is not a friend of the account who spoke privately; only friends can be written to", name)
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
