package config_test

import (
	"strings"
	"testing"
	"time"

	"linli/config"
	"linli/scheduler"
)

func TestEventsPromotionWindow(t *testing.T) {
	cfg, err := config.Parse([]byte("console:\n  enabled: true\n"), scheduler.Validate)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Events.PromotionWindow(); got != 2*time.Hour {
		t.Errorf("default window = %v, want 2h", got)
	}
	cfg, err = config.Parse([]byte("console:\n  enabled: true\nevents:\n  no_promotion_within: 90m\n"), scheduler.Validate)
	if err != nil || cfg.Events.PromotionWindow() != 90*time.Minute {
		t.Errorf("90m: %v, %v", cfg.Events.PromotionWindow(), err)
	}
	for _, bad := range []string{"two hours", "-1h"} {
		_, err := config.Parse([]byte("console:\n  enabled: true\nevents:\n  no_promotion_within: "+bad+"\n"), scheduler.Validate)
		if err == nil || !strings.Contains(err.Error(), "events.no_promotion_within") {
			t.Errorf("%q: %v; want an error naming the key", bad, err)
		}
	}
}
