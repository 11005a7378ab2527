package healthcheck_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"linli/internal/healthcheck"
)

// serve answers /healthz with status and body, as the app's handler does,
// on a loopback port; it returns metrics.addr as a deployer writes it.
func serve(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

func TestCheck(t *testing.T) {
	healthy := serve(t, 200, `{"ok":true,"database":"ok","platforms":{"wechat":"receiving","console":"receiving"},"outbox":{}}`)
	sick := serve(t, 503, `{"ok":false,"database":"database is locked","platforms":{"wechat":"login"}}`)
	notLinli := serve(t, 200, `<html>hello</html>`)
	_, port, _ := net.SplitHostPort(healthy)
	closed := func() string { // a port nothing listens on
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		defer ln.Close()
		return ln.Addr().String()
	}()
	for _, c := range []struct {
		name, addr string
		want       int
		says       string
	}{
		{"healthy", healthy, healthcheck.Healthy, "healthy: database ok; console receiving, wechat receiving"},
		{"all interfaces asked on loopback", ":" + port, healthcheck.Healthy, "healthy"},
		{"unhealthy", sick, healthcheck.Unhealthy, "unhealthy: database database is locked; wechat login"},
		{"not linli", notLinli, healthcheck.Unhealthy, "not Linli's health"},
		{"nobody there", closed, healthcheck.Unhealthy, "linli does not answer on " + closed},
		{"metrics off", "", healthcheck.Unhealthy, "metrics.addr is empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out strings.Builder
			got := healthcheck.Check(context.Background(), c.addr, 5*time.Second, &out)
			if got != c.want || !strings.Contains(out.String(), c.says) {
				t.Errorf("Check(%q) = %d %q, want %d and %q", c.addr, got, out.String(), c.want, c.says)
			}
		})
	}
}
