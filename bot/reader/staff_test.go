package reader

import "testing"

// staffPhrasings are how canteen staff, building heads and community
// workers type their commands, beyond the earlier tables. Read at
// phrasesNow (Tuesday 2026-11-24 08:00) in every context.
var staffPhrasings = []heard{
	{"查看建议", `{"intent":"list_suggestions"}`, "", ""},
	{"所有建议", `{"intent":"list_suggestions"}`, "", ""},
	{"建议列表 未处理", `{"intent":"list_suggestions","text":"未处理"}`, "", ""},
	{"回复s12：已经修好了", `{"intent":"reply_suggestion","ticket":"S12","text":"已经修好了"}`, "", ""},
	{"回复 S3 明天派人去看", `{"intent":"reply_suggestion","ticket":"S3","text":"明天派人去看"}`, "", ""},
	{"回复Ｓ１２ 好的", `{"intent":"reply_suggestion","ticket":"S12","text":"好的"}`, "", ""},
	{"回复 S12，谢谢反映", `{"intent":"reply_suggestion","ticket":"S12","text":"谢谢反映"}`, "", ""},
	{"结案 s7 已修好", `{"intent":"resolve_suggestion","ticket":"S7","text":"已修好"}`, "", ""},
	{"办结S12", `{"intent":"resolve_suggestion","ticket":"S12"}`, "", ""},
	{"受理s5", `{"intent":"accept_suggestion","ticket":"S5"}`, "", ""},
	{"处理中 S8", `{"intent":"progress_suggestion","ticket":"S8"}`, "", ""},
	{"不予处理 S9 不属于物业范围", `{"intent":"decline_suggestion","ticket":"S9","text":"不属于物业范围"}`, "", ""},
	{"通知：明天上午9点到11点停水", `{"intent":"notice","text":"明天上午9点到11点停水"}`, "", ""},
	{"通知 今晚8点开业主大会", `{"intent":"notice","text":"今晚8点开业主大会"}`, "", ""},
	{"通知，电梯检修暂停使用一天", `{"intent":"notice","text":"电梯检修暂停使用一天"}`, "", ""},
	{"发通知 明天停电", `{"intent":"notice","text":"明天停电"}`, "", ""},
	{"通知:周六上午大扫除", `{"intent":"notice","text":"周六上午大扫除"}`, "", ""},
	{"公告 小区将于12月1日起实行垃圾分类", `{"intent":"announce","text":"小区将于12月1日起实行垃圾分类"}`, "", ""},
	{"公告：春节期间食堂暂停营业", `{"intent":"announce","text":"春节期间食堂暂停营业"}`, "", ""},
	{"发公告 明天停水", `{"intent":"announce","text":"明天停水"}`, "", ""},
	{"发起活动 包饺子 周六 下午2点 活动室 20人", `{"intent":"create_event","date":"2026-11-28","title":"包饺子","time":"14:00","place":"活动室","capacity":20}`, "", ""},
	{"发起活动 健康讲座 12月3日 9:30 社区会议室 限50人", `{"intent":"create_event","date":"2026-12-03","title":"健康讲座","time":"09:30","place":"社区会议室","capacity":50}`, "", ""},
	{"创建活动 太极拳 明天 上午8点 小广场", `{"intent":"create_event","date":"2026-11-25","title":"太极拳","time":"08:00","place":"小广场"}`, "", ""},
	{"新建活动 手工课 11.30 14:00 二楼 名额15", `{"intent":"create_event","date":"2026-11-30","title":"手工课","time":"14:00","place":"二楼","capacity":15}`, "", ""},
	{"发起活动 理发 下周三 上午9点 1号楼门口 30人", `{"intent":"create_event","date":"2026-12-02","title":"理发","time":"09:00","place":"1号楼门口","capacity":30}`, "", ""},
	{"发起活动 包饺子 周六 下午两点半 活动室 二十人", `{"intent":"create_event","date":"2026-11-28","title":"包饺子","time":"14:30","place":"活动室","capacity":20}`, "", ""},
	{"修改活动 2 12月5日", `{"intent":"edit_event","date":"2026-12-05","event":2}`, "", ""},
	{"更改活动 4 活动室 40人", `{"intent":"edit_event","event":4,"place":"活动室","capacity":40}`, "", ""},
	{"取消活动3号", `{"intent":"cancel_event","event":3}`, "", ""},
	{"报名名单 2", `{"intent":"roster","event":2}`, "", ""},
	{"活动名单 第3个", `{"intent":"roster","event":3}`, "", ""},
	{"名单3号活动", `{"intent":"roster","event":3}`, "", ""},
	{"统计订餐 今天 午餐", `{"intent":"meal_stats","date":"2026-11-24","meal":"lunch"}`, "", ""},
	{"订餐汇总 周五", `{"intent":"meal_stats","date":"2026-11-27"}`, "", ""},
	{"今天中午订餐统计", `{"intent":"meal_stats","date":"2026-11-24","meal":"lunch"}`, "", ""},
	{"订餐统计一下", `{"intent":"meal_stats","date":"2026-11-24"}`, "", ""},
	{"停餐 周五 午餐", `{"intent":"stop_meals","date":"2026-11-27","meal":"lunch"}`, "", ""},
	{"停餐 12月1日", `{"intent":"stop_meals","date":"2026-12-01"}`, "", ""},
	{"绑定8栋", `{"intent":"bind_group","building":"8号楼"}`, "", ""},
	{"绑定楼栋 3", `{"intent":"bind_group","building":"3号楼"}`, "", ""},
	{"设置楼组长 @王阿姨 8号楼", `{"intent":"set_role","building":"8号楼","role":"building_head","target":"王阿姨"}`, "", ""},
	{"认证长者 @张阿姨", `{"intent":"verify_elder","target":"张阿姨"}`, "", ""},
	{"认证老人 @刘大爷", `{"intent":"verify_elder","target":"刘大爷"}`, "", ""},
	{"解除绑定", `{"intent":"unbind_group"}`, "", ""},
	{"所有群", `{"intent":"list_groups"}`, "", ""},
	{"认证爱心餐 @小李", `{"intent":"verify_worker","target":"小李"}`, "", ""},
	{"取消长者认证 @张阿姨", `{"intent":"revoke_role","role":"elder","target":"张阿姨"}`, "", ""},
	{"定时通知 周五 下午3点 明天停水", `{"intent":"schedule_notice","date":"2026-11-27","text":"明天停水","time":"15:00"}`, "", ""},
	{"预约通知 12月1日 9:00 开始供暖", `{"intent":"schedule_notice","date":"2026-12-01","text":"开始供暖","time":"09:00"}`, "", ""},
	{"名单 ３", `{"intent":"roster","event":3}`, "", ""},
	{"查看名单 3", `{"intent":"roster","event":3}`, "", ""},
	{"报名名单 三号", `{"intent":"roster","event":3}`, "", ""},
	{"通知 明天上午8点到12点停电，请大家做好准备", `{"intent":"notice","text":"明天上午8点到12点停电，请大家做好准备"}`, "", ""},
	{"公告 本周六上午组织大扫除", `{"intent":"announce","text":"本周六上午组织大扫除"}`, "", ""},
	{"回复 S5 收到，明天处理", `{"intent":"reply_suggestion","ticket":"S5","text":"收到，明天处理"}`, "", ""},
	{"回复S5:已处理", `{"intent":"reply_suggestion","ticket":"S5","text":"已处理"}`, "", ""},
	{"办结 S5 已经修好了", `{"intent":"resolve_suggestion","ticket":"S5","text":"已经修好了"}`, "", ""},
	{"处理中 S21", `{"intent":"progress_suggestion","ticket":"S21"}`, "", ""},
	{"受理 S21", `{"intent":"accept_suggestion","ticket":"S21"}`, "", ""},
	{"不予处理 S21 属于个人纠纷", `{"intent":"decline_suggestion","ticket":"S21","text":"属于个人纠纷"}`, "", ""},
	{"分类 S21 卫生", `{"intent":"categorize_suggestion","ticket":"S21","text":"卫生"}`, "", ""},
	{"发起活动 读书会 下周六 上午10点 活动室 限20人", `{"intent":"create_event","date":"2026-12-05","title":"读书会","time":"10:00","place":"活动室","capacity":20}`, "", ""},
	{"发起活动 义诊 12月6日 8:30 社区卫生站", `{"intent":"create_event","date":"2026-12-06","title":"义诊","time":"08:30","place":"社区卫生站"}`, "", ""},
	{"修改活动 5 下午3点", `{"intent":"edit_event","event":5,"time":"15:00"}`, "", ""},
	{"修改活动 5 12月6日 9:00 活动室", `{"intent":"edit_event","date":"2026-12-06","event":5,"time":"09:00","place":"活动室"}`, "", ""},
	{"取消活动 ５", `{"intent":"cancel_event","event":5}`, "", ""},
	{"设置菜单 明天", `{"intent":"set_menu","date":"2026-11-25","meal":"lunch"}`, "", ""},
	{"设置菜单 后天 晚餐", `{"intent":"set_menu","date":"2026-11-26","meal":"dinner"}`, "", ""},
	{"订餐统计 今天 中午", `{"intent":"meal_stats","date":"2026-11-24","meal":"lunch"}`, "", ""},
	{"今天的订餐统计", `{"intent":"meal_stats","date":"2026-11-24"}`, "", ""},
	{"明天午饭订餐统计", `{"intent":"meal_stats","date":"2026-11-25","meal":"lunch"}`, "", ""},
	{"停餐 下周一", `{"intent":"stop_meals","date":"2026-11-30"}`, "", ""},
	{"停餐 后天 晚饭", `{"intent":"stop_meals","date":"2026-11-26","meal":"dinner"}`, "", ""},
	{"设置楼组长 @张阿姨 1号楼", `{"intent":"set_role","building":"1号楼","role":"building_head","target":"张阿姨"}`, "", ""},
	{"设置楼组长 @王阿姨 八号楼", `{"intent":"set_role","building":"8号楼","role":"building_head","target":"王阿姨"}`, "", ""},
	{"设置管理员 @社区小王", `{"intent":"set_role","role":"admin","target":"社区小王"}`, "", ""},
	{"认证长者 @李大爷", `{"intent":"verify_elder","target":"李大爷"}`, "", ""},
	{"认证爱心餐 @志愿者小陈", `{"intent":"verify_worker","target":"志愿者小陈"}`, "", ""},
	{"取消管理员 @小王", `{"intent":"revoke_role","role":"admin","target":"小王"}`, "", ""},
	{"取消认证长者 @张阿姨", `{"intent":"revoke_role","role":"elder","target":"张阿姨"}`, "", ""},
	{"取消爱心餐 @小陈", `{"intent":"revoke_role","role":"worker","target":"小陈"}`, "", ""},
	{"确认 1号楼 101", `{"intent":"confirm_household","building":"1号楼","room":"101"}`, "", ""},
	{"绑定 1号楼", `{"intent":"bind_group","building":"1号楼"}`, "", ""},
	{"绑定 １号楼", `{"intent":"bind_group","building":"1号楼"}`, "", ""},
	{"定时通知 后天 7:30 今天停水", `{"intent":"schedule_notice","date":"2026-11-26","text":"今天停水","time":"07:30"}`, "", ""},
	{"定时通知 明天早上8点 电梯检修", `{"intent":"schedule_notice","date":"2026-11-25","text":"电梯检修","time":"08:00"}`, "", ""},
	{"回复 S 12 已处理", `{"intent":"reply_suggestion","ticket":"S12","text":"已处理"}`, "", ""},
}

func TestStaffPhrasings(t *testing.T) {
	runHeard(t, phrasesNow, staffPhrasings)
}

// TestSetMenuPhrasings: canteen staff post the dishes on the lines after
// 设置菜单/发布菜单, however the first line is put.
func TestSetMenuPhrasings(t *testing.T) {
	r := newTestReader(t)
	for _, c := range []struct {
		text, want string
		body       int
	}{
		{"设置菜单 明天 午餐\n红烧肉 15元\n炒青菜 5元", `{"intent":"set_menu","date":"2026-11-25","meal":"lunch"}`, 2},
		{"发布菜单 周五 晚餐：\n\n  番茄炒蛋 8元\n米饭 1元\n", `{"intent":"set_menu","date":"2026-11-27","meal":"dinner"}`, 2},
		{"设置菜单　后天中午\n清蒸鱼 18元", `{"intent":"set_menu","date":"2026-11-26","meal":"lunch"}`, 1},
		{"设置菜单\n土豆丝 6元\n紫菜汤 3元\n馒头 1元", `{"intent":"set_menu","date":"2026-11-25","meal":"lunch"}`, 3},
	} {
		in := r.Read(c.text, group, phrasesNow)
		if got := parseJSON(t, in); got != c.want || len(in.Body) != c.body {
			t.Errorf("%q:\n got %s with %d lines\nwant %s with %d", c.text, got, len(in.Body), c.want, c.body)
		}
	}
}
