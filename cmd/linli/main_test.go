package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"linli/bot/bottest"
)

func TestParseCommand(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"parse", "--now", "2026-11-24T08:00:00+08:00", "订餐 明天 午餐 2份"}, nil, &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"intent":"book_meal","date":"2026-11-25","meal":"lunch","quantity":2}` + "\n"
	if out.String() != want {
		t.Errorf("parse printed %q, want %q", out.String(), want)
	}
}

// The spreadsheets asked for in the chat print the days they cover, looking
// back (12月 read in November 2026 is December 2025).
func TestParseExports(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("导出订餐 11月1日到11月15日\n导出订餐 12月\n导出报名 3\n导出建议 上月\n")
	if err := run(context.Background(), []string{"parse", "--private", "--now", "2026-11-24T08:00:00+08:00"}, in, &out, &out); err != nil {
		t.Fatal(err)
	}
	want := `{"intent":"export_meals","from":"2026-11-01","to":"2026-11-15"}
{"intent":"export_meals","from":"2025-12-01","to":"2025-12-31"}
{"intent":"export_signups","event":3}
{"intent":"export_suggestions","from":"2026-10-01","to":"2026-10-31"}
`
	if out.String() != want {
		t.Errorf("parse printed:\n%s\nwant:\n%s", out.String(), want)
	}
}

// With no text, parse reads one message a line and prints one JSON line each.
func TestParseBatchFromStdin(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("菜单\n今天天气不错\n你好\n")
	if err := run(context.Background(), []string{"parse", "--private", "--now", "2026-11-24T08:00:00+08:00"}, in, &out, &out); err != nil {
		t.Fatal(err)
	}
	var intents []string
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		intents = append(intents, m["intent"].(string))
	}
	if strings.Join(intents, ",") != "menu,unknown,unknown" {
		t.Errorf("intents = %v", intents)
	}
}

// --config applies the file's cut-offs: with lunch closing at 11:00, a
// booking at 10:00 is still for today's lunch.
func TestParseAppliesConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfg, []byte("console:\n  enabled: true\ncanteen:\n  cutoffs:\n    lunch: \"11:00\"\n"), 0o644)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"parse", "--config", cfg, "--now", "2026-11-24T10:00:00+08:00", "订餐"}, nil, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"date":"2026-11-24","meal":"lunch"`) {
		t.Errorf("parse with config = %s", out.String())
	}
}

func TestUsageMistakes(t *testing.T) {
	for _, args := range [][]string{{}, {"fly"}, {"run"}, {"parse", "--now", "tomorrow", "菜单"}, {"export"}} {
		err := run(context.Background(), args, strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
		if _, ok := err.(usageError); !ok {
			t.Errorf("linli %v: error %v, want a usage error", args, err)
		}
	}
}

func TestRunRefusesABadConfigBeforeStarting(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfg, []byte("telegram:\n  enabled: true\n"), 0o644)
	err := run(context.Background(), []string{"run", "--config", cfg}, strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "telegram.token") {
		t.Errorf("err = %v, want it to name telegram.token", err)
	}
}

// linli run serves until its context ends (SIGINT/SIGTERM in main) and
// then returns cleanly.
func TestRunStopsOnSignal(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("console:\n  enabled: true\ndatabase:\n  dsn: "+filepath.Join(dir, "l.db")+"\nadmins: [\"console:小王\"]\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	var out, logs bottest.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"run", "--config", cfg}, strings.NewReader("[@小王] 帮助\n"), &out, &logs)
	}()
	deadline := time.After(10 * time.Second)
	for !strings.Contains(logs.String(), "linli started") {
		select {
		case <-deadline:
			t.Fatal("linli run did not start")
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v, want a clean stop", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("linli run did not stop after its context ended")
	}
	if !strings.Contains(logs.String(), "linli stopped") {
		t.Errorf("no stop in the log:\n%s", logs.String())
	}
}

// The shipped config.example.yaml starts as it is, with no environment
// variable set: `linli run` serves the console (answering a line) and
// `linli chat` runs a script on it and exits.
func TestExampleConfigRunsAndChats(t *testing.T) {
	example, err := os.ReadFile("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"TELEGRAM_TOKEN", "TELEGRAM_SECRET", "PGPASSWORD"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	t.Chdir(t.TempDir()) // its relative files (linli.db, backups) land here
	if err := os.WriteFile("config.yaml", example, 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	var out, logs bottest.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"run", "--config", "config.yaml"}, strings.NewReader("[@社区小王] 帮助\n"), &out, &logs)
	}()
	deadline := time.After(20 * time.Second)
	for !strings.Contains(out.String(), "[@社区小王] <linli>") {
		select {
		case err := <-done:
			t.Fatalf("linli run stopped: %v\n%s", err, logs.String())
		case <-deadline:
			t.Fatalf("linli run --config config.example.yaml answered nothing:\n%s\n%s", out.String(), logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}

	var chat bytes.Buffer
	if err := run(context.Background(), []string{"chat", "--config", "config.yaml"}, strings.NewReader("[1号楼群] 张阿姨: 菜单\n"), &chat, &chat); err != nil {
		t.Fatalf("chat: %v\n%s", err, chat.String())
	}
	if !strings.Contains(chat.String(), "[1号楼群] <linli> @张阿姨") {
		t.Errorf("linli chat --config config.example.yaml printed:\n%s", chat.String())
	}
}

// Every command answers --help (and `linli help CMD`) with its flags and
// no error, and every flag it has is in the usage text too.
func TestEveryCommandHasHelp(t *testing.T) {
	flagName := regexp.MustCompile(`(?m)^  -(\w+)`)
	for cmd := range synopses() {
		for _, args := range [][]string{{cmd, "--help"}, {"help", cmd}} {
			var out bytes.Buffer
			err := run(context.Background(), args, strings.NewReader(""), &out, &out)
			if !errors.Is(err, errHelped) || !strings.HasPrefix(out.String(), "usage: linli "+cmd) {
				t.Errorf("linli %s: %v\n%s", strings.Join(args, " "), err, out.String())
			}
			for _, m := range flagName.FindAllStringSubmatch(out.String(), -1) {
				if !strings.Contains(usage, "--"+m[1]) {
					t.Errorf("linli %s has --%s, which the usage text does not name", cmd, m[1])
				}
			}
		}
	}
}

// export refuses a database that is not there, and says so in one line.
func TestExportRefusesAMissingDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.db")
	err := run(context.Background(), []string{"export", "meals", "--db", missing}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("export of a missing database: %v", err)
	}
	if _, statErr := os.Stat(missing); statErr == nil {
		t.Errorf("export created %s", missing)
	}
}
