package wechat

import (
	"strings"

	"github.com/eatmoreapple/openwechat"

	"linli/bot"
)

// A friend is verified by a remark (备注) the adapter writes itself: only
// the account can set the remarks of its friends, and they survive
// re-logins, restarts and any name the friend chooses. The remark is
// remarkPrefix and a random token; the friend's key is "f:" + the token.
const (
	remarkPrefix = "邻里"
	tokenLen     = 8
)

// tokenIn is the token of a remark the adapter wrote.
func tokenIn(remark string) (string, bool) {
	tok, ok := strings.CutPrefix(remark, remarkPrefix)
	if !ok || len(tok) != tokenLen {
		return "", false
	}
	for _, r := range tok {
		if !strings.ContainsRune(bot.CodeAlphabet, r) {
			return "", false
		}
	}
	return tok, true
}

// verify writes a new remark for a friend who has none of the adapter's,
// so that they are known by it from now on. It runs on openwechat's
// message loop, on the friend's first private message. A refusal leaves
// the friend unverified: served for themselves, as anyone in a group.
func (a *Adapter) verify(s *session, friend *openwechat.User) bool {
	remark := remarkPrefix + bot.RandomCode(tokenLen)
	a.call.Lock()
	err := s.bot.Caller.WebWxOplog(s.ctx, &openwechat.CallerWebWxOplogOptions{
		BaseRequest: s.bot.Storage.Request,
		ToUserName:  friend.UserName,
		RemarkName:  remark,
	})
	a.call.Unlock()
	if err != nil {
		a.log().Warn("wechat: could not set a friend's remark; they stay unverified (no roles, no household) this login",
			"friend", displayName(friend), "err", err)
		return false
	}
	friend.RemarkName = remark
	return true
}
