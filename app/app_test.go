package app

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/config"
	"linli/scheduler"
)

// A failing scheduled job reaches every admin privately.
func TestJobFailureAlertsAdmins(t *testing.T) {
	cfg := demoConfig()
	cfg.Admins = append(cfg.Admins, "console:社区小李")
	cfg.Database.DSN = filepath.Join(t.TempDir(), "linli.db")
	var out bytes.Buffer
	at := time.Date(2026, 11, 24, 3, 0, 0, 0, cfg.Location)
	a, err := New(context.Background(), cfg, Options{Now: func() time.Time { return at }, In: strings.NewReader(""), Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	if err := a.sched.Add(scheduler.Job{Name: "菜单推送", Spec: "0 3 * * *",
		Run: func(context.Context, time.Time) error { return errors.New("database is locked") }}); err != nil {
		t.Fatal(err)
	}
	a.sched.RunDue(context.Background(), at)
	for _, admin := range []string{"社区小王", "社区小李"} {
		if !strings.Contains(out.String(), "[@"+admin+"] <linli> 【提醒】定时任务「菜单推送」没有完成") {
			t.Errorf("admin %s was not told; output:\n%s", admin, out.String())
		}
	}
	if strings.Contains(out.String(), "[1号楼群]") {
		t.Errorf("an admin alert leaked into a group:\n%s", out.String())
	}
}

// Log lines carry the community's time, as its people and cut-offs do.
func TestLogTimesInTheCommunityZone(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	var out bytes.Buffer
	newLogger(&out, config.Log{Level: "info", Format: "text"}, loc).Info("hello")
	if !strings.Contains(out.String(), "+08:00") {
		t.Errorf("log line %q is not in Asia/Shanghai", out.String())
	}
}
