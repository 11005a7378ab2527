package reader

import (
	"testing"

	"linli/bot"
)

// TestSuggestionLifeCycleCommands: 受理, 处理中, 不予处理 and 分类 take a
// ticket and optional text, and ordinary group chatter with the same words
// stays silent.
func TestSuggestionLifeCycleCommands(t *testing.T) {
	r := newTestReader(t)
	for _, c := range []struct {
		mode         Mode
		text         string
		intent, tick string
		body         string
		problem      bool
	}{
		{Mode{}, "受理 S12", bot.IntentAcceptSuggestion, "S12", "", false},
		{Mode{}, "受理S3", bot.IntentAcceptSuggestion, "S3", "", false},
		{Mode{}, "/accept S3", bot.IntentAcceptSuggestion, "S3", "", false},
		{Mode{}, "处理中 S12", bot.IntentProgressSuggestion, "S12", "", false},
		{Mode{}, "处理中 S12 已联系物业，明天来修", bot.IntentProgressSuggestion, "S12", "已联系物业，明天来修", false},
		{Mode{}, "不予处理 S12 不归社区管", bot.IntentDeclineSuggestion, "S12", "不归社区管", false},
		{Mode{}, "不予处理 s12", bot.IntentDeclineSuggestion, "S12", "", false},
		{Mode{}, "分类 S12 停车", bot.IntentCategorize, "S12", "停车", false},
		{Mode{}, "分类 Ｓ１２ 停车", bot.IntentCategorize, "S12", "停车", false},
		{Mode{Private: true}, "处理中", bot.IntentProgressSuggestion, "", "", true},
		{Mode{Private: true}, "受理", bot.IntentAcceptSuggestion, "", "", true},
		{Mode{Mentioned: true}, "分类", bot.IntentCategorize, "", "", true},
		// chatter in a group
		{Mode{}, "处理中吗", bot.IntentNone, "", "", false},
		{Mode{}, "处理中", bot.IntentNone, "", "", false},
		{Mode{}, "处理中，别急", bot.IntentNone, "", "", false},
		{Mode{}, "分类垃圾", bot.IntentNone, "", "", false},
		{Mode{}, "分类垃圾要做好", bot.IntentNone, "", "", false},
		{Mode{}, "分类 垃圾", bot.IntentNone, "", "", false},
		{Mode{}, "受理了吗", bot.IntentNone, "", "", false},
		{Mode{}, "受理", bot.IntentNone, "", "", false},
		{Mode{}, "不予处理", bot.IntentNone, "", "", false},
		{Mode{}, "不予处理是什么意思", bot.IntentNone, "", "", false},
	} {
		in := r.Read(c.text, c.mode, phrasesNow)
		if in.Name != c.intent || in.Ticket != c.tick || in.Text != c.body || (in.Problem != "") != c.problem {
			t.Errorf("%+v %q = %+v; want %s %s %q problem=%v", c.mode, c.text, in, c.intent, c.tick, c.body, c.problem)
		}
	}
}
