package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestFromBuildInfo: the VCS stamps give the commit and its time; the
// linker's values fill in where the build had no .git; a local build says
// (devel).
func TestFromBuildInfo(t *testing.T) {
	stamped := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "linli", Version: "v1.2.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"},
			{Key: "vcs.time", Value: "2026-11-28T08:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	got := fromBuildInfo(stamped, "ignored", "ignored").String()
	if want := "linli v1.2.0 (commit 0123456789ab with local changes, 2026-11-28T08:00:00Z) go1.26.0"; got != want {
		t.Errorf("stamped = %q, want %q", got, want)
	}
	bare := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "linli"}}
	in := fromBuildInfo(bare, "feedbeef", "2026-12-01T00:00:00Z")
	if in.Module != "(devel)" || in.Commit != "feedbeef" || in.Time != "2026-12-01T00:00:00Z" || in.Modified {
		t.Errorf("linker-stamped = %+v", in)
	}
	if s := fromBuildInfo(bare, "", "").String(); s != "linli (devel) go1.26.0" {
		t.Errorf("nothing known = %q", s)
	}
}

// TestGetReadsThisBinary: the test binary has build information too.
func TestGetReadsThisBinary(t *testing.T) {
	in := Get()
	if !strings.HasPrefix(in.GoVersion, "go") || !strings.HasPrefix(in.String(), "linli ") {
		t.Errorf("Get() = %+v", in)
	}
}
