package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/reader"
	"linli/handlers"
)

// officeHarness is the canteen harness with the office's command and its
// audit middleware wired as the app wires them, and a panel whose links
// are recorded.
type officeHarness struct {
	*harness
	links []uint // residents a link was made for
	off   bool
}

func newOfficeHarness(t *testing.T) *officeHarness {
	t.Helper()
	oh := &officeHarness{harness: newHarness(t, canteenConfig())}
	link := func(_ context.Context, id uint) (string, time.Time, error) {
		if oh.off {
			return "", time.Time{}, handlers.ErrOfficeClosed
		}
		oh.links = append(oh.links, id)
		return "http://127.0.0.1:8080/login/TOKEN", oh.clock.Now().Add(10 * time.Minute), nil
	}
	office := handlers.NewOffice(oh.st, link, nil)
	rd, err := reader.New(reader.Config{Location: shanghai, Cutoffs: canteenConfig().Canteen.Cutoffs})
	if err != nil {
		t.Fatal(err)
	}
	oh.rt, err = bot.NewRouter(bot.RouterConfig{
		Read: func(m bot.Message, now time.Time) bot.Intent {
			return rd.Read(m.Text, reader.Mode{Private: m.Private(), Mentioned: m.Mentioned}, now)
		},
		Directory: oh.h, Dedup: oh.st, Out: oh.out, Now: oh.clock.Now,
		Middleware: []bot.Middleware{oh.h.Guard, office.Audit},
	}, append(oh.h.Routes(), office.Routes()...)...)
	if err != nil {
		t.Fatal(err)
	}
	return oh
}

func TestOfficeLinkOnlyPrivatelyAndOnlyForRoles(t *testing.T) {
	oh := newOfficeHarness(t)
	oh.resident("张阿姨", false, false, "1号楼", "101")
	got := oh.reply("", "李师傅", "后台")
	must(t, got, "http://127.0.0.1:8080/login/TOKEN")
	must(t, got, "10分钟内有效")
	if len(oh.links) != 1 {
		t.Fatalf("links made: %v", oh.links)
	}
	must(t, oh.reply("", "张阿姨", "后台"), "抱歉，只有")
	must(t, oh.reply("1号楼群", "李师傅", "后台"), "请私聊我发「后台」")
	if len(oh.links) != 1 {
		t.Fatalf("a link was made for a resident or in a group: %v", oh.links)
	}
	oh.off = true
	must(t, oh.reply("", "社区小王", "登录后台"), "网页后台现在没有开")
}

func TestChatChangesAreAudited(t *testing.T) {
	oh := newOfficeHarness(t)
	ctx := context.Background()
	oh.setLunch()
	oh.reply("", "李师傅", "订餐统计 明天")      // a list: not a change
	oh.reply("1号楼群", "张阿姨", "停餐 明天 午餐") // refused: no change
	log, err := oh.st.AuditLog(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 {
		t.Fatalf("audit log = %+v, want the menu only", log)
	}
	e := log[0]
	if e.Who != "李师傅" || e.Action != "设置菜单" || e.Via != bot.Console || e.From != "私聊" ||
		!strings.HasPrefix(e.Detail, "设置菜单 明天 午餐") || !e.At.Equal(oh.clock.Now()) || e.ResidentID == 0 {
		t.Fatalf("audit entry = %+v", e)
	}
	oh.reply("8号楼业主群", "李师傅", "停餐 明天 午餐")
	log, _ = oh.st.AuditLog(ctx, 10)
	if len(log) != 2 || log[0].Action != "停餐" || log[0].From != "群「8号楼业主群」" {
		t.Fatalf("audit log after 停餐 = %+v", log)
	}
}
