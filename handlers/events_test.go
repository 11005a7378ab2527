package handlers

import (
	"context"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
	"linli/store"
	"linli/store/sqldb"
	"linli/store/sqldb/sqldbtest"
)

// outText is what the recorder got, a message a line: "chat: [@mention ]text".
func outText(r *bottest.Recorder) string {
	var lines []string
	for _, m := range r.All() {
		text := m.Reply.Text
		if m.Reply.Mention != nil {
			text = "@" + m.Reply.Mention.Name + " " + text
		}
		lines = append(lines, m.Chat.ID+": "+text)
	}
	return strings.Join(lines, "\n")
}

type fixture struct {
	h   *Handlers
	st  *sqldb.Store
	out *bottest.Recorder
	now time.Time
	loc *time.Location
}

func newFixture(t *testing.T, now string) *fixture {
	t.Helper()
	ctx := context.Background()
	st := sqldbtest.MustOpen(t)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	f := &fixture{st: st, out: &bottest.Recorder{}, loc: loc}
	f.now, _ = time.ParseInLocation("2006-01-02 15:04", now, loc)
	// The switchboard says a private message in a group where the person
	// cannot be written to, as the real one does.
	all := Stores{Chats: st, People: st, Roles: st, Codes: st, Households: st, PersonalData: st,
		Meals: st, Events: st, Signups: st, Notices: st, Suggestions: st}
	f.h = New(all, bot.Switchboard{bot.WeChat: f.out, bot.Telegram: f.out}, Config{Location: loc, NoPromotionWithin: 2 * time.Hour}, func() time.Time { return f.now }, nil)
	g, _ := st.TouchChat(ctx, bot.WeChat, "g8", "8号楼业主群", true)
	if err := st.Bind(ctx, g.ID, "8号楼"); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) event(t *testing.T, title, starts string, capacity int) store.Event {
	t.Helper()
	at, _ := time.ParseInLocation("2006-01-02 15:04", starts, f.loc)
	head, _ := f.st.TouchResident(context.Background(), bot.WeChat, "王阿姨", "王阿姨")
	e, err := f.st.CreateEvent(context.Background(), store.Event{Title: title, Place: "活动室", StartsAt: at,
		Capacity: capacity, CreatorID: head.ID}, []string{"8号楼"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (f *fixture) signUp(t *testing.T, e store.Event, name string, party int, group string) store.Resident {
	t.Helper()
	r, _ := f.st.TouchResident(context.Background(), bot.WeChat, name, name)
	_, err := f.st.SignUp(context.Background(), store.SignupRequest{EventID: e.ID, ResidentID: r.ID, Party: party,
		ChatPlatform: bot.WeChat, ChatID: group, Now: f.now, NoPromotionWithin: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A person moved up whom the bot cannot write to privately is told in the
// group they signed up in, by name; the others privately.
func TestPromotedFallsBackToGroupMention(t *testing.T) {
	f := newFixture(t, "2026-11-24 08:00")
	e := f.event(t, "花卉讲座", "2026-11-28 14:00", 2)
	li := f.signUp(t, e, "李大爷", 2, "g8")
	f.signUp(t, e, "孙叔叔", 3, "")   // waits first, too large
	f.signUp(t, e, "赵奶奶", 1, "g8") // waits second, fits
	f.signUp(t, e, "周阿姨", 1, "")   // waits third, fits
	f.out.Block("赵奶奶")
	res, err := f.st.CancelSignup(context.Background(), e.ID, li.ID, f.now, 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	f.h.tellMoves(context.Background(), f.h.out, res.Event, res.Moves, li.ID)
	got := outText(f.out)
	for _, want := range []string{
		"g8: @赵奶奶 好消息！「花卉讲座」有空位了，您的1人已经报上。",
		"周阿姨: 好消息！「花卉讲座」有空位了，您的1人已经报上。",
		"孙叔叔: 「花卉讲座」空出的名额不够您的3人",
		"您仍是候补第1位",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "李大爷") {
		t.Errorf("the person who cancelled was messaged again:\n%s", got)
	}
}

// After downtime the evening reminder goes out late only for activities
// that have not begun, and only once.
func TestEveningReminderLateOnlyBeforeStart(t *testing.T) {
	f := newFixture(t, "2026-11-27 10:00")
	early := f.event(t, "晨练", "2026-11-28 08:00", 0)
	later := f.event(t, "花卉讲座", "2026-11-28 14:00", 0)
	f.signUp(t, early, "李大爷", 1, "")
	f.signUp(t, later, "赵奶奶", 2, "")
	f.now = f.now.Add(23 * time.Hour) // the bot was down from 19:00 till 09:00
	due, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-27 19:00", f.loc)
	if err := f.h.RemindEventsEvening(context.Background(), due); err != nil {
		t.Fatal(err)
	}
	if err := f.h.RemindEventsEvening(context.Background(), due); err != nil {
		t.Fatal(err)
	}
	got := outText(f.out)
	if want := "赵奶奶: 提醒：「花卉讲座」今天14:00开始"; !strings.HasPrefix(got, want) || strings.Count(got, "提醒") != 1 {
		t.Errorf("reminders = \n%s\nwant one, to 赵奶奶, saying 今天", got)
	}
	if strings.Contains(got, "晨练") {
		t.Errorf("a reminder for an activity that has begun:\n%s", got)
	}
}

// The hour reminder finds activities starting within the hour of the tick.
func TestHourReminderOnTick(t *testing.T) {
	f := newFixture(t, "2026-11-28 12:59")
	e := f.event(t, "花卉讲座", "2026-11-28 14:00", 0)
	f.signUp(t, e, "赵奶奶", 2, "")
	if err := f.h.EventTick(context.Background(), f.now); err != nil {
		t.Fatal(err)
	}
	if got := outText(f.out); strings.Contains(got, "提醒") {
		t.Fatalf("reminded 61 minutes before: %s", got)
	}
	f.now = f.now.Add(time.Minute)
	for range 2 {
		if err := f.h.EventTick(context.Background(), f.now); err != nil {
			t.Fatal(err)
		}
	}
	if got := outText(f.out); strings.Count(got, "提醒：「花卉讲座」今天14:00开始") != 1 {
		t.Fatalf("hour reminders = %q, want one", got)
	}
}

func TestExportSignupsColumnsAndPositions(t *testing.T) {
	f := newFixture(t, "2026-11-24 08:00")
	e := f.event(t, "花卉讲座", "2026-11-28 14:00", 2)
	f.signUp(t, e, "李大爷", 2, "g8")
	f.signUp(t, e, "孙叔叔", 3, "")
	zhao := f.signUp(t, e, "赵奶奶", 1, "")
	if _, err := f.st.Register(context.Background(), zhao.ID, "8号楼", "301", true); err != nil {
		t.Fatal(err)
	}
	f.signUp(t, e, "周阿姨", 1, "")
	if _, err := f.st.CancelSignup(context.Background(), e.ID, zhao.ID, f.now, 2*time.Hour); err != nil {
		t.Fatal(err)
	}
	tab, err := ExportSignups(context.Background(), f.st, ExportQuery{Event: int(e.ID), Location: f.loc, English: true})
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(tab.Header, ","); h != "event,title,date,time,place,name,platform,user,building,room,party,status,position,signed_up_at,acted_by" {
		t.Fatalf("header = %s", h)
	}
	var rows []string
	for _, r := range tab.Rows {
		rows = append(rows, strings.Join(r[:13], ","))
	}
	want := []string{
		"1,花卉讲座,2026-11-28,14:00,活动室,李大爷,wechat,李大爷,,,2,confirmed,",
		"1,花卉讲座,2026-11-28,14:00,活动室,孙叔叔,wechat,孙叔叔,,,3,waitlist,1",
		"1,花卉讲座,2026-11-28,14:00,活动室,赵奶奶,wechat,赵奶奶,8号楼,301,1,cancelled,",
		"1,花卉讲座,2026-11-28,14:00,活动室,周阿姨,wechat,周阿姨,,,1,waitlist,2",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	if tab.Rows[0][13] != "2026-11-24 08:00:00" {
		t.Errorf("signed_up_at = %q", tab.Rows[0][13])
	}
	none, _ := ExportSignups(context.Background(), f.st, ExportQuery{From: f.now.AddDate(0, 0, 5), Location: f.loc})
	if len(none.Rows) != 0 {
		t.Errorf("--from after the activity still exported %d rows", len(none.Rows))
	}
	zh, err := ExportSignups(context.Background(), f.st, ExportQuery{Event: int(e.ID), Location: f.loc})
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(zh.Header, ","); h != "活动号,活动,日期,时间,地点,姓名,平台,账号,楼栋,房号,人数,状态,候补位次,报名时间,代办人" {
		t.Errorf("Chinese header = %s", h)
	}
	var statuses []string
	for _, r := range zh.Rows {
		statuses = append(statuses, r[6]+" "+r[11]+" "+r[12])
	}
	if got := strings.Join(statuses, ","); got != "微信 已报名 ,微信 候补 1,微信 已取消 ,微信 候补 2" {
		t.Errorf("Chinese platform, status, position = %s", got)
	}
}

func TestParseWhen(t *testing.T) {
	f := newFixture(t, "2026-11-24 08:00")
	day, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-28 14:00", f.loc)
	for in, want := range map[string]string{
		"11月27日 18:00": "2026-11-27 18:00",
		"前一天 晚上8点":     "2026-11-27 20:00",
		"12:00":        "2026-11-28 12:00",
		"27号":          "2026-11-27 23:59",
		"明天下午3点半":      "2026-11-25 15:30",
		"１１月２７日":       "2026-11-27 23:59",
	} {
		got, err := f.h.parseWhen(in, f.now, day, "23:59")
		if err != nil || got.Format("2006-01-02 15:04") != want {
			t.Errorf("%q = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"下下周", "2月30日", "25:00"} {
		if _, err := f.h.parseWhen(bad, f.now, day, "23:59"); err == nil {
			t.Errorf("%q read without complaint", bad)
		}
	}
}
