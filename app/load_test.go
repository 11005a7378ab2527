package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"linli/store"
)

// TestLoadMixDoesWhatItSays runs a short load and checks in the database
// that the mix really booked, cancelled, signed up and filed suggestions:
// a load run of refusals would measure nothing.
func TestLoadMixDoesWhatItSays(t *testing.T) {
	ctx := context.Background()
	rig := openRig(t, loadPlan{Orders: 3000, Residents: 200, Buildings: 9, Events: 5})
	res := rig.run(ctx, 1500, 4)
	if res.n != 1500 || len(res.took) != 1500 {
		t.Fatalf("ran %d commands, timed %d; want 1500", res.n, len(res.took))
	}
	if n := rig.failed.Load(); n != 0 {
		t.Fatalf("%d internal failures under load", n)
	}
	st := rig.app.store
	if n, _ := st.CountOrders(ctx); n < 3000+50 {
		t.Errorf("%d orders stored; want the 3000 seeded and at least 50 new ones", n)
	}
	tomorrow := loadNow.AddDate(0, 0, 1).Format("2006-01-02")
	all, err := st.Orders(ctx, store.OrderQuery{From: tomorrow, To: tomorrow})
	if err != nil {
		t.Fatal(err)
	}
	booked, cancelled := 0, 0
	for _, o := range all {
		switch o.Status {
		case store.OrderBooked:
			booked++
		case store.OrderCancelled:
			cancelled++
		}
	}
	if booked < 50 || cancelled < 10 {
		t.Errorf("tomorrow: %d booked, %d cancelled; want the mix to book and cancel", booked, cancelled)
	}
	ups, err := st.Signups(ctx, 1)
	if err != nil || len(ups) < 10 {
		t.Errorf("activity 1 has %d sign-ups (%v); want the mix to sign people up", len(ups), err)
	}
	sgs, err := st.Suggestions(ctx, store.SuggestionFilter{To: loadNow.Add(time.Hour)})
	if err != nil || len(sgs) < 20 {
		t.Errorf("%d suggestions filed (%v); want the mix to suggest", len(sgs), err)
	}
}

// BenchmarkMix is the load command's mix as a benchmark: one op is one
// command through the router on SQLite, with 1 thousand stored orders.
// It reports p50 and p99 latency besides ns/op.
func BenchmarkMix(b *testing.B) {
	ctx := context.Background()
	rig := openRig(b, loadPlan{Orders: 1000, Residents: 2000, Buildings: 9, Events: 5})
	b.ResetTimer()
	res := rig.run(ctx, b.N, 4)
	b.StopTimer()
	b.ReportMetric(res.rate(), "cmds/s")
	b.ReportMetric(float64(res.pct(50).Microseconds()), "p50-µs")
	b.ReportMetric(float64(res.pct(99).Microseconds()), "p99-µs")
	if n := rig.failed.Load(); n != 0 {
		b.Fatalf("%d internal failures", n)
	}
}

// openRig builds the load community of plan in a database of the test's
// own, closed when the test ends.
func openRig(tb testing.TB, plan loadPlan) *loadRig {
	tb.Helper()
	plan.DB = filepath.Join(tb.TempDir(), "load.db")
	rig, err := newLoadRig(context.Background(), plan)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { rig.close() })
	return rig
}
