package reader

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"linli/bot"
)

// allIntents is every intent name of bot/intent.go.
var allIntents = []string{
	bot.IntentNone, bot.IntentUnknown, bot.IntentHelp, bot.IntentMenu,
	bot.IntentBookMeal, bot.IntentCancelMeal, bot.IntentMyMeals, bot.IntentEvents,
	bot.IntentSignup, bot.IntentCancelSignup, bot.IntentMySignups, bot.IntentSuggest,
	bot.IntentMySuggestions, bot.IntentRegister, bot.IntentNotice, bot.IntentCreateEvent,
	bot.IntentRoster, bot.IntentSetMenu, bot.IntentMealStats, bot.IntentBindGroup,
	bot.IntentSetRole, bot.IntentVerifyElder, bot.IntentListSuggestions,
	bot.IntentReplySuggestion, bot.IntentResolveSuggestion, bot.IntentAnnounce,
}

// laterIntents came with later features, whose cases live in their own
// tests; FuzzRead knows them too (it found /me, my_info, missing).
var laterIntents = []string{
	bot.IntentAcceptSuggestion, bot.IntentCancelEvent, bot.IntentCategorize, bot.IntentConfirmHousehold,
	bot.IntentDeclineSuggestion, bot.IntentEditEvent, bot.IntentListGroups, bot.IntentMyInfo,
	bot.IntentProgressSuggestion, bot.IntentRevokeRole, bot.IntentScheduleNotice, bot.IntentStopMeals,
	bot.IntentUnbindGroup, bot.IntentVerifyWorker,
	bot.IntentAcceptMember, bot.IntentLeaveHousehold, bot.IntentEraseMe, bot.IntentConfirmErase,
	bot.IntentRemoveMember, bot.IntentIssueCode, bot.IntentRedeemCode,
	bot.IntentConfirm, bot.IntentRegisterElder,
	// Deciding together and the office (FuzzRead found 「V0」, a vote).
	bot.IntentCreateVote, bot.IntentVote, bot.IntentVoteResults, bot.IntentConfirmNotice, bot.IntentNoticeReceipts,
	bot.IntentRemindNotice, bot.IntentCreateFund, bot.IntentPledge, bot.IntentFundReceived, bot.IntentFundSpent,
	bot.IntentFundLedger, bot.IntentCheckin, bot.IntentSetHours, bot.IntentMyHours, bot.IntentOffice,
}

// TestEveryIntentReachable: the cases reach every intent without a Problem.
func TestEveryIntentReachable(t *testing.T) {
	r := newTestReader(t)
	reached := map[string]bool{}
	var all []tc
	all = append(all, residentCases...)
	all = append(all, roleCases...)
	all = append(all, normaliseCases...)
	all = append(all, tc{group, "今天天气不错", ""}, tc{private, "你好", ""})
	for _, c := range all {
		if in := r.Read(c.text, c.mode, phrasesNow); in.Problem == "" {
			reached[in.Name] = true
		}
	}
	for _, name := range allIntents {
		if !reached[name] {
			t.Errorf("intent %s is never reached", name)
		}
	}
}

// TestCommands: one entry per intent, stable, complete, and a copy.
func TestCommands(t *testing.T) {
	r := newTestReader(t)
	cmds := r.Commands()
	seen := map[string]bool{}
	for _, c := range cmds {
		if seen[c.Intent] {
			t.Errorf("intent %s listed twice", c.Intent)
		}
		seen[c.Intent] = true
		if len(c.Keywords) == 0 || len(c.Slash) == 0 {
			t.Errorf("%s has no keyword or no slash name: %+v", c.Intent, c)
		}
		for _, s := range c.Slash {
			if s == "" || len(s) > 32 || strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
				t.Errorf("slash name %q is not a valid Telegram command", s)
			}
			if in := r.Read("/"+s, private, phrasesNow); in.Name != c.Intent {
				t.Errorf("/%s reads as %s, listed under %s", s, in.Name, c.Intent)
			}
		}
	}
	for _, name := range allIntents[2:] {
		if !seen[name] {
			t.Errorf("intent %s missing from Commands", name)
		}
	}
	if cmds[0].Intent != bot.IntentHelp {
		t.Errorf("help should come first, got %s", cmds[0].Intent)
	}
	cmds[0].Keywords[0] = "changed"
	again := r.Commands()
	if again[0].Keywords[0] != "帮助" {
		t.Errorf("Commands shares its slices with the reader")
	}
	a, _ := json.Marshal(again)
	b, _ := json.Marshal(r.Commands())
	if string(a) != string(b) {
		t.Errorf("Commands is not stable")
	}
}

// TestNewErrors: bad configuration and a broken table are refused.
func TestNewErrors(t *testing.T) {
	for _, cut := range []map[string]string{
		{"lunch": "9:3x"}, {"lunch": "25:00"}, {"dinner": ""}, {"brunch": "10:00"},
	} {
		if _, err := New(Config{Cutoffs: cut}); err == nil {
			t.Errorf("cut-offs %v accepted", cut)
		}
	}
	dupKeyword := []command{
		{intent: bot.IntentHelp, keywords: []string{"帮助"}, slash: []string{"help"}},
		{intent: bot.IntentMenu, keywords: []string{"帮助"}, slash: []string{"menu"}},
	}
	if _, err := newReader(Config{}, dupKeyword); err == nil {
		t.Error("duplicate keyword accepted")
	}
	dupSlash := []command{
		{intent: bot.IntentHelp, keywords: []string{"帮助"}, slash: []string{"help"}},
		{intent: bot.IntentMenu, keywords: []string{"菜单"}, slash: []string{"help"}},
	}
	if _, err := newReader(Config{}, dupSlash); err == nil {
		t.Error("duplicate slash name accepted")
	}
	if _, err := New(Config{Cutoffs: map[string]string{"lunch": " 10:00 "}}); err != nil {
		t.Errorf("a spaced cut-off: %v", err)
	}
}

// TestConcurrentRead: one Reader serves every platform at once.
func TestConcurrentRead(t *testing.T) {
	r := newTestReader(t)
	want := make([]string, len(benchMix))
	for i, s := range benchMix {
		b, _ := json.Marshal(r.Read(s, group, phrasesNow))
		want[i] = string(b)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, s := range benchMix {
				b, _ := json.Marshal(r.Read(s, group, phrasesNow))
				if string(b) != want[i] {
					t.Errorf("%q: %s, then %s", s, want[i], b)
				}
			}
		}()
	}
	wg.Wait()
}

// benchMix is a realistic day in a group: mostly chatter, some commands.
var benchMix = []string{
	"今天天气不错", "菜单", "订餐 明天 午餐 2份", "我明天订了外卖", "报名 3 两个人",
	"@Linli\u2005明天中午订两份", "哈哈哈", "建议 楼道灯坏了", "活动中心开门了吗",
	"取消明天午餐", "发起活动 花卉讲座 11月28日 14:00 党群服务站三楼 30人", "收到",
	"/book@LinliBot 2", "菜单上的红烧肉好吃吗", "我的订餐", "设置楼组长 @张阿姨 8号楼",
}

func BenchmarkRead(b *testing.B) {
	r := newTestReader(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Read(benchMix[i%len(benchMix)], group, phrasesNow)
	}
}

// FuzzRead: any text, in any mode, reads without panic, to a known intent,
// the same way twice.
func FuzzRead(f *testing.F) {
	for _, s := range append(append([]string{}, benchMix...), chatter...) {
		f.Add(s, uint8(0))
	}
	for _, c := range residentCases {
		f.Add(c.text, uint8(1))
	}
	for i, h := range append(append(append([]heard{}, residentPhrasings...), staffPhrasings...), chatter2...) {
		f.Add(h.text, uint8(i%3))
	}
	for _, c := range roleCases {
		f.Add(c.text, uint8(2))
	}
	for i, h := range append(append([]heard{}, sentencePhrasings...), traditionalPhrasings...) {
		f.Add(h.text, uint8(i%3))
	}
	for i, s := range chatter3 {
		f.Add(s, uint8(i%3))
	}
	r := newTestReader(f)
	known := map[string]bool{}
	for _, n := range append(append([]string{}, allIntents...), laterIntents...) {
		known[n] = true
	}
	f.Fuzz(func(t *testing.T, text string, m uint8) {
		mode := Mode{Private: m&1 != 0, Mentioned: m&2 != 0}
		a := r.Read(text, mode, phrasesNow)
		if !known[a.Name] {
			t.Fatalf("%q: unknown intent %q", text, a.Name)
		}
		b := r.Read(text, mode, phrasesNow)
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Fatalf("%q: %s then %s", text, ja, jb)
		}
		if (mode.Private || mode.Mentioned) && a.Name == bot.IntentNone {
			t.Fatalf("%q: addressed but none", text)
		}
		if (a.Ask || a.OnBehalf != "") && (!a.IsCommand() || a.Name == bot.IntentUnknown) {
			t.Fatalf("%q: ask or on_behalf on %s", text, ja)
		}
		if a.Confirm != (a.Name == bot.IntentConfirm) || a.Confirm && !(mode.Private || mode.Mentioned) {
			t.Fatalf("%q: confirm %s in mode %+v", text, ja, mode)
		}
	})
}
