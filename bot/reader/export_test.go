package reader

import "testing"

// exportCases are the spreadsheets asked for in the chat, read at
// phrasesNow (Tuesday 2026-11-24 08:00): the days they cover look back,
// so 12月 is last December.
var exportCases = []tc{
	{private, "导出订餐", `{"intent":"export_meals","from":"2026-11-01","to":"2026-11-30"}`},
	{private, "导出订餐 本月", `{"intent":"export_meals","from":"2026-11-01","to":"2026-11-30"}`},
	{private, "导出订餐 上月", `{"intent":"export_meals","from":"2026-10-01","to":"2026-10-31"}`},
	{private, "导出订餐 上个月", `{"intent":"export_meals","from":"2026-10-01","to":"2026-10-31"}`},
	{private, "导出订餐 11月", `{"intent":"export_meals","from":"2026-11-01","to":"2026-11-30"}`},
	{private, "导出订餐 １１月份", `{"intent":"export_meals","from":"2026-11-01","to":"2026-11-30"}`},
	{private, "导出订餐 十月", `{"intent":"export_meals","from":"2026-10-01","to":"2026-10-31"}`},
	{private, "导出订餐 12月", `{"intent":"export_meals","from":"2025-12-01","to":"2025-12-31"}`},
	{private, "导出订餐 2025年11月", `{"intent":"export_meals","from":"2025-11-01","to":"2025-11-30"}`},
	{private, "导出订餐 11月1日到11月15日", `{"intent":"export_meals","from":"2026-11-01","to":"2026-11-15"}`},
	{private, "导出订餐 11月1号至15号", `{"intent":"export_meals","from":"2026-11-01","to":"2026-11-15"}`},
	{private, "导出订餐 11.1-11.15", `{"intent":"export_meals","from":"2026-11-01","to":"2026-11-15"}`},
	{private, "导出订餐 2026-11-01 ~ 2026-11-15", `{"intent":"export_meals","from":"2026-11-01","to":"2026-11-15"}`},
	{private, "导出订餐 12月20日到1月5日", `{"intent":"export_meals","from":"2025-12-20","to":"2026-01-05"}`},
	{private, "导出订餐 11月28日", `{"intent":"export_meals","from":"2025-11-28","to":"2025-11-28"}`},
	{private, "导出订餐 11月20日", `{"intent":"export_meals","from":"2026-11-20","to":"2026-11-20"}`},
	{private, "导出订单 全部", `{"intent":"export_meals"}`},
	{private, "/exportmeals 上月", `{"intent":"export_meals","from":"2026-10-01","to":"2026-10-31"}`},
	{private, "导出订餐 11月15日到11月1日", `{"intent":"export_meals","error":"*"}`},
	{private, "导出订餐 2月30日", `{"intent":"export_meals","error":"*"}`},
	{private, "导出订餐 13月", `{"intent":"export_meals","error":"*"}`},
	{private, "导出订餐 2025年1月1日到2026年6月1日", `{"intent":"export_meals","error":"*"}`},
	{private, "导出订餐 11月到12月", `{"intent":"export_meals","error":"*"}`},
	{private, "导出订餐 随便来点", `{"intent":"export_meals","error":"*"}`},
	{group, "导出订餐 11月", `{"intent":"export_meals","from":"2026-11-01","to":"2026-11-30"}`},
	{group, "导出订餐", `{"intent":"export_meals","from":"2026-11-01","to":"2026-11-30"}`},
	{group, "导出订餐的事明天再说", `{"intent":"none"}`},

	{private, "导出报名 3", `{"intent":"export_signups","event":3}`},
	{private, "导出报名 3号活动", `{"intent":"export_signups","event":3}`},
	{group, "导出名单 ３", `{"intent":"export_signups","event":3}`},
	{private, "/exportsignups 12", `{"intent":"export_signups","event":12}`},
	{private, "导出报名", `{"intent":"export_signups","error":"*"}`},

	{private, "导出建议", `{"intent":"export_suggestions"}`},
	{private, "导出建议 上月", `{"intent":"export_suggestions","from":"2026-10-01","to":"2026-10-31"}`},
	{private, "导出建议 11月1日到11月15日", `{"intent":"export_suggestions","from":"2026-11-01","to":"2026-11-15"}`},
	{group, "导出建议表", `{"intent":"export_suggestions"}`},
	{private, "/exportsuggestions", `{"intent":"export_suggestions"}`},
}

func TestExports(t *testing.T) {
	run(t, newTestReader(t), phrasesNow, exportCases)
}
