package config

import (
	"strings"
	"testing"
	"time"
)

func TestWeChatPacingKeys(t *testing.T) {
	cfg, err := Parse([]byte("wechat:\n  enabled: true\n  min_gap: 5s\n  per_minute: 6\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	w := cfg.WeChat
	if w.MinGap != 5*time.Second || w.PerMinute != 6 || w.Jitter != 2*time.Second || w.PerChat != 3*time.Second {
		t.Errorf("wechat pacing %+v: set keys read, others default", w)
	}
	_, err = Parse([]byte("wechat:\n  enabled: true\n  jitter: -1s\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "negative") {
		t.Errorf("negative jitter: %v", err)
	}
	_, err = Parse([]byte("wechat:\n  enabled: true\n  min_gap: soon\n"), nil)
	if err == nil {
		t.Error("min_gap: soon accepted")
	}
}
