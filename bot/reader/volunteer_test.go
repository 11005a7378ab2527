package reader

import "testing"

// volunteerCases are volunteer hours' commands and the chatter around them.
var volunteerCases = []tc{
	{group, "签到 3", `{"intent":"checkin","event":3}`},
	{group, "签到3号活动", `{"intent":"checkin","event":3}`},
	{group, "签到 3 @张阿姨", `{"intent":"checkin","event":3,"target":"张阿姨"}`},
	{private, "/checkin 3", `{"intent":"checkin","event":3}`},
	{private, "时长 3 2小时", `{"intent":"set_hours","event":3,"minutes":120}`},
	{private, "时长 3 1.5小时", `{"intent":"set_hours","event":3,"minutes":90}`},
	{private, "时长 3 两个小时", `{"intent":"set_hours","event":3,"minutes":120}`},
	{private, "时长 3 90分钟", `{"intent":"set_hours","event":3,"minutes":90}`},
	{private, "时长 3 半小时", `{"intent":"set_hours","event":3,"minutes":30}`},
	{private, "时长 3 2小时30分钟", `{"intent":"set_hours","event":3,"minutes":150}`},
	{private, "时长 3 30小时", `{"intent":"set_hours","event":3,"error":"*"}`},
	{group, "我的志愿时长", `{"intent":"my_hours"}`},

	{group, "签到", `{"intent":"none"}`},
	{group, "签到了吗", `{"intent":"none"}`},
	{group, "签到 3 张阿姨也来了", `{"intent":"none"}`},
	{group, "时长太长了", `{"intent":"none"}`},
	{group, "时长 3 很久", `{"intent":"none"}`},
	{group, "我的志愿时长多少", `{"intent":"none"}`},
}

func TestVolunteerCommands(t *testing.T) {
	run(t, newTestReader(t), phrasesNow, volunteerCases)
}
