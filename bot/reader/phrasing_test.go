package reader

import "testing"

// phrasingCases are ways residents put everyday commands that the first
// tables did not have, found by trying the reader on new phrasings, with
// the chatter next to them that must stay silent.
var phrasingCases = []tc{
	{group, "取消我的订餐", `{"intent":"cancel_meal"}`},
	{group, "取消我的报名 3", `{"intent":"cancel_signup","event":3}`},
	{group, "报名 第3个活动 我们两个人", `{"intent":"signup","event":3,"party":2}`},
	{group, "报名3号 我家三个人", `{"intent":"signup","event":3,"party":3}`},
	{group, "反映一下 3号楼电梯坏了", `{"intent":"suggest","text":"3号楼电梯坏了"}`},
	{group, "建议一下：楼道里堆了杂物", `{"intent":"suggest","text":"楼道里堆了杂物"}`},
	{group, "有活动吗", `{"intent":"events"}`},
	{group, "最近有没有活动？", `{"intent":"events"}`},
	{group, "我报了哪些活动", `{"intent":"my_signups"}`},
	{group, "明天中午的饭帮我订两份", `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`},
	{group, "订两份饭", `{"intent":"book_meal","date":"2026-11-24","meal":"lunch","quantity":2}`},
	{group, "取消今天的订餐", `{"intent":"cancel_meal","date":"2026-11-24","meal":"lunch"}`},
	{group, "提个建议：垃圾桶不够", `{"intent":"suggest","text":"垃圾桶不够"}`},
	{group, "中午的饭好吃", `{"intent":"none"}`},
	{group, "吃饭了吗", `{"intent":"none"}`},
	{group, "我有个建议", `{"intent":"none"}`},
	{group, "有活动室吗", `{"intent":"none"}`},
	{group, "有活动的话叫我", `{"intent":"none"}`},
	{group, "反映一下情况", `{"intent":"none"}`},
	{group, "建议一下吧", `{"intent":"none"}`},
	{group, "我们报名了", `{"intent":"none"}`},
}

func TestPhrasings(t *testing.T) {
	run(t, newTestReader(t), phrasesNow, phrasingCases)
}
