package wechat

import (
	"context"
	"strings"
	"sync"
	"testing"

	"linli/bot"
	"linli/bot/wechat/wechattest"
)

// trustFake has 王阿姨, a friend of the account who shows her own name in
// the group, an impostor who renamed herself 王阿姨 there, and two
// neighbours who are both 李叔 and nobody's friend.
func trustFake(t *testing.T) *wechattest.Fake {
	f := wechattest.NewFake(t)
	f.Groups = []wechattest.Group{{
		ID: "g8", Title: "8号楼业主群", Saved: true,
		Members: []wechattest.User{
			{ID: "wang", NickName: "Wang", DisplayName: "王阿姨"},
			{ID: "imp", NickName: "阿花", DisplayName: "王阿姨"},
			{ID: "li1", NickName: "李叔"},
			{ID: "li2", NickName: "老李", DisplayName: "李叔"},
		},
	}}
	f.Friends = []wechattest.User{{ID: "wang", NickName: "Wang"}}
	return f
}

// A friend's first private message makes the adapter write its own remark;
// from then on she is that key in private and in every group, across
// logins, whatever name she shows — and the impostor who took her name in
// the group is someone else, whom no private message reaches.
func TestFriendVerifiedByRemarkImpostorIsNot(t *testing.T) {
	fake := trustFake(t)
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)

	fake.Say("g8", "imp", "菜单")
	imp := h.next().Sender
	if imp.ID != "m:王阿姨" || imp.Verified() {
		t.Errorf("impostor delivered as %+v, want the unverified m:王阿姨", imp)
	}
	fake.Whisper("wang", "你好", 1)
	wang := h.next().Sender
	tok, ok := tokenIn(fake.Remark("wang"))
	if !ok || wang.ID != "f:"+tok || !wang.Verified() {
		t.Fatalf("friend delivered as %+v with remark %q, want f: and the remark's token", wang, fake.Remark("wang"))
	}
	fake.Say("g8", "wang", "菜单")
	if got := h.next().Sender; got.ID != wang.ID || got.Name != "王阿姨" {
		t.Errorf("friend in the group delivered as %+v, want %s shown as 王阿姨", got, wang.ID)
	}
	fake.Say("g8", "imp", "菜单")
	if got := h.next().Sender; got.ID == wang.ID || got.Namesake {
		t.Errorf("impostor after the friend spoke: %+v (a verified friend shares no key, and makes nobody a namesake)", got)
	}
	ctx := context.Background()
	if err := h.a.Send(ctx, bot.PrivateChat(imp), bot.Reply{Text: "您的订单"}); !bot.IsPermanent(err) {
		t.Errorf("private send to the impostor's name key: %v, want a permanent refusal", err)
	}
	if err := h.a.Send(ctx, bot.PrivateChat(wang), bot.Reply{Text: "您的订单"}); err != nil {
		t.Fatal(err)
	}

	// A new login: new UserNames, the same remark, the same key.
	fake.Set(func(f *wechattest.Fake) { f.Kill = "1101" })
	h.loggedIn(2)
	fake.Say("g8", "wang", "菜单")
	if got := h.next().Sender; got.ID != wang.ID {
		t.Errorf("after re-login the friend is %s, want %s", got.ID, wang.ID)
	}
	if err := h.a.Send(ctx, bot.PrivateChat(wang), bot.Reply{Text: "又一条"}); err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, s := range fake.Sent() {
		to = append(to, s.To)
	}
	if strings.Join(to, " ") != "@wang-1 @wang-2" {
		t.Errorf("private messages went to %v, want the friend in each login", to)
	}
	if n := fake.Count("webwxoplog"); n != 1 {
		t.Errorf("remark written %d times, want once", n)
	}
}

// Two accounts under one unverified name are namesakes: marked, and not
// written to privately under it.
func TestNamesakesAreMarked(t *testing.T) {
	fake := trustFake(t)
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)
	fake.Say("g8", "li1", "菜单")
	if m := h.next(); m.Sender.Namesake {
		t.Errorf("the first 李叔 alone is not a namesake: %+v", m.Sender)
	}
	fake.Say("g8", "li2", "菜单")
	fake.Say("g8", "li1", "订餐")
	for range 2 {
		if m := h.next(); m.Sender.ID != "m:李叔" || !m.Sender.Namesake {
			t.Errorf("after two accounts spoke as 李叔: %+v, want a namesake", m.Sender)
		}
	}
}

// When WeChat refuses to set a remark, the friend is served unverified.
func TestRemarkRefusedLeavesFriendUnverified(t *testing.T) {
	fake := trustFake(t)
	fake.OplogRet = 1
	h := start(t, fake, storagePath(t), nil)
	h.loggedIn(1)
	fake.Whisper("wang", "你好", 1)
	if m := h.next(); m.Sender.ID != "m:Wang" || m.Sender.Verified() {
		t.Errorf("friend whose remark was refused: %+v, want the unverified m:Wang", m.Sender)
	}
}

// bindings is a fake of the store's group bindings.
type bindings struct {
	mu    sync.Mutex
	bound map[string]bool
}

func (b *bindings) Bound(id string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bound[id]
}

func (b *bindings) bind(id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.bound[id] = true
}

// A second group created under a bound group's title silences nothing:
// the bound group keeps its key and is served, the newcomer gets its own
// key and waits (Twin) until it is bound itself; the admins are told.
// Recognition survives a restart that sees the copy first, and a rename.
func TestClonedGroupWaitsRenamedGroupKeepsItsKey(t *testing.T) {
	real := wechattest.Group{ID: "real", Title: "1号楼群", Saved: true, Members: []wechattest.User{
		{ID: "zhang", NickName: "张阿姨"}, {ID: "zhao", NickName: "赵叔"}, {ID: "sun", NickName: "孙奶奶"}, {ID: "zhou", NickName: "周伯"}}}
	fake := wechattest.NewFake(t)
	fake.Groups = []wechattest.Group{real}
	storage := storagePath(t)
	b := &bindings{bound: map[string]bool{}}
	first := startWith(t, fake, storage, nil, b.Bound)
	first.loggedIn(1)
	fake.Say("real", "zhang", "绑定 1号楼")
	if m := first.next(); m.Chat.ID != "g:1号楼群" || m.Chat.Twin {
		t.Fatalf("the first group is %+v", m.Chat)
	}
	b.bind("g:1号楼群")
	first.stop()

	// The copy: same title, the impostor and one real neighbour; saved to
	// contacts, while the real group is not, so the copy is listed first.
	real.Saved = false
	clone := wechattest.Group{ID: "clone", Title: "1号楼群", Saved: true, Members: []wechattest.User{
		{ID: "imp", NickName: "阿花"}, {ID: "zhang", NickName: "张阿姨"}}}
	fake.Set(func(f *wechattest.Fake) { f.Groups = []wechattest.Group{real, clone} })
	h := startWith(t, fake, storage, nil, b.Bound)
	h.loggedIn(1)
	if a := h.alert(); !strings.Contains(a, "1号楼群") || !strings.Contains(a, "绑定") {
		t.Errorf("alert %q does not name the title and how to bind", a)
	}
	fake.Say("clone", "imp", "通知 今晚停水")
	m := h.next()
	if m.Chat.ID == "g:1号楼群" || !m.Chat.Twin {
		t.Errorf("the copy delivered as %+v, want its own key and Twin", m.Chat)
	}
	fake.Say("real", "zhao", "菜单")
	if got := h.next().Chat; got.ID != "g:1号楼群" || got.Twin {
		t.Errorf("the real group delivered as %+v, want g:1号楼群 and served", got)
	}
	if err := h.a.Send(context.Background(), bot.Chat{Platform: bot.WeChat, ID: "g:1号楼群", Group: true}, bot.Reply{Text: "通知"}); err != nil {
		t.Fatal(err)
	}
	if sent := fake.Sent(); len(sent) != 1 || !strings.HasPrefix(sent[0].To, "@@real-") {
		t.Errorf("the bound group's message went to %+v, want the real group", sent)
	}
	b.bind(m.Chat.ID)
	fake.Say("clone", "imp", "菜单")
	if got := h.next().Chat; got.Twin {
		t.Errorf("once bound, the second group is still held: %+v", got)
	}
	h.stop()

	// The real group renamed: same members, same key.
	real.Title = "1号楼邻里群"
	fake.Set(func(f *wechattest.Fake) { f.Groups = []wechattest.Group{real} })
	third := startWith(t, fake, storage, nil, b.Bound)
	third.loggedIn(1)
	fake.Say("real", "sun", "菜单")
	if got := third.next().Chat; got.ID != "g:1号楼群" || got.Title != "1号楼邻里群" {
		t.Errorf("renamed group delivered as %+v, want the key g:1号楼群 under its new title", got)
	}
}
