package reader

import "testing"

// chatter3 is group talk built from the sentence reader's words (留 来一份
// 不吃了 算了 一块去 跟物业说 是 好的 代 …): unaddressed, every line stays
// silent, whatever it would mean said to the bot.
var chatter3 = []string{
	"今天午饭来一份", "给我留两份饭", "帮我留个位子", "明天中午我不来吃了", "中午不吃了", "算了算了",
	"那就算了吧", "退掉吧", "不要了不要了", "明天的饭不要了", "5号活动我跟老伴一块去", "我们两口子都去",
	"一家三口都来了", "就我自己去", "带上外孙女一起去", "我跟老头子说了", "电梯按钮不亮了，帮我跟物业说一声",
	"跟物业说一声吧", "我这礼拜订过哪些饭来着", "你订了几顿饭", "是", "对", "好的", "嗯", "对的", "是的",
	"好嘞", "行", "可以", "是的是的", "代 8号楼301 看看", "代 8号楼301", "代我问好", "代课老师来了",
	"明朝去", "夜饭吃了吗", "礼拜天儿子一家回来吃饭", "明儿见", "家里有事先走了",
	"週四見", "菜單上的紅燒肉好吃嗎", "午饭来一份🙏", "吃了吗🙏", "定明天吧", "定了",
	"报明天的名", "取销了", "那个活动我去不了了", "3号活动不错", "明天中午那顿挺好吃", "我住8号楼301",
	"登记老人的事问居委", "代 8号楼301 明天中午留一份", "我们老两口中午来吃", "2号那个活动我们一家三口都参加",
}

func TestChatter3IsIgnored(t *testing.T) {
	r := newTestReader(t)
	for _, s := range chatter3 {
		if in := r.Read(s, group, phrasesNow); in.Name != "none" {
			t.Errorf("group %q: got %s, want none", s, parseJSON(t, in))
		}
	}
}

// TestAddressedAskOrAct: addressed, nothing in these reads as an action
// without asking unless every word of its request was understood; the
// ones here are talk and must not be actions at all.
func TestAddressedTalkIsNoAction(t *testing.T) {
	r := newTestReader(t)
	actions := map[string]bool{"book_meal": true, "cancel_meal": true, "signup": true, "cancel_signup": true, "register": true, "suggest": true}
	for _, s := range []string{
		"订餐要提前一天吗", "我不想订饭", "我明天订了外卖", "订两份了", "订餐截止几点", "取消订餐要扣钱吗",
		"我已经报名了", "3号活动不错", "明天的饭", "3号活动", "取消", "取消吧", "投诉电话多少", "报修了还没来",
		"5号活动几点开始", "我跟老伴说了明天去吃饭", "明天中午吃什么好呢", "菜单拍个照",
	} {
		for _, m := range []Mode{private, mentioned} {
			if in := r.Read(s, m, phrasesNow); actions[in.Name] && in.Problem == "" {
				t.Errorf("%+v %q: read as %s", m, s, parseJSON(t, in))
			}
		}
	}
}
