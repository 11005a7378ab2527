package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"rsc.io/qr"

	"linli/bot"
	"linli/store"
	"linli/web"
)

// household is the id of name's household, as registered in newOffice.
func (o *office) household(name string) uint {
	o.t.Helper()
	r, err := o.st.ResidentByID(context.Background(), o.people[name].ID)
	if err != nil || r.Household == nil {
		o.t.Fatalf("%s's household: %v", name, err)
	}
	return r.Household.ID
}

// section is the part of a page from the element with id to the end of
// its section.
func section(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no %s on the page:\n%s", id, page)
	}
	j := strings.Index(page[i:], "</section>")
	return page[i : i+j]
}

// TestDeskPagesByRole: who may open each new page. A building head has the
// votes, receipts, funds and charts; the canteen manager the charts only;
// the status page is for admins.
func TestDeskPagesByRole(t *testing.T) {
	o := newOffice(t)
	want := map[string]map[string]int{
		"社区小王": {"/status": 200, "/charts": 200, "/votes": 200, "/receipts": 200, "/funds": 200},
		"王阿姨":  {"/status": 403, "/charts": 200, "/votes": 200, "/receipts": 200, "/funds": 200},
		"李师傅":  {"/status": 403, "/charts": 200, "/votes": 403, "/receipts": 403, "/funds": 403},
	}
	for name, pages := range want {
		c := o.login(name)
		home := o.get(c, "/").body
		for path, code := range pages {
			if res := o.get(c, path); res.code != code {
				t.Errorf("%s GET %s: %d, want %d", name, path, res.code, code)
			}
			if linked := strings.Contains(home, `href="`+path+`"`); linked != (code == 200) {
				t.Errorf("%s's pages link %s: %v", name, path, linked)
			}
		}
	}
	if res := o.get(o.browser(), "/status"); res.code != http.StatusUnauthorized {
		t.Errorf("no session GET /status: %d", res.code)
	}
}

// TestStatusPageShowsSessionsBacklogFailuresAndBackup: the WeChat login
// QR code is drawn on the page from the address it encodes, the outbox
// backlog and its oldest message per platform, the failed runs and the
// newest backup are the database's and the disk's.
func TestStatusPageShowsSessionsBacklogFailuresAndBackup(t *testing.T) {
	scan := "https://login.weixin.qq.com/l/QbXyZ12-ab=="
	var o *office
	o = newOffice(t, func(c *web.Config) {
		c.Platforms = func() []web.PlatformSession {
			return []web.PlatformSession{{Platform: bot.Telegram, State: "serving"},
				{Platform: bot.WeChat, State: "login", Scan: scan, At: o.clock.Now().Add(-2 * time.Minute)}}
		}
		c.LastBackup = func() (web.BackupFile, bool, error) {
			return web.BackupFile{Name: "linli-2026-11-25.db", Size: 3 << 20, At: time.Date(2026, 11, 25, 2, 30, 0, 0, cst)}, true, nil
		}
	})
	ctx := context.Background()
	now := o.clock.Now()
	for i, p := range []string{bot.Telegram, bot.Telegram, bot.WeChat} {
		m := &store.OutboxMessage{Platform: p, Status: store.OutboxPending, ChatID: "c", Text: "hi", NextAt: now,
			CreatedAt: now.Add(-time.Duration(30-i*10) * time.Minute)}
		if err := o.st.Enqueue(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.st.JobFailed(ctx, store.JobFailure{Job: "backup", Due: now.Add(-6 * time.Hour), At: now.Add(-6 * time.Hour), Error: "磁盘已满"}); err != nil {
		t.Fatal(err)
	}
	body := o.get(o.login("社区小王"), "/status").body
	for _, want := range []string{"在线，正在收发消息", "等待扫码登录", "2 分钟前",
		"<td>Telegram</td><td>2</td><td>11月25日 07:30:00（30 分钟前）</td>", "<td>微信</td><td>1</td><td>11月25日 07:50:00（10 分钟前）</td>",
		"<td>backup</td>", "磁盘已满", "linli-2026-11-25.db · 3 MB · 2026-11-25 02:30"} {
		if !strings.Contains(body, want) {
			t.Errorf("the status page lacks %q", want)
		}
	}
	code, err := qr.Encode(scan, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	black := 0
	for y := range code.Size {
		for x := range code.Size {
			if code.Black(x, y) {
				black++
			}
		}
	}
	if got := strings.Count(body, "h1v1h-1z"); !strings.Contains(body, `<svg class="qr"`) || got != black {
		t.Errorf("the QR code drawn has %d modules, the address's code %d", got, black)
	}
	if strings.Contains(body, "login.weixin.qq.com") {
		t.Errorf("the page sends the browser to WeChat for the code")
	}
}

// TestChartsPageFiguresMatchTheDatabase: today's portions by tier, each
// building's participation per registered household, and the median time
// a ticket took to close, as seeded.
func TestChartsPageFiguresMatchTheDatabase(t *testing.T) {
	o := newOffice(t)
	ctx := context.Background()
	sg, err := o.st.FileSuggestion(ctx, store.Suggestion{Text: "电梯异响", Category: "设施", Building: "8号楼"}, store.Author{ResidentID: o.people["赵伯伯"].ID}, 0)
	if err != nil {
		t.Fatal(err)
	}
	o.clock.Advance(50 * time.Hour)
	if _, err := o.st.ChangeSuggestion(ctx, sg.ID, store.Change{Kind: store.StatusResolved, From: store.OpenStatuses}); err != nil {
		t.Fatal(err)
	}
	body := o.get(o.login("李师傅"), "/charts").body
	// Lunch on the 25th: 张阿姨 2 and 李大爷 1 at the standard price, 赵伯伯 1 as a verified elder.
	for _, want := range []string{"<td>2026-11-25</td><td>3</td><td>1</td><td>0</td><td>4</td>", "<td>2026-11-24</td><td>0</td><td>0</td><td>0</td><td>0</td>",
		"<td>8号楼</td><td>2</td><td>1</td><td>0</td><td>1</td><td>0.50</td><td>0.00</td><td>0.50</td>",
		"<td>1号楼</td><td>1</td><td>1</td><td>0</td><td>0</td><td>1.00</td>", "<td>10号楼</td><td>1</td><td>1</td>",
		`<strong class="median">2 天 2 小时</strong>`, "11月25日 助老价 1 份"} {
		if !strings.Contains(body, want) {
			t.Errorf("the charts lack %q:\n%s", want, body[strings.Index(body, "建议从提出"):])
		}
	}
	if n := strings.Count(body, `class="t-standard"><title>`); n != 1 {
		t.Errorf("%d standard-price bars, want today's only", n)
	}
	// 1号楼 before 8号楼 before 10号楼.
	if i, j, k := strings.Index(body, "<td>1号楼</td>"), strings.Index(body, "<td>8号楼</td>"), strings.Index(body, "<td>10号楼</td>"); !(i < j && j < k) {
		t.Errorf("buildings out of order: %d %d %d", i, j, k)
	}
}

// TestVotesPageKeepsAnonymousVotesAnonymous: results as bars for the votes
// reaching the head's buildings; a named vote lists the households of the
// head's own buildings, an anonymous one its counts and nothing of who.
func TestVotesPageKeepsAnonymousVotesAnonymous(t *testing.T) {
	o := newOffice(t)
	ctx := context.Background()
	until := o.clock.Now().Add(48 * time.Hour)
	vote := func(title string, anon bool, buildings ...string) store.Vote {
		v, err := o.st.CreateVote(ctx, store.Vote{Title: title, Options: []string{"赞成", "反对", "弃权"}, Buildings: buildings,
			Deadline: until, Anonymous: anon, AuthorName: "社区小王"})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cast := func(v store.Vote, name string, choice int) {
		if _, err := o.st.CastBallot(ctx, store.Ballot{VoteID: v.ID, HouseholdID: o.household(name), By: o.people[name].ID,
			Choice: choice, At: o.clock.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	named := vote("楼组公约第三条", false, store.AllBuildings)
	cast(named, "赵伯伯", 1)
	cast(named, "张阿姨", 2)
	secret := vote("楼组长人选", true, "8号楼")
	cast(secret, "赵伯伯", 2)
	cast(secret, "王阿姨", 1)
	other := vote("1号楼绿化", false, "1号楼")
	cast(other, "张阿姨", 1)

	head := o.login("王阿姨")
	page := o.get(head, "/votes").body
	if strings.Contains(page, "1号楼绿化") {
		t.Errorf("the 8号楼 head sees 1号楼's vote")
	}
	anon := section(t, page, fmt.Sprintf("V%d", secret.ID))
	for _, want := range []string{"1 户 · 50%", "0 户 · 0%", "已投 2 户", "匿名投票：只有票数"} {
		if !strings.Contains(anon, want) {
			t.Errorf("the anonymous vote lacks %q:\n%s", want, anon)
		}
	}
	for _, who := range []string{"1201", "502", "赵伯伯", "王阿姨", "<table"} {
		if strings.Contains(anon, who) {
			t.Errorf("the anonymous vote shows %q:\n%s", who, anon)
		}
	}
	pub := section(t, page, fmt.Sprintf("V%d", named.ID))
	if !strings.Contains(pub, "<td>8号楼</td><td>1201</td><td>1. 赞成</td>") || strings.Contains(pub, "<td>101</td>") {
		t.Errorf("the named vote's households, for the 8号楼 head:\n%s", pub)
	}
	if !strings.Contains(pub, "1 户 · 50%") || !regexp.MustCompile(`<rect x="0" y="22" width="500"`).MatchString(pub) {
		t.Errorf("the named vote's bars:\n%s", pub)
	}
	all := o.get(o.login("社区小王"), "/votes").body
	if !strings.Contains(all, "1号楼绿化") || !strings.Contains(section(t, all, fmt.Sprintf("V%d", named.ID)), "<td>1号楼</td><td>101</td><td>2. 反对</td>") {
		t.Errorf("the admin's votes:\n%s", all)
	}
	if anon := section(t, all, fmt.Sprintf("V%d", secret.ID)); strings.Contains(anon, "1201") || strings.Contains(anon, "502") {
		t.Errorf("the admin sees who voted in an anonymous vote:\n%s", anon)
	}
}

// TestReceiptsPageByBuilding: a head sees the notices reaching their
// buildings, with their buildings' counts and unconfirmed households
// only; an admin every building's.
func TestReceiptsPageByBuilding(t *testing.T) {
	o := newOffice(t)
	ctx := context.Background()
	ask := func(text string, buildings ...string) store.Ask {
		a, err := o.st.AskReceipts(ctx, store.Ask{Text: text, Buildings: buildings, AuthorName: "社区小王"})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	water := ask("明天上午9点停水\n请回复收到", "8号楼", "1号楼")
	ask("10号楼消防检查\n请回复收到", "10号楼")
	if _, err := o.st.Receive(ctx, water.ID, o.household("赵伯伯"), o.people["赵伯伯"].ID, o.clock.Now()); err != nil {
		t.Fatal(err)
	}
	page := o.get(o.login("王阿姨"), "/receipts").body
	if strings.Contains(page, "消防检查") {
		t.Errorf("the 8号楼 head sees 10号楼's notice")
	}
	n := section(t, page, fmt.Sprintf("N%d", water.ID))
	for _, want := range []string{"1 / 2 户已收到", "<td>8号楼</td><td>1</td><td>2</td><td>50%</td>", "<td>8号楼</td><td>502</td><td>王阿姨</td>", "1 / 2 户 · 50%"} {
		if !strings.Contains(n, want) {
			t.Errorf("the head's N%d lacks %q:\n%s", water.ID, want, n)
		}
	}
	for _, other := range []string{"1号楼</td>", "张阿姨", "1201"} {
		if strings.Contains(n, other) {
			t.Errorf("the head's N%d shows %q:\n%s", water.ID, other, n)
		}
	}
	all := section(t, o.get(o.login("社区小王"), "/receipts").body, fmt.Sprintf("N%d", water.ID))
	for _, want := range []string{"1 / 3 户已收到", "<td>1号楼</td><td>0</td><td>1</td><td>0%</td>", "<td>1号楼</td><td>101</td><td>张阿姨</td>"} {
		if !strings.Contains(all, want) {
			t.Errorf("the admin's N%d lacks %q:\n%s", water.ID, want, all)
		}
	}
}

// TestFundsPageLedgerAndBalance: each fund of the head's buildings with
// its totals and every entry with the running balance.
func TestFundsPageLedgerAndBalance(t *testing.T) {
	o := newOffice(t)
	ctx := context.Background()
	fund := func(title, building string) store.Fund {
		f, err := o.st.CreateFund(ctx, store.Fund{Title: title, Building: building, TargetFen: 60000, AuthorName: "王阿姨"})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	plants := fund("楼道绿植", "8号楼")
	fund("1号楼换灯", "1号楼")
	for _, e := range []store.FundEntry{
		{Kind: store.FundPledge, Fen: 5000, Place: "8号楼1201", ByName: "赵伯伯"},
		{Kind: store.FundReceived, Fen: 10000, Place: "8号楼1201", ByName: "王阿姨"},
		{Kind: store.FundReceived, Fen: 2050, Place: "8号楼502", ByName: "王阿姨"},
		{Kind: store.FundSpent, Fen: 3000, Note: "买绿植\n发票已交物业", ByName: "王阿姨"},
	} {
		e.FundID, e.At = plants.ID, o.clock.Now()
		if _, err := o.st.AddFundEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	page := o.get(o.login("王阿姨"), "/funds").body
	if strings.Contains(page, "1号楼换灯") {
		t.Errorf("the 8号楼 head sees 1号楼's fund")
	}
	c := section(t, page, fmt.Sprintf("C%d", plants.ID))
	for _, want := range []string{"目标 600元", "<dd>50元</dd>", "<dd>120.5元</dd>", "<dd>30元</dd>", `<dd class="balance">90.5元</dd>`,
		"<td>认捐</td><td>8号楼1201</td><td></td><td>赵伯伯</td><td>50元</td><td></td>",
		"<td>收款</td><td>8号楼502</td><td></td><td>王阿姨</td><td>20.5元</td><td>120.5元</td>",
		"<td>支出</td><td></td><td>买绿植 发票已交物业</td><td>王阿姨</td><td>−30元</td><td>90.5元</td>"} {
		if !strings.Contains(c, want) {
			t.Errorf("C%d lacks %q:\n%s", plants.ID, want, c)
		}
	}
	if all := o.get(o.login("社区小王"), "/funds").body; !strings.Contains(all, "1号楼换灯") || !strings.Contains(all, "楼道绿植") {
		t.Errorf("the admin's funds:\n%s", all)
	}
}
