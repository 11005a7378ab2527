package main

import (
	"bufio"
	"context"
	"flag"
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

// cmdLoad measures the bot under a realistic mix of commands on SQLite:
// it builds a community with a history of stored orders, drives the mix
// through the router from several workers and prints throughput, latency
// percentiles and peak memory. README quotes its output.
func cmdLoad(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	orders := fs.Int("orders", 1000, "stored meal orders to seed")
	commands := fs.Int("commands", 20000, "commands to send")
	workers := fs.Int("workers", 4, "concurrent senders")
	residents := fs.Int("residents", 2000, "resident accounts")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the measured part to FILE")
	dbPath := fs.String("db", "", "the SQLite file (default: a temporary one; an existing file is reused)")
	if err := fs.Parse(args); err != nil {
		return usageError{"load: " + err.Error()}
	}
	if *orders < 0 || *commands < 1 || *workers < 1 || *residents < 1 {
		return usageError{"load: --orders, --commands, --workers and --residents must be positive"}
	}
	if *dbPath == "" {
		dir, err := os.MkdirTemp("", "linli-load-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*dbPath = loadDB(dir, *orders)
	}
	start := time.Now()
	rig, err := newLoadRig(ctx, loadPlan{DB: *dbPath, Orders: *orders, Residents: *residents, Buildings: 9, Events: 5})
	if err != nil {
		return err
	}
	defer rig.close()
	fmt.Fprintf(stdout, "community: %d residents, %d groups, %d stored orders (built in %s)\n",
		*residents, len(rig.groups), *orders, time.Since(start).Round(time.Millisecond))
	if *profile != "" {
		stop, err := startProfile(*profile)
		if err != nil {
			return err
		}
		defer stop()
	}
	res := rig.run(ctx, *commands, *workers)
	fmt.Fprintf(stdout, "machine: %s/%s, %d CPUs, %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(stdout, "commands: %d from %d workers in %s: %.0f commands/s\n",
		res.n, *workers, res.wall.Round(time.Millisecond), res.rate())
	fmt.Fprintf(stdout, "latency: p50 %s, p99 %s, max %s\n", res.pct(50), res.pct(99), res.pct(100))
	fmt.Fprintf(stdout, "internal errors: %d\n", rig.failed.Load())
	if hwm, err := peakRSS(); err == nil {
		fmt.Fprintf(stdout, "peak RSS: %.1f MB\n", float64(hwm)/1024)
	}
	if n := rig.failed.Load(); n > 0 {
		return fmt.Errorf("load: %d commands failed inside the bot", n)
	}
	return nil
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
