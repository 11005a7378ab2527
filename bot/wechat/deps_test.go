package wechat

import (
	"os/exec"
	"strings"
	"testing"
)

// The adapter imports the bot core and its own SDKs only: no store, no
// handlers, no other platform's SDK.
func TestImportsBotAndItsSDKsOnly(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "linli/") && pkg != "linli/bot" && pkg != "linli/bot/wechat" {
			t.Errorf("bot/wechat depends on %s", pkg)
		}
		for _, banned := range []string{"gorm.io/", "github.com/mymmrac/telego", "github.com/robfig/cron"} {
			if strings.HasPrefix(pkg, banned) {
				t.Errorf("bot/wechat depends on %s", pkg)
			}
		}
	}
}
