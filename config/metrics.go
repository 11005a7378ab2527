package config

import (
	"fmt"
	"net"
)

// check accepts an empty address (off) or host:port on loopback; another
// host only with allow_public.
func (m Metrics) check() error {
	if m.Addr == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(m.Addr)
	if err != nil || port == "" {
		return fmt.Errorf("%q is not host:port (such as 127.0.0.1:9464)", m.Addr)
	}
	if m.AllowPublic || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%q is not a loopback address; use 127.0.0.1:%s, or set metrics.allow_public: true to serve it on %q", m.Addr, port, host)
	}
	return nil
}
