package config_test

import (
	"os"
	"strings"
	"testing"

	"linli/config"
	"linli/scheduler"
)

// emptyEnvironment unsets every environment variable for the rest of the
// test (t.Setenv puts each back afterwards), so the test sees what a new
// deployer's shell without any Linli variable gives.
func emptyEnvironment(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if name == "" {
			continue
		}
		t.Setenv(name, value)
		os.Unsetenv(name)
	}
}

// TestExampleStartsAsShipped: `linli run --config config.example.yaml`, the
// README's first step, loads with no environment variable set and serves
// the console, the one platform that needs no account.
func TestExampleStartsAsShipped(t *testing.T) {
	emptyEnvironment(t)
	cfg, err := config.Load("../config.example.yaml", scheduler.Validate)
	if err != nil {
		t.Fatalf("config.example.yaml as shipped, empty environment: %v", err)
	}
	if !cfg.Console.Enabled || cfg.Telegram.Enabled || cfg.WeChat.Enabled {
		t.Errorf("platforms: console %v, telegram %v, wechat %v; want the console only",
			cfg.Console.Enabled, cfg.Telegram.Enabled, cfg.WeChat.Enabled)
	}
	if cfg.Telegram.Token != "" {
		t.Errorf("telegram.token = %q from an unset variable, want empty", cfg.Telegram.Token)
	}
}

// TestContainerConfigStarts: the configuration the Docker image ships
// loads with nothing set, keeps everything in the /data volume and serves
// /healthz for the HEALTHCHECK.
func TestContainerConfigStarts(t *testing.T) {
	emptyEnvironment(t)
	cfg, err := config.Load("../deploy/config.docker.yaml", scheduler.Validate)
	if err != nil {
		t.Fatalf("deploy/config.docker.yaml, empty environment: %v", err)
	}
	if cfg.Database.DSN != "/data/linli.db" || cfg.WeChat.Storage != "/data/wechat-session.json" ||
		cfg.BackupDir() != "/data/backups" || !cfg.BackupOn() {
		t.Errorf("state outside the volume: dsn %s, session %s, backups %s (on %v)",
			cfg.Database.DSN, cfg.WeChat.Storage, cfg.BackupDir(), cfg.BackupOn())
	}
	if cfg.Metrics.Addr == "" {
		t.Error("metrics.addr is empty: the image's HEALTHCHECK would find nothing to ask")
	}
}

// TestUnsetVariableRequiredOnlyWhereEnabled: a ${VAR} in a section that is
// turned off is not needed and reads as empty; in a section that is on (or
// one that is always on) it is an error naming the key and the variable.
func TestUnsetVariableRequiredOnlyWhereEnabled(t *testing.T) {
	os.Unsetenv("LINLI_TEST_UNSET")
	ok := []string{
		"console: {enabled: true}\ntelegram:\n  enabled: false\n  token: ${LINLI_TEST_UNSET}\n",
		"console: {enabled: true}\ntelegram:\n  token: ${LINLI_TEST_UNSET}\n  secret: x${LINLI_TEST_UNSET}\n",
		"console: {enabled: true}\nwechat:\n  storage: ${LINLI_TEST_UNSET}/s.json\n",
	}
	for _, y := range ok {
		if _, err := config.Parse([]byte(y), scheduler.Validate); err != nil {
			t.Errorf("%q: %v; want the unset variable ignored in a section that is off", y, err)
		}
	}
	bad := []struct{ yaml, want string }{
		{"telegram:\n  enabled: true\n  token: ${LINLI_TEST_UNSET}\n", "telegram.token refers to environment variable LINLI_TEST_UNSET, which is not set"},
		{"console: {enabled: true}\nsuggestions:\n  secret: ${LINLI_TEST_UNSET}\n", "suggestions.secret refers to environment variable LINLI_TEST_UNSET"},
		{"console: {enabled: true}\ndatabase:\n  dsn: ${LINLI_TEST_UNSET}\n", "database.dsn refers to environment variable LINLI_TEST_UNSET"},
		{"console: {enabled: true}\nadmins: [\"console:${LINLI_TEST_UNSET}\"]\n", "admins[0] refers to environment variable LINLI_TEST_UNSET"},
	}
	for _, c := range bad {
		_, err := config.Parse([]byte(c.yaml), scheduler.Validate)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error = %v, want it to mention %q", c.yaml, err, c.want)
		}
	}
}

// TestBackupKeys: the nightly backup is on for SQLite by default, beside
// the database, and off for PostgreSQL (pg_dump's job); a keep that would
// keep nothing is named.
func TestBackupKeys(t *testing.T) {
	os.Unsetenv("LINLI_TEST_UNSET")
	cfg, err := config.Parse([]byte("console: {enabled: true}\ndatabase:\n  dsn: /var/lib/linli/linli.db\n"), scheduler.Validate)
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.BackupOn() || cfg.BackupDir() != "/var/lib/linli/backups" || cfg.Backup.Keep != 14 || cfg.Schedule.Backup == "" {
		t.Errorf("default backup: on %v in %s keeping %d at %q", cfg.BackupOn(), cfg.BackupDir(), cfg.Backup.Keep, cfg.Schedule.Backup)
	}
	pg, err := config.Parse([]byte("console: {enabled: true}\ndatabase:\n  driver: postgres\n  dsn: postgres://linli@db/linli\n"), scheduler.Validate)
	if err != nil || pg.BackupOn() {
		t.Errorf("postgres: backup on %v (%v), want off", pg.BackupOn(), err)
	}
	for _, c := range []struct{ yaml, want string }{
		{"backup:\n  keep: 0\n", "backup.keep"},
		{"schedule:\n  backup: \"3 am\"\n", "schedule.backup"},
	} {
		_, err := config.Parse([]byte("console: {enabled: true}\n"+c.yaml), scheduler.Validate)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want it to name %s", c.yaml, err, c.want)
		}
	}
	off, err := config.Parse([]byte("console: {enabled: true}\nbackup:\n  enabled: false\n  keep: 0\n  dir: ${LINLI_TEST_UNSET}\n"), scheduler.Validate)
	if err != nil || off.BackupOn() {
		t.Errorf("backup turned off: on %v, %v", off.BackupOn(), err)
	}
}

// A log level Linli does not know is a mistake named at start, not a
// silent fall-back to info.
func TestUnknownLogLevelRefused(t *testing.T) {
	cfg := config.Default()
	cfg.Log.Level = "verbose"
	err := cfg.Validate(nil)
	if err == nil || !strings.Contains(err.Error(), "log.level") {
		t.Errorf("log.level verbose: %v", err)
	}
}
