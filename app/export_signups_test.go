package app

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/store"
	"linli/store/sqldb/sqldbtest"
)

// `linli export signups` writes the fixed columns, one row a sign-up, for one
// activity (--event) or a date range, as CSV or xlsx.
func TestExportSignupsCommand(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "linli.db")
	st := sqldbtest.MustOpenDSN(t, "sqlite", db)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, loc)
	head, _ := st.TouchResident(ctx, "console", "王阿姨", "王阿姨")
	for i, day := range []int{28, 30} {
		e, err := st.CreateEvent(ctx, store.Event{Title: []string{"花卉讲座", "健康讲座"}[i], Place: "活动室",
			StartsAt: time.Date(2026, 11, day, 14, 0, 0, 0, loc), Capacity: 1, CreatorID: head.ID}, []string{"8号楼"})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"李大爷", "赵奶奶"} {
			r, _ := st.TouchResident(ctx, "console", name, name)
			if _, err := st.SignUp(ctx, store.SignupRequest{EventID: e.ID, ResidentID: r.ID, Party: 1, Now: now}); err != nil {
				t.Fatal(err)
			}
		}
	}
	st.Close()

	var out bytes.Buffer
	if err := Export(ctx, ExportOptions{Kind: "signups", DB: db, Event: 1}, &out); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff活动号,活动,日期,时间,地点,姓名,平台,账号,楼栋,房号,人数,状态,候补位次,报名时间,代办人\n" +
		"1,花卉讲座,2026-11-28,14:00,活动室,李大爷,控制台,李大爷,,,1,已报名,,2026-11-24 08:00:00,\n" +
		"1,花卉讲座,2026-11-28,14:00,活动室,赵奶奶,控制台,赵奶奶,,,1,候补,1,2026-11-24 08:00:00,\n"
	if out.String() != want {
		t.Errorf("--event 1:\n%s\nwant:\n%s", out.String(), want)
	}
	out.Reset()
	// --lang en keeps what scripts written before read (the BOM stays).
	if err := Export(ctx, ExportOptions{Kind: "signups", DB: db, Event: 1, English: true}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "\ufeffevent,title,date") || !strings.Contains(out.String(), ",console,李大爷,,,1,confirmed,") {
		t.Errorf("--lang en:\n%s", out.String())
	}
	out.Reset()
	if err := Export(ctx, ExportOptions{Kind: "signups", DB: db, From: "2026-11-29", To: "2026-11-30"}, &out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "健康讲座"); n != 2 || strings.Contains(out.String(), "花卉讲座") {
		t.Errorf("--from/--to: %s", out.String())
	}
	xlsx := filepath.Join(t.TempDir(), "signups.xlsx")
	if err := Export(ctx, ExportOptions{Kind: "signups", DB: db, Format: "xlsx", Out: xlsx}, &out); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(xlsx); err != nil || fi.Size() == 0 {
		t.Errorf("xlsx not written: %v", err)
	}
}

// An activity that does not exist is refused in one line, not exported as
// an empty sheet.
func TestExportRefusesAnUnknownActivity(t *testing.T) {
	db := filepath.Join(t.TempDir(), "linli.db")
	st := sqldbtest.MustOpenDSN(t, "sqlite", db)
	st.Close()
	err := Export(context.Background(), ExportOptions{Kind: "signups", DB: db, Event: 42}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no activity 42") {
		t.Errorf("export of activity 42: %v", err)
	}
}
