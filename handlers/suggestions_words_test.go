package handlers

import "testing"

func TestGuessCategory(t *testing.T) {
	for text, want := range map[string]string{
		"楼道灯坏了":        "设施",
		"8号楼铁门关不上":     "设施",
		"有人在楼道里给电动车充电": "安全",
		"电动车乱停在门口":     "停车",
		"车位被外来车占了":     "停车",
		"垃圾桶满了没人倒":     "卫生",
		"门口有垃圾":        "卫生",
		"树枝太长挡住窗户了":    "绿化",
		"晚上广场舞太吵":      "噪音",
		"楼上装修从早到晚":     "噪音",
		"有人高空抛物":       "安全",
		"希望多办些活动":      "其他",
	} {
		if got := GuessCategory(text); got != want {
			t.Errorf("GuessCategory(%q) = %s, want %s", text, got, want)
		}
	}
}

func TestBuildingAndTicketWords(t *testing.T) {
	for w, want := range map[string]string{"8号楼": "8号楼", "8栋": "8号楼", "８幢": "8号楼", "12": "12号楼", "08号楼": "8号楼", "明天": "", "0号楼": "", "号楼": ""} {
		got, ok := buildingWord(w)
		if ok != (want != "") || got != want && ok {
			t.Errorf("buildingWord(%q) = %q, %v; want %q", w, got, ok, want)
		}
	}
	for w, want := range map[string]uint{"S12": 12, "s3": 3, "Ｓ１２": 12, "S0": 0, "S": 0, "12": 0, "S1234567890": 0} {
		got, ok := ticketID(w)
		if ok != (want != 0) || got != want && ok {
			t.Errorf("ticketID(%q) = %d, %v; want %d", w, got, ok, want)
		}
	}
}
