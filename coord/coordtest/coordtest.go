// Package coordtest gives tests a real Redis: the server named by
// LINLI_TEST_REDIS, or a redis-server the test starts itself on a free
// loopback port in a temporary directory. Without either the test skips
// with a message saying how to run it — except on CI (CI=true), where it
// fails, because CI must run the Redis tests.
package coordtest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Env may name a Redis server (host:port) for the tests; .ci/run sets it.
const Env = "LINLI_TEST_REDIS"

const howToRun = "install redis-server (apt-get install redis-server) so the tests start their own, " +
	"or set " + Env + "=host:port (.ci/run does both)"

// Addr is a Redis for the test: Env's server if set (share it through
// Prefix), else a server of the test's own, stopped when it ends.
func Addr(tb testing.TB) string {
	tb.Helper()
	if addr := os.Getenv(Env); addr != "" {
		return addr
	}
	return Start(tb).Addr
}

// Prefix is a key prefix no other test uses, so tests sharing a server
// never see each other's keys.
func Prefix(tb testing.TB) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "test:" + tb.Name() + ":" + hex.EncodeToString(b) + ":"
}

// Unavailable skips the test for want of a server, or fails it on CI.
func Unavailable(tb testing.TB, why error) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("CI must run the Redis tests: %v; %s", why, howToRun)
	}
	tb.Skipf("%v; %s", why, howToRun)
}

// Server is a redis-server started by a test: loopback only, nothing saved
// to disk, its directory and log in the test's temporary directory.
type Server struct {
	Addr string
	dir  string
	port int
	cmd  *exec.Cmd
}

// Start runs a redis-server of the test's own (killed when it ends), for
// tests that stop and restart it.
func Start(tb testing.TB) *Server {
	tb.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		Unavailable(tb, fmt.Errorf("redis-server is not on PATH"))
	}
	port, err := freePort()
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{dir: tb.TempDir(), port: port, Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port))}
	tb.Cleanup(s.Kill)
	if err := s.start(); err != nil {
		tb.Fatal(err)
	}
	return s
}

// Kill stops the server at once, as a crash would; its data is gone.
func (s *Server) Kill() {
	if s.cmd != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.cmd = nil
	}
}

// Restart starts the killed server again on the same address.
func (s *Server) Restart(tb testing.TB) {
	tb.Helper()
	if err := s.start(); err != nil {
		tb.Fatal(err)
	}
}

func (s *Server) start() error {
	s.cmd = exec.Command("redis-server", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.dir, "--logfile", filepath.Join(s.dir, "redis.log"))
	if err := s.cmd.Start(); err != nil {
		s.cmd = nil
		return fmt.Errorf("start redis-server: %w", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if conn, err := net.DialTimeout("tcp", s.Addr, 100*time.Millisecond); err == nil {
			conn.Close()
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.Kill()
	return fmt.Errorf("redis-server on %s did not answer within 5s (see %s)", s.Addr, filepath.Join(s.dir, "redis.log"))
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
