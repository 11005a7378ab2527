package handlers

import (
	"testing"

	"linli/store"
)

func TestParseYuan(t *testing.T) {
	for in, want := range map[string]int64{
		"15": 1500, "9.9": 990, "9.90": 990, "12元": 1200, "¥12.5": 1250, "0": 0, "8块": 800, "0.05": 5,
	} {
		if got, ok := parseYuan(in); !ok || got != want {
			t.Errorf("parseYuan(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "9.999", "十五", "12.", ".5", "-3", "1e3", "123456"} {
		if got, ok := parseYuan(in); ok {
			t.Errorf("parseYuan(%q) = %d, want not a price", in, got)
		}
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]string{"09:30": "9h30m0s", "9:30": "9h30m0s", "9点": "9h0m0s", "9点半": "9h30m0s", "15点30分": "15h30m0s"} {
		if got, ok := parseClock(in); !ok || got.String() != want {
			t.Errorf("parseClock(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"25:00", "9:60", "九点", "", "9:300"} {
		if got, ok := parseClock(in); ok {
			t.Errorf("parseClock(%q) = %v, want not a time", in, got)
		}
	}
}

func TestFoldWidthAndDailyAt(t *testing.T) {
	if got := foldWidth("每份：１２．５"); got != "每份:12.5" {
		t.Errorf("foldWidth = %q", got)
	}
	for spec, want := range map[string]string{"0 16 * * *": "16:00", "30 7 * * *": "07:30", "*/5 * * * *": "", "0 16 * * 1": "", "@daily": ""} {
		if got := dailyAt(spec); got != want {
			t.Errorf("dailyAt(%q) = %q, want %q", spec, got, want)
		}
	}
}

func TestNaturalOrder(t *testing.T) {
	if store.NaturalCompare("8号楼", "10号楼") >= 0 || store.NaturalCompare("502", "1201") >= 0 || store.NaturalCompare("101", "101") != 0 {
		t.Error("buildings and rooms must sort by number")
	}
}
