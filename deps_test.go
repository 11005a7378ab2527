package main

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestDependencyRules keeps the layering of ARCHITECTURE.md: the core knows
// no platform and no database, features know bot and store only, and each
// SDK has one importer. It reads what `go list -deps` says, so an indirect
// import through a helper package counts too.
func TestDependencyRules(t *testing.T) {
	rules := []struct {
		pkgs, forbidden, why string
	}{
		{"./bot", `^linli/store|^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat|redis/go-redis|robfig/cron`, "bot is the platform-neutral core: standard library only"},
		{"./bot/reader/...", `^linli/store|^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat`, "the reader is pure"},
		{"./store", `^linli/bot|^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat`, "store's records know nothing of chats or drivers"},
		{"./store/sqldb/...", `^linli/bot|mymmrac/telego|eatmoreapple/openwechat`, "the database knows nothing of chats"},
		{"./handlers/...", `^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat|redis/go-redis`, "handlers speak bot and store only"},
		{"./scheduler/...", `^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat`, "the scheduler speaks bot and store only"},
		{"./bot/telegram/...", `^linli/store|^gorm\.io/|eatmoreapple/openwechat`, "an adapter imports bot and its own SDK"},
		{"./bot/wechat/...", `^linli/store|^gorm\.io/|mymmrac/telego`, "an adapter imports bot and its own SDK"},
		{"./bot/console/...", `^linli/store|^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat`, "an adapter imports bot only"},
	}
	for _, r := range rules {
		out, err := exec.Command("go", "list", "-deps", r.pkgs).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", r.pkgs, err, out)
		}
		re := regexp.MustCompile(r.forbidden)
		for _, dep := range strings.Fields(string(out)) {
			if re.MatchString(dep) {
				t.Errorf("%s depends on %s: %s", r.pkgs, dep, r.why)
			}
		}
	}
}
