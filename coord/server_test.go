package coord_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"linli/coord"
)

// redisEnv may name a Redis server (host:port) for the tests; .ci/run sets
// it. Otherwise the tests start redis-server themselves when it is on PATH.
const redisEnv = "LINLI_TEST_REDIS"

const howToRun = "no Redis for the coord tests: install redis-server (apt-get install redis-server) so the tests start their own, " +
	"or set " + redisEnv + "=host:port (.ci/run does both)"

// shared is the one Redis of the test package, started on first use.
type shared struct {
	once sync.Once
	addr string
	proc *redisProc
	err  error
}

func (s *shared) get() (string, error) {
	s.once.Do(func() {
		if s.addr = os.Getenv(redisEnv); s.addr != "" {
			return
		}
		dir, err := os.MkdirTemp("", "linli-redis-")
		if err != nil {
			s.err = err
			return
		}
		s.proc, s.err = startRedis(dir, 0)
		if s.err == nil {
			s.addr = s.proc.addr
		}
	})
	return s.addr, s.err
}

var server = &shared{}

func TestMain(m *testing.M) {
	code := m.Run()
	if server.proc != nil {
		server.proc.stop()
		os.RemoveAll(server.proc.dir)
	}
	os.Exit(code)
}

// redisAddr is the package's Redis, or a skip (a failure on CI) saying how
// to get one.
func redisAddr(t *testing.T) string {
	t.Helper()
	addr, err := server.get()
	if err == nil {
		return addr
	}
	unavailable(t, err)
	return ""
}

func unavailable(t *testing.T, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI must run the Redis tests: %v; %s", err, howToRun)
	}
	t.Skipf("%v; %s", err, howToRun)
}

// client connects to the package's Redis under a prefix of the test's own,
// so tests never see each other's keys.
func client(t *testing.T) *coord.Client {
	t.Helper()
	return clientAt(t, redisAddr(t), coord.Options{Prefix: fmt.Sprintf("test:%s:%d:", t.Name(), time.Now().UnixNano())})
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

// redisProc is a redis-server the tests started: on loopback, no
// persistence, in a directory of its own.
type redisProc struct {
	cmd  *exec.Cmd
	dir  string
	addr string
	port int
}

// startRedis starts redis-server in dir on port (0: a free one) and waits
// until it answers.
func startRedis(dir string, port int) (*redisProc, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("redis-server is not on PATH")
	}
	if port == 0 {
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", dir, "--logfile", filepath.Join(dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start redis-server: %w", err)
	}
	p := &redisProc{cmd: cmd, dir: dir, port: port, addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port))}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if conn, err := net.DialTimeout("tcp", p.addr, 100*time.Millisecond); err == nil {
			conn.Close()
			return p, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.stop()
	return nil, fmt.Errorf("redis-server on %s did not answer within 5s (see %s)", p.addr, filepath.Join(dir, "redis.log"))
}

// stop kills the server outright, as a crash would.
func (p *redisProc) stop() {
	p.cmd.Process.Kill()
	p.cmd.Wait()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
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
