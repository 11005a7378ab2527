package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// unreachable refuses every private chat, as Telegram does for someone who
// never started the bot, and records what reaches groups.
type unreachable struct{ groups []Reply }

func (u *unreachable) Send(_ context.Context, chat Chat, r Reply) error {
	if !chat.Group {
		return &SendError{Permanent: true, Err: errors.New("forbidden")}
	}
	u.groups = append(u.groups, r)
	return nil
}

// TestFallbackTextKeepsThePrivateTextPrivate: a private message that must
// not be said in the group (a list naming residents) carries its own words
// for the group; they are said once, naming the person, however many parts
// the private text was cut into, and the private text never reaches it.
func TestFallbackTextKeepsThePrivateTextPrivate(t *testing.T) {
	p := &unreachable{}
	board := Switchboard{Telegram: p}
	group := Chat{Platform: Telegram, ID: "-1", Group: true}
	who := User{Platform: Telegram, ID: "7", Name: "张阿姨"}
	secret := strings.Repeat("1. 李大爷 2人 8号楼301\n", 400) // several messages long
	err := board.Send(context.Background(), PrivateChat(who), Reply{Text: secret,
		Fallback: &Fallback{Chat: group, Mention: &who, Text: "私聊发不到您，请先私聊我一次。"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.groups) != 1 || p.groups[0].Text != "私聊发不到您，请先私聊我一次。" || p.groups[0].Mention == nil {
		t.Fatalf("the group got %d messages: %+v; want the fallback's own words once, naming her", len(p.groups), p.groups)
	}
	// Without Text the private message is said in the group, as before.
	p.groups = nil
	if err := board.Send(context.Background(), PrivateChat(who), Reply{Text: "您订的午餐已取消。",
		Fallback: &Fallback{Chat: group, Mention: &who}}); err != nil {
		t.Fatal(err)
	}
	if len(p.groups) != 1 || p.groups[0].Text != "您订的午餐已取消。" {
		t.Errorf("without Text the group got %+v", p.groups)
	}
}
