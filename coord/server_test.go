package coord_test

import (
	"context"
	"testing"
	"time"

	"linli/coord"
	"linli/coord/coordtest"
)

// client connects to a real Redis under a prefix of the test's own.
func client(t *testing.T) *coord.Client {
	t.Helper()
	return clientAt(t, coordtest.Addr(t), coord.Options{Prefix: coordtest.Prefix(t)})
}

func clientAt(t *testing.T, addr string, opts coord.Options) *coord.Client {
	t.Helper()
	c, err := coord.Open(context.Background(), addr, opts)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// within polls cond every few milliseconds until it holds or d passes: a
// bounded wait, never a fixed sleep.
func within(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return cond()
}
