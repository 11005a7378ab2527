package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// LoadOptions are what `linli load` was given.
type LoadOptions struct {
	Orders, Commands, Workers, Residents int
	// CPUProfile is a file for a CPU profile of the measured part ("": none).
	CPUProfile string
	// DB is the SQLite file ("": a temporary one; an existing file is reused).
	DB string
}

// Load measures the bot under a realistic mix of commands on SQLite: it
// builds a community with a history of stored orders, drives the mix
// through the router from several workers and prints throughput, latency
// percentiles and peak memory. README quotes its output.
func Load(ctx context.Context, o LoadOptions, stdout io.Writer) error {
	if o.DB == "" {
		dir, err := os.MkdirTemp("", "linli-load-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.DB = loadDB(dir, o.Orders)
	}
	start := time.Now()
	rig, err := newLoadRig(ctx, loadPlan{DB: o.DB, Orders: o.Orders, Residents: o.Residents, Buildings: 9, Events: 5})
	if err != nil {
		return err
	}
	defer rig.close()
	fmt.Fprintf(stdout, "community: %d residents, %d groups, %d stored orders (built in %s)\n",
		o.Residents, len(rig.groups), o.Orders, time.Since(start).Round(time.Millisecond))
	if o.CPUProfile != "" {
		stop, err := startProfile(o.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	stopWAL := watchWAL(o.DB + "-wal")
	commits := rig.app.store.Commits()
	res := rig.run(ctx, o.Commands, o.Workers)
	commits = rig.app.store.Commits() - commits
	walPeak := stopWAL()
	fmt.Fprintf(stdout, "machine: %s/%s, %d CPUs, %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(stdout, "commands: %d from %d workers in %s: %.0f commands/s\n",
		res.n, o.Workers, res.wall.Round(time.Millisecond), res.rate())
	fmt.Fprintf(stdout, "latency: p50 %s, p99 %s, max %s\n", res.pct(50), res.pct(99), res.pct(100))
	fmt.Fprintf(stdout, "SQLite commits: %d, %.2f a command\n", commits, float64(commits)/float64(max(res.n, 1)))
	fmt.Fprintf(stdout, "internal errors: %d\n", rig.failed.Load())
	if hwm, err := peakRSS(); err == nil {
		fmt.Fprintf(stdout, "peak RSS: %.1f MB\n", float64(hwm)/1024)
	}
	fmt.Fprintf(stdout, "peak WAL: %.1f MB\n", float64(walPeak)/(1<<20))
	if n := rig.failed.Load(); n > 0 {
		return fmt.Errorf("load: %d commands failed inside the bot", n)
	}
	return nil
}

// watchWAL samples the size of the SQLite write-ahead log at path ten
// times a second until the returned function is called, which returns
// the largest size seen.
func watchWAL(path string) func() int64 {
	done := make(chan struct{})
	peak := make(chan int64)
	go func() {
		most := int64(0)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			if fi, err := os.Stat(path); err == nil {
				most = max(most, fi.Size())
			}
			select {
			case <-done:
				peak <- most
				return
			case <-tick.C:
			}
		}
	}()
	return func() int64 { close(done); return <-peak }
}

// loadResult is what a run measured.
type loadResult struct {
	n    int
	wall time.Duration
	took []time.Duration // sorted
}

func (r loadResult) rate() float64 { return float64(r.n) / r.wall.Seconds() }

// pct is the p-th percentile latency (100: the slowest).
func (r loadResult) pct(p int) time.Duration {
	if len(r.took) == 0 {
		return 0
	}
	i := min(len(r.took)-1, len(r.took)*p/100)
	return r.took[i].Round(10 * time.Microsecond)
}

// run sends n commands of the mix from w workers and times each.
func (rig *loadRig) run(ctx context.Context, n, w int) loadResult {
	per := make([][]time.Duration, w)
	var wg sync.WaitGroup
	start := time.Now()
	for k := range w {
		count := n / w
		if k < n%w {
			count++
		}
		wg.Go(func() {
			mix := rig.mix(uint64(k + 1))
			took := make([]time.Duration, 0, count)
			for range count {
				t := time.Now()
				mix.next(ctx)
				took = append(took, time.Since(t))
			}
			per[k] = took
		})
	}
	wg.Wait()
	res := loadResult{n: n, wall: time.Since(start)}
	for _, t := range per {
		res.took = append(res.took, t...)
	}
	slices.Sort(res.took)
	return res
}

// startProfile writes a CPU profile to path until the returned stop.
func startProfile(path string) (func(), error) {
	f, err := createPrivate(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// peakRSS reads the process's peak resident memory (VmHWM) in kB.
func peakRSS() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("VmHWM not in /proc/self/status")
}
