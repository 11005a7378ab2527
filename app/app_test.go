package app

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/config"
	"linli/scheduler"
	"linli/store/sqldb/sqldbtest"
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

// In `linli chat`, # now and # jobs move the clock and run what is due, at
// the terminal as in a script; 【群名】 from a Chinese keyboard is a group;
// a demo on an existing --db file is not seeded again.
func TestChatClockJobsAndExistingDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	loc, _ := time.LoadLocation("Asia/Shanghai")
	// The demo's menus are seeded around the wall clock's day.
	script := "【1号楼群】张阿姨: 活动\n# now " + time.Now().In(loc).Format("2006-01-02") + " 16:00\n# jobs\n"
	var out bytes.Buffer
	if err := Chat(context.Background(), ChatOptions{DB: db}, strings.NewReader(script), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "[1号楼群] <linli> @张阿姨") {
		t.Errorf("【1号楼群】 was not read as a group:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "[8号楼业主群] <linli> 明天（") {
		t.Errorf("# now … 16:00 and # jobs pushed no menu:\n%s", out.String())
	}
	events := func() int {
		st := sqldbtest.MustOpenDSN(t, "sqlite", db)
		defer st.Close()
		es, err := st.UpcomingEvents(context.Background(), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	before := events()
	if err := Chat(context.Background(), ChatOptions{DB: db}, strings.NewReader("[@张阿姨] 我的订餐\n"), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if after := events(); after != before {
		t.Errorf("the demo was seeded again on an existing file: %d activities, then %d", before, after)
	}
}

// The nightly backup is on by default for SQLite, and when it cannot be
// written the admins hear of it privately that night, not when the disk
// fails.
func TestFailedNightlyBackupAlertsAdmins(t *testing.T) {
	cfg := demoConfig()
	dir := t.TempDir()
	cfg.Database.DSN = filepath.Join(dir, "linli.db")
	cfg.Backup.Dir = filepath.Join(dir, "not-a-directory")
	if err := os.WriteFile(cfg.Backup.Dir, []byte("a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	if !cfg.BackupOn() {
		t.Fatal("the nightly backup is not on by default for SQLite")
	}
	var out bytes.Buffer
	at := time.Date(2026, 11, 24, 3, 7, 0, 0, cfg.Location) // schedule.backup: 7 3 * * *
	a, err := New(context.Background(), cfg, Options{Now: func() time.Time { return at }, In: strings.NewReader(""), Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	a.sched.RunDue(context.Background(), at)
	if !strings.Contains(out.String(), "[@社区小王] <linli> 【提醒】定时任务「backup」没有完成") {
		t.Errorf("the admin was not told the backup failed; output:\n%s", out.String())
	}
	if strings.Contains(out.String(), "[1号楼群]") {
		t.Errorf("the backup's failure reached a group:\n%s", out.String())
	}
}
