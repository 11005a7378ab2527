package reader

import "testing"

// communityCases cover the commands that run the community's structure:
// households, groups, role removals and scheduled notices.
var communityCases = []tc{
	{group, "定时通知 明天 08:00 今天上午检修电梯", `{"intent":"schedule_notice","date":"2026-11-25","time":"08:00","text":"今天上午检修电梯"}`},
	{group, "定时通知 下午3点 11月26日 停电一小时", `{"intent":"schedule_notice","date":"2026-11-26","time":"15:00","text":"停电一小时"}`},
	{group, "定时通知 明天 停水", `{"intent":"schedule_notice","error":"*"}`},
	{group, "定时通知 明天 08:00", `{"intent":"schedule_notice","time":"08:00","error":"*"}`},
	{group, "定时通知 明天 08:00 30人以上请到活动室", `{"intent":"schedule_notice","date":"2026-11-25","time":"08:00","text":"30人以上请到活动室"}`},
	{group, "确认 8号楼 301", `{"intent":"confirm_household","building":"8号楼","room":"301"}`},
	{group, "确认住户 8-301", `{"intent":"confirm_household","building":"8号楼","room":"301"}`},
	{group, "确认一下", `{"intent":"none"}`},
	{group, "确认", `{"intent":"none"}`},
	{group, "大家确认一下", `{"intent":"none"}`},
	{private, "确认一下", `{"intent":"confirm_household","error":"*"}`},
	{group, "我的信息", `{"intent":"my_info"}`},
	{group, "我的信息呢", `{"intent":"my_info"}`},
	{group, "解绑", `{"intent":"unbind_group"}`},
	{group, "解绑了吗", `{"intent":"none"}`},
	{private, "群列表", `{"intent":"list_groups"}`},
	{group, "认证爱心餐 @小刘", `{"intent":"verify_worker","target":"小刘"}`},
	{group, "取消楼组长 @王阿姨", `{"intent":"revoke_role","role":"building_head","target":"王阿姨"}`},
	{group, "取消楼组长 @王阿姨 8号楼", `{"intent":"revoke_role","role":"building_head","target":"王阿姨","building":"8号楼"}`},
	{group, "取消食堂 @李师傅", `{"intent":"revoke_role","role":"canteen_manager","target":"李师傅"}`},
	{group, "取消长者 @刘大爷", `{"intent":"revoke_role","role":"elder","target":"刘大爷"}`},
	{group, "取消爱心餐认证 @小刘", `{"intent":"revoke_role","role":"worker","target":"小刘"}`},
	{group, "取消订餐", `{"intent":"cancel_meal"}`},
	{group, "登记一下", `{"intent":"none"}`},
	{group, "报名一下", `{"intent":"none"}`},
}

func TestCommunityCommands(t *testing.T) {
	run(t, newTestReader(t), phrasesNow, communityCases)
}

// householdCases cover joining, leaving and erasing (issue 13): a yes to a
// newcomer names the household and the person; the same words in a group's
// chatter stay chatter.
var householdCases = []tc{
	{group, "同意 8号楼301 张三", `{"intent":"accept_member","building":"8号楼","room":"301","target":"张三"}`},
	{group, "同意 8-301 @小刘", `{"intent":"accept_member","building":"8号楼","room":"301","target":"小刘"}`},
	{private, "同意 8号楼 301室 王 阿姨", `{"intent":"accept_member","building":"8号楼","room":"301","target":"王 阿姨"}`},
	{group, "同意 8号楼301", `{"intent":"accept_member","building":"8号楼","room":"301","error":"*"}`},
	{group, "同意", `{"intent":"none"}`},
	{group, "同意楼上的说法", `{"intent":"none"}`},
	{group, "同意 楼上的", `{"intent":"none"}`},
	{group, "同意 2 楼上", `{"intent":"none"}`},
	{group, "我同意", `{"intent":"none"}`},
	{group, "移出 8号楼301 @老赵", `{"intent":"remove_member","building":"8号楼","room":"301","target":"老赵"}`},
	{group, "移出 群聊", `{"intent":"none"}`},
	{group, "移出", `{"intent":"none"}`},
	{group, "退出登记", `{"intent":"leave_household"}`},
	{private, "取消登记", `{"intent":"leave_household"}`},
	{group, "退出登记的事明天说", `{"intent":"none"}`},
	{group, "注销", `{"intent":"erase_me"}`},
	{private, "删除我的信息", `{"intent":"erase_me"}`},
	{group, "注销了吗", `{"intent":"none"}`},
	{group, "信用卡注销了", `{"intent":"none"}`},
	{group, "确认注销", `{"intent":"confirm_erase"}`},
	{group, "确认 8号楼 301", `{"intent":"confirm_household","building":"8号楼","room":"301"}`},
}

func TestHouseholdCommands(t *testing.T) {
	run(t, newTestReader(t), phrasesNow, householdCases)
}
