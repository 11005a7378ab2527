package httpserver_test

import (
	"testing"
	"time"

	"linli/internal/httpserver"
)

// A limit the caller gives is kept; only the zero ones take the default.
func TestOrFillsOnlyZeroLimits(t *testing.T) {
	d := httpserver.Limits{ReadHeader: 5 * time.Second, Read: 10 * time.Second, Write: 30 * time.Second,
		Idle: time.Minute, MaxHeaderBytes: 16 << 10}
	got := httpserver.Limits{Read: time.Second, MaxHeaderBytes: 1 << 10}.Or(d)
	want := httpserver.Limits{ReadHeader: 5 * time.Second, Read: time.Second, Write: 30 * time.Second,
		Idle: time.Minute, MaxHeaderBytes: 1 << 10}
	if got != want {
		t.Errorf("Or = %+v, want %+v", got, want)
	}
	srv := got.Server(nil)
	if srv.ReadHeaderTimeout != want.ReadHeader || srv.ReadTimeout != want.Read || srv.WriteTimeout != want.Write ||
		srv.IdleTimeout != want.Idle || srv.MaxHeaderBytes != want.MaxHeaderBytes {
		t.Errorf("Server = %+v, want the limits %+v", srv, want)
	}
}
