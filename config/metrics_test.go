package config

import "testing"

func TestMetricsAddrMustBeLoopback(t *testing.T) {
	for _, tc := range []struct {
		m  Metrics
		ok bool
	}{
		{Metrics{}, true},
		{Metrics{Addr: "127.0.0.1:9464"}, true},
		{Metrics{Addr: "[::1]:9464"}, true},
		{Metrics{Addr: "localhost:9464"}, true},
		{Metrics{Addr: "0.0.0.0:9464"}, false},
		{Metrics{Addr: ":9464"}, false},
		{Metrics{Addr: "10.0.0.5:9464"}, false},
		{Metrics{Addr: "10.0.0.5:9464", AllowPublic: true}, true},
		{Metrics{Addr: "127.0.0.1"}, false},
	} {
		if err := tc.m.check(); (err == nil) != tc.ok {
			t.Errorf("%+v: %v; want ok=%v", tc.m, err, tc.ok)
		}
	}
}
