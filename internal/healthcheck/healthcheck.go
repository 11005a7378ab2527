// Package healthcheck asks a running Linli whether it is well: `linli
// health` GETs /healthz on the metrics address and turns the answer into
// an exit status, which is what a container's HEALTHCHECK, a systemd
// watchdog script or a monitoring probe reads. It needs no shell, curl or
// wget in the image.
package healthcheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Exit statuses of Check. Docker reads 0 as healthy and 1 as unhealthy
// (2 is reserved), so every failure is 1.
const (
	Healthy   = 0
	Unhealthy = 1
)

// answer is the part of /healthz's JSON Check reports.
type answer struct {
	OK        bool              `json:"ok"`
	Database  string            `json:"database"`
	Platforms map[string]string `json:"platforms"`
}

// Check GETs /healthz from the process serving metrics.addr (addr as the
// configuration has it) within timeout, writes one line saying what it
// found to out, and returns the exit status.
func Check(ctx context.Context, addr string, timeout time.Duration, out io.Writer) int {
	url, err := healthURL(addr)
	if err != nil {
		fmt.Fprintf(out, "unhealthy: %v\n", err)
		return Unhealthy
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		fmt.Fprintf(out, "unhealthy: %v\n", err)
		return Unhealthy
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintf(out, "unhealthy: linli does not answer on %s: %v\n", addr, err)
		return Unhealthy
	}
	defer resp.Body.Close()
	var a answer
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&a); err != nil {
		fmt.Fprintf(out, "unhealthy: %s answered %s, not Linli's health: %v\n", url, resp.Status, err)
		return Unhealthy
	}
	if resp.StatusCode != http.StatusOK || !a.OK {
		fmt.Fprintf(out, "unhealthy: %s\n", a.summary())
		return Unhealthy
	}
	fmt.Fprintf(out, "healthy: %s\n", a.summary())
	return Healthy
}

// summary is "database ok; telegram receiving, wechat login".
func (a answer) summary() string {
	var ps []string
	for name, state := range a.Platforms {
		ps = append(ps, name+" "+state)
	}
	slices.Sort(ps)
	s := "database " + a.Database
	if len(ps) > 0 {
		s += "; " + strings.Join(ps, ", ")
	}
	return s
}

// healthURL is the /healthz address for metrics.addr. A server listening
// on every interface (":9464", "0.0.0.0:9464") is asked on loopback.
func healthURL(addr string) (string, error) {
	if addr == "" {
		return "", errors.New("metrics.addr is empty: set it (such as 127.0.0.1:9464) so that linli serves /healthz")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return "", fmt.Errorf("metrics.addr %q is not host:port", addr)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}
