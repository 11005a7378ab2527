package handlers

import (
	"slices"
	"strings"

	"linli/store"
)

// Categories lists the kinds of suggestion, in the order lists and the
// digest show them; 其他 is the fallback. A function, so no caller can
// change the list for everyone.
func Categories() []string {
	return []string{"停车", "绿化", "卫生", "安全", "设施", "噪音", "其他"}
}

// categoryWords guess a category, checked in this order: safety first (an
// e-bike charging in the stairwell is a fire risk before it is parking),
// then the specific kinds, then facilities, whose words (门, 灯) are broad.
func categoryWords() []struct {
	category string
	words    []string
} {
	return []struct {
		category string
		words    []string
	}{
		{"安全", []string{"安全", "高空抛物", "消防", "着火", "起火", "火灾", "漏电", "电线", "充电", "燃气", "煤气", "小偷", "被盗", "被偷", "门禁", "监控", "危险", "隐患", "陌生人", "通道堵"}},
		{"噪音", []string{"噪音", "噪声", "吵", "扰民", "装修", "广场舞", "喇叭", "音响", "狗叫"}},
		{"停车", []string{"停车", "车位", "车库", "挪车", "乱停", "占道", "堵车", "汽车", "电动车", "自行车", "车辆"}},
		{"卫生", []string{"卫生", "垃圾", "脏", "臭", "异味", "清洁", "打扫", "保洁", "老鼠", "蟑螂", "蚊子", "狗屎", "粪便", "杂物", "污水"}},
		{"绿化", []string{"绿化", "树", "草", "花坛", "花园", "修剪", "浇水", "绿地", "枯"}},
		{"设施", []string{"设施", "灯", "电梯", "门", "水管", "漏水", "渗水", "下水道", "堵", "坏", "维修", "报修", "路面", "坑", "健身器材", "座椅", "扶手", "井盖", "墙", "屋顶", "停水", "停电", "水压", "信箱", "楼梯"}},
	}
}

// GuessCategory guesses a ticket's category from its words; an admin can
// change it with 分类.
func GuessCategory(text string) string {
	for _, c := range categoryWords() {
		for _, w := range c.words {
			if strings.Contains(text, w) {
				return c.category
			}
		}
	}
	return "其他"
}

// isCategory reports whether s is one of the categories.
func isCategory(s string) bool {
	return slices.Contains(Categories(), s)
}

// statusWords maps what staff type after 建议列表 to the statuses it
// selects; "" selects every status.
func statusWords() map[string][]string {
	open := store.OpenStatuses
	return map[string][]string{
		"待受理": {store.StatusNew}, "未受理": {store.StatusNew}, "新": {store.StatusNew}, "新的": {store.StatusNew},
		"已受理": {store.StatusAccepted}, "受理": {store.StatusAccepted},
		"处理中": {store.StatusInProgress}, "在处理": {store.StatusInProgress},
		"已办结": {store.StatusResolved}, "办结": {store.StatusResolved}, "已完成": {store.StatusResolved},
		"不予处理": {store.StatusDeclined},
		"未办结":  open, "未完成": open, "待办": open, "没办完": open,
		"全部": nil, "所有": nil,
	}
}

// buildingWord reads a building as staff type it (8号楼, 8栋, 8幢, ８号楼)
// and names it the way households and groups do: 8号楼.
func buildingWord(w string) (string, bool) {
	w = normDigits(w)
	for _, suffix := range []string{"号楼", "栋", "幢", "楼"} {
		if n, ok := strings.CutSuffix(w, suffix); ok {
			w = n
			break
		}
	}
	if w == "" || len(w) > 4 {
		return "", false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return strings.TrimLeft(w, "0") + "号楼", strings.TrimLeft(w, "0") != ""
}
