package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Web is the community office, the panel for the people who run the
// community: served on Addr (empty: off); PublicURL is the address people's
// browsers use, which the login links the bot sends start with. Empty, it
// is http:// and Addr, which only a browser on the same machine can open.
type Web struct {
	Addr      string `yaml:"addr"`
	PublicURL string `yaml:"public_url"`
}

// DefaultWebAddr is where the panel is served unless the file says.
const DefaultWebAddr = "127.0.0.1:8080"

// Base is the address the panel's links start with, without a trailing
// slash: PublicURL, else http://Addr.
func (w Web) Base() string {
	if w.PublicURL != "" {
		return strings.TrimRight(w.PublicURL, "/")
	}
	return "http://" + w.Addr
}

// Secure reports whether browsers reach the panel over https, so its
// session cookie is sent over https only.
func (w Web) Secure() bool { return strings.HasPrefix(w.PublicURL, "https://") }

// check reports what is wrong with web.addr or web.public_url, by key.
func (w Web) check(bad func(key, format string, args ...any)) {
	if w.Addr == "" {
		return
	}
	host, port, err := net.SplitHostPort(w.Addr)
	if err != nil || port == "" {
		bad("web.addr", "%q is not host:port (such as 127.0.0.1:8080); leave it empty to turn the panel off", w.Addr)
		return
	}
	if w.PublicURL == "" {
		if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
			bad("web.public_url", "is required when web.addr listens on every interface (%q): write the address browsers use, such as https://linli.example.org", w.Addr)
		}
		return
	}
	u, err := url.Parse(w.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		bad("web.public_url", "%q is not an http(s) address such as https://linli.example.org", w.PublicURL)
	}
}

// String describes the panel's setting for the start-up log.
func (w Web) String() string {
	if w.Addr == "" {
		return "off"
	}
	return fmt.Sprintf("%s (%s)", w.Addr, w.Base())
}
