package reader

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// heard is one phrasing and the whole JSON `linli parse` prints for it in
// each context; an empty mentioned or private is the same as group.
type heard struct{ text, group, mentioned, private string }

// runHeard reads each phrasing in a group, @mentioned and in private, and
// compares the JSON line exactly.
func runHeard(t *testing.T, now time.Time, cases []heard) {
	t.Helper()
	r := newTestReader(t)
	for _, h := range cases {
		for _, c := range [...]struct {
			mode Mode
			want string
		}{{group, h.group}, {mentioned, or(h.mentioned, h.group)}, {private, or(h.private, h.group)}} {
			if got := parseJSON(t, r.Read(h.text, c.mode, now)); got != c.want {
				t.Errorf("%+v %q:\n got %s\nwant %s", c.mode, h.text, got, c.want)
			}
		}
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// parseJSON encodes v as `linli parse` prints it.
func parseJSON(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimRight(b.Bytes(), "\n"))
}
