package config_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"linli/config"
	"linli/scheduler"
)

func TestExampleIsValidAndComplete(t *testing.T) {
	t.Setenv("TELEGRAM_TOKEN", "123:abc")
	data, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(data, scheduler.Validate)
	if err != nil {
		t.Fatalf("config.example.yaml: %v", err)
	}
	if cfg.Telegram.Token != "123:abc" {
		t.Errorf("token = %q, want it expanded from TELEGRAM_TOKEN", cfg.Telegram.Token)
	}
	if cfg.Location == nil || cfg.Location.String() != "Asia/Shanghai" {
		t.Errorf("location = %v", cfg.Location)
	}
	// Every key of PRODUCT.md's configuration section is in the example.
	for _, key := range []string{"community:", "timezone:", "database:", "driver:", "dsn:", "redis:", "addr:", "failover:",
		"telegram:", "enabled:", "token:", "api_server:", "wechat:", "storage:", "console:", "admins:",
		"canteen:", "managers:", "schedule:"} {
		if !strings.Contains(string(data), "\n"+key) && !strings.Contains(string(data), " "+key) {
			t.Errorf("config.example.yaml lacks %s", key)
		}
	}
}

func TestMistakesNameTheKey(t *testing.T) {
	t.Setenv("LINLI_TEST_SET", "x")
	os.Unsetenv("LINLI_TEST_UNSET")
	cases := []struct {
		name, yaml, want string
	}{
		{"unknown top key", "console: {enabled: true}\ncomunity: x\n", "unknown key comunity"},
		{"unknown nested key", "console: {enabled: true}\ntelegram:\n  tokn: x\n", "unknown key telegram.tokn"},
		{"bad time zone", "console: {enabled: true}\ntimezone: Mars/Base\n", "timezone"},
		{"bad cron", "console: {enabled: true}\nschedule:\n  menu_today: \"61 7 * * *\"\n", "schedule.menu_today"},
		{"cron tz prefix", "console: {enabled: true}\nschedule:\n  digest: \"CRON_TZ=Asia/Shanghai0 9 * * 1\"\n", "schedule.digest"},
		{"telegram without token", "telegram:\n  enabled: true\n  token: \"\"\n", "telegram.token"},
		{"unset env", "telegram:\n  enabled: true\n  token: ${LINLI_TEST_UNSET}\n", "telegram.token refers to environment variable LINLI_TEST_UNSET"},
		{"bad admin", "console: {enabled: true}\nadmins: [小王]\n", "admins[0]"},
		{"bad cutoff", "console: {enabled: true}\ncanteen:\n  cutoffs:\n    lunch: \"9点半\"\n", "canteen.cutoffs.lunch"},
		{"nothing enabled", "community: x\n", "no platform is enabled"},
		{"unknown driver", "console: {enabled: true}\ndatabase:\n  driver: mysql\n", "database.driver"},
		{"postgres without dsn", "console: {enabled: true}\ndatabase:\n  driver: postgres\n  dsn: \"\"\n", "database.dsn"},
		{"redis without port", "console: {enabled: true}\nredis:\n  addr: localhost\n", "redis.addr"},
		{"bad failover", "console: {enabled: true}\nredis:\n  failover: 15\n", "redis.failover"},
		{"tiny failover", "console: {enabled: true}\nredis:\n  failover: 100ms\n", "redis.failover"},
		{"not yaml", "console: [\n", "not valid YAML"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := config.Parse([]byte(c.yaml), scheduler.Validate)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestDefaultsWhereTheFileIsSilent(t *testing.T) {
	cfg, err := config.Parse([]byte("console:\n  enabled: true\ncanteen:\n  cutoffs:\n    dinner: \"16:00\"\n"), scheduler.Validate)
	if err != nil {
		t.Fatal(err)
	}
	cut := cfg.ServedCutoffs()
	if cut["lunch"] != "09:30" || cut["dinner"] != "16:00" || cut["breakfast"] != "" {
		t.Errorf("cut-offs = %v: want the default lunch, the configured dinner, no breakfast", cut)
	}
	if cfg.Database.DSN != "linli.db" || cfg.Schedule.MenuTomorrow != "0 16 * * *" {
		t.Errorf("defaults lost: %+v", cfg)
	}
	if cfg.Redis.Addr != "" || cfg.Redis.FailoverAfter != 15*time.Second {
		t.Errorf("redis = %+v: want one process and a 15s failover", cfg.Redis)
	}
}

func TestPostgresAndRedisAccepted(t *testing.T) {
	cfg, err := config.Parse([]byte("console: {enabled: true}\ndatabase:\n  driver: postgres\n  dsn: postgres://linli@db/linli\n"+
		"redis:\n  addr: redis.internal:6379\n  failover: 20s\n"), scheduler.Validate)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Database.Driver != "postgres" || cfg.Redis.Addr != "redis.internal:6379" || cfg.Redis.FailoverAfter != 20*time.Second {
		t.Errorf("config = %+v %+v", cfg.Database, cfg.Redis)
	}
}
