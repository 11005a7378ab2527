// Package version says which Linli is running: the module version, the
// commit it was built from and that commit's time, as the Go toolchain
// stamps them into the binary (runtime/debug.ReadBuildInfo). A deployer
// asked "which version do you run?" answers with `linli version`.
package version

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Info is what a binary knows about its build.
type Info struct {
	Module    string // the main module's version: v1.2.3, or (devel) for a local build
	Commit    string // the VCS revision, "" when the build had none (no .git)
	Time      string // the commit's time (RFC 3339), "" when unknown
	Modified  bool   // built from a checkout with uncommitted changes
	GoVersion string
}

// commit and built are set at link time where the build has no .git to
// read (a container build context, a source tarball):
//
//	go build -ldflags "-X linli/internal/version.commit=$(git rev-parse HEAD)" ./cmd/linli
//
// The linker writes them; nothing changes them at run time.
var commit, built string

// Get reads the build information of the running binary.
func Get() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{Module: "(unknown)", Commit: commit, Time: built}
	}
	return fromBuildInfo(bi, commit, built)
}

// fromBuildInfo is Get for given build information; linkCommit and
// linkTime fill what the VCS stamps leave empty.
func fromBuildInfo(bi *debug.BuildInfo, linkCommit, linkTime string) Info {
	in := Info{Module: bi.Main.Version, GoVersion: bi.GoVersion}
	if in.Module == "" {
		in.Module = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Commit = s.Value
		case "vcs.time":
			in.Time = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	if in.Commit == "" {
		in.Commit = linkCommit
	}
	if in.Time == "" {
		in.Time = linkTime
	}
	return in
}

// String is the one line `linli version` prints:
//
//	linli v1.2.0 (commit 0123abcdef01, 2026-11-28T08:00:00Z) go1.26.0
func (in Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "linli %s", in.Module)
	var about []string
	if in.Commit != "" {
		c := "commit " + in.Commit[:min(12, len(in.Commit))]
		if in.Modified {
			c += " with local changes"
		}
		about = append(about, c)
	}
	if in.Time != "" {
		about = append(about, in.Time)
	}
	if len(about) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(about, ", "))
	}
	if in.GoVersion != "" {
		fmt.Fprintf(&b, " %s", in.GoVersion)
	}
	return b.String()
}
