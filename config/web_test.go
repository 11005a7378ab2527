package config

import (
	"strings"
	"testing"
)

func TestWebSettings(t *testing.T) {
	for _, tc := range []struct {
		yaml, bad string // bad: the key the error names; empty: accepted
		base      string
		secure    bool
	}{
		{"", "", "http://127.0.0.1:8080", false},
		{"web: {addr: \"\"}", "", "http://", false},
		{"web: {addr: \"127.0.0.1:9000\"}", "", "http://127.0.0.1:9000", false},
		{"web: {addr: \"0.0.0.0:8080\", public_url: \"https://linli.example.org/\"}", "", "https://linli.example.org", true},
		{"web: {addr: \"127.0.0.1\"}", "web.addr", "", false},
		{"web: {addr: \":8080\"}", "web.public_url", "", false},
		{"web: {public_url: \"linli.example.org\"}", "web.public_url", "", false},
		{"web: {public_url: \"https://linli.example.org/?a=1\"}", "web.public_url", "", false},
		{"web: {paswd: x}", "web.paswd", "", false},
	} {
		cfg, err := Parse([]byte("console: {enabled: true}\n"+tc.yaml), func(string) error { return nil })
		if tc.bad != "" {
			if err == nil || !strings.Contains(err.Error(), tc.bad) {
				t.Errorf("%q: error %v; want one naming %s", tc.yaml, err, tc.bad)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.yaml, err)
			continue
		}
		if got := cfg.Web.Base(); got != tc.base || cfg.Web.Secure() != tc.secure {
			t.Errorf("%q: base %q secure %v; want %q %v", tc.yaml, got, cfg.Web.Secure(), tc.base, tc.secure)
		}
	}
}
