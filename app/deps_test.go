package app

import (
	"os/exec"
	"regexp"
	"slices"
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
		{"linli/bot", `^linli/store|^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat|redis/go-redis|robfig/cron`, "bot is the platform-neutral core: standard library only"},
		{"linli/bot/reader/...", `^linli/store|^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat`, "the reader is pure"},
		{"linli/store", `^linli/bot|^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat`, "store's records know nothing of chats or drivers"},
		{"linli/store/sqldb/...", `^linli/bot|mymmrac/telego|eatmoreapple/openwechat`, "the database knows nothing of chats"},
		{"linli/handlers/...", `^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat|redis/go-redis|^linli/web`, "handlers speak bot and store only"},
		{"linli/web/...", `^gorm\.io/|^linli/store/sqldb|^linli/handlers|mymmrac/telego|eatmoreapple/openwechat|redis/go-redis|xuri/excelize`, "the panel speaks bot and store's interfaces; spreadsheets come from the app"},
		{"linli/scheduler/...", `^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat`, "the scheduler speaks bot and store only"},
		{"linli/bot/telegram/...", `^linli/store|^gorm\.io/|eatmoreapple/openwechat`, "an adapter imports bot and its own SDK"},
		{"linli/bot/wechat/...", `^linli/store|^gorm\.io/|mymmrac/telego`, "an adapter imports bot and its own SDK"},
		{"linli/bot/console/...", `^linli/store|^gorm\.io/|mymmrac/telego|eatmoreapple/openwechat`, "an adapter imports bot only"},
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

// TestOneImporterEach keeps each outside library, and the composition
// root, in one room of the house: a second importer is a second place to
// change when the library does.
func TestOneImporterEach(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "linli/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	owners := map[string][]string{ // imported package prefix → who may import it
		"github.com/mymmrac/telego":          {"linli/bot/telegram", "linli/bot/telegram/telegramtest"},
		"github.com/eatmoreapple/openwechat": {"linli/bot/wechat"},
		"github.com/redis/go-redis":          {"linli/coord", "linli/coord/coordtest"},
		"github.com/robfig/cron":             {"linli/scheduler"},
		"gorm.io/":                           {"linli/store/sqldb", "linli/store/sqldb/sqldbtest"},
		"github.com/xuri/excelize":           {"linli/export"},
		"github.com/prometheus/":             {"linli/app"}, // metrics: one registry, served by app
		"linli/app":                          {"linli/cmd/linli"},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		for _, imp := range f[1:] {
			for lib, allowed := range owners {
				if strings.HasPrefix(imp, lib) && !slices.Contains(allowed, f[0]) {
					t.Errorf("%s imports %s: only %v may", f[0], imp, allowed)
				}
			}
		}
	}
}

// TestTestOnlyLibraries keeps the libraries only tests need out of the
// binary: creack/pty drives the terminal tests of cmd/linli, and nothing
// else imports it, a test or not.
func TestTestOnlyLibraries(t *testing.T) {
	out, err := exec.Command("go", "list", "-f",
		`{{.ImportPath}} {{join .Imports " "}} | {{join .TestImports " "}} {{join .XTestImports " "}}`, "linli/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	testOnly := map[string][]string{ // library → the packages whose tests may import it
		"github.com/creack/pty": {"linli/cmd/linli"},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		code, tests, _ := strings.Cut(line, "|")
		f := strings.Fields(code)
		for lib, allowed := range testOnly {
			for _, imp := range f[1:] {
				if strings.HasPrefix(imp, lib) {
					t.Errorf("%s imports %s outside its tests: it is for tests only", f[0], imp)
				}
			}
			for _, imp := range strings.Fields(tests) {
				if strings.HasPrefix(imp, lib) && !slices.Contains(allowed, f[0]) {
					t.Errorf("the tests of %s import %s: only those of %v may", f[0], imp, allowed)
				}
			}
		}
	}
}
