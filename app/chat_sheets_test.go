package app

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"linli/bot/bottest"
	"linli/bot/console"
)

// runConsole plays script on the demo community at 2026-11-24 08:00, the
// console writing files under dir; it returns what the bot printed.
func runConsole(t *testing.T, dir, script string) string {
	t.Helper()
	cfg := demoConfig()
	cfg.Database.DSN = filepath.Join(t.TempDir(), "linli.db")
	cfg.Console.Files = dir
	clock := bottest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, cfg.Location))
	var out, logs bytes.Buffer
	var con *console.Adapter
	ctx := context.Background()
	a, err := New(ctx, cfg, Options{Log: slog.New(slog.NewTextHandler(&logs, nil)), Now: clock.Now,
		In: strings.NewReader(script), Out: &out, Console: func(c *console.Adapter) { c.Now, con = clock.Now, c }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	if err := seedDemo(ctx, a.store); err != nil {
		t.Fatal(err)
	}
	if err := con.Run(ctx, a.router.Handle); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", logs.String())
	}
	return out.String()
}

// savedFiles are the files the console said it wrote to who, by name.
func savedFiles(t *testing.T, out, who string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	re := regexp.MustCompile(`(?m)^\[` + regexp.QuoteMeta(who) + `\] <linli> （文件）(\S+) 已保存到：(\S+)$`)
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		fi, err := os.Stat(m[2])
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v; want a file only its owner reads (0600)", m[2], err, fi.Mode().Perm())
			continue
		}
		data, _ := os.ReadFile(m[2])
		files[m[1]] = data
	}
	return files
}

// sheetRows opens an xlsx file and returns its sheet's rows.
func sheetRows(t *testing.T, data []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not an xlsx file: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	return rows
}

// TestSpreadsheetsOnTheConsole: the canteen takes the month's orders, a
// building head the sign-ups of her activity and her building's
// suggestions (an anonymous one without its author), each as the xlsx
// `linli export` writes, saved 0600 where the console says; a resident,
// and a head asking for an activity she does not manage, are refused
// kindly; 帮助 lists each command for those who may use it.
func TestSpreadsheetsOnTheConsole(t *testing.T) {
	dir := t.TempDir()
	script := `[@李师傅] 设置菜单 明天 午餐
  红烧肉
  每份 15
[1号楼群] 张阿姨: 订餐 明天 午餐 2份
[8号楼业主群] 王阿姨: 订餐 明天 午餐
[@李师傅] 导出订餐 11月
[@张阿姨] 导出订餐
[8号楼业主群] 王阿姨: 发起活动 花卉讲座 11月28日 14:00 党群服务站三楼 30人
[8号楼业主群] 王阿姨: 报名 1 2人
[1号楼群] 社区小王: 发起活动 剪纸课 11月29日 14:00 活动室 10人
[@王阿姨] 导出报名 1
[@王阿姨] 导出报名 2
[@王阿姨] 匿名建议 8号楼电梯有异响
[1号楼群] 张阿姨: 建议 1号楼楼道灯坏了
[8号楼业主群] 王阿姨: 建议 8号楼铁门关不上
[@王阿姨] 导出建议
[@社区小王] 导出建议 本月
[@李师傅] 帮助
[@李师傅] 帮助 管理
[@李师傅] 帮助 管理 2
[@李师傅] 帮助 管理 3
[@张阿姨] 帮助
[@张阿姨] 帮助 管理
[@张阿姨] 帮助 管理 2
[@张阿姨] 帮助 管理 3
[@王阿姨] 帮助
[@王阿姨] 帮助 管理
[@王阿姨] 帮助 管理 2
[@王阿姨] 帮助 管理 3
`
	out := runConsole(t, dir, script)
	said := func(who string) []string {
		var lines []string
		for _, block := range strings.Split(out, "\n[") {
			if strings.HasPrefix(strings.TrimPrefix(block, "["), who+"] <linli> ") {
				lines = append(lines, block)
			}
		}
		return lines
	}

	meals := savedFiles(t, out, "@李师傅")["订餐-2026-11.xlsx"]
	rows := sheetRows(t, meals, "订餐")
	if len(rows) < 3 || strings.Join(rows[0][:4], ",") != "订单号,日期,餐次,姓名" {
		t.Fatalf("订餐 sheet = %q", rows)
	}
	if r := rows[1]; r[1] != "2026-11-25" || r[2] != "午餐" || r[3] != "张阿姨" || r[8] != "2" || r[9] != "助老价" {
		t.Errorf("first order = %q, want 张阿姨's 2 portions of lunch on 11-25 at 助老价", r)
	}
	if !strings.Contains(out, "[@李师傅] <linli> 2026年11月的订餐表：订单2条，共3份。") {
		t.Errorf("the canteen was not told what the file holds:\n%s", out)
	}
	if got := strings.Join(said("@张阿姨"), "\n"); !strings.Contains(got, "抱歉，只有食堂管理员或社区工作人员可以导出订餐表") ||
		len(savedFiles(t, out, "@张阿姨")) != 0 {
		t.Errorf("a resident asking for the orders got:\n%s", got)
	}

	head := savedFiles(t, out, "@王阿姨")
	signups := sheetRows(t, head["报名-1号活动.xlsx"], "报名")
	if len(signups) != 2 || signups[0][0] != "活动号" || signups[1][1] != "花卉讲座" || signups[1][5] != "王阿姨" || signups[1][10] != "2" {
		t.Errorf("报名 sheet = %q, want 王阿姨's party of 2 at 花卉讲座", signups)
	}
	if got := strings.Join(said("@王阿姨"), "\n"); !strings.Contains(got, "2号活动「剪纸课」是别的楼发起的") {
		t.Errorf("a head asking for another building's activity got:\n%s", got)
	}
	tickets := sheetRows(t, head["建议-全部.xlsx"], "建议")
	if len(tickets) != 3 {
		t.Fatalf("王阿姨's suggestions = %q, want 8号楼's two only", tickets)
	}
	for _, r := range tickets[1:] {
		if r[3] != "8号楼" {
			t.Errorf("a head's export holds %q of %s", r[7], r[3])
		}
		if r[5] == "是" && (r[6] != "" || strings.Contains(r[1], ":")) {
			t.Errorf("an anonymous ticket exported with name %q at %q", r[6], r[1])
		}
	}
	all := sheetRows(t, savedFiles(t, out, "@社区小王")["建议-2026-11.xlsx"], "建议")
	if len(all) != 4 {
		t.Errorf("the admin's suggestions of 2026-11 = %q, want all three", all)
	}

	helps := map[string][]string{"@李师傅": {"导出订餐"}, "@张阿姨": nil, "@王阿姨": {"导出报名", "导出建议"}}
	for who, want := range helps {
		lines := said(who)
		help := strings.Join(lines[len(lines)-4:], "\n") // 帮助, then 帮助 管理's pages
		for _, cmd := range []string{"导出订餐", "导出报名", "导出建议"} {
			if listed := strings.Contains(help, "："+cmd); listed != containsString(want, cmd) {
				t.Errorf("%s's 帮助 lists %s: %v\n%s", who, cmd, listed, help)
			}
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
