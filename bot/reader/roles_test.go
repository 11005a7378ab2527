package reader

import "testing"

// roleCases cover the commands of building heads, the canteen and admins,
// read at phrasesNow (Tuesday 2026-11-24 08:00).
var roleCases = []tc{
	{group, "通知 明天上午9点停水", `{"intent":"notice","text":"明天上午9点停水"}`},
	{group, "通知：明天上午９点停水", `{"intent":"notice","text":"明天上午９点停水"}`},
	{group, "通知", `{"intent":"notice","error":"*"}`},
	{group, "/notice 停电", `{"intent":"notice","text":"停电"}`},
	{group, "发起活动 花卉讲座 11月28日 14:00 党群服务站三楼 30人",
		`{"intent":"create_event","title":"花卉讲座","date":"2026-11-28","time":"14:00","place":"党群服务站三楼","capacity":30}`},
	{group, "发起活动 读书会 14：00 周六 社区 活动室",
		`{"intent":"create_event","title":"读书会","date":"2026-11-28","time":"14:00","place":"社区 活动室"}`},
	{group, "发起活动 读书会 下周三 下午两点半 活动室 限20人",
		`{"intent":"create_event","title":"读书会","date":"2026-12-02","time":"14:30","place":"活动室","capacity":20}`},
	{group, "发起活动 太极拳 明天 上午9点 广场 名额:15",
		`{"intent":"create_event","title":"太极拳","date":"2026-11-25","time":"09:00","place":"广场","capacity":15}`},
	{group, "发起活动 合唱 12.1 2点半 活动室",
		`{"intent":"create_event","title":"合唱","date":"2026-12-01","time":"14:30","place":"活动室"}`},
	{group, "发起活动 晚会 11月28日晚上7点 广场",
		`{"intent":"create_event","title":"晚会","date":"2026-11-28","time":"19:00","place":"广场"}`},
	{group, "发起活动 读书会 9点30分 28号 活动室",
		`{"intent":"create_event","title":"读书会","date":"2026-11-28","time":"09:30","place":"活动室"}`},
	{group, "发起活动 读书会", `{"intent":"create_event","title":"读书会","error":"*"}`},
	{group, "发起活动 读书会 明天", `{"intent":"create_event","title":"读书会","date":"2026-11-25","error":"*"}`},
	{group, "发起活动 读书会 明天 25:00", `{"intent":"create_event","title":"读书会","time":"25:00","error":"*"}`},
	{group, "/newevent 义诊 周五 9:00 卫生站", `{"intent":"create_event","title":"义诊","date":"2026-11-27","time":"09:00","place":"卫生站"}`},
	{group, "名单 3", `{"intent":"roster","event":3}`},
	{group, "报名名单 第5个", `{"intent":"roster","event":5}`},
	{group, "名单", `{"intent":"roster","error":"*"}`},
	{group, "/roster 3", `{"intent":"roster","event":3}`},
	{private, "设置菜单 明天 晚餐", `{"intent":"set_menu","date":"2026-11-25","meal":"dinner"}`},
	{private, "设置菜单", `{"intent":"set_menu","date":"2026-11-25","meal":"lunch"}`},
	{private, "设置菜单 周四", `{"intent":"set_menu","date":"2026-11-26","meal":"lunch"}`},
	{private, "/setmenu 后天 午饭", `{"intent":"set_menu","date":"2026-11-26","meal":"lunch"}`},
	{private, "订餐统计", `{"intent":"meal_stats","date":"2026-11-24"}`},
	{private, "订餐统计 明天", `{"intent":"meal_stats","date":"2026-11-25"}`},
	{group, "明天订餐统计", `{"intent":"meal_stats","date":"2026-11-25"}`},
	{private, "/mealstats 明天 午餐", `{"intent":"meal_stats","date":"2026-11-25","meal":"lunch"}`},
	{group, "绑定 8号楼", `{"intent":"bind_group","building":"8号楼"}`},
	{group, "绑定 8栋", `{"intent":"bind_group","building":"8号楼"}`},
	{group, "绑定 8幢", `{"intent":"bind_group","building":"8号楼"}`},
	{group, "绑定 ８号楼", `{"intent":"bind_group","building":"8号楼"}`},
	{group, "绑定 八号楼", `{"intent":"bind_group","building":"8号楼"}`},
	{group, "绑定 12", `{"intent":"bind_group","building":"12号楼"}`},
	{group, "绑定 全体", `{"intent":"bind_group","building":"全体"}`},
	{group, "绑定", `{"intent":"bind_group","error":"*"}`},
	{group, "/bind 8号楼", `{"intent":"bind_group","building":"8号楼"}`},
	{group, "设置楼组长 @张阿姨 8号楼", `{"intent":"set_role","role":"building_head","target":"张阿姨","building":"8号楼"}`},
	{group, "设置楼组长 @张阿姨\u20058号楼", `{"intent":"set_role","role":"building_head","target":"张阿姨","building":"8号楼"}`},
	{group, "设置楼组长 8栋 @张阿姨", `{"intent":"set_role","role":"building_head","target":"张阿姨","building":"8号楼"}`},
	{group, "设置楼组长 @张阿姨", `{"intent":"set_role","role":"building_head","target":"张阿姨","error":"*"}`},
	{group, "设置楼组长", `{"intent":"set_role","role":"building_head","error":"*"}`},
	{group, "设置食堂 @李师傅", `{"intent":"set_role","role":"canteen_manager","target":"李师傅"}`},
	{private, "设置管理员 @Xiao Wang", `{"intent":"set_role","role":"admin","target":"Xiao","error":"*"}`},
	{group, "设置管理员 @小王", `{"intent":"set_role","role":"admin","target":"小王"}`},
	{group, "/sethead@LinliBot @张阿姨 8号楼", `{"intent":"set_role","role":"building_head","target":"张阿姨","building":"8号楼"}`},
	{group, "/setcanteen @李师傅", `{"intent":"set_role","role":"canteen_manager","target":"李师傅"}`},
	{group, "/setadmin @小王", `{"intent":"set_role","role":"admin","target":"小王"}`},
	{group, "认证长者 @王伯伯", `{"intent":"verify_elder","target":"王伯伯"}`},
	{group, "认证长者", `{"intent":"verify_elder","error":"*"}`},
	{group, "/verifyelder @王伯伯", `{"intent":"verify_elder","target":"王伯伯"}`},
	{private, "建议列表", `{"intent":"list_suggestions"}`},
	{private, "建议列表 停车", `{"intent":"list_suggestions","text":"停车"}`},
	{private, "/suggestions", `{"intent":"list_suggestions"}`},
	{private, "回复 S12 已联系物业", `{"intent":"reply_suggestion","ticket":"S12","text":"已联系物业"}`},
	{private, "回复s12：已联系物业", `{"intent":"reply_suggestion","ticket":"S12","text":"已联系物业"}`},
	{private, "回复 S12", `{"intent":"reply_suggestion","ticket":"S12","error":"*"}`},
	{private, "回复 谢谢大家", `{"intent":"reply_suggestion","error":"*"}`},
	{group, "回复", `{"intent":"reply_suggestion","error":"*"}`},
	{private, "/reply S3 明天修", `{"intent":"reply_suggestion","ticket":"S3","text":"明天修"}`},
	{private, "办结 S12", `{"intent":"resolve_suggestion","ticket":"S12"}`},
	{private, "办结 S12 灯已换好", `{"intent":"resolve_suggestion","ticket":"S12","text":"灯已换好"}`},
	{private, "/resolve S12", `{"intent":"resolve_suggestion","ticket":"S12"}`},
	{group, "公告 本周六上午消防演练", `{"intent":"announce","text":"本周六上午消防演练"}`},
	{group, "/announce 停水", `{"intent":"announce","text":"停水"}`},
}

func TestRoleCommands(t *testing.T) {
	run(t, newTestReader(t), phrasesNow, roleCases)
}

// TestMultiLine: the first line is the command, the others its body.
func TestMultiLine(t *testing.T) {
	r := newTestReader(t)
	in := r.Read("设置菜单 明天 午餐\n鱼香肉丝 12\n\n  青菜 3  \r\n限量 80", private, phrasesNow)
	if in.Name != "set_menu" || in.Date != "2026-11-25" || in.Meal != "lunch" || in.Problem != "" {
		t.Fatalf("got %+v", in)
	}
	if want := []string{"鱼香肉丝 12", "青菜 3", "限量 80"}; !equal(in.Body, want) {
		t.Errorf("body %q, want %q", in.Body, want)
	}
	in = r.Read("\n建议\n楼道灯坏了\n已经三天了", group, phrasesNow)
	if in.Name != "suggest" || in.Text != "楼道灯坏了\n已经三天了" || in.Problem != "" {
		t.Errorf("suggestion over lines: %+v", in)
	}
	in = r.Read("通知 明天停水\n时间 9点到12点", group, phrasesNow)
	if in.Text != "明天停水\n时间 9点到12点" || !equal(in.Body, []string{"时间 9点到12点"}) {
		t.Errorf("notice over lines: %+v", in)
	}
	if in := r.Read("今天天气不错\n菜单", group, phrasesNow); in.Name != "none" || in.Body != nil {
		t.Errorf("chatter with a keyword on line 2: %+v", in)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
