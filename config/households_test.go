package config_test

import (
	"strings"
	"testing"
	"time"

	"linli/config"
	"linli/scheduler"
)

// TestHouseholdCaps: both per-household caps default to 5, 0 turns one off,
// and a negative one is named at start.
func TestHouseholdCaps(t *testing.T) {
	cfg, err := config.Parse([]byte("console:\n  enabled: true\n"), scheduler.Validate)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Canteen.MaxPerHousehold != 5 || cfg.Events.MaxPerHousehold != 5 {
		t.Errorf("defaults %d and %d, want 5 and 5", cfg.Canteen.MaxPerHousehold, cfg.Events.MaxPerHousehold)
	}
	cfg, err = config.Parse([]byte("console:\n  enabled: true\ncanteen:\n  max_per_household: 0\n"), scheduler.Validate)
	if err != nil || cfg.Canteen.MaxPerHousehold != 0 {
		t.Errorf("0: %d, %v", cfg.Canteen.MaxPerHousehold, err)
	}
	for _, key := range []string{"canteen", "events"} {
		_, err := config.Parse([]byte("console:\n  enabled: true\n"+key+":\n  max_per_household: -1\n"), scheduler.Validate)
		if err == nil || !strings.Contains(err.Error(), key+".max_per_household") {
			t.Errorf("%s -1: %v; want an error naming the key", key, err)
		}
	}
}

// TestRetention: two years by default, years or days, never under a month.
func TestRetention(t *testing.T) {
	cfg, err := config.Parse([]byte("console:\n  enabled: true\n"), scheduler.Validate)
	if err != nil || cfg.RetentionPeriod() != 730*24*time.Hour {
		t.Fatalf("default: %v, %v; want 730 days", cfg.RetentionPeriod(), err)
	}
	for in, want := range map[string]time.Duration{"1y": 365 * 24 * time.Hour, "90d": 90 * 24 * time.Hour} {
		if got, err := config.ParseRetention(in); err != nil || got != want {
			t.Errorf("%s = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"2 years", "2h", "10d", "0y", "-1y", "17520h", ""} {
		_, err := config.Parse([]byte("console:\n  enabled: true\nretention: \""+bad+"\"\n"), scheduler.Validate)
		if err == nil || !strings.Contains(err.Error(), "retention") {
			t.Errorf("%q: %v; want an error naming retention", bad, err)
		}
	}
}
