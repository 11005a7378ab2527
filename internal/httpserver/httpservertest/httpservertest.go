// Package httpservertest checks, from outside, that a listening server
// cuts off the clients httpserver.Limits are there for: headers sent a
// byte at a time, a body that never ends, an idle kept-alive connection,
// headers too large. Each check talks raw TCP, as such a client would.
package httpservertest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"linli/internal/httpserver"
)

// Probe is a request the server under test answers.
type Probe struct {
	Addr   string // host:port it listens on
	Method string
	Path   string
	Header map[string]string // sent with every request (a secret, say)
}

// Short are limits to inject in a test: each cut-off is apart from the
// others, so a check can tell which limit cut the client off.
func Short() httpserver.Limits {
	return httpserver.Limits{ReadHeader: 100 * time.Millisecond, Read: time.Second,
		Write: time.Second, Idle: 100 * time.Millisecond, MaxHeaderBytes: 4 << 10}
}

// Check runs every check against p's server, which serves within l.
func Check(t *testing.T, p Probe, l httpserver.Limits) {
	t.Run("slow headers", func(t *testing.T) { slowHeaders(t, p, l) })
	t.Run("slow body", func(t *testing.T) { slowBody(t, p, l) })
	t.Run("idle", func(t *testing.T) { idle(t, p, l) })
	t.Run("large headers", func(t *testing.T) { largeHeaders(t, p, l) })
}

// Set fails unless every limit of srv is set, so production servers are
// not left at net/http's unlimited zero values.
func Set(t *testing.T, name string, srv *http.Server) {
	t.Helper()
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 ||
		srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes >= http.DefaultMaxHeaderBytes || srv.ReadHeaderTimeout > srv.ReadTimeout {
		t.Errorf("%s server: read header %v, read %v, write %v, idle %v, max header bytes %d: each must be set (headers within the read time, under 1 MiB)",
			name, srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.MaxHeaderBytes)
	}
}

func (p Probe) head(extra string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", p.Method, p.Path, p.Addr)
	for k, v := range p.Header {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	return b.String() + extra
}

func dial(t *testing.T, p Probe) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// trickle writes a byte of s every pause until the connection fails or
// stop is closed.
func trickle(c net.Conn, s string, pause time.Duration, stop <-chan struct{}) {
	for i := 0; ; i = (i + 1) % len(s) {
		select {
		case <-stop:
			return
		case <-time.After(pause):
		}
		if _, err := c.Write([]byte{s[i]}); err != nil {
			return
		}
	}
}

// closedWithin reads from c until the server closes it, failing if that
// takes longer than within; it returns how long it took and what was read.
func closedWithin(t *testing.T, c net.Conn, within time.Duration, what string) (time.Duration, string) {
	t.Helper()
	start := time.Now()
	c.SetReadDeadline(start.Add(within))
	var got strings.Builder
	_, err := io.Copy(&got, c)
	took := time.Since(start)
	if ne := (net.Error)(nil); errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("%s: the server still held the connection after %v", what, within)
	}
	return took, got.String()
}

// slowHeaders is the slowloris client: its headers never end.
func slowHeaders(t *testing.T, p Probe, l httpserver.Limits) {
	c := dial(t, p)
	stop := make(chan struct{})
	defer close(stop)
	if _, err := io.WriteString(c, p.head("")); err != nil {
		t.Fatal(err)
	}
	go trickle(c, "X-Slow: aaaaaaaa\r\n", l.ReadHeader/5, stop)
	// Cut by the header limit, well before the whole request's.
	closedWithin(t, c, l.Read/2, "headers sent a byte at a time")
}

// slowBody sends whole headers, then a body a byte at a time.
func slowBody(t *testing.T, p Probe, l httpserver.Limits) {
	c := dial(t, p)
	stop := make(chan struct{})
	defer close(stop)
	if _, err := io.WriteString(c, p.head("Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")); err != nil {
		t.Fatal(err)
	}
	go trickle(c, `"a":1,`, 20*time.Millisecond, stop)
	closedWithin(t, c, 3*l.Read, "a body sent a byte at a time")
}

// idle asks once on a kept-alive connection, then says nothing more.
func idle(t *testing.T, p Probe, l httpserver.Limits) {
	c := dial(t, p)
	if _, err := io.WriteString(c, p.head("\r\n")); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	res, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.Close {
		t.Fatalf("the server closed after answering %s: nothing to hold idle", res.Status)
	}
	// Cut by the idle limit, well before the read limit it would fall back to.
	closedWithin(t, c, l.Read/2, "an idle kept-alive connection")
}

// largeHeaders sends headers beyond the cap in one go.
func largeHeaders(t *testing.T, p Probe, l httpserver.Limits) {
	c := dial(t, p)
	pad := strings.Repeat("a", l.MaxHeaderBytes+8<<10)
	if _, err := io.WriteString(c, p.head("X-Pad: "+pad+"\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("headers of %d bytes: %s, want 431", len(pad), res.Status)
	}
}
