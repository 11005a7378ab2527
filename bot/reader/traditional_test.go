package reader

import "testing"

// traditionalPhrasings: commands typed in traditional characters read as
// their simplified form in every context; free text keeps what was typed.
var traditionalPhrasings = []heard{
	{"訂餐 明天 午餐 2份", `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}`, "", ""},
	{"週四晚飯訂一份", `{"intent":"book_meal","date":"2026-11-26","meal":"dinner","quantity":1}`, "", ""},
	{"報名3號活動 2人", `{"intent":"signup","event":3,"party":2}`, "", ""},
	{"取消報名 3", `{"intent":"cancel_signup","event":3}`, "", ""},
	{"我的訂單", `{"intent":"my_meals"}`, "", ""},
	{"菜單", `{"intent":"menu","date":"2026-11-24"}`, "", ""},
	{"後天菜單", `{"intent":"menu","date":"2026-11-26"}`, "", ""},
	{"建議 樓道燈壞了", `{"intent":"suggest","text":"樓道燈壞了"}`, "", ""},
	{"登記 8號樓 301", `{"intent":"register","building":"8号楼","room":"301"}`, "", ""},
	{"禮拜天中午訂兩份", `{"intent":"book_meal","date":"2026-11-29","meal":"lunch","quantity":2}`, "", ""},
	{"菜單上的紅燒肉好吃嗎", `{"intent":"none"}`, `{"intent":"unknown"}`, `{"intent":"unknown"}`},
	{"我明天訂了外賣", `{"intent":"none"}`, `{"intent":"unknown"}`, `{"intent":"unknown"}`},
}

func TestTraditional(t *testing.T) { runHeard(t, phrasesNow, traditionalPhrasings) }

// TestSimplifiedTable: the table maps one rune to one rune and leaves
// simplified characters alone.
func TestSimplifiedTable(t *testing.T) {
	table, err := simplifiedTable()
	if err != nil {
		t.Fatal(err)
	}
	if len(table) < 2000 {
		t.Fatalf("only %d traditional characters", len(table))
	}
	for trad, simp := range map[rune]rune{'訂': '订', '報': '报', '單': '单', '飯': '饭', '週': '周', '後': '后', '號': '号'} {
		if table[trad] != simp {
			t.Errorf("%c reads as %c, want %c", trad, table[trad], simp)
		}
	}
	for _, s := range "订报单饭周后号餐名" {
		if _, ok := table[s]; ok {
			t.Errorf("simplified %c is changed", s)
		}
	}
}
