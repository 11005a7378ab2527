package reader

import "testing"

// chatter is what neighbours say to each other in a building group. Every
// line must stay silent: a bot that answers these gets removed.
var chatter = []string{
	"今天天气不错", "我明天订了外卖", "菜单上的红烧肉好吃吗", "订餐的事问李师傅",
	"活动室在哪", "报名的人多吗", "建议你去问问", "建议你去问问物业",
	"明天菜市场几点开门", "活动中心开门了吗", "报名的人好多", "取消了吗",
	"帮我看看", "通知大家一下吧", "建议大家早点休息", "取消了，不去了",
	"订了", "订好了", "我订了两份", "明天几点停水", "谁知道物业电话",
	"活动挺好的", "活动结束了吗", "报名截止了没", "名单出来了吗", "名单上有我吗",
	"回复一下", "回复我一下", "绑定手机号怎么弄", "登记一下车牌",
	"登记的时候要带身份证", "公告栏贴了通知", "通知收到了", "公告看到了",
	"建议挺好", "反映问题找谁", "投诉没用", "我的天", "我的快递到了",
	"我要去买菜", "我想睡觉", "请大家注意安全", "麻烦让一下", "帮我拿个快递",
	"今天吃饺子", "明天吃火锅", "周三有雨", "下周三见", "明天见", "十一点开会",
	"晚上好", "中午好", "早上好", "早饭吃了吗", "午饭吃了吗", "晚饭好了",
	"3号楼电梯坏了", "8号楼的快递", "订阅号", "订单到了", "预订酒店",
	"参加婚礼", "参加的人不多", "退订短信", "统计一下人数", "设置好了",
	"？？", "好的", "收到", "谢谢", "哈哈哈", "👍", "@张阿姨 谢谢",
	"吃什么", "吃什么好呢", "今天吃什么好呢", "订餐订好了", "取消订餐了",
	"活动几点开始", "明天活动几点", "订了两份", "帮助别人", "菜单太贵了",
	"活动真多", "我的报名表呢", "报名表", "取消吧", "取消", "订", "明天",
	"明天中午", "两份", "3", "S12", "D12", "名单 3号楼", "不参加了",
	"我想想", "请问", "退餐了吗", "订餐吗", "订餐？", "明天订餐吗",
	"下午2点开会", "到时候报名", "报名链接发一下", "反映了好几次了",
	"@张阿姨 菜单", "报名?", "晚点再说", "订餐 14:00", "/foo", "/menuabc",
	"", "   ", "\u2005", "报名 3 个人都去", "菜单好长", "活动 活动 活动",
	"菜单菜单", "订餐的时间改了", "我要订餐厅", "报名参加的人请举手",
	"有什么菜", "看看再说", "帮忙搬个东西", "查一下快递",
}

func TestChatterIsIgnored(t *testing.T) {
	if len(chatter) < 40 {
		t.Fatalf("only %d chatter lines", len(chatter))
	}
	r := newTestReader(t)
	for _, s := range chatter {
		if in := r.Read(s, group, phrasesNow); in.Name != "none" {
			t.Errorf("group %q: got %+v, want none", s, in)
		}
	}
}

// TestAddressedNotUnderstood: the same chatter addressed to the bot gets
// unknown, not a guess (a few of the lines above are commands when
// addressed, so this uses its own list).
func TestAddressedNotUnderstood(t *testing.T) {
	r := newTestReader(t)
	for _, s := range []string{
		"你好", "订餐的事问李师傅", "菜单上的红烧肉好吃吗", "活动室在哪",
		"今天天气不错", "帮我看看", "谢谢", "", "/foo", "@Linli", "报名的人多吗",
	} {
		for _, m := range []Mode{private, mentioned} {
			if in := r.Read(s, m, phrasesNow); in.Name != "unknown" {
				t.Errorf("%+v %q: got %+v, want unknown", m, s, in)
			}
		}
	}
	// Mentioning the bot by name makes a group message addressed.
	if in := r.Read("@Linli 你好", group, phrasesNow); in.Name != "unknown" {
		t.Errorf("@Linli 你好: got %+v", in)
	}
}

// normaliseCases: full-width characters, WeChat's U+2005, mentions,
// lead-ins and trailing politeness.
var normaliseCases = []tc{
	{group, "订餐　明天　午餐　２份", `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`},
	{group, "订餐 明天 午餐 ２份！", `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`},
	{group, "／ｍｅｎｕ", `{"intent":"menu","date":"2026-11-24"}`},
	{group, "＠Linli 菜单", `{"intent":"menu","date":"2026-11-24"}`},
	{group, "@Linli\u2005菜单", `{"intent":"menu","date":"2026-11-24"}`},
	{group, "@LINLI 菜单", `{"intent":"menu","date":"2026-11-24"}`},
	{group, "@邻里 我的订餐", `{"intent":"my_meals"}`},
	{group, "@Linli菜单", `{"intent":"menu","date":"2026-11-24"}`},
	{group, "菜单 @Linli", `{"intent":"menu","date":"2026-11-24"}`},
	{mentioned, "@邻里小助手\u2005活动", `{"intent":"events"}`},
	{mentioned, "@Linli 明天中午订两份", `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`},
	{group, "我要订餐 后天晚饭 三份", `{"intent":"book_meal","date":"2026-11-26","meal":"dinner","quantity":3}`},
	{group, "我想报名 3", `{"intent":"signup","event":3,"party":1}`},
	{group, "请帮我订餐", `{"intent":"book_meal","date":"2026-11-24","meal":"lunch","quantity":1}`},
	{group, "麻烦帮我取消订餐 D12", `{"intent":"cancel_meal","order":"D12"}`},
	{group, "麻烦给我订一份午饭", `{"intent":"book_meal","date":"2026-11-24","meal":"lunch","quantity":1}`},
	{group, "我想要报名3号活动", `{"intent":"signup","event":3,"party":1}`},
	{group, "请 菜单", `{"intent":"menu","date":"2026-11-24"}`},
	{group, "我的报名谢谢", `{"intent":"my_signups"}`},
	{group, "活动，谢谢了！", `{"intent":"events"}`},
	{group, "菜单~", `{"intent":"menu","date":"2026-11-24"}`},
	{group, "  帮助  ", `{"intent":"help"}`},
}

func TestNormalise(t *testing.T) {
	run(t, newTestReader(t), phrasesNow, normaliseCases)
}

// TestBotNames: configured names replace the defaults, case-insensitively.
func TestBotNames(t *testing.T) {
	r, err := New(Config{BotNames: []string{"@小助手", "HelperBot"}})
	if err != nil {
		t.Fatal(err)
	}
	run(t, r, phrasesNow, []tc{
		{group, "@小助手 菜单", `{"intent":"menu","date":"2026-11-24"}`},
		{group, "@helperbot 你好", `{"intent":"unknown"}`},
		{group, "@Linli 你好", `{"intent":"none"}`},
	})
}
